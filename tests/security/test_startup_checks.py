"""With DEBUG off the service refuses to start on a developer's defaults: email written to the logs,
no public address for links, a cache that each process keeps to itself."""

from django.core import checks

from tests.test_settings import run_django
from upw.checks import TAG

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "upw.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "PUBLIC_URL": "https://upw.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}
ERROR_IDS = "from django.core import checks; print(sorted(m.id for m in checks.run_checks(tags=['upw_deployment'])))"


def _error_ids(**changes: str) -> str:
    result = run_django(ERROR_IDS, **{**PRODUCTION, **changes})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_production_configuration_passes():
    assert _error_ids() == "[]"


def test_it_refuses_console_email_with_debug_off():
    assert _error_ids(EMAIL_BACKEND="") == "['upw.E001']"
    assert _error_ids(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend") == "['upw.E001']"


def test_console_email_is_allowed_when_asked_for():
    assert _error_ids(EMAIL_BACKEND="", UPW_ALLOW_CONSOLE_EMAIL="1") == "[]"


def test_it_requires_a_public_url_with_debug_off():
    assert _error_ids(PUBLIC_URL="") == "['upw.E002']"


def test_it_refuses_a_per_process_cache_with_debug_off_unless_allowed():
    assert _error_ids(REDIS_URL="") == "['upw.E003']"
    assert _error_ids(REDIS_URL="", UPW_ALLOW_LOCAL_CACHE="1") == "[]"


def test_development_needs_none_of_it():
    result = run_django(ERROR_IDS, DEBUG="true")
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_management_commands_refuse_to_run_on_an_unsafe_configuration():
    result = run_django(
        "from django.core.management import call_command; call_command('check')", **{**PRODUCTION, "PUBLIC_URL": ""}
    )
    assert result.returncode != 0
    assert "upw.E002" in result.stderr


def test_the_web_server_refuses_to_start_on_an_unsafe_configuration():
    result = run_django("import upw.wsgi", **{**PRODUCTION, "EMAIL_BACKEND": ""})
    assert result.returncode != 0
    assert "upw.E001" in result.stderr and "UPW_ALLOW_CONSOLE_EMAIL" in result.stderr
    assert run_django("import upw.wsgi", **PRODUCTION).returncode == 0


def test_the_test_settings_pass_the_checks():
    assert [m for m in checks.run_checks(tags=[TAG]) if m.is_serious()] == []
