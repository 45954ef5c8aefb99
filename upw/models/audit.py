from django.conf import settings
from django.db import models

APPEND_ONLY = "The log of reads of personal data is kept as written: rows are never changed or deleted one by one."


class AppendOnlyError(Exception):
    """Something tried to change or delete a row of the log of reads of personal data."""


class PersonalDataAccessQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY)

    def purge_older_than(self, cutoff) -> int:
        """Deletes the rows logged before `cutoff`: the retention purge, the one deletion there is."""
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


class PersonalDataAccess(models.Model):
    """One read of a person's personal data: who consulted or disclosed it, when, where and how.

    Law-enforcement processing must keep logs of consultation and disclosure (Data Protection Act
    2018, s.62). Rows are only ever added; they are purged whole once older than the retention
    setting. `person_id` is a plain integer, not a foreign key, so the log outlives an erasure.
    """

    class Channel(models.TextChoices):
        PAGE = "page", "Page"
        API = "api", "API"
        EXPORT = "export", "Export"
        SEARCH = "search", "Search results"
        REFUSED = "refused", "Refused: held by another region"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, help_text="Kept as it was, should the account go.")
    person_id = models.BigIntegerField(db_index=True)
    crn = models.CharField(max_length=12, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    path = models.CharField(max_length=300, help_text="The page or endpoint, without its query string.")
    view_name = models.CharField(max_length=120, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "personal data access"
        verbose_name_plural = "personal data accesses"
        indexes = [models.Index(fields=["user", "-at"], name="pda_user_at")]

    def __str__(self) -> str:
        return f"{self.username} read person {self.person_id} ({self.channel}) at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)
