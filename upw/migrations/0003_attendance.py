"""Attendance to completion (issue 5): sync actions, warnings, pace, reminders."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("upw", "0002_api_tokens")]

    operations = []
