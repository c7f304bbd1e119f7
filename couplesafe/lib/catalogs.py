"""The translation checks CI runs (tests/i18n/test_lint.py) and `bin/check-translations`:

- `unmarked_texts`: words a person would see in a template that are not inside a
  translation tag ({% translate %}, {% blocktranslate %}): text between HTML tags, visible
  attributes (alt, title, placeholder, aria-label, a button's value), every line of a
  plain-text email. Template tags and variables are left out; a few words that are the
  same in every language (the app's name) are allowed (ALLOWED_WORDS).
- `catalog_problems`: a shipped language's catalog (locale/<lang>/LC_MESSAGES/*.po) with an
  entry that is untranslated or fuzzy.
- `stale_compiled`: a compiled catalog (.mo) that does not hold exactly what its .po says
  (someone edited the .po and did not run compilemessages).
- `missing_from_catalogs`: a string the code marks for translation that a shipped catalog
  does not hold at all (someone added or changed words and did not run makemessages): it
  runs makemessages on a copy of the sources and compares.

No Django settings are needed for the catalog checks; templates are read as text.
"""

from __future__ import annotations

import ast
import gettext
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
LOCALE = ROOT / "locale"
SHIPPED = ("es", "de")
DOMAINS = ("django", "djangojs")

# The same in every language.
ALLOWED_WORDS = {"CoupleSafe", "CSV", "JSON", "PDF", "Web", "Push", "iCal", "TOTP", "OK"}
# Templates that are not pages people read: the admin's (for staff), the service worker
# (JavaScript; the only words it shows are the push itself and the app's name).
SKIPPED = {"admin", "notifications/sw.js"}
VISIBLE_ATTRS = {"alt", "title", "placeholder", "aria-label", "aria-description", "label"}
# Words our scripts show (static/js reads them from these attributes: no string in the JS).
VISIBLE_ATTRS |= {"data-confirm", "data-unsupported", "data-denied", "data-failed"}
TRANSLATE_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
HOLE = " "
LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _skeleton(source: str) -> str:
    """The template with every tag, variable, comment and translated block replaced by a
    hole (keeping line breaks, so line numbers still match)."""
    out: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        raw = token.contents
        breaks = "\n" * raw.count("\n")
        if closing is not None:
            if token.token_type == TokenType.BLOCK and raw.split()[0] == closing:
                closing = None
            out.append(HOLE + breaks)
            continue
        if token.token_type == TokenType.TEXT:
            out.append(raw)
        elif token.token_type == TokenType.BLOCK:
            name = raw.split()[0] if raw.split() else ""
            if name in TRANSLATE_BLOCKS:
                closing = TRANSLATE_BLOCKS[name]
            elif name == "comment":
                closing = "endcomment"
            out.append(HOLE + breaks)
        else:
            out.append(HOLE + breaks)
    return "".join(out)


