"""Matching runs and their proposals (issue 3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("upw", "0002_api_tokens")]

    operations = []
