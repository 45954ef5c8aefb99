"""A place booked by hand from a ranked list of candidates, kept under the client's idempotency key.

The place itself is an ordinary `upw.models.Allocation` (with its history); this row only remembers
which request made it, so a retried request (a double click, a phone on a poor signal) is answered
with the same place instead of a second booking or an error.
"""

from django.conf import settings
from django.db import models

__all__ = ["DirectBooking"]


class DirectBooking(models.Model):
    key = models.CharField(max_length=80, unique=True)
    allocation = models.ForeignKey("upw.Allocation", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Booking {self.key}"