def _visible(text: str) -> str:
    text = html.unescape(text.replace(HOLE, " "))
    for word in ALLOWED_WORDS:
        text = text.replace(word, " ")
    return " ".join(text.split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._quiet = 0  # inside <script> or <style>

    def _note(self, text: str) -> None:
        shown = _visible(text)
        if LETTERS.search(shown):
            self.found.append((self.getpos()[0], shown))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._quiet += 1
        named = dict(attrs)
        for name, value in attrs:
            if value and name in VISIBLE_ATTRS:
                self._note(value)
        if tag == "input" and named.get("type") in ("submit", "button", "reset"):
            self._note(named.get("value") or "")
        if tag == "meta" and named.get("name") == "description":
            self._note(named.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._quiet:
            self._quiet -= 1

    def handle_data(self, data: str) -> None:
        if not self._quiet:
            self._note(data)


def unmarked_in(source: str, *, plain: bool = False) -> list[tuple[int, str]]:
    """(line, text) for each piece of visible text outside a translation tag."""
    skeleton = _skeleton(source)
    if plain:
        return [
            (number, _visible(line))
            for number, line in enumerate(skeleton.splitlines(), start=1)
            if LETTERS.search(_visible(line))
        ]
    reader = _Reader()
    reader.feed(skeleton)
    reader.close()
    return reader.found


def unmarked_texts(root: Path = TEMPLATES) -> list[Finding]:
    findings: list[Finding] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or any(
            relative == skip or relative.startswith(f"{skip}/") for skip in SKIPPED
        ):
            continue
        if path.suffix not in (".html", ".txt"):
            continue
        source = path.read_text(encoding="utf-8")
        for line, text in unmarked_in(source, plain=path.suffix == ".txt"):
            findings.append(Finding(relative, line, text))
    return findings


# --- Catalogs --------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None
    msgstr: dict[int, str]
    fuzzy: bool
    context: str | None
    line: int


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (enough of the format for makemessages' output)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    current: str | None = None
    flags: set[str] = set()
    start = 0

    def flush() -> None:
        nonlocal fields, flags, current
        if "msgid" in fields:
            msgstr = {
                int(name[7:-1]) if name.startswith("msgstr[") else 0: value
                for name, value in fields.items()
                if name.startswith("msgstr")
            }
            entries.append(
                Entry(
                    fields["msgid"],
                    fields.get("msgid_plural"),
                    msgstr,
                    "fuzzy" in flags,
                    fields.get("msgctxt"),
                    start,
                )
            )
        fields, flags, current = {}, set(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            if "msgid" in fields:
                flush()
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if current is not None:
                fields[current] += ast.literal_eval(line)
        else:
            name, _, value = line.partition(" ")
            if name == "msgctxt" or (name == "msgid" and "msgid" in fields):
                flush()
            if name == "msgid" and not fields:
                start = number
            current = name
            fields[name] = ast.literal_eval(value)
    flush()
    return entries


def _po_files(locale: Path, language: str) -> list[Path]:
    folder = locale / language / "LC_MESSAGES"
    return [folder / f"{domain}.po" for domain in DOMAINS if (folder / f"{domain}.po").exists()]


def catalog_problems(locale: Path = LOCALE, languages: tuple[str, ...] = SHIPPED) -> list[str]:
    """Every untranslated or fuzzy entry of a shipped language's catalogs, and a missing
    catalog, as "file:line: problem: msgid"."""
    problems: list[str] = []
    for language in languages:
        files = _po_files(locale, language)
        if not files:
            problems.append(f"{locale / language}: no catalog (run makemessages)")
        for path in files:
            where = path.relative_to(locale.parent) if locale.parent in path.parents else path
            for entry in parse_po(path):
                if entry.msgid == "":
                    continue  # the header
                if entry.fuzzy:
                    problems.append(f"{where}:{entry.line}: fuzzy: {entry.msgid!r}")
                elif not entry.msgstr or not all(entry.msgstr.values()):
                    problems.append(f"{where}:{entry.line}: untranslated: {entry.msgid!r}")
    return problems


def _expected(entries: list[Entry]) -> dict[object, str]:
    """What msgfmt puts in the .mo: translated, non-fuzzy entries (keys as gettext reads)."""
    expected: dict[object, str] = {}
    for entry in entries:
        if entry.msgid == "" or entry.fuzzy or not entry.msgstr or not all(entry.msgstr.values()):
            continue
        msgid = f"{entry.context}\x04{entry.msgid}" if entry.context else entry.msgid
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(msgid, index)] = text
    return expected


def stale_compiled(locale: Path = LOCALE, languages: tuple[str, ...] = SHIPPED) -> list[str]:
    """Each compiled catalog missing, or holding other words than its .po."""
    stale: list[str] = []
    for language in languages:
        for po in _po_files(locale, language):
            mo = po.with_suffix(".mo")
            if not mo.exists():
                stale.append(f"{mo}: missing (run compilemessages)")
                continue
            with mo.open("rb") as handle:
                compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
            held = {key: value for key, value in compiled.items() if key != ""}
            if held != _expected(parse_po(po)):
                stale.append(f"{mo}: does not match {po.name} (run compilemessages)")
    return stale


# What makemessages reads (README "Translations": tests, benchmarks and deploy files are left out).
SOURCES = ("manage.py", "couplesafe", "practices", "rituals", "therapists", "safety", "templates")


def marked_msgids() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string the code and templates mark, as makemessages finds
    them: it runs on a copy of the sources, so the shipped catalogs are not touched."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for name in SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, copy / name)
        (copy / "locale").mkdir()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "couplesafe.settings"}
        env.pop("DATABASE_URL", None)  # makemessages needs no database
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "en", "--keep-pot", "-v", "0"],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        return {(e.context, e.msgid) for e in parse_po(copy / "locale" / "django.pot") if e.msgid}


def missing_from_catalogs(locale: Path = LOCALE, languages: tuple[str, ...] = SHIPPED) -> list[str]:
    """Each marked string a shipped language's catalog lacks (run makemessages)."""
    marked = marked_msgids()
    missing: list[str] = []
    for language in languages:
        path = locale / language / "LC_MESSAGES" / "django.po"
        held = {(e.context, e.msgid) for e in parse_po(path)} if path.exists() else set()
        for context, msgid in sorted(marked - held, key=lambda key: key[1]):
            where = f" (context {context!r})" if context else ""
            missing.append(f"{path}: not in the catalog (run makemessages): {msgid!r}{where}")
    return missing


def main(argv: list[str] | None = None) -> int:
    """`bin/check-translations [--catalogs]`: every check (or only the catalogs'), each
    problem on its own line; exit status 1 when there is any."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    problems: list[str] = []
    if "--catalogs" not in args:
        problems += [f"not marked for translation: {finding}" for finding in unmarked_texts()]
    problems += missing_from_catalogs()
    problems += catalog_problems()
    problems += stale_compiled()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} translation problem(s)." if problems else "Translations are complete.")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
