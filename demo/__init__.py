from . import after_sales_demo
from . import after_sales_demo_customers
