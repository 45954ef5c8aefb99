"""`python manage.py bench_matching --people 5000 [--json out.json]`: the matching product end to end.

Builds a demo region of that many people with `upw.demo.generator.generate_region` inside a
transaction that is **always rolled back**, so the database is left exactly as it was (run it on a
scratch database all the same: `make bench` uses /tmp/upw-bench.sqlite3). Then, for the next fortnight
of sessions, it times the adapter (database -> Problem) and the engine, and prints wall time, peak
memory (the process's max RSS, which includes Django and the generator; or, with --tracemalloc, the
adapter's and engine's own allocations), hours placed, the upper bound, the greedy baseline's hours
and the violations that the independent checker (`scheduler.matching.engine.check_plan`) finds.
"""

import datetime as dt
import json
import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from scheduler.matching import engine
from scheduler.matching.adapter import build_problem
from upw.demo.generator import demo_data_present, generate_region, reset_demo_data
from upw.models import Region


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmarks matching on a generated region (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=14, help="Days of sessions to plan, from tomorrow.")
        parser.add_argument("--time-limit", type=float, default=30.0, help="The engine's time limit in seconds.")
        parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this file.")
        parser.add_argument(
            "--tracemalloc",
            action="store_true",
            help="Peak memory traced by tracemalloc (Python and numpy allocations of the adapter and engine only); "
            "it slows the run about threefold, so the wall time is then not comparable. Default: max RSS.",
        )

    def handle(self, *args, **options):
        people = options["people"]
        if people < 10:
            raise CommandError("--people must be at least 10.")
        figures: dict = {}
        try:
            with transaction.atomic():
                figures = self._bench(options)
                raise _Rollback
        except _Rollback:
            pass
        self._report(figures, options["json_path"])

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
            weeks=5,
            seed=options["seed"],
            today=today,
        )
        generated_s = time.perf_counter() - started
        self.stdout.write(
            f"Generated {people:,} people in {generated_s:.1f} s "
            f"({summary.counts.get('sessions', 0):,} sessions in all)."
        )
        region = Region.objects.get(code=summary.region_code)
        start = today + dt.timedelta(days=1)
        end = start + dt.timedelta(days=options["days"] - 1)

        traced = options["tracemalloc"]
        if traced:
            tracemalloc.start()
        t0 = time.perf_counter()
        built = build_problem(region=region, start=start, end=end, today=today)
        build_s = time.perf_counter() - t0
        result = engine.solve(built.problem, engine.SolverOptions(time_limit_s=options["time_limit"]))
        wall_s = time.perf_counter() - t0
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        if traced:
            tracemalloc.stop()
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        problem = built.problem
        bound = engine.upper_bound(problem)
        violations = engine.check_plan(problem, result.allocations)
        stats = result.stats
        placed = sum(1 for e in result.explanations.values() if e.placed)
        hours = stats.minutes_placed / 60
        bound_h = bound.minutes / 60
        return {
            "people": len(problem.people),
            "sessions": len(problem.sessions),
            "people_in_region": people,
            "wall_s": round(wall_s, 2),
            "build_s": round(build_s, 2),
            "solve_s": round(stats.wall_s, 2),
            "peak_mb": round(peak_mb if peak_mb is not None else rss_mb, 1),
            "max_rss_mb": round(rss_mb, 1),
            "hours_placed": round(hours, 1),
            "upper_bound": round(bound_h, 1),
            "percent_of_bound": round(100 * hours / bound_h, 2) if bound_h else 100.0,
            "greedy_hours": round(stats.greedy_minutes_placed / 60, 1),
            "objective": round(stats.objective, 1),
            "greedy_objective": round(stats.greedy_objective, 1),
            "people_placed": placed,
            "method": stats.method,
            "arcs": stats.arcs,
            "violations": len(violations),
            "first_violations": violations[:5],
        }

    def _report(self, figures: dict, json_path: str) -> None:
        f = figures
        self.stdout.write(
            f"{f['people']:,} people waiting, {f['sessions']:,} sessions: wall {f['wall_s']:.1f} s "
            f"(adapter {f['build_s']:.1f} s, engine {f['solve_s']:.1f} s, {f['method']}, {f['arcs']:,} arcs), "
            f"peak memory {f['peak_mb']:.0f} MB (max RSS {f['max_rss_mb']:.0f} MB)"
        )
        self.stdout.write(
            f"hours placed {f['hours_placed']:,.1f} of at most {f['upper_bound']:,.1f} ({f['percent_of_bound']:.2f}%); "
            f"greedy {f['greedy_hours']:,.1f} hours; objective {f['objective']:,.0f} "
            f"vs greedy {f['greedy_objective']:,.0f}; "
            f"{f['people_placed']:,} people placed; violations {f['violations']}"
        )
        for line in f["first_violations"]:
            self.stdout.write(f"  {line}")
        if json_path:
            with open(json_path, "w") as out:
                json.dump({k: v for k, v in f.items() if k != "first_violations"}, out, indent=2)
            self.stdout.write(f"Figures written to {json_path}")
        self.stdout.write("The generated region was rolled back.")
