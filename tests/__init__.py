from . import test_access, test_mail_gateway, test_sla, test_ticket, test_tour
