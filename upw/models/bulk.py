"""Changes made to many booked places at once, stored once under the key the form or client made."""

from django.conf import settings
from django.db import models


class BulkBookingChange(models.Model):
    """One bulk move, cancel or message. The key is made by the page (or an API client) and sent again
    on a double submit or a retry, which finds this row and answers with its first results, so nobody
    is moved, cancelled or messaged twice."""

    key = models.CharField(max_length=80, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    payload = models.JSONField(default=dict, blank=True)
    # One entry a place: {"allocation_id", "crn", "done", "message"}.
    results = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Bulk {self.action} {self.key}"
