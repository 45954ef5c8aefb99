"""Matching runs and their proposals."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("upw", "0002_api_tokens"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="MatchingRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("start_date", models.DateField()),
                ("end_date", models.DateField()),
                ("parameters", models.JSONField(blank=True, default=dict)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Running"),
                            ("ready", "Ready for review"),
                            ("approved", "Approved"),
                            ("failed", "Failed"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="queued",
                        max_length=20,
                    ),
                ),
                ("progress", models.PositiveSmallIntegerField(default=0)),
                ("progress_message", models.CharField(blank=True, max_length=200)),
                ("figures", models.JSONField(blank=True, default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("error", models.TextField(blank=True)),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "previous_run",
                    models.ForeignKey(
                        blank=True,
                        help_text="The run this one re-plans: its proposals are kept where possible.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="replans",
                        to="scheduler.matchingrun",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="matching_runs", to="upw.region"
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalProposedAllocation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("minutes", models.PositiveIntegerField(help_text="Credited minutes this place would give.")),
                ("distance_km", models.FloatField(blank=True, null=True)),
                ("explanation", models.TextField(blank=True)),
                (
                    "source",
                    models.CharField(
                        choices=[("engine", "Matching engine"), ("manual", "Added by hand")],
                        default="engine",
                        max_length=20,
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requirement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="upw.requirement",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="upw.session",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scheduler.matchingrun",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical proposed allocation",
                "verbose_name_plural": "historical proposed allocations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMatchingRun",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("start_date", models.DateField()),
                ("end_date", models.DateField()),
                ("parameters", models.JSONField(blank=True, default=dict)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Running"),
                            ("ready", "Ready for review"),
                            ("approved", "Approved"),
                            ("failed", "Failed"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="queued",
                        max_length=20,
                    ),
                ),
                ("figures", models.JSONField(blank=True, default=dict)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("error", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="upw.region",
                    ),
                ),
                (
                    "previous_run",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The run this one re-plans: its proposals are kept where possible.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scheduler.matchingrun",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical matching run",
                "verbose_name_plural": "historical matching runs",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PersonExplanation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("placed", models.BooleanField()),
                ("summary", models.TextField()),
                ("details", models.JSONField(blank=True, default=list)),
                ("reason_codes", models.JSONField(blank=True, default=list)),
                (
                    "minutes_left",
                    models.IntegerField(default=0, help_text="Minutes left to plan when the run started."),
                ),
                (
                    "requirement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="upw.requirement"
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="explanations",
                        to="scheduler.matchingrun",
                    ),
                ),
            ],
            options={
                "ordering": ["requirement__person__last_name", "requirement__person__first_name", "id"],
            },
        ),
        migrations.CreateModel(
            name="ProposedAllocation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("minutes", models.PositiveIntegerField(help_text="Credited minutes this place would give.")),
                ("distance_km", models.FloatField(blank=True, null=True)),
                ("explanation", models.TextField(blank=True)),
                (
                    "source",
                    models.CharField(
                        choices=[("engine", "Matching engine"), ("manual", "Added by hand")],
                        default="engine",
                        max_length=20,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requirement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="upw.requirement"
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proposals",
                        to="scheduler.matchingrun",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="upw.session"),
                ),
            ],
            options={
                "ordering": ["session__date", "session__start_time", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="matchingrun",
            index=models.Index(fields=["region", "status"], name="scheduler_m_region__ea0cba_idx"),
        ),
        migrations.AddConstraint(
            model_name="matchingrun",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_date__gte", models.F("start_date"))), name="matchingrun_ends_after_start"
            ),
        ),
        migrations.AddConstraint(
            model_name="matchingrun",
            constraint=models.CheckConstraint(
                condition=models.Q(("progress__lte", 100)), name="matchingrun_progress_percent"
            ),
        ),
        migrations.AddConstraint(
            model_name="matchingrun",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["queued", "running", "ready", "approved", "failed", "cancelled"])),
                name="matchingrun_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="personexplanation",
            constraint=models.UniqueConstraint(fields=("run", "requirement"), name="explanation_unique_per_run"),
        ),
        migrations.AddConstraint(
            model_name="proposedallocation",
            constraint=models.UniqueConstraint(fields=("run", "requirement", "session"), name="proposal_unique_place"),
        ),
        migrations.AddConstraint(
            model_name="proposedallocation",
            constraint=models.CheckConstraint(
                condition=models.Q(("source__in", ["engine", "manual"])), name="proposal_source_valid"
            ),
        ),
    ]
