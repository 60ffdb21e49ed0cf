from . import resource_calendar
from . import after_sales_stage
from . import after_sales_tag
from . import after_sales_team
from . import after_sales_sla_policy
from . import after_sales_ticket
