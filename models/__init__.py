from . import (
    after_sales_sla_policy,
    after_sales_stage,
    after_sales_tag,
    after_sales_team,
    after_sales_ticket,
    resource_calendar,
)
