"""Rota runs, rota assignments and publication (issue 4)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0001_matching"), ("upw", "0002_api_tokens")]

    operations = []
