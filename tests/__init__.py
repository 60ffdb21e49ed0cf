from . import test_ticket
from . import test_sla
from . import test_mail_gateway
from . import test_access
from . import test_tour
from . import test_warranty
from . import test_guarantee
from . import test_repair
