"""Changes to core models for the partner portal and session generation."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("upw", "0004_intake")]

    operations = [
        migrations.AddField(
            model_name="session",
            name="attention_reason",
            field=models.CharField(blank=True, max_length=250),
        ),
        migrations.AddField(
            model_name="session",
            name="generated_from_schedule",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="session",
            name="needs_attention",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="session",
            name="schedule_slot",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="sessions",
                to="partners.scheduleslot",
            ),
        ),
    ]
