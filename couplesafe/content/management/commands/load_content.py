"""manage.py load_content: load the shipped library (idempotent; all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from couplesafe.content import loader
from couplesafe.content.validation import ContentError


class Command(BaseCommand):
    help = (
        "Load practices, card decks, word lists and check-in questions from the library "
        "files. Publishes a new version only for what changed; a bad file refuses the whole load."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help="Library folder (default: couplesafe/content/library).",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only check the files; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path | None = options["path"]
        try:
            if options["check"]:
                entries = loader.read_library(root)
                self.stdout.write(f"The library is fine: {len(entries)} items.")
                return
            result = loader.load_library(root)
        except ContentError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        if options["verbosity"] >= 1:
            for label in result.published:
                self.stdout.write(f"Published {label}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Content loaded: {len(result.published)} published, "
                    f"{len(result.unchanged)} unchanged."
                )
            )
