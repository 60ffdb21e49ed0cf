"""Every sentence a person reads is in the translation template, and the Spanish and
Chinese catalogues translate all of it with its placeholders kept."""

import ast
import re
from pathlib import Path

import polib

from odoo.tests import BaseCase, tagged

MODULE = Path(__file__).resolve().parent.parent
CODE_DIRS = ("models", "wizards", "controllers", "reports")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{.*?\}\}")


def translated_literals():
    """(file, line, text) of each literal given to ``_()`` or ``env._()`` in the code."""
    for directory in CODE_DIRS:
        for path in sorted((MODULE / directory).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                function = node.func
                name = (
                    function.attr
                    if isinstance(function, ast.Attribute)
                    else getattr(function, "id", None)
                )
                first = node.args[0]
                if (
                    name in ("_", "_lt")
                    and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                ):
                    yield path.name, node.lineno, first.value


@tagged("post_install", "-at_install")
class TestTranslations(BaseCase):
    def setUp(self):
        super().setUp()
        self.template = polib.pofile(str(MODULE / "i18n" / "after_sales.pot"))
        self.msgids = {entry.msgid for entry in self.template}

    def test_every_sentence_of_the_code_is_in_the_template(self):
        """`make pot` extracts them all (a syntax its extractor trips on, such as a
        formatted f-string, silently drops the rest of a file)."""
        missing = [
            f"{name}:{line}: {text}"
            for name, line, text in translated_literals()
            if text not in self.msgids
        ]
        self.assertFalse(missing, "run make pot: " + "\n".join(missing))

    def test_spanish_and_chinese_translate_everything(self):
        for language in ("es", "zh_CN"):
            catalogue = polib.pofile(str(MODULE / "i18n" / f"{language}.po"))
            entries = {entry.msgid: entry for entry in catalogue if not entry.obsolete}
            with self.subTest(language=language):
                self.assertFalse(self.msgids - set(entries), "every entry of the template")
                for msgid, entry in entries.items():
                    self.assertTrue(entry.msgstr, f"translated: {msgid!r}")
                    self.assertNotIn("fuzzy", entry.flags, msgid)
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(entry.msgstr)),
                        sorted(PLACEHOLDER.findall(msgid)),
                        f"placeholders kept: {msgid!r}",
                    )

    def test_latin_american_spanish_holds_only_what_differs(self):
        catalogue = polib.pofile(str(MODULE / "i18n" / "es_419.po"))
        spanish = {
            entry.msgid: entry.msgstr for entry in polib.pofile(str(MODULE / "i18n" / "es.po"))
        }
        for entry in catalogue:
            with self.subTest(msgid=entry.msgid):
                self.assertIn(entry.msgid, self.msgids)
                self.assertTrue(entry.msgstr)
                self.assertNotEqual(entry.msgstr, spanish[entry.msgid], "differs from es")
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                    sorted(PLACEHOLDER.findall(entry.msgid)),
                )
