"""Prometheus metrics: request latency by view, Celery task durations and failures, solver runs.

Labels are names from code (view names, task names, outcomes), never values from a request, so the
number of series stays bounded and no personal data reaches the metrics.

Under gunicorn each worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py
sets it), the workers write their figures to files there and the endpoint adds them up.
"""

from __future__ import annotations

import os
import time

from celery import signals
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

# The Celery tasks that run an engine (their names are the wire format, so they do not change).
SOLVER_TASKS = {
    "scheduler.tasks.run_matching": "matching",
    "scheduler.rota_tasks.run_rota": "rota",
}

REQUEST_SECONDS = Histogram(
    "upw_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RESPONSES = Counter("upw_http_responses_total", "Responses, by view and status code.", ["view", "method", "status"])
TASK_SECONDS = Histogram(
    "upw_celery_task_duration_seconds",
    "Time a Celery task ran, by task and outcome.",
    ["task", "outcome"],
    buckets=(0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600),
)
TASK_FAILURES = Counter("upw_celery_task_failures_total", "Celery tasks that raised, by task.", ["task"])
SOLVER_RUNS = Counter("upw_solver_runs_total", "Engine runs finished, by kind and run status.", ["kind", "status"])
SOLVER_SECONDS = Histogram(
    "upw_solver_run_duration_seconds",
    "Time an engine run's task took, by kind.",
    ["kind"],
    buckets=(1, 5, 10, 30, 60, 120, 300, 600, 1200),
)


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(view=view, method=method).observe(seconds)
    RESPONSES.labels(view=view, method=method, status=str(status)).inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, added up over the processes when there are several."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


# --- Celery ------------------------------------------------------------------------------------------

_task_started: dict[str, float] = {}


@signals.task_prerun.connect(weak=False)
def _task_prerun(task_id=None, **kwargs) -> None:
    _task_started[task_id] = time.perf_counter()


@signals.task_failure.connect(weak=False)
def _task_failure(sender=None, **kwargs) -> None:
    TASK_FAILURES.labels(task=getattr(sender, "name", "unknown")).inc()


@signals.task_postrun.connect(weak=False)
def _task_postrun(task_id=None, task=None, retval=None, state=None, **kwargs) -> None:
    started = _task_started.pop(task_id, None)
    if started is None or task is None:
        return
    seconds = time.perf_counter() - started
    TASK_SECONDS.labels(task=task.name, outcome=(state or "unknown").lower()).observe(seconds)
    kind = SOLVER_TASKS.get(task.name)
    if kind:
        # The run's own status: a solver failure is recorded on the run, not raised by the task.
        status = retval.get("status", "unknown") if isinstance(retval, dict) else "error"
        SOLVER_RUNS.labels(kind=kind, status=status).inc()
        SOLVER_SECONDS.labels(kind=kind).observe(seconds)


def serve_worker_metrics(*, port: int, address: str) -> None:
    """A Celery worker's own metrics endpoint (the web's /metrics covers the web processes)."""
    from prometheus_client import start_http_server

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(port, addr=address, registry=registry)


def process_stopped(pid: int) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid)
