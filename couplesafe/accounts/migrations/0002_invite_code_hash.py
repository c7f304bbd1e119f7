"""Invite codes are stored only as keyed hashes; codes and link tokens are derived from the
public id (accounts/codes.py). Waiting invitations get their new code and link at once (the
inviter's page shows them); an older code or emailed link stops working."""

import hashlib

from django.db import migrations, models

import couplesafe.accounts.codes


def hash_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    from couplesafe.accounts import codes

    Invite = apps.get_model("accounts", "Invite")
    for invite in Invite.objects.all():
        invite.code_hash = codes.lookup_hash(codes.derive_code("invite", invite.public_id, 8))
        token = codes.derive_token("invite", invite.public_id)
        invite.token_hash = hashlib.sha256(token.encode()).hexdigest()
        invite.save(update_fields=["code_hash", "token_hash"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="invite",
            name="code_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="invite",
            name="code_hash",
            field=models.CharField(
                default=couplesafe.accounts.codes.unset_hash, max_length=64, unique=True
            ),
        ),
        migrations.RemoveField(model_name="invite", name="code"),
    ]
