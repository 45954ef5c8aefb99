"""The reports' summary: each session's places, hours worked and outcomes, and each requirement's first
attended session, as they stood when the reports' warm-up last refreshed them (`upw.reports.summary`).

The national figures read these few rows (one a session, one a requirement) instead of every booked
place and ledger entry in the history. They hold counts only, never anything about a person.
"""

from django.db import models


class ReportSummaryRefresh(models.Model):
    """When the summary was last refreshed (one row: the latest refresh). The reports read the summary for
    sessions before `refreshed_on` and work out those from that day on from the places themselves."""

    refreshed_at = models.DateTimeField()
    refreshed_on = models.DateField()
    # The ledger as the summary holds it (entries are never changed): every entry up to this id recorded
    # before `refreshed_on`. Those up to it recorded later all have an id from `ledger_later_from` on.
    ledger_entries_up_to = models.BigIntegerField(default=0)
    ledger_later_from = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"Report summary refreshed at {self.refreshed_at:%Y-%m-%d %H:%M}"


class SessionReportFigures(models.Model):
    """One session's totals at the last refresh; a session with none has no row."""

    session = models.OneToOneField(
        "upw.Session", on_delete=models.CASCADE, primary_key=True, related_name="report_figures"
    )
    # Places booked (not cancelled), whatever the session's status: the reader leaves out stood-down sessions.
    places_booked = models.PositiveIntegerField(default=0)
    # Hours worked (credits and the corrections that reverse credits), in minutes; NULL when the session has
    # no such ledger entry (a project with none is left out of the partners' tables, one netting to 0 is not).
    minutes_worked = models.IntegerField(null=True, blank=True)
    # Places booked (not cancelled) with no outcome recorded: overdue outcomes, once the session is past.
    places_awaiting_outcome = models.PositiveIntegerField(default=0)
    with_outcome = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    acceptable_absences = models.PositiveIntegerField(default=0)
    unacceptable_absences = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Report figures of session {self.session_id}"


class RequirementFirstSession(models.Model):
    """The date of a requirement's earliest attended session at the last refresh; none, no row."""

    requirement = models.OneToOneField(
        "upw.Requirement", on_delete=models.CASCADE, primary_key=True, related_name="report_first_session"
    )
    first_attended_on = models.DateField()

    def __str__(self) -> str:
        return f"First session of requirement {self.requirement_id} on {self.first_attended_on}"


class RequirementLedgerTotal(models.Model):
    """The minutes of a requirement's ledger entries up to the refresh's `ledger_entries_up_to` recorded before
    its `refreshed_on`."""

    requirement = models.OneToOneField(
        "upw.Requirement", on_delete=models.CASCADE, primary_key=True, related_name="report_ledger_total"
    )
    minutes = models.IntegerField()

    def __str__(self) -> str:
        return f"Ledger of requirement {self.requirement_id}: {self.minutes} min"


class RequirementLedgerMonth(models.Model):
    """The minutes of a requirement's ledger entries recorded in one month (local time), of those
    `RequirementLedgerTotal` holds: hours outstanding at the end of any month before the refresh."""

    requirement = models.ForeignKey("upw.Requirement", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    minutes = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requirement", "month"], name="requirementledgermonth_unique"),
        ]

    def __str__(self) -> str:
        return f"Ledger of requirement {self.requirement_id} in {self.month:%B %Y}: {self.minutes} min"
