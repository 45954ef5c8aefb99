"""`python manage.py bench_matching --people 5000 [--scenario places|people|rules] [--json out.json]`.

Scenarios: `places` (the default) is the matching product end to end on a demo region, limited by free
places; `people` and `rules` are synthetic regions of the engine (`scheduler.matching.engine.synthetic`,
no database, so no adapter time): one where people are scarce (three times the sessions per person),
one where the hard rules bind (half the people women, four times the restrictions, exclusion zones,
non-associations and close supervision).

Every scenario reports hours placed against the hours bound (places, or what people could take) and
the engine's objective against the LP relaxation bound of that objective (`engine.objective_bound`,
`--lp-time-limit`, None when it runs out), and the people offered their weekly minimum beside greedy.

The `places` scenario builds a demo region of that many people with `upw.demo.generator.generate_region` inside a
transaction that is **always rolled back**, so the database is left exactly as it was (run it on a
scratch database all the same: `make bench` uses /tmp/upw-bench.sqlite3). Then, for the next fortnight
of sessions, it times the adapter (database -> Problem) and the engine, and prints wall time, peak
memory (the process's resident peak while the adapter and engine run, read from /proc after its
high-water mark is reset, with what the process already held beside it; or, with --tracemalloc, the
adapter's and engine's own allocations), hours placed, the upper bound, the greedy baseline's hours
and the violations that the independent checker (`scheduler.matching.engine.check_plan`) finds.
"""

import datetime as dt
import gc
import json
import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from scheduler.matching import engine
from scheduler.matching.adapter import build_problem, engine_rules
from scheduler.matching.engine.synthetic import generate
from upw.demo.generator import demo_data_present, generate_region, reset_demo_data
from upw.models import Region

SCENARIOS = ("places", "people", "rules")


class _Rollback(Exception):
    pass


