"""Scheduled jobs work record by record: one bad record never stops a job for the
others. Each record runs in its own savepoint; a failure is rolled back, logged and
told to the after-sales managers of the record's company, and the job goes on."""

import logging

import psycopg2

_logger = logging.getLogger(__name__)


def run_isolated(records, work, job_name):
    """Call ``work(record)`` for each record in its own savepoint; return the records
    that failed. Concurrency errors (serialization, locks) are not failures of the
    record: they end the run, and Odoo's cron runs it again."""
    failed = records.browse()
    for record in records:
        try:
            with record.env.cr.savepoint():
                work(record)
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.LockNotAvailable):
            raise
        except Exception as error:  # the job goes on; the failure is told
            _logger.exception("%s failed for %s", job_name, record)
            failed |= record
            tell_managers(record, job_name, error)
    return failed


def tell_managers(record, job_name, error):
    """A note on the record's chatter that notifies its company's after-sales
    managers of what failed and why."""
    env = record.env
    company = record["company_id"] if "company_id" in record._fields else env.company
    # sudo: whoever runs the job may not read the users of the company
    managers = (
        env["res.users"]
        .sudo()
        .search(
            [
                ("groups_id", "in", env.ref("after_sales.group_after_sales_manager").id),
                ("company_ids", "in", company.id),
                ("share", "=", False),
            ]
        )
    )
    body = env._(
        "%(job)s could not process %(record)s and left it as it was: %(error)s. "
        "Correct it; the next run takes it again.",
        job=job_name,
        record=record.display_name,
        error=str(error),
    )
    # message_post escapes the text; sudo: the note is the job's, whoever runs it
    record.sudo().message_post(
        body=body, partner_ids=managers.partner_id.ids, subtype_xmlid="mail.mt_note"
    )
