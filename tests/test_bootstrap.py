"""The first-run tools of `make run` and `make test`: which Odoo runs the add-on, the
requirements each command installs, and when the demo database is updated.

Plain unit tests of tools/bootstrap.py and tools/demo.py (no database); Odoo's own
test runner does not load this module, pytest does.
"""

import importlib.util
import os
import stat
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools")


def load_tool(name):
    spec = importlib.util.spec_from_file_location(
        f"after_sales_tool_{name}", os.path.join(TOOLS, f"{name}.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bootstrap = load_tool("bootstrap")
demo = load_tool("demo")
ODOO_SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__import__("odoo").__file__)))


class TestChooseOdoo(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.build = os.path.join(self.tmp.name, ".build")
        patched = {"BUILD_DIR": self.build}
        for name, value in patched.items():
            self.addCleanup(setattr, bootstrap, name, getattr(bootstrap, name))
            setattr(bootstrap, name, value)

    def python_without_site_packages(self):
        """A Python that sees neither site-packages nor, so, any installed Odoo."""
        path = os.path.join(self.tmp.name, "bare-python")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f'#!/bin/sh\nexec {sys.executable} -S "$@"\n')
        os.chmod(path, 0o755)
        return path

    def test_plan_prefers_odoo_src_then_an_importable_odoo_then_a_clone(self):
        self.assertEqual(bootstrap.plan_odoo("/srv/odoo", "/usr/lib/odoo"), ("src", "/srv/odoo"))
        self.assertEqual(bootstrap.plan_odoo("", "/usr/lib/odoo"), ("installed", "/usr/lib/odoo"))
        self.assertEqual(bootstrap.plan_odoo("", None), ("clone", None))

    def test_probe_finds_the_odoo_this_python_runs(self):
        self.assertEqual(bootstrap.probe_odoo(sys.executable), ODOO_SOURCE)
        self.assertTrue(os.path.isfile(os.path.join(ODOO_SOURCE, "odoo", "release.py")))

    def test_probe_refuses_a_python_without_odoo_or_its_requirements(self):
        bare = self.python_without_site_packages()
        self.assertIsNone(bootstrap.probe_odoo(bare))
        # The source alone is not enough: its requirements (lxml, psycopg2...) are missing.
        self.assertIsNone(bootstrap.probe_odoo(bare, ODOO_SOURCE))
        self.assertIsNone(bootstrap.probe_odoo(os.path.join(self.tmp.name, "no-such-python")))

    def test_odoo_src_is_used_as_it_is_through_the_wrapper(self):
        bootstrap.ensure_odoo(sys.executable, "unused://repo", "18.0", ODOO_SOURCE)
        wrapper = os.path.join(self.build, "bin", "python")
        self.assertTrue(os.stat(wrapper).st_mode & stat.S_IXUSR)
        shown = subprocess.run(
            [
                wrapper,
                "-c",
                "import os, odoo; "
                "print(os.environ['PYTHONPATH'].split(os.pathsep)[0]); print(odoo.__file__)",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        self.assertEqual(shown[0], ODOO_SOURCE)
        self.assertTrue(shown[1].startswith(ODOO_SOURCE))
        self.assertFalse(
            os.path.exists(os.path.join(self.build, "odoo")), "ODOO_SRC must not be cloned"
        )

    def test_an_odoo_src_without_source_tree_is_refused_in_one_sentence(self):
        with self.assertRaisesRegex(bootstrap.SetupError, "holds no Odoo source tree"):
            bootstrap.ensure_odoo(sys.executable, "unused://repo", "18.0", self.tmp.name)

    def test_importable_odoo_is_used_as_it_is(self):
        bootstrap.ensure_odoo(sys.executable, "unused://repo", "18.0", "")
        with open(os.path.join(self.build, "bin", "python"), encoding="utf-8") as handle:
            wrapper = handle.read()
        self.assertIn(f"exec {sys.executable}", wrapper)
        self.assertNotIn("PYTHONPATH", wrapper)
        self.assertFalse(os.path.exists(os.path.join(self.build, "odoo")))

    def test_clone_is_shallow_from_a_local_repository_and_done_once(self):
        origin = os.path.join(self.tmp.name, "origin")
        os.makedirs(os.path.join(origin, "odoo"))
        git = ["git", "-C", origin, "-c", "user.name=t", "-c", "user.email=t@example.com"]
        subprocess.run(["git", "init", "-q", "-b", "18.0", origin], check=True)
        for version in ("17", "18"):
            with open(os.path.join(origin, "odoo", "release.py"), "w", encoding="utf-8") as handle:
                handle.write(f"version_info = ({version}, 0)\n")
            subprocess.run([*git, "add", "."], check=True)
            subprocess.run([*git, "commit", "-q", "-m", version], check=True)
        target = os.path.join(self.build, "odoo")
        os.makedirs(os.path.join(self.build, "logs"))
        bootstrap.clone_odoo(origin, "18.0", target)
        with open(os.path.join(target, "odoo", "release.py"), encoding="utf-8") as handle:
            self.assertEqual(handle.read(), "version_info = (18, 0)\n")
        self.assertTrue(
            os.path.isfile(os.path.join(target, ".git", "shallow")), "the clone must be shallow"
        )
        self.assertFalse(os.path.exists(target + ".partial"))
        commits = subprocess.run(
            ["git", "-C", target, "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        self.assertEqual(commits.stdout.strip(), "1")
        # A second run keeps the finished clone (no network, no second download).
        bootstrap.clone_odoo("/no/such/repository", "18.0", target)
        self.assertTrue(os.path.isfile(os.path.join(target, "odoo", "release.py")))

    def test_a_failed_clone_says_where_its_log_is(self):
        os.makedirs(os.path.join(self.build, "logs"))
        with self.assertRaisesRegex(
            bootstrap.SetupError, r"failed: its output is in .*bootstrap\.log"
        ):
            bootstrap.clone_odoo(
                os.path.join(self.tmp.name, "missing"), "18.0", os.path.join(self.build, "odoo")
            )
        self.assertFalse(os.path.exists(os.path.join(self.build, "odoo")))

    def test_unsupported_python_is_refused_in_one_sentence(self):
        fake = os.path.join(self.tmp.name, "python3.13")
        with open(fake, "w", encoding="utf-8") as handle:
            handle.write("#!/bin/sh\necho 3.13\n")
        os.chmod(fake, 0o755)
        with self.assertRaisesRegex(bootstrap.SetupError, "Python 3.10 to 3.12 .* is 3.13"):
            bootstrap.check_python_version(fake)
        bootstrap.check_python_version(sys.executable)


class TestRequirements(unittest.TestCase):
    def test_each_command_names_its_own_requirements(self):
        addon = os.path.dirname(TOOLS)
        needs = {
            purpose: dict(bootstrap.read_requirements(os.path.join(addon, name)))
            for purpose, name in bootstrap.REQUIREMENTS_FILES.items()
        }
        self.assertEqual(needs["run"], {"xlsxwriter": "xlsxwriter"})
        self.assertEqual(needs["test"]["websocket-client"], "websocket")
        self.assertEqual(needs["test"]["pytest-odoo>=2.1"], "pytest_odoo")
        self.assertIn("pylint-odoo", needs["lint"])
        self.assertNotIn("chromium", str(needs["run"]))
        self.assertEqual(
            [package for package, _commands in bootstrap.DEBIAN_NEEDS["run"]], ["wkhtmltopdf"]
        )
        self.assertEqual(
            [package for package, _commands in bootstrap.DEBIAN_NEEDS["test"]],
            ["chromium", "wkhtmltopdf"],
        )

    def test_only_missing_modules_are_reported(self):
        self.assertEqual(
            bootstrap.missing_modules(sys.executable, ["json", "no_such_module_xyz"]),
            ["no_such_module_xyz"],
        )


class TestDemoDatabase(unittest.TestCase):
    def test_plan_installs_updates_only_on_change_or_request(self):
        self.assertEqual(demo.plan(None, None, "abc", False), "install")
        self.assertEqual(demo.plan("uninstalled", "abc", "abc", False), "install")
        self.assertEqual(demo.plan("installed", "abc", "abc", False), None)
        self.assertEqual(demo.plan("installed", "abc", "abc", True), "update")
        self.assertEqual(demo.plan("installed", "abc", "def", False), "update")
        self.assertEqual(demo.plan("installed", None, "def", False), "update")

    def test_digest_follows_the_addon_files_not_the_build_output(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "models"))
            os.makedirs(os.path.join(root, ".build"))
            with open(os.path.join(root, "models", "a.py"), "w", encoding="utf-8") as handle:
                handle.write("x = 1\n")
            first = demo.addon_digest(root)
            with open(os.path.join(root, ".build", "server.log"), "w", encoding="utf-8") as handle:
                handle.write("noise\n")
            self.assertEqual(demo.addon_digest(root), first)
            with open(os.path.join(root, "models", "a.py"), "w", encoding="utf-8") as handle:
                handle.write("x = 2\n")
            self.assertNotEqual(demo.addon_digest(root), first)

    def test_errors_and_tracebacks_after_the_start_offset_fail_the_step(self):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False, encoding="utf-8") as log:
            log.write("2026-11-25 10:00:00,000 1 ERROR db odoo.old: from an earlier run\n")
            start = log.tell()
            log.write("2026-11-25 10:01:00,000 1 WARNING db odoo.x: a warning is fine\n")
            log.write("2026-11-25 10:01:01,000 1 ERROR db odoo.modules.loading: boom\n")
            log.write("Traceback (most recent call last):\n  File x\n")
        self.addCleanup(os.unlink, log.name)
        problems = demo.problems_in(log.name, start)
        self.assertEqual(len(problems), 2)
        self.assertIn("boom", problems[0])
        self.assertTrue(problems[1].startswith("Traceback"))
        self.assertEqual(demo.problems_in(log.name, os.path.getsize(log.name)), [])
