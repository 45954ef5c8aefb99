"""Rota runs, rota assignments, shortfalls, publication, notifications and calendar feeds."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import scheduler.models.rota_runs


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0001_matching"),
        ("upw", "0002_api_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RotaFeedToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "token",
                    models.CharField(default=scheduler.models.rota_runs.new_feed_token, max_length=64, unique=True),
                ),
                ("created_at", models.DateTimeField(auto_now=True)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "supervisor",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="rota_feed", to="upw.supervisor"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="RotaRun",
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
                            ("published", "Published"),
                            ("superseded", "Replaced by a later rota"),
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
                ("published_version", models.PositiveIntegerField(blank=True, null=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("changed_since_publish", models.BooleanField(default=False)),
                ("error", models.TextField(blank=True)),
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
                        help_text="The run this one re-plans.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="replans",
                        to="scheduler.rotarun",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="rota_runs", to="upw.region"
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="RotaPublication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("start_date", models.DateField()),
                ("end_date", models.DateField()),
                ("version", models.PositiveIntegerField()),
                ("published_at", models.DateTimeField(auto_now_add=True)),
                ("added", models.PositiveIntegerField(default=0)),
                ("removed", models.PositiveIntegerField(default=0)),
                ("kept", models.PositiveIntegerField(default=0)),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="rota_publications", to="upw.region"
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="publications", to="scheduler.rotarun"
                    ),
                ),
            ],
            options={
                "ordering": ["-published_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="RotaAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(default="supervisor", help_text="upw.SupervisorRole", max_length=20)),
                (
                    "source",
                    models.CharField(
                        choices=[("engine", "Rota engine"), ("manual", "Added by hand")],
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
                    "session",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="upw.session"),
                ),
                (
                    "supervisor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="upw.supervisor"
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="scheduler.rotarun"
                    ),
                ),
            ],
            options={
                "ordering": ["session__date", "session__start_time", "id"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRotaRun",
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
                            ("published", "Published"),
                            ("superseded", "Replaced by a later rota"),
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
                ("published_version", models.PositiveIntegerField(blank=True, null=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("changed_since_publish", models.BooleanField(default=False)),
                ("error", models.TextField(blank=True)),
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
                    "published_by",
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
                        help_text="The run this one re-plans.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scheduler.rotarun",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical rota run",
                "verbose_name_plural": "historical rota runs",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRotaAssignment",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("role", models.CharField(default="supervisor", help_text="upw.SupervisorRole", max_length=20)),
                (
                    "source",
                    models.CharField(
                        choices=[("engine", "Rota engine"), ("manual", "Added by hand")],
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
                    "supervisor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="upw.supervisor",
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
                        to="scheduler.rotarun",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical rota assignment",
                "verbose_name_plural": "historical rota assignments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="RotaShortfall",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("qualification", models.CharField(blank=True, help_text="Blank: the head count.", max_length=40)),
                ("required", models.PositiveSmallIntegerField()),
                ("assigned", models.PositiveSmallIntegerField()),
                ("reasons", models.JSONField(blank=True, default=list)),
                ("suggestions", models.JSONField(blank=True, default=list)),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="shortfalls", to="scheduler.rotarun"
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
        migrations.CreateModel(
            name="RotaNotification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("published", "Rota published"), ("changed", "Rota changed")], max_length=20
                    ),
                ),
                ("subject", models.CharField(max_length=200)),
                ("body", models.TextField()),
                ("added", models.JSONField(blank=True, default=list, help_text="Session ids added.")),
                ("removed", models.JSONField(blank=True, default=list, help_text="Session ids removed.")),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("error", models.CharField(blank=True, max_length=300)),
                (
                    "supervisor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rota_notifications",
                        to="upw.supervisor",
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="scheduler.rotapublication",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(fields=("publication", "supervisor"), name="rotanotification_unique")
                ],
            },
        ),
        migrations.AddIndex(
            model_name="rotarun",
            index=models.Index(fields=["region", "status"], name="scheduler_r_region__3a12b1_idx"),
        ),
        migrations.AddConstraint(
            model_name="rotarun",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_date__gte", models.F("start_date"))), name="rotarun_ends_after_start"
            ),
        ),
        migrations.AddConstraint(
            model_name="rotarun",
            constraint=models.CheckConstraint(
                condition=models.Q(("progress__lte", 100)), name="rotarun_progress_percent"
            ),
        ),
        migrations.AddConstraint(
            model_name="rotarun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["queued", "running", "ready", "published", "superseded", "failed", "cancelled"])
                ),
                name="rotarun_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="rotapublication",
            constraint=models.UniqueConstraint(fields=("region", "version"), name="rotapublication_unique_version"),
        ),
        migrations.AddConstraint(
            model_name="rotaassignment",
            constraint=models.UniqueConstraint(fields=("run", "session", "supervisor"), name="rotaassignment_unique"),
        ),
    ]