def _rss_mb(field: str) -> float | None:
    """The process's resident memory (VmRSS) or its high-water mark (VmHWM), in MB, from /proc."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    """Resets VmHWM to the memory held now (Linux: writing 5 to clear_refs); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "Benchmarks matching on a generated region (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--scenario", choices=SCENARIOS, default="places")
        parser.add_argument(
            "--lp-time-limit", type=float, default=120.0, help="Seconds for the LP bound of the objective (0: skip)."
        )
        parser.add_argument(
            "--lp-max-arcs", type=int, default=600_000, help="Skip the LP bound above this many candidate pairs."
        )
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
        if options["scenario"] != "places":
            figures = self._bench_synthetic(options)
        else:
            try:
                with transaction.atomic():
                    figures = self._bench(options)
                    raise _Rollback
            except _Rollback:
                pass
        self._report(figures, options["json_path"])

    def _bench_synthetic(self, options) -> dict:
        people = options["people"]
        if options["scenario"] == "people":
            problem = generate(people, people * 3 // 10, seed=options["seed"])
        else:
            problem = generate(people, seed=options["seed"], women_share=0.5, restriction_scale=4.0)
        self.stdout.write(f"Generated the {options['scenario']} scenario: {people:,} people.")
        problem.rules = engine_rules()
        traced = options["tracemalloc"]
        if traced:
            tracemalloc.start()
        t0 = time.perf_counter()
        result = engine.solve(problem, engine.SolverOptions(time_limit_s=options["time_limit"]))
        wall_s = time.perf_counter() - t0
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        if traced:
            tracemalloc.stop()
        return self._figures(problem, result, options, wall_s=wall_s, build_s=0.0, peak_mb=peak_mb, people=people)

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
        # The generator's objects are garbage by now; the process's memory high-water mark is reset, so
        # the peak read afterwards is that of the adapter and the engine (with what the process holds).
        gc.collect()
        held_mb = _rss_mb("VmRSS")
        resettable = _reset_peak_rss()
        t0 = time.perf_counter()
        built = build_problem(region=region, start=start, end=end, today=today)
        build_s = time.perf_counter() - t0
        result = engine.solve(built.problem, engine.SolverOptions(time_limit_s=options["time_limit"]))
        wall_s = time.perf_counter() - t0
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        if traced:
            tracemalloc.stop()
        figures = self._figures(
            built.problem, result, options, wall_s=wall_s, build_s=build_s, peak_mb=peak_mb, people=people
        )
        figures["rss_before_solve_mb"] = held_mb
        figures["solve_peak_rss_mb"] = _rss_mb("VmHWM") if resettable else None
        if figures["solve_peak_rss_mb"] is not None and not traced:
            figures["peak_mb"] = figures["solve_peak_rss_mb"]
        return figures

    def _figures(self, problem, result, options, *, wall_s, build_s, peak_mb, people) -> dict:
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        bound = engine.upper_bound(problem)
        lp_bound = None
        if options["lp_time_limit"] > 0:
            lp_bound = engine.objective_bound(
                problem, time_limit_s=options["lp_time_limit"], max_arcs=options["lp_max_arcs"]
            )
        violations = engine.check_plan(problem, result.allocations)
        stats = result.stats
        placed = sum(1 for e in result.explanations.values() if e.placed)
        hours = stats.minutes_placed / 60
        bound_h = bound.minutes / 60
        return {
            "scenario": options["scenario"],
            "people": len(problem.people),
            "sessions": len(problem.sessions),
            "people_in_region": people,
            "wall_s": round(wall_s, 2),
            "build_s": round(build_s, 2),
            "solve_s": round(stats.wall_s, 2),
            # Parts of the engine's time (solve_s): candidate pairs, the greedy baseline, the explanations.
            "candidates_s": round(stats.candidates_s, 2),
            "greedy_s": round(stats.greedy_s, 2),
            "explain_s": round(stats.explain_s, 2),
            "neighbourhoods": stats.neighbourhoods,
            "peak_mb": round(peak_mb if peak_mb is not None else rss_mb, 1),
            "max_rss_mb": round(rss_mb, 1),
            "hours_placed": round(hours, 1),
            "upper_bound": round(bound_h, 1),
            "percent_of_bound": round(100 * hours / bound_h, 2) if bound_h else 100.0,
            "greedy_hours": round(stats.greedy_minutes_placed / 60, 1),
            "objective": round(stats.objective, 1),
            "greedy_objective": round(stats.greedy_objective, 1),
            "lp_bound": None if lp_bound is None else round(lp_bound, 1),
            "percent_of_lp_bound": round(100 * stats.objective / lp_bound, 2) if lp_bound else None,
            "greedy_percent_of_lp_bound": round(100 * stats.greedy_objective / lp_bound, 2) if lp_bound else None,
            "people_placed": placed,
            "people_placeable": stats.people_placeable,
            "people_offered_weekly_minimum": stats.people_offered_weekly_minimum,
            "greedy_people_offered_weekly_minimum": stats.greedy_people_offered_weekly_minimum,
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
        if f.get("solve_peak_rss_mb") is not None:
            self.stdout.write(
                f"memory: {f['rss_before_solve_mb']:.0f} MB held before the adapter (Django, the database's "
                f"rows), peak {f['solve_peak_rss_mb']:.0f} MB while the adapter and engine ran"
            )
        self.stdout.write(
            f"engine: candidates {f['candidates_s']:.1f} s, greedy baseline {f['greedy_s']:.1f} s, "
            f"explanations {f['explain_s']:.1f} s, {f['neighbourhoods']:,} groups of neighbours re-solved"
        )
        self.stdout.write(
            f"hours placed {f['hours_placed']:,.1f} of at most {f['upper_bound']:,.1f} ({f['percent_of_bound']:.2f}%); "
            f"greedy {f['greedy_hours']:,.1f} hours; objective {f['objective']:,.0f} "
            f"vs greedy {f['greedy_objective']:,.0f}; "
            f"{f['people_placed']:,} people placed; violations {f['violations']}"
        )
        lp = "not computed (more pairs than --lp-max-arcs, or not proved in time)"
        if f["lp_bound"] is not None:
            lp = f"{f['lp_bound']:,.0f} ({f['percent_of_lp_bound']:.2f}%)"
        self.stdout.write(
            f"[{f['scenario']}] LP bound of the objective {lp}; people offered their weekly minimum "
            f"{f['people_offered_weekly_minimum']:,} of {f['people_placeable']:,} who could be placed "
            f"(greedy {f['greedy_people_offered_weekly_minimum']:,})"
        )
        for line in f["first_violations"]:
            self.stdout.write(f"  {line}")
        if json_path:
            with open(json_path, "w") as out:
                json.dump({k: v for k, v in f.items() if k != "first_violations"}, out, indent=2)
            self.stdout.write(f"Figures written to {json_path}")
        if f.get("scenario") == "places":
            self.stdout.write("The generated region was rolled back.")
