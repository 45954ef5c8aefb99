"""A national plan: matching started for every region at once, each region its own run.

The regions' runs are ordinary matching runs (reviewed and approved region by region); the plan
only groups them, so that an administrator can follow their progress and read one summary.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

__all__ = ["NationalPlan"]


class NationalPlan(models.Model):
    start_date = models.DateField()
    end_date = models.DateField()
    # The regions left out when the plan started (a run already active there), by name, with why.
    skipped = models.JSONField(default=dict, blank=True)
    # The Celery group that runs the regions' tasks, for the worker logs.
    group_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once every region's run has finished (ready, failed or cancelled).
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="nationalplan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"National plan {self.pk}: {self.start_date:%d %b} to {self.end_date:%d %b %Y}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
