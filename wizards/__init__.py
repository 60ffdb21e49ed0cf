from . import after_sales_warranty_check
from . import after_sales_guarantee_resolve
from . import after_sales_estimate_approval
from . import after_sales_onsite_parts
from . import after_sales_onsite_parts_line
from . import after_sales_invoice_report
from . import after_sales_visit_cancel
