"""Get this checkout ready to run: Odoo 18.0, then what running, testing or linting needs.

Usage:
    bootstrap.py odoo [--repo URL] [--branch 18.0] [--src DIR]
    bootstrap.py deps {run,test,lint}

`odoo` decides which Odoo 18.0 runs the add-on and writes `.build/bin/python`, the
interpreter every other command uses:

1. `--src DIR` (the Makefile's ODOO_SRC): that source tree, as it is; its Python
   requirements go into `.build/venv` unless the chosen Python already has them.
2. Otherwise an Odoo 18.0 that the chosen Python already imports, as it is.
3. Otherwise a shallow clone of `--repo` (ODOO_REPO) into `.build/odoo` and a
   virtualenv `.build/venv` with Odoo's requirements and the add-on's own.

`deps` installs only what is missing for one purpose. Progress goes to stdout, one
line per step; a problem the user must solve ends the run with one sentence.
Standard library only: this runs before Odoo or any package exists.
"""

import argparse
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys

ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.path.join(ADDON_DIR, ".build")
OFFICIAL_REPO = "https://github.com/odoo/odoo.git"
ODOO_SERIES = (18, 0)
SUPPORTED_PYTHONS = ((3, 10), (3, 12))

# Known build pins of Odoo 18.0's requirements (their old setup.py files need them).
BUILD_PINS = ["setuptools<70", "wheel", "setuptools_scm<8"]
# Needs OpenLDAP's headers and serves only the optional auth_ldap add-on.
SKIPPED_REQUIREMENTS = ("python-ldap",)

# What each purpose needs from PyPI, on top of Odoo's own requirements.
REQUIREMENTS_FILES = {
    "run": "requirements.txt",
    "test": "requirements-test.txt",
    "lint": "requirements-lint.txt",
}
# Debian packages, by the command that proves they are installed.
DEBIAN_NEEDS = {
    "run": [("wkhtmltopdf", ("wkhtmltopdf",))],
    # the suite prints the add-on's documents through wkhtmltopdf, tours use Chromium
    "test": [
        ("chromium", ("chromium", "chromium-browser", "google-chrome")),
        ("wkhtmltopdf", ("wkhtmltopdf",)),
    ],
    "lint": [],
}

# Run inside a candidate interpreter: prints the Odoo source directory when that
# interpreter runs Odoo 18.0 with all its requirements, fails otherwise.
PROBE = (
    "import os, odoo.release as r; "
    f"assert tuple(r.version_info[:2]) == {ODOO_SERIES!r}, r.version; "
    "import odoo.cli.server; "
    "print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))"
)


class SetupError(Exception):
    """A problem the user must solve; its message is one sentence saying how."""


def step(message):
    print(message, flush=True)


def run(command, log=None, **kwargs):
    """Run a command; with `log`, its output goes to that file instead of the screen."""
    if log is None:
        return subprocess.run(command, check=True, **kwargs)
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"$ {shlex.join(command)}\n")
        handle.flush()
        try:
            return subprocess.run(
                command, check=True, stdout=handle, stderr=subprocess.STDOUT, **kwargs
            )
        except subprocess.CalledProcessError as error:
            raise SetupError(f"'{shlex.join(command)}' failed: its output is in {log}.") from error


