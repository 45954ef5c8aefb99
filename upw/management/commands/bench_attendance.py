"""`python manage.py bench_attendance --clients 200 [--json out.json]`: the register API under load.

Against the configured PostgreSQL database it makes a bench region (one rostered session yesterday per
phone, each with one person on an order), starts gunicorn on a free loopback port (and, when a Celery
broker is configured, one Celery worker for the after-commit pace and notice tasks), and runs that many
phones at once through the API: check in, the same check-in again, an older check-in arriving late,
check out, and the outcome with grades. Every loop is bounded in count and by --time-limit. Then it
stops the servers, checks that the ledger is exact (each attendance credited once with what the rules
give, each order's total the sum of its ledger) and counts the queries of one phone's actions
in-process. The bench data is left in the database, in its own region.
"""

import datetime as dt
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import redis
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Sum
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from upw.attendance.tasks import REFRESH_GATHERED_PACE
from upw.core import background, ledger
from upw.core.tokens import issue_token
from upw.management.process_cpu import all_processes
from upw.models import (
    Allocation,
    AttendanceRecord,
    HoursLedgerEntry,
    Office,
    Person,
    ProbationDeliveryUnit,
    Region,
    Requirement,
    Role,
    Session,
    SessionSupervisor,
    Supervisor,
    User,
)

GRADES = {"outcome": "ATTC", "work_quality": "good", "behaviour": "good"}
# A phone's requests, in the order _actions makes them.
ACTION_NAMES = ("check_in", "check_in_again", "older_check_in", "check_out", "outcome")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else 0.0


