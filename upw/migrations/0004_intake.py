"""Intake, assessment, induction and reviews (issue 7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("upw", "0003_attendance")]

    operations = []