def probe_odoo(python, odoo_src=None):
    """Return the source directory of the Odoo 18.0 that `python` runs, or None."""
    env = dict(os.environ)
    if odoo_src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [odoo_src, env.get("PYTHONPATH")]))
    try:
        result = subprocess.run(
            [python, "-c", PROBE], env=env, capture_output=True, text=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip().splitlines()[-1]


def plan_odoo(odoo_src, importable_src):
    """Choose where Odoo comes from: ('src', dir), ('installed', dir) or ('clone', None).

    `odoo_src` is what the user asked for (ODOO_SRC), `importable_src` the source of
    the Odoo 18.0 that the Python already runs (None when it runs none).
    """
    if odoo_src:
        return "src", os.path.abspath(odoo_src)
    if importable_src:
        return "installed", importable_src
    return "clone", None


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(packages, why):
    """Install Debian packages when possible, else stop with the command to run."""
    command = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]
    if not (is_root() and shutil.which("apt-get")):
        raise SetupError(
            f"{why} is missing: run 'sudo {shlex.join(command[:3] + packages)}' and try again."
        )
    step(f"Installing {', '.join(packages)} (Debian packages) ...")
    log = os.path.join(BUILD_DIR, "logs", "apt.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], log=log, env=env)
    run(command, log=log, env=env)


def check_python_version(python):
    result = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SetupError(f"'{python}' does not run: set PYTHON to a Python 3.10 to 3.12.")
    version = tuple(int(part) for part in result.stdout.split("."))
    low, high = SUPPORTED_PYTHONS
    if not low <= version <= high:
        raise SetupError(
            f"Odoo 18.0 runs on Python 3.10 to 3.12 and '{python}' is {result.stdout.strip()}: "
            "run make with PYTHON=python3.12 (or another supported Python)."
        )


def clone_odoo(repo, branch, target):
    """Shallow-clone Odoo into `target`, through a temporary directory so that an
    interrupted clone is never taken for a finished one."""
    if os.path.isfile(os.path.join(target, "odoo", "release.py")):
        return
    if not shutil.which("git"):
        apt_install(["git"], "git")
    if os.path.isdir(repo):
        repo = "file://" + os.path.abspath(repo)  # --depth works on local clones only this way
    partial = target + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    step(f"Getting Odoo {branch} from {repo} into {target} (a shallow clone, a few minutes) ...")
    log = os.path.join(BUILD_DIR, "logs", "bootstrap.log")
    run(["git", "clone", "--quiet", "--depth", "1", "--branch", branch, repo, partial], log=log)
    os.replace(partial, target)


def read_text(path):
    """The file's text, or None when there is no such file."""
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def requirements_digest(files):
    digest = hashlib.sha256()
    for path in files:
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def python_path(python, name):
    """One of `python`'s installation paths (sysconfig's `include`, `purelib`...)."""
    code = f"import sysconfig; print(sysconfig.get_paths()[{name!r}])"
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def ensure_build_tools(python):
    """On a fresh Debian, Odoo's requirements build psycopg2 and a few others."""
    missing = []
    if not shutil.which("gcc"):
        missing.append("build-essential")
    if not shutil.which("pg_config"):
        missing.append("libpq-dev")
    if not os.path.isfile(os.path.join(python_path(python, "include"), "Python.h")):
        missing.append("python3-dev")
    if missing:
        apt_install(missing, "What Odoo's requirements need to build (" + ", ".join(missing) + ")")


def build_venv(python, odoo_src, venv):
    """A virtualenv that runs the Odoo at `odoo_src` with its requirements and ours."""
    odoo_requirements = os.path.join(odoo_src, "requirements.txt")
    own_requirements = os.path.join(ADDON_DIR, "requirements.txt")
    stamp = os.path.join(venv, ".after_sales-requirements")
    digest = requirements_digest([odoo_requirements, own_requirements]) + odoo_src
    venv_python = os.path.join(venv, "bin", "python")
    if read_text(stamp) == digest:
        return venv_python
    log = os.path.join(BUILD_DIR, "logs", "bootstrap.log")
    if not os.path.isfile(venv_python):
        step(f"Creating the virtualenv {venv} ...")
        created = subprocess.run([python, "-m", "venv", venv], capture_output=True, check=False)
        if created.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            apt_install(["python3-venv"], "Python's venv module")
            run([python, "-m", "venv", venv], log=log)
    ensure_build_tools(venv_python)
    step(f"Installing Odoo's Python requirements into {venv} (5 to 10 minutes; log: {log}) ...")
    pip = [venv_python, "-m", "pip", "install", "--disable-pip-version-check"]
    run([*pip, *BUILD_PINS], log=log)
    filtered = os.path.join(BUILD_DIR, "odoo-requirements.txt")
    with (
        open(odoo_requirements, encoding="utf-8") as source,
        open(filtered, "w", encoding="utf-8") as target,
    ):
        for line in source:
            if not line.strip().lower().startswith(SKIPPED_REQUIREMENTS):
                target.write(line)
    run([*pip, "--no-build-isolation", "-r", filtered, "-r", own_requirements], log=log)
    with open(
        os.path.join(python_path(venv_python, "purelib"), "odoo_source.pth"), "w", encoding="utf-8"
    ) as handle:
        handle.write(odoo_src + "\n")
    with open(stamp, "w", encoding="utf-8") as handle:
        handle.write(digest)
    return venv_python


def write_wrapper(python, pythonpath=None):
    """Write `.build/bin/python`, the interpreter the Makefile runs Odoo with."""
    wrapper = os.path.join(BUILD_DIR, "bin", "python")
    os.makedirs(os.path.dirname(wrapper), exist_ok=True)
    lines = ["#!/bin/sh", "# Written by tools/bootstrap.py: the Python that runs Odoo 18.0 here."]
    if pythonpath:
        lines.append(
            f"PYTHONPATH={shlex.quote(pythonpath)}${{PYTHONPATH:+:$PYTHONPATH}}; export PYTHONPATH"
        )
    lines.append(f'exec {shlex.quote(python)} "$@"')
    with open(wrapper, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(wrapper, 0o755)
    return wrapper


def ensure_odoo(python, repo, branch, odoo_src):
    python = shutil.which(python) or python
    check_python_version(python)
    venv = os.path.join(BUILD_DIR, "venv")
    kind, source = plan_odoo(odoo_src, None if odoo_src else probe_odoo(python))
    if kind == "installed":
        write_wrapper(python)
        step(f"Using the Odoo 18.0 that {python} imports ({source}).")
        return
    if kind == "clone":
        source = os.path.join(BUILD_DIR, "odoo")
        clone_odoo(repo, branch, source)
    elif not os.path.isfile(os.path.join(source, "odoo", "release.py")):
        raise SetupError(f"ODOO_SRC={source} holds no Odoo source tree (no odoo/release.py).")
    elif probe_odoo(python, source):
        write_wrapper(python, pythonpath=source)
        step(f"Using the Odoo 18.0 source at {source} with {python}.")
        return
    venv_python = build_venv(python, source, venv)
    if not probe_odoo(venv_python):
        raise SetupError(
            f"{source} does not run as Odoo 18.0 in {venv}: see .build/logs/bootstrap.log, "
            "or remove .build/venv and try again."
        )
    write_wrapper(venv_python)
    step(f"Using Odoo 18.0 from {source} in {venv}.")


def missing_modules(python, modules):
    code = (
        "import importlib.util, sys; "
        "print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))"
    )
    result = subprocess.run(
        [python, "-c", code, *modules], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def read_requirements(path):
    """[(requirement, module that shows it is installed)] from a requirements file."""
    needs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            requirement, _hash, comment = line.partition("#")
            requirement = requirement.strip()
            if not requirement:
                continue
            module = (
                comment.strip()[len("import ") :].strip()
                if comment.strip().startswith("import ")
                else ""
            )
            name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]
            needs.append((requirement, module or name.lower().replace("-", "_")))
    return needs


def ensure_deps(purpose):
    python = os.path.join(BUILD_DIR, "bin", "python")
    needs = read_requirements(os.path.join(ADDON_DIR, REQUIREMENTS_FILES[purpose]))
    missing = set(missing_modules(python, [module for _requirement, module in needs]))
    requirements = [requirement for requirement, module in needs if module in missing]
    if requirements:
        step(f"Installing {', '.join(requirements)} for make {purpose} ...")
        log = os.path.join(BUILD_DIR, "logs", "bootstrap.log")
        run([python, "-m", "pip", "install", "--disable-pip-version-check", *requirements], log=log)
    for package, commands in DEBIAN_NEEDS[purpose]:
        if any(shutil.which(command) for command in commands):
            continue
        try:
            apt_install([package], package.capitalize())
        except SetupError:
            if purpose != "run":
                raise
            step(
                "Note: PDF reports need wkhtmltopdf: install the 'wkhtmltopdf' package "
                "(see README.md)."
            )
    if purpose == "run":
        warn_unpatched_wkhtmltopdf()


def warn_unpatched_wkhtmltopdf():
    if not shutil.which("wkhtmltopdf"):
        return
    version = subprocess.run(
        ["wkhtmltopdf", "--version"], capture_output=True, text=True, check=False
    ).stdout
    if "patched qt" not in version:
        step(
            "Note: this wkhtmltopdf has no patched Qt, so PDF reports print without the company "
            "header and footer; README.md says how to install the patched build."
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    odoo = commands.add_parser("odoo", help="choose or get Odoo 18.0, write .build/bin/python")
    odoo.add_argument("--python", default=sys.executable)
    odoo.add_argument("--repo", default=OFFICIAL_REPO)
    odoo.add_argument("--branch", default="18.0")
    odoo.add_argument("--src", default="")
    deps = commands.add_parser("deps", help="install what one purpose needs, when missing")
    deps.add_argument("purpose", choices=sorted(REQUIREMENTS_FILES))
    args = parser.parse_args(argv)
    os.makedirs(os.path.join(BUILD_DIR, "logs"), exist_ok=True)
    try:
        if args.command == "odoo":
            ensure_odoo(args.python, args.repo or OFFICIAL_REPO, args.branch, args.src)
        else:
            ensure_deps(args.purpose)
    except SetupError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
