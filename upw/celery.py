import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upw.settings")

app = Celery("upw")
app.config_from_object("django.conf:settings", namespace="CELERY")
# No autodiscovery: each app's ready() imports its features' tasks modules (see upw/apps.py).
