"""`python manage.py bench_intake --rows 5000 [--json out.json]`: a CSV import of new orders at the
largest size allowed, on the configured database. Run it with DEBUG off: with DEBUG on, Django logs every statement.

Makes a region of its own (a delivery unit, a coordinator, postcodes, a few hundred people already
recorded) and a file of `--rows` rows: mostly new people, some with a second order concurrent with
their first, some new orders of the people already recorded. Times the import called directly, then
the same file through an import job (queued as the upload does, its task run here in this process),
each in a transaction that is **always rolled back**, so the database is left as it was; run it on
PostgreSQL with a scratch database all the same. Prints rows, wall_s and queries of each.
"""

import json
import os
import time

from celery import current_app
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from upw.core.access import intake_pdus
from upw.intake import services as intake
from upw.intake.csv_import import MAX_ROWS
from upw.models import (
    ImportJobStatus,
    Person,
    PostcodeDistrict,
    PostcodeUnit,
    ProbationDeliveryUnit,
    Region,
    Requirement,
    Role,
    User,
)

HEADER = (
    "crn,first_name,last_name,date_of_birth,gender,postcode,pdu,order_reference,court,sentence_date,"
    "hours_ordered,order_type,concurrency,linked_order_reference,employment_status\n"
)
# CRNs of the bench's people: a letter and a range no demo or test makes.
CRN_LETTER, FIRST_NUMBER = "Z", 900000
KNOWN_PEOPLE = 300
DISTRICTS = 40  # NE1 to NE40: half the file's postcodes are full postcodes, half only their district


class _Rollback(Exception):
    pass


def _postcode(i: int) -> str:
    return f"NE{i % DISTRICTS + 1} {i % 9 + 1}{'ABDEFGHJLNPQRSTUWXYZ'[i % 20]}{'ABDEFGHJLNPQRSTUWXYZ'[i // 20 % 20]}"


