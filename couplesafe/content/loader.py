"""Load the shipped library (couplesafe/content/library/) into the database.

The files in the repository are the source of truth for shipped content. Loading is an
idempotent upsert by stable key: an item whose file has not changed keeps its current
version; a changed file becomes the item's draft and is published as a new version. Every file
is read and checked before anything is written, and the writes happen in one transaction, so a
single bad file refuses the whole load and nothing is partly applied.

Layout: practices/*.yaml, decks/*.yaml, words/*.yaml and checkin.yaml at the top.
Translations mirror it: translations/<language>/<the English file's path> (README there). A
translation is checked against its English file (only words may differ; a missing file or
field shows the English) and published with it, in the same version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml, in PyYAML's wheels
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from couplesafe.content import services, validation
from couplesafe.content import translations as localizing
from couplesafe.content.models import Item
from couplesafe.content.validation import ContentError

LIBRARY_DIR = Path(__file__).resolve().parent / "library"

FOLDERS = {"practices": Item.Kind.PRACTICE, "decks": Item.Kind.DECK, "words": Item.Kind.WORDS}
TOP_LEVEL = {"checkin.yaml": Item.Kind.CHECKIN}
TRANSLATIONS = "translations"
LOAD_LOCK = 0x636F6E74656E74  # "content": any constant shared by every loader


@dataclass(frozen=True)
class Entry:
    kind: str
    key: str
    data: dict[str, Any]
    source: str
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class LoadResult:
    published: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def library_files(root: Path) -> list[tuple[str, Path]]:
    files: list[tuple[str, Path]] = []
    for folder, kind in FOLDERS.items():
        files.extend((kind, path) for path in sorted((root / folder).glob("*.yaml")))
    for name, kind in TOP_LEVEL.items():
        if (root / name).exists():
            files.append((kind, root / name))
    return files


def _read_yaml(path: Path, source: str) -> Any:
    try:
        # libyaml's safe loader: the same documents as yaml.safe_load, about ten times faster
        # (parsing was 85% of a library load).
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ContentError(source, "?", "(file)", f"is not valid YAML{where}") from error


def translation_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != "en"]


def read_translations(root: Path, source: str, data: dict[str, Any]) -> dict[str, Any]:
    """Every shipped language's translation of one English file that exists, checked."""
    found: dict[str, Any] = {}
    for language in translation_languages():
        path = root / TRANSLATIONS / language / source
        if path.exists():
            where = f"{TRANSLATIONS}/{language}/{source}"
            found[language] = localizing.check(data, _read_yaml(path, where), source=where)
    return found


def _stray_translations(root: Path, sources: set[str]) -> None:
    """A translation whose English file does not exist (misnamed, or a language we do not
    ship) would never be shown: refuse it rather than lose a translator's work silently."""
    folder = root / TRANSLATIONS
    if not folder.exists():
        return
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder).as_posix()
        language, _, source = relative.partition("/")
        if language not in translation_languages():
            raise ContentError(
                f"{TRANSLATIONS}/{relative}",
                "?",
                "(file)",
                f"{language!r} is not a shipped language",
            )
        if source not in sources:
            raise ContentError(
                f"{TRANSLATIONS}/{relative}", "?", "(file)", f"there is no English file {source}"
            )


def read_library(root: Path | None = None) -> list[Entry]:
    """Read and check every file. Raises ContentError at the first problem."""
    root = root or LIBRARY_DIR
    entries: list[Entry] = []
    seen: dict[tuple[str, str], str] = {}
    for kind, path in library_files(root):
        source = path.relative_to(root).as_posix()
        raw = _read_yaml(path, source)
        data = validation.check(kind, raw, source)
        key = data["key"]
        if (kind, key) in seen:
            raise ContentError(source, key, "key", f"duplicate key, also used by {seen[kind, key]}")
        seen[kind, key] = source
        translations = read_translations(root, source, data)
        entries.append(
            Entry(kind=kind, key=key, data=data, source=source, translations=translations)
        )
    _stray_translations(root, {entry.source for entry in entries})
    return entries


@transaction.atomic
def load_library(root: Path | None = None) -> LoadResult:
    """Upsert every shipped item and publish what changed, all or nothing."""
    result = LoadResult()
    entries = read_library(root)
    if connection.vendor == "postgresql":
        # Two deploys starting at once (web and worker containers) load one after the other,
        # so the second sees the first's versions and publishes nothing twice.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOAD_LOCK])
    for entry in entries:
        item = (
            Item.objects.select_for_update()
            .shipped()
            .filter(kind=entry.kind, key=entry.key)
            .first()
        )
        if item is None:
            item = Item.objects.create(
                kind=entry.kind,
                key=entry.key,
                title=entry.data["title"],
                draft=entry.data,
                draft_translations=entry.translations,
            )
        elif item.draft != entry.data or item.draft_translations != entry.translations:
            item.draft = entry.data
            item.draft_translations = entry.translations
            item.draft_updated_at = timezone.now()
            item.save(update_fields=["draft", "draft_translations", "draft_updated_at"])
        version = services.item_publish(item=item, source=entry.source)
        label = f"{entry.kind} {entry.key}"
        if version is None:
            result.unchanged.append(label)
        else:
            result.published.append(f"{label} v{version.number}")
    return result
