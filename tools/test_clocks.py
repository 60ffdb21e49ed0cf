"""Print the moments (UTC, ISO) at which `make test-dates` runs the suite: the next
ones where dates bite, counted from today so that the list never goes stale.

31 December 23:30, 1 January 00:30, 29 February 12:00, the last day of this month
23:30, next Sunday 10:00 and the next change to summer time in Europe (last Sunday of
March, 01:30 UTC, inside the hour that the clocks skip in Madrid).
"""

import calendar
from datetime import date, datetime, timedelta


def next_leap_day(today):
    year = today.year
    while not (calendar.isleap(year) and date(year, 2, 29) >= today):
        year += 1
    return date(year, 2, 29)


def next_summer_time(today):
    year = today.year
    while True:
        last = date(year, 3, 31)
        sunday = last - timedelta(days=(last.weekday() + 1) % 7)
        if sunday >= today:
            return sunday
        year += 1


def clocks(today):
    year_end = date(today.year, 12, 31)
    month_end = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    sunday = today + timedelta(days=6 - today.weekday() or 7)
    moments = [
        datetime.combine(year_end, datetime.min.time()).replace(hour=23, minute=30),
        datetime(today.year + 1, 1, 1, 0, 30),
        datetime.combine(next_leap_day(today), datetime.min.time()).replace(hour=12),
        datetime.combine(month_end, datetime.min.time()).replace(hour=23, minute=30),
        datetime.combine(sunday, datetime.min.time()).replace(hour=10),
        datetime.combine(next_summer_time(today), datetime.min.time()).replace(hour=1, minute=30),
    ]
    return sorted(set(moments))


if __name__ == "__main__":
    print(" ".join(moment.isoformat() for moment in clocks(date.today())))