class Command(BaseCommand):
    help = "Benchmarks a CSV import of new orders, directly and as a background job (rolled back)."
    # The checks that refuse an unsafe production configuration (mail, cache) do not concern a bench
    # run with DEBUG off, which it is run with so that Django does not log every statement.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=MAX_ROWS)
        parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this file.")

    def handle(self, *args, **options):
        rows = options["rows"]
        if not 10 <= rows <= MAX_ROWS:
            raise CommandError(f"--rows must be from 10 to {MAX_ROWS}.")
        if Person.objects.filter(crn__startswith=CRN_LETTER, crn__gte=f"{CRN_LETTER}{FIRST_NUMBER}").exists():
            raise CommandError(f"CRNs from {CRN_LETTER}{FIRST_NUMBER} are recorded already: use a scratch database.")
        figures = {"database": connection.vendor, "rows": rows}
        # Every feature's tasks module (some load the engines): once, as a worker does when it starts.
        current_app.loader.import_default_modules()
        for path in ("direct", "job"):
            try:
                with transaction.atomic():
                    figures[path] = self._bench(path, rows)
                    raise _Rollback
            except _Rollback:
                pass
        figures["load_average"] = [round(load, 2) for load in os.getloadavg()]
        self.stdout.write(
            f"{rows} rows on {figures['database']}, load average {' '.join(map(str, figures['load_average']))}"
        )
        for path in ("direct", "job"):
            wall_s, cpu_s, queries = (figures[path][key] for key in ("wall_s", "cpu_s", "queries"))
            self.stdout.write(f"  {path:6}  rows {rows}  wall_s {wall_s:7.2f}  cpu_s {cpu_s:7.2f}  queries {queries}")
        if options["json_path"]:
            with open(options["json_path"], "w", encoding="utf-8") as out:
                json.dump(figures, out, indent=2)
            self.stdout.write(f"Written to {options['json_path']}")

    def _bench(self, path: str, rows: int) -> dict:
        coordinator, content = self._world(rows)
        queries = []

        def count(execute, sql, params, many, context):
            # Counted, not recorded: recording every statement (the debug cursor) would slow the import.
            queries.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started, cpu_started = time.perf_counter(), time.process_time()
            if path == "direct":
                outcome = intake.orders_import(
                    content=content, file_name="bench.csv", by=coordinator, pdus=intake_pdus(coordinator)
                )
                errors, batch = outcome.errors, outcome.batch
            else:
                job = intake.import_job_start(content=content, file_name="bench.csv", by=coordinator)
                # The upload queues the task once it commits; here the transaction is rolled back,
                # so the task is run in this process, as a worker would run it.
                current_app.tasks[intake.RUN_IMPORT_JOB_TASK].apply(args=(job.pk,))
                job.refresh_from_db()
                errors, batch = job.errors, job.batch
                if job.status != ImportJobStatus.DONE and not errors:
                    raise CommandError(f"The job ended {job.status}: {job.failure}")
            wall_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
        if errors:
            raise CommandError(f"The bench file was rejected: {list(errors)[:3]}")
        if batch.requirements_created != rows:
            raise CommandError(f"{batch.requirements_created} orders imported of {rows}.")
        return {
            "wall_s": round(wall_s, 2),
            # This process's own CPU time: on a busy shared machine, wall time also counts the waits.
            "cpu_s": round(cpu_s, 2),
            "queries": len(queries),
            "people_created": batch.people_created,
            "requirements_created": batch.requirements_created,
        }

    def _world(self, rows: int) -> tuple[User, bytes]:
        region = Region.objects.create(code="bench-intake", name="Bench intake")
        pdu = ProbationDeliveryUnit.objects.create(code="bench-intake", name="Bench intake", region=region)
        coordinator = User.objects.create(username="bench-intake-coordinator", role=Role.COORDINATOR)
        coordinator.regions.set([region])
        PostcodeDistrict.objects.bulk_create(
            [
                PostcodeDistrict(district=f"NE{d}", area="NE", latitude=54.9 + d / 1000, longitude=-1.6)
                for d in range(1, DISTRICTS + 1)
                if not PostcodeDistrict.objects.filter(district=f"NE{d}").exists()
            ]
        )
        units = {_postcode(i) for i in range(0, rows, 2)} - set(
            PostcodeUnit.objects.filter(postcode__in=[_postcode(i) for i in range(0, rows, 2)]).values_list(
                "postcode", flat=True
            )
        )
        PostcodeUnit.objects.bulk_create(
            [PostcodeUnit(postcode=p, latitude=54.95, longitude=-1.6) for p in units], batch_size=500
        )
        today = timezone.localdate()
        sentenced = today.replace(day=1) if today.day > 1 else today
        known = [
            Person(
                crn=f"{CRN_LETTER}{FIRST_NUMBER + i}",
                first_name="Known",
                last_name=f"Person{i}",
                date_of_birth=sentenced.replace(year=sentenced.year - 30),
                gender="female",
                postcode=_postcode(i),
                pdu=pdu,
                employment_status="employed",
            )
            for i in range(KNOWN_PEOPLE)
        ]
        Person.objects.bulk_create(known, batch_size=500)
        Requirement.objects.bulk_create(
            [
                Requirement(
                    person=person,
                    order_reference="OLD/1",
                    court="Bench Court",
                    sentence_date=sentenced.replace(year=sentenced.year - 1),
                    hours_ordered=80,
                    deadline=sentenced.replace(year=sentenced.year + 1),
                    induction_completed_on=sentenced.replace(year=sentenced.year - 1),
                )
                for person in known
            ],
            batch_size=500,
        )
        lines = [HEADER]
        sentence = sentenced.isoformat()
        for i in range(rows):
            if i < KNOWN_PEOPLE // 2:  # a new order of someone recorded already, concurrent with theirs
                crn, name, dob, order, concurrency, linked = (
                    f"{CRN_LETTER}{FIRST_NUMBER + i}",
                    ("Known", f"Person{i}"),
                    known[i].date_of_birth.isoformat(),
                    "NEW/1",
                    "concurrent",
                    "OLD/1",
                )
            elif i % 10 == 9:  # the second order of the person on the row before, concurrent with it
                crn, name, dob, order, concurrency, linked = (
                    f"{CRN_LETTER}{FIRST_NUMBER + KNOWN_PEOPLE + i - 1}",
                    ("New", f"Person{i - 1}"),
                    "1990-05-01",
                    "UPW/2",
                    "concurrent",
                    "UPW/1",
                )
            else:
                crn, name, dob, order, concurrency, linked = (
                    f"{CRN_LETTER}{FIRST_NUMBER + KNOWN_PEOPLE + i}",
                    ("New", f"Person{i}"),
                    "1990-05-01",
                    "UPW/1",
                    "single",
                    "",
                )
            lines.append(
                f"{crn},{name[0]},{name[1]},{dob},F,{_postcode(i)},bench-intake,{order},Bench Court,{sentence},"
                f"{40 + i % 200},CO,{concurrency},{linked},unemployed\n"
            )
        return coordinator, "".join(lines).encode()
