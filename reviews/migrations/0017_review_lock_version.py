"""The save counter that guards against two tabs saving over each other is `lock_version`: pages
say "Version n" for `revision`, and one name for two things misled readers of the code."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0016_stored_pdf_options"),
    ]

    operations = [
        migrations.RenameField(model_name="review", old_name="version", new_name="lock_version"),
    ]
