"""`python manage.py seed_demo`: a realistic, deterministic demo region (upw.demo.generator)."""

import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from upw.demo import places
from upw.demo.generator import DEMO_PASSWORD, demo_data_present, generate_region, reset_demo_data

ALREADY_PRESENT = "Demo data already present: nothing changed (use --reset to rebuild it)."
RESET_NEEDS_DEBUG = "--reset empties the people, partner, session and staff tables: it needs DEBUG on, or --force."
SIGN_IN_URL = "http://127.0.0.1:8000"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Builds demo data: people, partners, projects, supervisors and sessions, and a user of every role."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=600, help="People in the main region (default 600).")
        parser.add_argument(
            "--second-region-people",
            type=int,
            default=None,
            help="People in the second region (default: a quarter of --people).",
        )
        parser.add_argument("--partners", type=int, default=15, help="Partner organisations, 2 of them national.")
        parser.add_argument("--projects", type=int, default=40)
        parser.add_argument("--supervisors", type=int, default=20)
        parser.add_argument("--weeks", type=int, default=4, help="Weeks of sessions (default 4).")
        parser.add_argument(
            "--start", type=_date, default=None, help="First Monday of sessions, YYYY-MM-DD (default: last week's)."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data (default 1).")
        parser.add_argument("--region", default="north-east", choices=list(places.REGIONS), help="The main region.")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password of the demo users.")
        parser.add_argument("--reset", action="store_true", help="Delete the existing data first.")
        parser.add_argument(
            "--national-requirements",
            type=int,
            default=600,
            help="Orders of the 2-year history across all 12 regions, for the reports (default 600; 0: none).",
        )
        parser.add_argument("--force", action="store_true", help="Allow --reset with DEBUG off.")

    def handle(self, *args, **options):
        for name in ("people", "partners", "projects", "supervisors", "weeks"):
            if options[name] < (0 if name == "people" else 1):
                raise CommandError(f"--{name} is too small: {options[name]}")
        if options["region"] not in places.REGIONS:
            raise CommandError(f"Unknown region {options['region']!r}: choose from {', '.join(places.REGIONS)}.")
        if options["reset"] and not (settings.DEBUG or options["force"]):
            raise CommandError(RESET_NEEDS_DEBUG)
        if not options["reset"] and demo_data_present():
            self.stdout.write(ALREADY_PRESENT)
            return
        started = time.perf_counter()
        with transaction.atomic():
            if options["reset"]:
                deleted = reset_demo_data()
                self.stdout.write(f"Deleted the existing data ({sum(deleted.values())} rows).")
            summary = generate_region(
                region_code=options["region"],
                people=options["people"],
                second_region_people=options["second_region_people"],
                partners=options["partners"],
                projects=options["projects"],
                supervisors=options["supervisors"],
                weeks=options["weeks"],
                start=options["start"],
                seed=options["seed"],
                password=options["password"],
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
            # Attendance: a session for Sam's phone, decided failures, pace flags.
            from upw.demo.attendance import prepare_attendance_demo

            attendance = prepare_attendance_demo(today=summary.today)
            # Partners: projects' sessions run the rolling horizon ahead, as the periodic
            # task keeps them in production.
            from partners.schedule.services import fill_horizon

            horizon = fill_horizon(today=summary.today)
            # Standing allocations: a few regulars booked the same day each week, as sessions are made.
            from upw.demo.standing import add_standing_allocations

            standing = add_standing_allocations(region_code=summary.region_code, today=summary.today)
            # Reports: every probation region, with two years of orders, sessions and outcomes.
            if options["national_requirements"]:
                from upw.demo.national import build_national_history

                national = build_national_history(
                    requirements=options["national_requirements"], years=2, seed=options["seed"], today=summary.today
                )
                self.stdout.write(
                    f"  Reports history: {national.requirements} orders across {national.regions} regions, "
                    f"{national.sessions} sessions, {national.ledger_entries} ledger entries."
                )
        self.stdout.write(f"  {horizon['created']} more sessions made from project schedules (rolling horizon).")
        self.stdout.write(f"  {standing} standing allocations booked ahead: /standing/.")
        if attendance["sam_session"] is not None:
            sam_session = attendance["sam_session"]
            self.stdout.write(
                f"  Sam's phone register: /my/sessions/{sam_session.pk}/ ({sam_session.project.name}, "
                f"{sam_session.date:%a %d %b}); {attendance['at_risk']} requirements at risk."
            )
        if attendance["pat_session"] is not None:
            self.stdout.write(f"  Pat's individual placement today: /my/sessions/{attendance['pat_session'].pk}/")
        # Rotas: Sam's rota on his phone and his calendar feed.
        from scheduler.rota.calendar import feed_token
        from upw.models import Supervisor

        sam = Supervisor.objects.filter(user__username="sam").first()
        if sam is not None:
            self.stdout.write(
                f"  Sam's rota: /my/rota/; his calendar feed: /my/rota/feed/{feed_token(sam).token}.ics; "
                "Cora builds rotas at /rota/."
            )
        seconds = time.perf_counter() - started
        self.print_summary(summary, seconds)

    def print_summary(self, summary, seconds: float) -> None:
        write = self.stdout.write
        regions = ", ".join(f"{places.REGIONS[code]} {n}" for code, n in summary.people_by_region.items())
        write("")
        write(self.style.SUCCESS(f"Demo data built in {seconds:.1f} s (seed {summary.seed})."))
        write(f"  People: {summary.people} ({regions}); postcodes from {summary.postcode_source}.")
        write(f"  Sessions from {summary.start:%a %d %b %Y} to {summary.end:%a %d %b %Y}; today is {summary.today}.")
        for key, value in summary.counts.items():
            write(f"  {key.replace('_', ' ')}: {value}")
        write("")
        write(f"Sign in at {SIGN_IN_URL} with password {summary.password!r}:")
        width = max(len(user.username) for user in summary.users)
        write(f"  {'user'.ljust(width)}  {'role'.ljust(12)}  what they see")
        for user in summary.users:
            write(f"  {user.username.ljust(width)}  {user.role.ljust(12)}  {user.description}")
