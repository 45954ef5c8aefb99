"""Attendance to completion: sync actions, warnings, pace, reminders."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("upw", "0002_api_tokens")]

    operations = [
        migrations.AddField(
            model_name='attendancerecord',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='attendancerecord',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='attendancerecord',
            name='decision',
            field=models.CharField(blank=True, choices=[('acceptable', 'Acceptable'), ('unacceptable', 'Unacceptable')], max_length=20),
        ),
        migrations.AddField(
            model_name='attendancerecord',
            name='decision_reason',
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name='attendancerecord',
            name='evidence_note',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='attendancerecord',
            name='from_pick_up',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='reminders_opt_out',
            field=models.BooleanField(default=False, verbose_name='opted out of session reminders'),
        ),
        migrations.AddField(
            model_name='person',
            name='reminders_opt_out',
            field=models.BooleanField(default=False, verbose_name='opted out of session reminders'),
        ),
        migrations.CreateModel(
            name='SessionReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(max_length=10)),
                ('backend', models.CharField(max_length=20)),
                ('reference', models.CharField(blank=True, max_length=100)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('allocation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reminder', to='upw.allocation')),
            ],
        ),
        migrations.CreateModel(
            name='RequirementProgress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('expected_minutes', models.IntegerField(default=0)),
                ('credited_minutes', models.IntegerField(default=0)),
                ('projected_completion', models.DateField(blank=True, null=True)),
                ('at_risk', models.BooleanField(default=False)),
                ('next_review', models.DateField(blank=True, null=True)),
                ('refreshed_at', models.DateTimeField()),
                ('requirement', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='upw.requirement')),
            ],
            options={
                'verbose_name_plural': 'requirement progress',
                'indexes': [models.Index(fields=['at_risk'], name='upw_require_at_risk_d9cb2b_idx')],
            },
        ),
        migrations.CreateModel(
            name='StaffNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('completed', 'Hours completed'), ('breach_review', 'Breach review needed')], max_length=20)),
                ('message', models.CharField(max_length=300)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('enforcement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='upw.enforcementaction')),
                ('requirement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='upw.requirement')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['completed', 'breach_review'])), name='staffnotice_kind_valid'), models.UniqueConstraint(condition=models.Q(('kind', 'completed')), fields=('requirement',), name='staffnotice_one_completion')],
            },
        ),
        migrations.CreateModel(
            name='SyncAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=80, unique=True)),
                ('kind', models.CharField(choices=[('check_in', 'Check in'), ('check_out', 'Check out'), ('outcome', 'Outcome')], max_length=20)),
                ('payload', models.JSONField(blank=True, default=dict)),
                ('client_at', models.DateTimeField(help_text='When the action was taken on the phone.')),
                ('received_at', models.DateTimeField(auto_now_add=True)),
                ('status', models.CharField(choices=[('applied', 'Applied'), ('superseded', 'Superseded by a later action'), ('rejected', 'Rejected')], max_length=20)),
                ('result', models.JSONField(blank=True, default=dict)),
                ('allocation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sync_actions', to='upw.allocation')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['client_at', 'id'],
                'indexes': [models.Index(fields=['allocation', 'kind', 'client_at'], name='upw_syncact_allocat_396856_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['check_in', 'check_out', 'outcome'])), name='syncaction_kind_valid'), models.CheckConstraint(condition=models.Q(('status__in', ['applied', 'superseded', 'rejected'])), name='syncaction_status_valid')],
            },
        ),
    ]
