import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upw.settings")

app = Celery("upw")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks modules are listed in settings.CELERY_IMPORTS.


@worker_init.connect
def _refuse_unsafe_start(**kwargs) -> None:
    # Workers send the emails, and do not run Django's checks themselves.
    from upw.checks import refuse_unsafe_start

    refuse_unsafe_start()
