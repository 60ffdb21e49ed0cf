from . import after_sales_invoice_xlsx
