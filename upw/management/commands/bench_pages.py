"""`python manage.py bench_pages --people 20000 [--json out.json]`: a coordinator's pages at region size.

Builds a demo region of that many people (`upw.demo.generator.generate_region`, as bench_matching
does) inside a transaction that is **always rolled back**, so the database is left as it was; run it
on PostgreSQL with a scratch database all the same. Then, signed in as the region's coordinator with
the Django test client, it opens each page (the dashboard, the people list with each of its filters,
reviews due, the waiting lists, absences and the session week), each once to warm up and then
`--repeat` times (3) timed, reporting the median and the slowest, and counts the queries of a timed
request. Target: every page under 1 s.

Exits non-zero when a page answers anything but 200, so a smoke run fails on errors, not on time.
"""

import datetime as dt
import json
import os
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from upw.demo.generator import demo_data_present, generate_region, reset_demo_data
from upw.management.process_cpu import parent_and_cpu_seconds
from upw.models import Person, ProbationDeliveryUnit, Region, Requirement, User

PAGE_TARGET_S = 1.0


def coordinator_pages(*, pdu_id: int) -> dict[str, tuple[str, dict]]:
    """The pages a coordinator works from, each as (path, query)."""
    people = {
        "people": {},
        "people page 2": {"page": "2"},
        "people search": {"q": "smith"},
        "people pdu": {"pdu": str(pdu_id)},
        "people active": {"status": "active"},
        "people completed": {"status": "completed"},
        "people awaiting": {"awaiting": "on"},
        "people at risk": {"at_risk": "on"},
        "people behind pace": {"at_risk": "behind_pace"},
        "people no sessions": {"at_risk": "no_sessions"},
        "people warnings": {"at_risk": "warnings"},
        "people past deadline": {"at_risk": "past_deadline"},
        "people waiting induction": {"waiting_for": "induction", "waiting_days": "7"},
        "people waiting first session": {"waiting_for": "first_session"},
        "people by deadline": {"sort": "deadline", "order": "desc"},
        "people at risk by hours": {"at_risk": "on", "sort": "hours_credited"},
    }
    return {
        "dashboard": ("/dashboard/", {}),
        **{name: ("/people/", query) for name, query in people.items()},
        "reviews due": ("/reviews/due/", {}),
        "reviews due page 2": ("/reviews/due/", {"page": "2"}),
        "waiting assessment": ("/intake/waiting/assessment/", {}),
        "waiting induction": ("/intake/waiting/induction/", {}),
        "waiting first session": ("/intake/waiting/first-session/", {}),
        "absences": ("/absences/", {}),
        "sessions week": ("/sessions/", {}),
        "sessions next week": ("/sessions/", {"week": str(timezone.localdate() + dt.timedelta(days=7))}),
    }


