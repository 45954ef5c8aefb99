"""Changes to core models for the partner portal and session generation (issue 6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("upw", "0004_intake")]

    operations = []
