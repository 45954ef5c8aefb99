"""`python manage.py bench_reports --requirements 60000 [--years 3] [--json out.json]`: the reports at
national size.

Builds a national history (`upw.demo.national.build_national_history`: every region, the orders, their
sessions, outcomes and ledger entries) inside a transaction that is **always rolled back**, so the
database is left as it was; run it on PostgreSQL with a scratch database all the same. Then it refreshes
the reports' summary (as the hourly warm-up does) and times every report page (national and one region,
each measure group), each API answer and each download, as a national lead, with an empty cache and then
after the warm-up, and prints the table. Targets: a page under 1 s, a download under 5 s.

`--keep` commits the history instead (a scratch database only) and `--reuse` times the history already
in the database without building one: to measure a change again without waiting for the build.
"""

import json
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from upw.demo.national import build_national_history
from upw.models import Allocation, HoursLedgerEntry, Region, Requirement, Role, Session, User
from upw.reports import services
from upw.reports.selectors import GROUPS

PAGE_TARGET_S, EXPORT_TARGET_S = 1.0, 5.0
# Room for every group the warm-up works out (local memory keeps 300 entries by default, and culls).
BENCH_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bench-reports",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}


def _over(timings: dict[str, float], kind: str, target: float) -> list[str]:
    return sorted(name for name, seconds in timings.items() if name.startswith(kind) and seconds > target)


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmarks the report pages, API and downloads on a generated national history (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--requirements", type=int, default=60000)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this file.")
        parser.add_argument(
            "--keep", action="store_true", help="Commit the built history (a scratch database) for --reuse."
        )
        parser.add_argument(
            "--reuse", action="store_true", help="Time the history already in the database; build nothing."
        )

    def handle(self, *args, **options):
        if options["requirements"] < 100:
            raise CommandError("--requirements must be at least 100.")
        figures: dict = {}
        if options["keep"] or options["reuse"]:
            with override_settings(CACHES=BENCH_CACHES):
                figures = self._bench(options)
            self._report(figures, options["json_path"])
            return
        try:
            # The bench clears the cache between passes: its own, in memory, never the service's.
            with transaction.atomic(), override_settings(CACHES=BENCH_CACHES):
                figures = self._bench(options)
                raise _Rollback
        except _Rollback:
            pass
        self._report(figures, options["json_path"])

    def _bench(self, options) -> dict:
        started = time.perf_counter()
        if not options["reuse"]:
            build_national_history(
                requirements=options["requirements"],
                years=options["years"],
                seed=options["seed"],
                progress=lambda message: self.stdout.write(f"  building: {message}"),
            )
        built_s = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        lead, _ = User.objects.get_or_create(username="bench-national-lead", defaults={"role": Role.NATIONAL_LEAD})
        client = Client(HTTP_HOST="localhost")
        client.force_login(lead)
        region = Region.objects.order_by("name").first()
        today = timezone.localdate()
        period = f"quarter:{today.year}-Q{(today.month - 1) // 3 + 1}"
        # The summary as the hourly beat task keeps it: the first reader finds it whatever is in the cache.
        refresh_started = time.perf_counter()
        services.refresh_summary()
        refresh_s = round(time.perf_counter() - refresh_started, 1)
        self.stdout.write(f"  summary refreshed in {refresh_s} s; with an empty cache, as the first reader:")
        cache.clear()
        pages = self._pass(client, region, period)
        cache.clear()
        warm_started = time.perf_counter()
        warmed = services.warm_cache(today=today)
        warm_s = round(time.perf_counter() - warm_started, 1)
        self.stdout.write(f"  warmed {warmed} groups in {warm_s} s; again, as readers find them after the beat task:")
        pages_warm = self._pass(client, region, period)
        slowest = max(pages, key=pages.get)
        slowest_warm = max(pages_warm, key=pages_warm.get)
        return {
            "database": connection.vendor,
            "requirements": Requirement.objects.count(),
            "ledger_entries": HoursLedgerEntry.objects.count(),
            "sessions": Session.objects.count(),
            "allocations": Allocation.objects.count(),
            "build_s": round(built_s, 1),
            "summary_refresh_s": refresh_s,
            "pages": pages,
            "slowest": slowest,
            "slowest_s": pages[slowest],
            "pages_over_1s": _over(pages, "page", PAGE_TARGET_S),
            "exports_over_5s": _over(pages, "export", EXPORT_TARGET_S),
            "warm_cache_s": warm_s,
            "pages_warm": pages_warm,
            "slowest_warm": slowest_warm,
            "slowest_warm_s": pages_warm[slowest_warm],
            "pages_warm_over_1s": _over(pages_warm, "page", PAGE_TARGET_S),
        }

    def _pass(self, client: Client, region, period: str) -> dict[str, float]:
        pages: dict[str, float] = {}
        for key in GROUPS:
            for scope in ("national", f"region:{region.code}"):
                name = "national" if scope == "national" else "region"
                pages[f"page {key} {name}"] = self._time(client, "/reports/", {"measure": key, "scope": scope})
            pages[f"api {key} national"] = self._time(
                client, f"/api/v1/reports/{key}", {"period": period, "scope": "national"}
            )
            for file_format in ("csv", "xlsx"):
                pages[f"export {key} {file_format}"] = self._time(
                    client, f"/reports/download.{file_format}", {"measure": key, "period": period, "scope": "national"}
                )
        return pages

    def _time(self, client: Client, path: str, query: dict) -> float:
        started = time.perf_counter()
        response = client.get(path, query)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        seconds = round(time.perf_counter() - started, 3)
        if response.status_code != 200:
            raise CommandError(f"{path} {query} answered {response.status_code}")
        self.stdout.write(f"  {seconds:7.3f} s  {path} {query}")
        return seconds

    def _report(self, figures: dict, json_path: str) -> None:
        if not figures:
            return
        self.stdout.write(
            f"{figures['requirements']} requirements, {figures['ledger_entries']} ledger entries on "
            f"{figures['database']} (built in {figures['build_s']} s); slowest {figures['slowest']}: "
            f"{figures['slowest_s']} s"
        )
        if json_path:
            with open(json_path, "w", encoding="utf-8") as out:
                json.dump(figures, out, indent=2)
            self.stdout.write(f"Written to {json_path}")
