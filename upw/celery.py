import os
import tempfile

from celery import Celery
from celery.signals import worker_init, worker_process_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upw.settings")

# A worker that serves its own metrics (UPW_WORKER_METRICS_PORT) runs its tasks in child processes,
# which must write their figures where the worker's endpoint adds them up. Set before the metrics
# module loads the Prometheus client, which reads it once.
WORKER_METRICS_PORT = int(os.environ.get("UPW_WORKER_METRICS_PORT") or 0)
if WORKER_METRICS_PORT and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="upw-worker-metrics-")

from upw.operations import metrics  # noqa: E402  (connects the task signals)

app = Celery("upw")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks modules are listed in settings.CELERY_IMPORTS.


@worker_init.connect
def _refuse_unsafe_start(**kwargs) -> None:
    # Workers send the emails, and do not run Django's checks themselves.
    from upw.checks import refuse_unsafe_start

    refuse_unsafe_start()
    if WORKER_METRICS_PORT:
        metrics.serve_worker_metrics(
            port=WORKER_METRICS_PORT, address=os.environ.get("UPW_WORKER_METRICS_ADDRESS", "127.0.0.1")
        )


@worker_process_shutdown.connect
def _forget_child_metrics(pid=None, **kwargs) -> None:
    metrics.process_stopped(pid or os.getpid())
