from django.conf import settings
from django.db import models

from .people import Person


class ErasureTrigger(models.TextChoices):
    REQUEST = "request", "Erased on request"
    RETENTION = "retention", "Retention period ended"


class PersonErasure(models.Model):
    """The record that a person's personal data was erased: who, when, why and how much.

    The person's row stays (their orders, attendance and hours ledger refer to it), holding a
    random token in place of the CRN. Rows are only ever added.
    """

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="erasure")
    token = models.CharField(max_length=7, help_text="The token that replaced the CRN.")
    trigger = models.CharField(max_length=20, choices=ErasureTrigger.choices)
    reason = models.CharField(max_length=300)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(auto_now_add=True)
    rows_scrubbed = models.JSONField(default=dict, blank=True, help_text="Rows changed or removed, by kind.")

    class Meta:
        ordering = ["-erased_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trigger__in=ErasureTrigger.values), name="personerasure_trigger_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.token}: {self.get_trigger_display()} on {self.erased_at:%Y-%m-%d}"