def _cpu_seconds() -> float | None:
    """CPU time spent so far by this process and by its database server process, when the database is
    PostgreSQL on this machine (read from /proc): what a request costs, whatever else the machine runs.
    On an idle machine a page takes about this long; on a shared one, wall time is this plus waiting."""
    own = time.process_time()
    if connection.vendor != "postgresql":
        return None
    server = parent_and_cpu_seconds(connection.connection.info.backend_pid)
    return None if server is None else own + server[1]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Times a coordinator's pages on a generated region (rolled back); fails if a page does not answer 200."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this file.")
        parser.add_argument(
            "--pages", default="", help="Only the pages whose names contain one of these, comma-separated."
        )
        parser.add_argument("--no-warm", action="store_true", help="Open each page once, timed, without a warm-up.")
        parser.add_argument(
            "--repeat",
            type=int,
            default=3,
            help="Time each page this many times and report the median (and the slowest in max_seconds): "
            "on a shared machine one timing says as much about the neighbours as about the page.",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Commit the generated region instead of rolling it back."
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Time the pages on the demo data already in the database (from --keep) without generating.",
        )

    def handle(self, *args, **options):
        if options["people"] < 50:
            raise CommandError("--people must be at least 50.")
        figures: dict = {}
        try:
            with transaction.atomic():
                figures = self._bench(options)
                if not (options["keep"] or options["reuse"]):
                    raise _Rollback
        except _Rollback:
            pass
        self._report(figures, options["json_path"])
        if figures.get("errors"):
            raise CommandError(f"Pages answered with errors: {'; '.join(figures['errors'])}")

    def _bench(self, options) -> dict:
        people = options["people"]
        today = timezone.localdate()
        started = time.perf_counter()
        if options["reuse"] and demo_data_present():
            region_code = "north-east"
        else:
            if demo_data_present():
                reset_demo_data()  # inside the transaction: restored afterwards unless --keep
            region_code = generate_region(
                people=people,
                second_region_people=0,
                partners=max(15, people // 300),
                projects=max(40, people // 15),
                supervisors=max(20, people // 30),
                weeks=5,
                seed=options["seed"],
                today=today,
                progress=lambda message: self.stdout.write(f"  building: {message}"),
            ).region_code
        built_s = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        region = Region.objects.get(code=region_code)
        coordinator = User.objects.get(username="cora")
        client = Client(HTTP_HOST="localhost")
        client.force_login(coordinator)
        pdu = ProbationDeliveryUnit.objects.filter(region=region).order_by("name").first()
        pages: dict[str, dict] = {}
        errors: list[str] = []
        wanted = [part.strip() for part in options["pages"].split(",") if part.strip()]
        for name, (path, query) in coordinator_pages(pdu_id=pdu.pk).items():
            if wanted and not any(part in name for part in wanted):
                continue
            pages[name] = self._time(
                client, path, query, errors, warm=not options["no_warm"], repeat=max(1, options["repeat"])
            )
        slowest = max(pages, key=lambda name: pages[name]["seconds"])
        return {
            "database": connection.vendor,
            "people": Person.objects.filter(pdu__region=region).count(),
            "requirements": Requirement.objects.filter(person__pdu__region=region).count(),
            "build_s": built_s,
            "pages": pages,
            "slowest": slowest,
            "slowest_s": pages[slowest]["seconds"],
            "pages_over_1s": sorted(name for name, page in pages.items() if page["seconds"] > PAGE_TARGET_S),
            "errors": errors,
            "load_average": [round(value, 2) for value in os.getloadavg()],
        }

    def _time(self, client: Client, path: str, query: dict, errors: list[str], *, warm: bool, repeat: int) -> dict:
        if warm:
            client.get(path, query)  # templates compiled, the session and the user read once
        timings, cpu = [], []
        for attempt in range(repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                cpu_before = _cpu_seconds()
                started = time.perf_counter()
                response = client.get(path, query)
                timings.append(time.perf_counter() - started)
                cpu_after = _cpu_seconds()
            if cpu_before is not None and cpu_after is not None:
                cpu.append(cpu_after - cpu_before)
            if attempt == 0:
                queries, size = len(captured.captured_queries), len(response.content)
            if response.status_code != 200:
                errors.append(f"{path} {query} answered {response.status_code}")
                break
        seconds = round(statistics.median(timings), 3)
        figure = {"seconds": seconds, "max_seconds": round(max(timings), 3), "queries": queries, "bytes": size}
        if cpu:
            figure["cpu_seconds"] = round(statistics.median(cpu), 3)
        slowest, cpu_note = figure["max_seconds"], f" cpu {figure['cpu_seconds']:.3f}" if cpu else ""
        self.stdout.write(f"  {seconds:7.3f} s (slowest {slowest:.3f}{cpu_note}) {queries:4d} queries  {path} {query}")
        return figure

    def _report(self, figures: dict, json_path: str) -> None:
        if not figures:
            return
        self.stdout.write(
            f"{figures['people']} people, {figures['requirements']} requirements on {figures['database']} "
            f"(built in {figures['build_s']} s); slowest {figures['slowest']}: {figures['slowest_s']} s; "
            f"load average {figures['load_average']}"
        )
        if json_path:
            with open(json_path, "w", encoding="utf-8") as out:
                json.dump(figures, out, indent=2)
            self.stdout.write(f"Written to {json_path}")
