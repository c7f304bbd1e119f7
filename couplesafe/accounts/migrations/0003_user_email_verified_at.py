"""Email confirmation at sign-up. People who signed up before it count as confirmed: their
reminders and invitations go on as before."""

from django.db import migrations, models
from django.db.models.functions import Now


def confirm_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("accounts", "User").objects.update(email_verified_at=Now())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_invite_code_hash")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(confirm_existing, migrations.RunPython.noop),
    ]
