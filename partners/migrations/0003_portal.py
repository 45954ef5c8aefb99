"""The partner portal: audit events, invitations, nominations, photos, risk assessments."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import partners.models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_initial"),
        ("upw", "0005_partner_sessions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalproject",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="risk_assessment",
            field=models.TextField(blank=True, max_length=250),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="risk_assessment_name",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="project",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="risk_assessment",
            field=models.FileField(blank=True, max_length=250, upload_to=partners.models.risk_assessment_path),
        ),
        migrations.AddField(
            model_name="project",
            name="risk_assessment_name",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.CreateModel(
            name="HistoricalNomination",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("reference", models.CharField(db_index=True, editable=False, max_length=20)),
                ("name", models.CharField(max_length=150, verbose_name="What needs doing")),
                ("description", models.TextField()),
                ("location", models.CharField(max_length=250)),
                ("postcode", models.CharField(max_length=8)),
                ("latitude", models.FloatField(blank=True, null=True)),
                ("longitude", models.FloatField(blank=True, null=True)),
                (
                    "toilets",
                    models.CharField(choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")], max_length=10),
                ),
                (
                    "accessible",
                    models.CharField(choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")], max_length=10),
                ),
                ("nominator_name", models.CharField(max_length=100)),
                ("nominator_email", models.EmailField(max_length=254)),
                ("nominator_phone", models.CharField(blank=True, max_length=30)),
                ("organisation_name", models.CharField(blank=True, max_length=150)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New"),
                            ("under_consideration", "Under consideration"),
                            ("declined", "Declined"),
                            ("converted", "Made into a project"),
                        ],
                        default="new",
                        max_length=30,
                    ),
                ),
                ("triage_note", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partners.project",
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
                    "triaged_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical nomination",
                "verbose_name_plural": "historical nominations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(max_length=254)),
                ("is_organisation_admin", models.BooleanField(default=False)),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField()),
                ("accepted_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "accepted_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="partners.partnerorganisation",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ProjectPhoto",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("image", models.FileField(max_length=250, upload_to=partners.models.photo_path)),
                ("caption", models.CharField(max_length=200)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="photos", to="partners.project"
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Nomination",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(editable=False, max_length=20, unique=True)),
                ("name", models.CharField(max_length=150, verbose_name="What needs doing")),
                ("description", models.TextField()),
                ("location", models.CharField(max_length=250)),
                ("postcode", models.CharField(max_length=8)),
                ("latitude", models.FloatField(blank=True, null=True)),
                ("longitude", models.FloatField(blank=True, null=True)),
                (
                    "toilets",
                    models.CharField(choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")], max_length=10),
                ),
                (
                    "accessible",
                    models.CharField(choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")], max_length=10),
                ),
                ("nominator_name", models.CharField(max_length=100)),
                ("nominator_email", models.EmailField(max_length=254)),
                ("nominator_phone", models.CharField(blank=True, max_length=30)),
                ("organisation_name", models.CharField(blank=True, max_length=150)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New"),
                            ("under_consideration", "Under consideration"),
                            ("declined", "Declined"),
                            ("converted", "Made into a project"),
                        ],
                        default="new",
                        max_length=30,
                    ),
                ),
                ("triage_note", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="nominations",
                        to="partners.project",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="nominations",
                        to="upw.region",
                    ),
                ),
                (
                    "triaged_by",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["new", "under_consideration", "declined", "converted"])),
                        name="nomination_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(
                                ("latitude__gte", -90),
                                ("latitude__lte", 90),
                                ("longitude__gte", -180),
                                ("longitude__lte", 180),
                            ),
                            _connector="OR",
                        ),
                        name="nomination_coordinates_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ProjectEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("created", "Created"),
                            ("transition", "Status changed"),
                            ("edited", "Edited"),
                            ("message", "Message"),
                            ("sessions", "Sessions generated"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("in_review", "In review"),
                            ("changes_requested", "Changes requested"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("active", "Active"),
                            ("paused", "Paused"),
                            ("completed", "Completed"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("in_review", "In review"),
                            ("changes_requested", "Changes requested"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("active", "Active"),
                            ("paused", "Paused"),
                            ("completed", "Completed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("message", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="events", to="partners.project"
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
                "indexes": [models.Index(fields=["project", "created_at"], name="partners_pr_project_f95ad2_idx")],
            },
        ),
        migrations.AddField(
            model_name="historicalnomination",
            name="photo",
            field=models.TextField(blank=True, max_length=250),
        ),
        migrations.AddField(
            model_name="nomination",
            name="photo",
            field=models.FileField(blank=True, max_length=250, upload_to=partners.models.nomination_photo_path),
        ),
    ]
