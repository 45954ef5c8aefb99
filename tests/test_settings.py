"""Settings come from the environment, and are production-safe when DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Set by upw.settings_test for the suite's own process; a started Django must not inherit them.
TEST_ONLY_ALLOWANCES = {"UPW_ALLOW_LOCAL_CACHE", "UPW_ALLOW_CONSOLE_EMAIL", "PUBLIC_URL", "REDIS_URL", "EMAIL_BACKEND"}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", *TEST_ONLY_ALLOWANCES}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "upw.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django("pass", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_defaults_to_sqlite_and_in_process_tasks():
    result = run_django(
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        DEBUG="true",
        CELERY_BROKER_URL="",
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_it_reads_the_database_and_broker_from_the_environment():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CELERY_TASK_ALWAYS_EAGER)",
        DEBUG="true",
        DATABASE_URL="postgres://u:p@db.example:5432/upwprod",
        CELERY_BROKER_URL="redis://broker.example:6379/0",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "upwprod", "False"]


def test_postgresql_connections_switch_jit_off_unless_asked():
    show = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
    url = "postgres://u:p@db.example:5432/upwprod"
    assert run_django(show, DEBUG="true", DATABASE_URL=url).stdout.strip() == "-c jit=off"
    assert run_django(show, DEBUG="true", DATABASE_URL=url, DATABASE_JIT="true").stdout.strip() == ""


def test_it_passes_the_deployment_checks_when_debug_is_off():
    result = run_django(
        "from django.core.management import call_command; call_command('check', '--deploy', '--fail-level', 'WARNING')",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="upw.example.org",
        SECURE_SSL_REDIRECT="true",
        DATABASE_URL="sqlite:////tmp/upw-check.sqlite3",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        PUBLIC_URL="https://upw.example.org",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr


def test_it_sends_secure_cookies_hsts_and_a_content_security_policy_when_debug_is_off():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])",
        DEBUG="false",
        SECRET_KEY="x" * 60,
    )
    assert result.stdout.startswith("True True 31536000"), result.stderr
    assert "'self'" in result.stdout
