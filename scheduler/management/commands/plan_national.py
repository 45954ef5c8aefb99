"""`python manage.py plan_national [--days 14] [--time-limit 30] [--wait] [--json out.json]`: starts
matching for every region at once, as one Celery group (scheduler.national), and with --wait
follows each region's progress to the end and prints the summary."""

import datetime as dt
import json
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scheduler.national import selectors, services
from upw.models import Role, User

NO_ADMINISTRATOR = "No active administrator to start the plan as: create one, or name one with --user."


class Command(BaseCommand):
    help = "Starts matching for every region at once and (with --wait) reports each region's progress."

    def add_arguments(self, parser):
        parser.add_argument("--start", type=dt.date.fromisoformat, default=None, help="First day (default tomorrow).")
        parser.add_argument("--days", type=int, default=14, help="Days to plan (default 14).")
        parser.add_argument("--time-limit", type=float, default=None, help="Each region's engine time limit (s).")
        parser.add_argument("--user", default="", help="The administrator the plan is started as.")
        parser.add_argument("--wait", action="store_true", help="Follow the plan until every region has finished.")
        parser.add_argument("--poll", type=float, default=2.0, help="Seconds between progress reports with --wait.")
        parser.add_argument(
            "--wait-at-most", type=float, default=3600.0, help="Stop following after this many seconds (default 3600)."
        )
        parser.add_argument("--json", dest="json_path", default="", help="Write the summary to this file.")

    def handle(self, *args, **options):
        user = self._user(options["user"])
        start = options["start"] or timezone.localdate() + dt.timedelta(days=1)
        end = start + dt.timedelta(days=options["days"] - 1)
        try:
            plan = services.national_plan_start(
                user=user, start_date=start, end_date=end, time_limit_s=options["time_limit"]
            )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"National plan {plan.pk}: {start:%d %b} to {end:%d %b %Y}.")
        for region, reason in plan.skipped.items():
            self.stdout.write(f"  skipped {region}: {reason}")
        if options["wait"]:
            self._follow(plan, options["poll"], options["wait_at_most"])
        plan = services.national_plan_refresh(plan=plan)
        summary = selectors.plan_summary(plan=plan)
        self._report(plan, summary, options["json_path"])

    def _user(self, username: str) -> User:
        users = User.objects.filter(is_active=True, role=Role.ADMIN)
        user = users.filter(username=username).first() if username else users.order_by("pk").first()
        if user is None:
            raise CommandError(NO_ADMINISTRATOR)
        return user

    def _follow(self, plan, poll_s: float, at_most_s: float) -> None:
        last = None
        deadline = time.monotonic() + at_most_s
        while True:
            plan = services.national_plan_refresh(plan=plan)
            rows = selectors.region_progress(plan=plan)
            line = "; ".join(
                f"{row.run.region.name} {row.run.get_status_display().lower()} {row.run.progress}%" for row in rows
            )
            if line != last:
                self.stdout.write(f"[{timezone.localtime():%H:%M:%S}] {line}")
                last = line
            if plan.is_finished:
                return
            if time.monotonic() > deadline:
                self.stdout.write("Stopped following: the plan goes on (see its page).")
                return
            time.sleep(poll_s)

    def _report(self, plan, summary, json_path: str) -> None:
        figures = {"plan": plan.pk, **summary.as_dict()}
        for row in selectors.region_progress(plan=plan):
            self.stdout.write(
                f"  {row.run.region.name}: {row.run.get_status_display()}"
                f" {row.figures.get('hours_placed', 0)} h placed of {row.figures.get('upper_bound_hours', 0)} possible"
                + (f" ({row.run.error})" if row.run.error else "")
            )
        self.stdout.write(json.dumps(figures, indent=2))
        if json_path:
            with open(json_path, "w") as out:
                json.dump(figures, out, indent=2)
