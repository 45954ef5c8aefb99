"""`python manage.py bench_candidates --people 20000 [--sessions 30] [--json out.json]`.

Times "who could fill this place?" (`scheduler.candidates.selectors.who_could_fill`) on a demo region
of that many people, built with `upw.demo.generator.generate_region` inside a transaction that is
**always rolled back** (run it on a scratch database all the same). A sample of sessions in the next
week with a free place, spread evenly over them, is answered one after another; the figures are the
slowest answer (`wall_s`, the target is under a second at 20,000 people), the median, the people read
within reach and ranked on the slowest one (`candidates`, of them `fits`), and its SQL queries.
"""

import datetime as dt
import json
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scheduler.candidates.selectors import who_could_fill
from upw.core.selectors import with_places_taken
from upw.demo.generator import demo_data_present, generate_region, reset_demo_data
from upw.models import Person, Region, Session, SessionStatus


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmarks the ranked list of who could fill a session's place (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=20000)
        parser.add_argument("--sessions", type=int, default=30, help="Sessions in the sample.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this file.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the generated region (commit it) to time it again with --reuse."
        )
        parser.add_argument(
            "--reuse", action="store_true", help="Time the demo region already in the database instead of a new one."
        )

    def handle(self, *args, **options):
        if options["people"] < 10:
            raise CommandError("--people must be at least 10.")
        figures: dict = {}
        try:
            with transaction.atomic():
                figures = self._bench(options)
                if not options["keep"]:
                    raise _Rollback
        except _Rollback:
            pass
        f = figures
        self.stdout.write(
            f"{f['people']:,} people: slowest answer {f['wall_s']:.3f} s, median {f['median_s']:.3f} s over "
            f"{f['sessions_sampled']} sessions; slowest ranked {f['candidates']:,} people within reach "
            f"({f['fits']:,} fit) in {f['queries']} queries"
        )
        if options["json_path"]:
            with open(options["json_path"], "w") as out:
                json.dump(figures, out, indent=2)

    def _bench(self, options) -> dict:
        people = options["people"]
        today = timezone.localdate()
        if options["reuse"]:
            region = Region.objects.annotate(people=Count("pdus__people")).order_by("-people").first()
            if region is None:
                raise CommandError("There is no region to reuse: run once with --keep.")
            people = Person.objects.filter(pdu__region=region).count()
        else:
            if demo_data_present():
                reset_demo_data()  # inside the rolled-back transaction: restored afterwards
            started = time.perf_counter()
            summary = generate_region(
                people=people,
                second_region_people=0,
                partners=max(15, people // 300),
                projects=max(40, people // 15),
                supervisors=max(20, people // 30),
                weeks=5,
                seed=options["seed"],
                today=today,
            )
            self.stdout.write(f"Generated {people:,} people in {time.perf_counter() - started:.1f} s.")
            region = Region.objects.get(code=summary.region_code)
        # Query logging under DEBUG keeps at most 9,000 queries: start each count from an empty log.
        reset_queries()
        upcoming = with_places_taken(
            Session.objects.filter(
                project__site__pdu__region=region,
                status=SessionStatus.SCHEDULED,
                date__gt=today,
                date__lte=today + dt.timedelta(days=7),
            )
        ).select_related("project__site__pdu__region")
        free = [s for s in upcoming.order_by("date", "start_time", "id") if s.places_taken < s.capacity]
        if not free:
            raise CommandError("The generated region has no session with a free place in the next week.")
        step = max(len(free) // options["sessions"], 1)
        sample = free[::step][: options["sessions"]]
        everyone = Person.objects.all()
        timings = []
        for session in sample:
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                found = who_could_fill(session=session, people=everyone, today=today)
                seconds = time.perf_counter() - t0
            timings.append((seconds, found, len(queries)))
        slowest, found, queries = max(timings, key=lambda t: t[0])
        return {
            "people": people,
            "wall_s": round(slowest, 3),
            "median_s": round(statistics.median(t[0] for t in timings), 3),
            "candidates": found.considered,
            "fits": len(found.fits),
            "refused": len(found.refused),
            "queries": queries,
            "sessions_sampled": len(sample),
            "sessions_with_free_places": len(free),
            "mean_candidates": round(statistics.mean(t[1].considered for t in timings), 1),
        }
