"""`python manage.py bench_standing --people 20000 [--share 0.2] [--json out.json]`: standing allocations
booked eight weeks ahead on a demo region.

It builds a demo region of that many people with `upw.demo.generator.generate_region` (sessions from
last week to ten weeks ahead) inside a transaction that is **always rolled back**, so the database is
left as it was (run it on a scratch database all the same). A share of the people who may be placed
(`--share`, a fifth by default, as coordinators keep their regulars) are given a standing allocation
on the nearest project with sessions, on one of its weekdays the person is free, most weekly and a
quarter fortnightly. Then it times `scheduler.standing.services.generate_bookings` for the next eight
weeks, counts its queries, and runs it a second time, which must book nothing.
"""

import datetime as dt
import json
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Project
from scheduler.models import Frequency, StandingAllocation
from scheduler.standing import services
from upw.core import distances
from upw.core.selectors import placeable_requirements
from upw.demo.generator import demo_data_present, generate_region, reset_demo_data
from upw.demo.standing import choose_project_and_day, project_weekdays
from upw.models import Region, Requirement

WEEKS = 8


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmarks booking standing allocations eight weeks ahead on a generated region (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=20000)
        parser.add_argument("--share", type=float, default=0.2, help="Share of placeable people with one.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this file.")

    def handle(self, *args, **options):
        if options["people"] < 10:
            raise CommandError("--people must be at least 10.")
        if not 0 < options["share"] <= 1:
            raise CommandError("--share must be more than 0 and at most 1.")
        figures: dict = {}
        try:
            with transaction.atomic():
                figures = self._bench(options)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"{figures['people']:,} people, {figures['allocations']:,} standing allocations: "
            f"{figures['bookings']:,} bookings and {figures['shortfalls']:,} shortfalls over {WEEKS} weeks "
            f"in {figures['wall_s']:.1f} s ({figures['queries']} queries); a second run booked "
            f"{figures['second_run_bookings']} in {figures['second_run_s']:.1f} s."
        )
        if options["json_path"]:
            with open(options["json_path"], "w") as out:
                json.dump(figures, out, indent=2)

    def _bench(self, options) -> dict:
        people = options["people"]
        today = timezone.localdate()
        if demo_data_present():
            reset_demo_data()  # inside the rolled-back transaction: restored afterwards
        started = time.perf_counter()
        summary = generate_region(
            people=people,
            second_region_people=0,
            partners=max(15, people // 300),
            projects=max(40, people // 15),
            supervisors=max(20, people // 30),
            weeks=WEEKS + 2,
            seed=options["seed"],
            today=today,
        )
        self.stdout.write(f"Generated {people:,} people in {time.perf_counter() - started:.1f} s.")
        region = Region.objects.get(code=summary.region_code)
        made = self._standing_allocations(region, today, options)
        self.stdout.write(f"Gave {made:,} people a standing allocation.")

        last = today + dt.timedelta(weeks=WEEKS)
        # The generator's queries fill the debug log (9,000 at most), which would hide these.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            result = services.generate_bookings(today=today, last=last)
            wall_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = services.generate_bookings(today=today, last=last)
        second_s = time.perf_counter() - t1
        return {
            "people": people,
            "allocations": made,
            "bookings": result.booked,
            "shortfalls": result.shortfalls,
            "shortfall_kinds": result.shortfall_kinds(),
            "stopped_hours_done": result.hours_done,
            "weeks": WEEKS,
            "wall_s": round(wall_s, 2),
            "queries": len(queries.captured_queries),
            "second_run_bookings": again.booked,
            "second_run_already_booked": again.already_booked,
            "second_run_s": round(second_s, 2),
            "database": connection.vendor,
        }

    def _standing_allocations(self, region, today: dt.date, options) -> int:
        """A standing allocation for a share of the placeable people, on a nearby project with sessions."""
        rng = random.Random(options["seed"])
        first = today + dt.timedelta(days=1)
        weekdays = project_weekdays(region, first, today + dt.timedelta(weeks=WEEKS))
        projects = list(
            Project.objects.filter(pk__in=list(weekdays)).values_list(
                "id", "site__latitude", "site__longitude", "women_only", "project_type"
            )
        )
        if not projects:
            raise CommandError("The generated region has no projects with sessions ahead.")
        # One requirement per person, the one due first, as matching places them.
        firsts: dict[int, tuple] = {}
        for person_id, *row in (
            placeable_requirements(Requirement.objects.filter(person__pdu__region=region))
            .filter(person__latitude__isnull=False)
            .order_by("deadline", "id")
            .values_list(
                "person_id",
                "id",
                "person__latitude",
                "person__longitude",
                "person__availability_mask",
                "person__gender",
                "person__max_travel_km",
            )
        ):
            firsts.setdefault(person_id, tuple(row))
        rows = list(firsts.values())
        chosen = rng.sample(rows, int(len(rows) * options["share"]))
        km = distances.distance_matrix_km(
            [r[1] for r in chosen], [r[2] for r in chosen], [p[1] for p in projects], [p[2] for p in projects]
        )
        made = []
        for row, distances_km in zip(chosen, km, strict=True):
            requirement_id, _lat, _lon, mask, gender, max_km = row
            choice = choose_project_and_day(rng, projects, distances_km, weekdays, mask, gender, float(max_km))
            if choice is None:
                continue
            project_id, weekday = choice
            made.append(
                StandingAllocation(
                    region=region,
                    requirement_id=requirement_id,
                    project_id=project_id,
                    weekday=weekday,
                    frequency=Frequency.FORTNIGHTLY if rng.random() < 0.25 else Frequency.WEEKLY,
                    start_date=first + dt.timedelta(days=(weekday - first.weekday()) % 7),
                )
            )
        StandingAllocation.objects.bulk_create(made, batch_size=2000)
        return len(made)
