"""gunicorn's settings for the web process (`make serve`; docs/deploy.md). Each can be overridden
from the environment: GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT."""

import gc
import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
wsgi_app = "upw.wsgi:application"

# Two single-threaded worker processes a core (gunicorn's sync worker), each taking a connection
# from the listening socket only when it is free: requests are then answered in the order they
# came, whichever process is free first. Threaded workers (GUNICORN_THREADS above 1, gunicorn's
# gthread) keep each client's connection in the process that first accepted it and take whatever
# arrives: measured with `bench_attendance --clients 200` on 2 cores, 2 x 4 threads answered about
# as many requests a second, but left some phones waiting far longer than others (p95 1.5-1.8 times
# p50, against 1.2-1.3 times at 4 sync workers). A sync worker is held while a slow client sends its
# request or reads the answer, so run it behind a proxy that buffers both (docs/deploy.md).
# The cores this process may run on (a container's cpuset), not the host's.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)))
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
# A worker silent this long is killed and replaced; heavy work belongs on Celery, not in a request.
# A sync worker is silent for the whole of a request, so this bounds every request (the slowest page
# takes about a second; imports and plans run on Celery).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
keepalive = 5  # the threaded worker's only: a sync worker closes the connection after each answer
# Workers are replaced now and then, so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10
# Heartbeat files on memory, not disk: a slow disk would otherwise look like a hung worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn's control socket sits at one path per user by default, which two servers on a machine
# would share; nothing here uses it.
control_socket_disable = True

# JSON lines on standard output and error, like the application's own log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logger_class = "upw.operations.gunicorn_logging.JsonAccessLogger"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "upw.operations.logging.JsonLogFormatter"}},
    "filters": {"request_context": {"()": "upw.operations.logging.RequestContextFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

# Metrics: each worker writes its figures to files here, and /metrics adds them up over workers.
# Set before any worker loads the Prometheus client, which reads it once.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="upw-web-metrics-")


def on_starting(server) -> None:
    # Figures from an earlier run of the server would otherwise be added in.
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# The application (Django, the API's schemas, the models, the compiled URLs: about 230,000 objects)
# lives as long as the worker. Left to the garbage collector, a fresh worker walks all of it in a
# full collection within its first hundred requests (about 0.1 s of CPU), and after a fork that
# also copies every page it touches, as the collector writes into each object. Frozen once loaded,
# they are never walked again; what requests create is collected as before.
def post_worker_init(worker) -> None:
    if not worker.cfg.preload_app:
        # The import's own garbage, before what is left is frozen for good. Not after a fork: the
        # holes it leaves in pages shared with the master would be filled, and so copied.
        gc.collect()
    gc.freeze()
