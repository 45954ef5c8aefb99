"""`python manage.py fill_session_horizon`: makes approved and active projects' sessions now.

The same work as the periodic Celery task, for deployments without celery beat or to see the effect
of a changed UPW_SESSION_HORIZON_WEEKS at once. Safe to run repeatedly.
"""

from django.core.management.base import BaseCommand

from partners.schedule.services import fill_horizon


class Command(BaseCommand):
    help = "Generates sessions from project schedules up to the rolling horizon (idempotent)."

    def handle(self, *args, **options):
        totals = fill_horizon()
        self.stdout.write(
            f"{totals['projects']} projects: {totals['created']} sessions created, {totals['updated']} updated, "
            f"{totals['deleted']} removed, {totals['flagged']} flagged for attention."
        )
