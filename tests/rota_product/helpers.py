from scheduler.models import RotaRun
from scheduler.rota import services


def start_run(rw, capture, user=None, **kwargs) -> RotaRun:
    """A rota run for next week, executed as its Celery task is (eager) when the transaction commits."""
    kwargs.setdefault("time_limit_s", 5)
    with capture(execute=True):
        run = services.run_create(
            user=user or rw.world.cora, region=rw.north_east, start_date=rw.monday, end_date=rw.sunday, **kwargs
        )
    run.refresh_from_db()
    return run


def pairs(run) -> set[tuple[int, int]]:
    return set(run.assignments.values_list("session_id", "supervisor_id"))
