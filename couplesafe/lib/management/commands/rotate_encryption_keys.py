"""Re-encrypt every encrypted column under the first key in FIELD_ENCRYPTION_KEYS."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from couplesafe.lib import crypto
from couplesafe.lib.fields import encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt private text under the newest key (put the new key first, then run this)."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model, field_name in encrypted_fields():
            column = str(model._meta.get_field(field_name).column)  # type: ignore[union-attr]
            table = connection.ops.quote_name(model._meta.db_table)
            col = connection.ops.quote_name(column)
            pk = connection.ops.quote_name(str(model._meta.pk.column))  # type: ignore[union-attr]
            # Raw SQL so the ciphertext is rotated without ever decrypting into Python objects
            # other than this loop, and without touching auto_now fields.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {col} FROM {table} WHERE {col} IS NOT NULL")  # noqa: S608
                rows = cursor.fetchall()
                for row_pk, stored in rows:
                    cursor.execute(
                        f"UPDATE {table} SET {col} = %s WHERE {pk} = %s",  # noqa: S608
                        [crypto.rotate(stored), row_pk],
                    )
                total += len(rows)
        self.stdout.write(f"Re-encrypted {total} values under the newest key.")