class Command(BaseCommand):
    help = "Load-tests the attendance sync API under gunicorn on PostgreSQL and checks the ledger."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=200, help="Phones syncing at once.")
        parser.add_argument(
            "--workers", type=int, default=None, help="gunicorn worker processes (default: gunicorn.conf.py's)."
        )
        parser.add_argument("--time-limit", type=float, default=180.0, help="Seconds before the phones give up.")
        parser.add_argument(
            "--think-ms",
            type=int,
            default=0,
            help="Each phone pauses about this long (0.5 to 1.5 times, at random) after each answer, as a "
            "supervisor does between people, and starts after such a pause (0 to 1.5 times), so the phones "
            "are not all opened on the same instant. 0 (the default): phones start together and send back "
            "to back, which measures the server's capacity; then the mean wait is the clients over the rate "
            "(Little's law).",
        )
        parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this file.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_attendance needs PostgreSQL: set DATABASE_URL=postgres://...")
        clients = max(options["clients"], 1)
        phones = self._make_region(clients + 1)
        probe, phones = phones[0], phones[1:]
        port = _free_port()
        with tempfile.NamedTemporaryFile(prefix="bench-attendance-", suffix=".log", delete=False) as server_log:
            self.server_log = server_log
            self.stderr.write(f"server log: {server_log.name}")
            servers = self._start(port, options["workers"])
            try:
                self._wait_until_up(port)
                before = self._cpu_seconds(servers)
                client_started = time.process_time()
                figures = self._run(port, phones, time_limit=options["time_limit"], think_ms=options["think_ms"])
                client_seconds = time.process_time() - client_started
                # While the worker still runs: the probe's own after-commit tasks are run rather than left
                # on the broker, where the next run's worker would take them (and count their CPU).
                counts = self._queries_per_action(probe)
                figures["tasks_waited_s"] = self._wait_for_tasks(len(servers) > 1)
                figures["cpu_ms_per_request"] = self._cpu_per_request(
                    before, self._cpu_seconds(servers), client_seconds, figures["requests"]
                )
            finally:
                self._stop(servers)
        figures["queries_per_action"] = max(counts)
        figures["queries_by_action"] = dict(zip(ACTION_NAMES, counts, strict=True))
        figures["ledger_exact"] = self._ledger_exact([phone["allocation"] for phone in phones])
        figures["load_average"] = [round(value, 2) for value in os.getloadavg()]
        text = json.dumps(figures, indent=2)
        self.stdout.write(text)
        if options["json_path"]:
            with open(options["json_path"], "w") as out:
                out.write(text + "\n")
        if figures["errors"] or not figures["ledger_exact"]:
            raise CommandError("The bench saw errors or an inexact ledger.")

    def _make_region(self, count: int) -> list[dict]:
        run = uuid.uuid4().hex[:8]
        crns = self._unused_crns(count)
        today = timezone.localdate()
        region = Region.objects.create(code=f"bench-{run}", name=f"Bench attendance {run}")
        pdu = ProbationDeliveryUnit.objects.create(region=region, code=f"bench-{run}", name=f"BENCH {run}")
        office = Office.objects.create(
            pdu=pdu, name=f"Bench {run}", postcode="NE1 4XX", latitude=54.97, longitude=-1.61
        )
        # The partners app builds on upw, so its models are looked up rather than imported.
        PartnerOrganisation, Site, Project = (
            apps.get_model("partners", name) for name in ("PartnerOrganisation", "Site", "Project")
        )
        organisation = PartnerOrganisation.objects.create(name=f"Bench {run}", kind="local", region=region)
        site = Site.objects.create(
            organisation=organisation, name=f"Bench {run}", postcode="NE2 1AA", latitude=54.98, longitude=-1.6, pdu=pdu
        )
        sentence = today - dt.timedelta(days=30)
        phones = []
        for n in range(count):
            project = Project.objects.create(
                organisation=organisation,
                site=site,
                name=f"Bench {run} {n}",
                work_type="gardening",
                status="active",
                start_date=today - dt.timedelta(days=60),
            )
            # One project a phone: a project has one session in a slot.
            user = User.objects.create(username=f"bench-{run}-{n}", role=Role.SUPERVISOR)
            supervisor = Supervisor.objects.create(user=user, gender="female", base_office=office)
            session = Session.objects.create(
                project=project,
                date=today - dt.timedelta(days=1),
                start_time=dt.time(9, 0),
                end_time=dt.time(16, 30),
                capacity=8,
            )
            SessionSupervisor.objects.create(session=session, supervisor=supervisor)
            person = Person.objects.create(
                crn=crns[n],
                first_name=f"Bench{n}",
                last_name="Person",
                date_of_birth=dt.date(1990, 1, 1),
                gender="male",
                postcode="NE1 1AD",
                latitude=54.97,
                longitude=-1.61,
                pdu=pdu,
                employment_status="unemployed",
                offence_summary="Bench",
                risk_level="low",
                assessed_on=sentence,
            )
            requirement = Requirement.objects.create(
                person=person,
                order_reference=f"BENCH-{run}-{n}",
                court="Bench Court",
                sentence_date=sentence,
                hours_ordered=100,
                deadline=sentence + dt.timedelta(days=365),
                induction_completed_on=sentence + dt.timedelta(days=3),
            )
            allocation = Allocation.objects.create(requirement=requirement, session=session)
            token, _ = issue_token(user=user, name="bench")
            phones.append({"user": user, "token": token, "allocation": allocation, "day": session.date})
        return phones

    def _unused_crns(self, count: int) -> list[str]:
        """`count` case reference numbers in a run no person has, so the bench runs again and again on
        the same database (each run leaves its region behind)."""
        for _ in range(100):
            start = random.randrange(10**6 - count)
            crns = [f"Z{start + n:06d}" for n in range(count)]
            if not Person.objects.filter(crn__in=crns).exists():
                return crns
        raise CommandError("No free run of case reference numbers for the bench: drop its database's old regions.")

    def _server_env(self, port: int) -> dict:
        """The server runs as production does: DEBUG off (so no query log, no debug pages), whatever
        the command itself runs with. What production must set and a bench cannot have is filled in
        for loopback only: a throwaway secret key, this host, and a local cache when there is no Redis
        (the bench's workers share no throttle that matters)."""
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "upw.settings", "DEBUG": "false"}
        if settings.DEBUG:
            env["SECRET_KEY"] = secrets.token_urlsafe(50)
        env["ALLOWED_HOSTS"] = "127.0.0.1"
        env.setdefault("PUBLIC_URL", f"http://127.0.0.1:{port}")
        env.setdefault("UPW_ALLOW_CONSOLE_EMAIL", "1")
        if not env.get("REDIS_URL"):
            env["UPW_ALLOW_LOCAL_CACHE"] = "1"
        return env

    def _start(self, port: int, workers: int | None) -> list[subprocess.Popen]:
        env = self._server_env(port)
        bin_dir = os.path.dirname(sys.executable)
        web = subprocess.Popen(
            [
                os.path.join(bin_dir, "gunicorn"),
                "--config",
                str(settings.BASE_DIR / "gunicorn.conf.py"),
                "upw.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                *(["--workers", str(workers)] if workers else []),
                "--timeout",
                "60",
                "--log-level",
                "warning",
                "--preload",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            # Its log (a line a request, as in production) goes to a file rather than over the figures.
            stderr=self.server_log,
        )
        servers = [web]
        if settings.CELERY_BROKER_URL and not settings.CELERY_BROKER_URL.startswith("memory://"):
            worker = [os.path.join(bin_dir, "celery"), "-A", "upw", "worker", "--pool", "solo", "--loglevel", "WARNING"]
            servers.append(subprocess.Popen(worker, env=env, stdout=subprocess.DEVNULL, stderr=self.server_log))
        return servers

    def _wait_until_up(self, port: int) -> None:
        """Until the workers answer (a few unauthenticated requests, so the timing starts warm)."""
        deadline = time.monotonic() + 60
        answered = 0
        while time.monotonic() < deadline and answered < 8:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/api/v1/attendance/sessions")
                conn.getresponse().read()
                conn.close()
                answered += 1
            except OSError:
                time.sleep(0.2)
        if answered < 8:
            raise CommandError(f"gunicorn did not start within 60 s: see its log, {self.server_log.name}.")

    def _wait_for_tasks(self, worker_running: bool, limit_s: float = 30.0) -> float:
        """Until the pace refreshes the run queued have been run (none gathered, none on the broker's
        queue, and a moment for the last to finish), so their CPU is counted; at most `limit_s`."""
        if not worker_running:
            return 0.0
        started = time.monotonic()
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
        while time.monotonic() - started < limit_s:
            if not background.gathered_count(REFRESH_GATHERED_PACE) and not broker.llen("celery"):
                time.sleep(0.5)
                break
            time.sleep(0.2)
        return round(time.monotonic() - started, 1)

    def _stop(self, servers: list[subprocess.Popen]) -> None:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    def _cpu_seconds(self, servers: list[subprocess.Popen]) -> dict[str, float]:
        """CPU used so far by the web server (master and workers), the Celery worker, and the database
        backends serving this database (PostgreSQL on this machine), read from /proc. The machine is
        shared, so these say what a request costs where the rates say only what it got."""
        processes = all_processes()
        if not processes:
            return {}
        kinds = {"web": servers[0].pid, "tasks": servers[1].pid if len(servers) > 1 else None}
        children: dict[int, list[int]] = {}
        for pid, (parent, _) in processes.items():
            children.setdefault(parent, []).append(pid)

        def used(pid: int) -> float:
            return processes[pid][1] if pid in processes else 0.0

        def tree(pid: int | None) -> float:
            return 0.0 if pid is None else used(pid) + sum(tree(child) for child in children.get(pid, []))

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            backends = [row[0] for row in cursor.fetchall()]
        seconds = {kind: tree(pid) for kind, pid in kinds.items()}
        seconds["database"] = sum(used(pid) for pid in backends)
        return seconds

    def _cpu_per_request(self, before: dict, after: dict, client_seconds: float, requests: int) -> dict:
        """Milliseconds of CPU a request cost each part during the run, their total, and the rate two
        cores would reach if nothing else ran and CPU were all that limited it."""
        if not requests or not after:
            return {}
        costs = {kind: round(1000 * (after[kind] - before.get(kind, 0.0)) / requests, 2) for kind in after}
        costs["client"] = round(1000 * client_seconds / requests, 2)
        costs["total"] = round(sum(costs.values()), 2)
        costs["cpu_bound_rps_on_2_cores"] = round(2000 / costs["total"], 1) if costs["total"] else 0.0
        return costs

    def _actions(self, phone: dict) -> list[dict]:
        """One phone's requests: each a single action, as a phone syncs when it has signal."""
        day, allocation = phone["day"], phone["allocation"].pk
        tz = timezone.get_default_timezone()

        def at(hour: int, minute: int) -> str:
            return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz).isoformat()

        key = uuid.uuid4().hex
        check_in = {"key": f"{key}-in", "allocation": allocation, "kind": "check_in", "client_at": at(9, 5)}
        check_in["payload"] = {"at": at(9, 0)}
        older = {**check_in, "key": f"{key}-in-old", "client_at": at(9, 1), "payload": {"at": at(9, 30)}}
        check_out = {"key": f"{key}-out", "allocation": allocation, "kind": "check_out", "client_at": at(16, 30)}
        check_out["payload"] = {"at": at(16, 30)}
        outcome = {"key": f"{key}-outcome", "allocation": allocation, "kind": "outcome", "client_at": at(16, 31)}
        outcome["payload"] = GRADES
        return [check_in, check_in, older, check_out, outcome]

    def _run(self, port: int, phones: list[dict], *, time_limit: float, think_ms: int = 0) -> dict:
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        give_up = time.monotonic() + time_limit

        def phone_run(phone: dict) -> None:
            pauses = random.Random(phone["token"])
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Authorization": f"Bearer {phone['token']}", "Content-Type": "application/json"}
            if think_ms:
                # Registers are not opened on the same instant: each phone starts within one pause.
                time.sleep(think_ms * pauses.uniform(0, 1.5) / 1000)
            for action in self._actions(phone):
                if time.monotonic() > give_up:
                    with lock:
                        errors.append("time limit")
                    return
                started = time.perf_counter()
                try:
                    conn.request("POST", "/api/v1/attendance/actions", json.dumps({"actions": [action]}), headers)
                    response = conn.getresponse()
                    body = response.read()
                    ok = response.status == 200 and json.loads(body)["results"][0]["status"] != "rejected"
                    problem = "" if ok else f"{response.status} {body[:200]!r}"
                except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
                    problem = repr(error)
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        errors.append(problem)
                if think_ms:
                    time.sleep(think_ms * pauses.uniform(0.5, 1.5) / 1000)
            conn.close()

        threads = [threading.Thread(target=phone_run, args=(phone,), daemon=True) for phone in phones]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(give_up - time.monotonic(), 0) + 65)
        wall = time.perf_counter() - started
        if errors:
            self.stderr.write(f"first errors: {errors[:3]}")
        ms = [value * 1000 for value in latencies]
        return {
            "clients": len(phones),
            "think_ms": think_ms,
            "requests": len(latencies),
            "errors": len(errors),
            "seconds": round(wall, 2),
            "rps": round(len(latencies) / wall, 1) if wall else 0.0,
            "p50_ms": round(statistics.median(ms), 1) if ms else 0.0,
            "p95_ms": round(_percentile(ms, 0.95), 1),
            "p99_ms": round(_percentile(ms, 0.99), 1),
        }

    def _queries_per_action(self, phone: dict) -> list[int]:
        """The SQL statements each of a phone's actions costs, counted in-process over the whole request
        as the server answers it: the token, the middleware (the log of reads among them), the
        transaction's BEGIN and COMMIT and the history rows, not the service alone. The phone has
        opened its sessions first, as the register page does, so its token is known."""
        client = Client(SERVER_NAME="127.0.0.1")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {phone['token']}"}
        counts = []
        with override_settings(ALLOWED_HOSTS=["127.0.0.1"]):
            client.get(f"/api/v1/attendance/sessions?date={phone['day']}", **headers)
            for action in self._actions(phone):
                with CaptureQueriesContext(connection) as captured:
                    response = client.post(
                        "/api/v1/attendance/actions",
                        json.dumps({"actions": [action]}),
                        content_type="application/json",
                        **headers,
                    )
                if response.status_code != 200 or response.json()["results"][0]["status"] == "rejected":
                    raise CommandError(f"The probe's {action['kind']} failed: {response.content[:200]!r}")
                counts.append(len(captured.captured_queries))
        return counts

    def _ledger_exact(self, allocations: list[Allocation]) -> bool:
        ids = [allocation.pk for allocation in allocations]
        records = AttendanceRecord.objects.filter(allocation_id__in=ids).select_related(
            "allocation__session__project", "allocation__requirement"
        )
        if records.count() != len(ids):
            return False
        for record in records:
            requirement = record.allocation.requirement
            credits = HoursLedgerEntry.objects.filter(attendance=record, requirement=requirement)
            if credits.count() != 1 or record.outcome != "ATTC":
                return False
            if credits.get().minutes != ledger.attendance_credit(attendance=record, requirement=requirement).minutes:
                return False
            total = HoursLedgerEntry.objects.filter(requirement=requirement).aggregate(s=Sum("minutes"))["s"] or 0
            requirement.refresh_from_db()
            if requirement.minutes_credited != total:
                return False
        return True
