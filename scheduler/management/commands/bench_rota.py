"""Rota engine benchmark on a synthetic region (no database needed):

    python manage.py bench_rota --supervisors 150 --weeks 4 [--workers 1] [--gap 0.01] [--seed 1]
        [--time-limit 58] [--json out.json]

Prints the workers, the load average, wall and CPU time, objective, proven bound, gap and the
violations the independent checker finds.
"""

import json

from django.core.management.base import BaseCommand

from scheduler.rota.engine.bench import bench, format_row


class Command(BaseCommand):
    help = "Solve a synthetic rota (N supervisors over W weeks) and report wall time, objective, bound, gap."

    def add_arguments(self, parser):
        parser.add_argument("--supervisors", type=int, default=150)
        parser.add_argument("--weeks", type=int, default=4)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--time-limit", type=float, default=58.0, help="solver time limit in seconds")
        parser.add_argument("--workers", type=int, default=2, help="CP-SAT worker threads (num_workers)")
        parser.add_argument(
            "--gap", type=float, default=0.01, help="stop once the rota is within this fraction of the bound"
        )
        parser.add_argument("--json", dest="json_path", help="also write the figures to this JSON file")

    def handle(self, *args, **options):
        row = bench(
            options["supervisors"],
            options["weeks"],
            seed=options["seed"],
            time_limit_s=options["time_limit"],
            relative_gap=options["gap"],
            workers=options["workers"],
        )
        self.stdout.write(format_row(row))
        if options["json_path"]:
            with open(options["json_path"], "w") as f:
                json.dump(row, f, indent=1)
