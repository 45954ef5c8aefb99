import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upw.settings")

app = Celery("upw")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks modules are listed in settings.CELERY_IMPORTS.
