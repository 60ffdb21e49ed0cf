from . import after_sales_warranty_check
