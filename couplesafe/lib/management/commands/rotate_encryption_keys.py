"""Re-encrypt every encrypted column under the first key in FIELD_ENCRYPTION_KEYS.

The procedure (docs/encryption.md): put the new key first, keep the old one after it, restart
web and workers, run this command, check with --check, then remove the old key.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from couplesafe.lib import crypto
from couplesafe.lib.fields import encrypted_fields, rotate_field


class Command(BaseCommand):
    help = "Re-encrypt private text under the newest key (put the new key first, then run this)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail if any value still needs an older key (or is plaintext).",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        problems = crypto.key_problems()
        if problems:
            raise CommandError(" ".join(problems))
        if options["check"]:
            self._check()
            return
        total = 0
        for model, field_name in encrypted_fields():
            count = rotate_field(model, field_name, batch_size=options["batch_size"])
            if count:
                self.stdout.write(f"{model._meta.label}.{field_name}: {count}")
            total += count
        self.stdout.write(f"Re-encrypted {total} values under the newest key.")

    def _check(self) -> None:
        stale = sum(_stale_in(model, name) for model, name in encrypted_fields())
        if stale:
            raise CommandError(f"{stale} values still need an older key. Run without --check.")
        self.stdout.write("Every value is readable with the newest key alone.")


def _stale_in(model: Any, field_name: str) -> int:
    """Count raw column values that the newest key alone cannot read (or plaintext)."""
    qn = connection.ops.quote_name
    column = qn(model._meta.get_field(field_name).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {qn(model._meta.db_table)} WHERE {column} IS NOT NULL"  # noqa: S608
        )
        return sum(1 for (stored,) in cursor.fetchall() if crypto.needs_rotation(stored))
