"""Care link codes are stored only as keyed hashes, derived from the public id
(couplesafe/accounts/codes.py). The therapist's dashboard shows each waiting link's new code."""

from django.db import migrations, models

import couplesafe.accounts.codes


def hash_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    from couplesafe.accounts import codes

    CareLink = apps.get_model("therapists", "CareLink")
    for link in CareLink.objects.all():
        link.code_hash = codes.lookup_hash(codes.derive_code("care-link", link.public_id, 10))
        link.save(update_fields=["code_hash"])


class Migration(migrations.Migration):
    dependencies = [("therapists", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="carelink",
            name="code_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="carelink",
            name="code_hash",
            field=models.CharField(
                default=couplesafe.accounts.codes.unset_hash, max_length=64, unique=True
            ),
        ),
        migrations.RemoveField(model_name="carelink", name="code"),
        migrations.AlterField(
            model_name="therapistprofile",
            name="digest_enabled",
            field=models.BooleanField(default=False),
        ),
    ]
