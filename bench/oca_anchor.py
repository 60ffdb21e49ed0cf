# pylint: disable=print-used
"""Fetch OCA's helpdesk_mgmt and helpdesk_mgmt_sla 18.0, the intake benchmark's anchor.

Their published wheels are downloaded from PyPI (no dependencies) and unzipped into a
directory of the build, which is put on the bench database's addons path: they are
never pip-installed into Odoo's namespace, and none of their code is in this project.
Prints the directory holding the two add-ons.
"""

import argparse
import glob
import os
import subprocess
import sys
import zipfile

WHEELS = ("odoo-addon-helpdesk_mgmt>=18.0,<18.1", "odoo-addon-helpdesk_mgmt_sla>=18.0,<18.1")
ADDONS = ("helpdesk_mgmt", "helpdesk_mgmt_sla")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dest", required=True, help="where the wheels are unzipped")
    args = parser.parse_args()
    addons_dir = os.path.join(args.dest, "odoo", "addons")
    if all(os.path.isdir(os.path.join(addons_dir, name)) for name in ADDONS):
        print(addons_dir)
        return
    wheels_dir = os.path.join(args.dest, "wheels")
    os.makedirs(wheels_dir, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        + ["--only-binary=:all:", "--dest", wheels_dir, *WHEELS],
        check=True,
        stdout=sys.stderr,
    )
    for wheel in glob.glob(os.path.join(wheels_dir, "*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(args.dest)
    print(addons_dir)


if __name__ == "__main__":
    main()
