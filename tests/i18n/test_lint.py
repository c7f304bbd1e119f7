"""CI's translation checks (couplesafe/lib/catalogs.py; also `bin/check-translations`):
template text outside translation tags, untranslated or fuzzy catalog entries, and compiled
catalogs that do not match their sources."""

from __future__ import annotations

from pathlib import Path

from couplesafe.lib import catalogs
from tests.i18n.conftest import write_mo


def test_every_visible_template_text_is_marked_for_translation() -> None:
    findings = catalogs.unmarked_texts()
    assert findings == [], "\n".join(str(f) for f in findings)


def test_the_template_lint_finds_text_words_in_attributes_and_plain_email_lines() -> None:
    page = (
        '{% load i18n %}<p>{% translate "Marked" %}</p><p>Not marked, {{ name }}</p>'
        '<button aria-label="Close it">×</button><script>var words = "fine";</script>'
        "{% blocktranslate %}Also <strong>marked</strong>{% endblocktranslate %}"
        '{# a comment #}<p>CoupleSafe</p><form data-confirm="Really go?"></form>'
    )
    found = [text for _, text in catalogs.unmarked_in(page)]
    assert found == ["Not marked,", "Close it", "Really go?"]
    email = "{% load i18n %}{% translate 'Hello' %}\n\nSee you soon,\n{{ link }}\nCoupleSafe\n"
    assert catalogs.unmarked_in(email, plain=True) == [(3, "See you soon,")]


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: templates/home.html:4
msgid "Hello"
msgstr "Hola"

#, fuzzy
msgid "Goodbye"
msgstr "Adiós"

msgid "Not yet"
msgstr ""

msgid "one card"
msgid_plural "%(n)s cards"
msgstr[0] "una carta"
msgstr[1] ""

msgctxt "verb"
msgid "Share"
msgstr "Comparte"
"""


def _catalog(tmp_path: Path, po: str, mo: dict[str, str] | None) -> Path:
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(po)
    if mo is not None:
        write_mo(folder / "django.mo", mo)
    return tmp_path / "locale"


def test_untranslated_and_fuzzy_entries_are_problems(tmp_path: Path) -> None:
    locale = _catalog(tmp_path, PO, None)
    problems = catalogs.catalog_problems(locale, ("es",))
    assert [p.split(": ", 1)[1] for p in problems] == [
        "fuzzy: 'Goodbye'",
        "untranslated: 'Not yet'",
        "untranslated: 'one card'",
    ]
    assert catalogs.catalog_problems(locale, ("de",)) == [
        f"{locale / 'de'}: no catalog (run makemessages)"
    ]


def test_a_compiled_catalog_that_differs_from_its_source_is_stale(tmp_path: Path) -> None:
    fresh = {"Hello": "Hola", "verb\x04Share": "Comparte"}
    locale = _catalog(tmp_path, PO, fresh)
    assert catalogs.stale_compiled(locale, ("es",)) == []
    (locale / "es" / "LC_MESSAGES" / "django.po").write_text(PO.replace('"Hola"', '"Buenas"'))
    assert "does not match" in catalogs.stale_compiled(locale, ("es",))[0]


def test_the_shipped_compiled_catalogs_are_fresh() -> None:
    stale = catalogs.stale_compiled()
    assert stale == [], "\n".join(stale)


def test_the_shipped_catalogs_are_complete() -> None:
    """Fails until the translators have filled locale/es and locale/de (README "Translations")."""
    problems = catalogs.catalog_problems()
    assert problems == [], f"{len(problems)} problems, the first: " + "\n".join(problems[:20])


def test_every_marked_string_is_in_the_shipped_catalogs() -> None:
    """Words added or changed in the code or templates without makemessages would show in
    English to a Spanish or German reader, and no other check would see it."""
    missing = catalogs.missing_from_catalogs()
    assert missing == [], f"{len(missing)} missing, the first: " + "\n".join(missing[:20])


def test_a_string_marked_nowhere_in_the_catalog_is_found(tmp_path: Path) -> None:
    locale = _catalog(tmp_path, PO, None)
    german = locale / "de" / "LC_MESSAGES"
    german.mkdir(parents=True)
    (german / "django.po").write_text(PO + '\nmsgid "Quick exit"\nmsgstr "Schnell weg"\n')
    missing = catalogs.missing_from_catalogs(locale, ("es", "de"))
    spanish = [line for line in missing if "/es/" in line]
    german_missing = [line for line in missing if "/de/" in line]
    assert any("'Quick exit'" in line for line in spanish)  # marked in base.html's include
    assert not any("'Quick exit'" in line for line in german_missing)
    assert len(spanish) == len(german_missing) + 1
