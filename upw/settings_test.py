"""Settings for the test suite: the real settings, made fast and deterministic."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("AXES_ENABLED", "false")
# The suite runs with DEBUG off, as production does, in one process and with email kept in memory.
os.environ.setdefault("UPW_ALLOW_LOCAL_CACHE", "1")
os.environ.setdefault("UPW_ALLOW_CONSOLE_EMAIL", "1")
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:8000")
# The suite signs in with a password; the second factor's own tests switch it on.
os.environ.setdefault("UPW_MFA_ENFORCED", "false")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
# The suite runs tasks in-process; the Celery test starts a real worker on the real broker itself.
CELERY_TASK_ALWAYS_EAGER = True
# No collectstatic in the suite: serve static files from the finders, as in development.
WHITENOISE_AUTOREFRESH = True
