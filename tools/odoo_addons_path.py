"""Print the directory holding Odoo's standard add-ons (mail, stock, ...)."""

import os
import sys

import odoo

package_dir = os.path.dirname(odoo.__file__)
for candidate in (
    os.path.join(os.path.dirname(package_dir), "addons"),  # source checkout
    os.path.join(package_dir, "addons"),  # wheel / packaged install
):
    if os.path.isfile(os.path.join(candidate, "mail", "__manifest__.py")):
        print(os.path.abspath(candidate))
        sys.exit(0)
sys.exit("Odoo's standard add-ons (mail, stock, ...) were not found next to odoo.")
