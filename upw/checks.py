"""Start-up checks for a production configuration (DEBUG off): each refuses a default that is safe
on a developer's machine and unsafe in service. Django runs them before runserver, migrate and
every management command; upw.wsgi runs them before serving."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "upw_deployment"

# Backends that write a message out (with its invitation link) rather than send it, or drop it.
UNSENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}
LOCAL_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(TAG)
def email_is_sent(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG or settings.UPW_ALLOW_CONSOLE_EMAIL or settings.EMAIL_BACKEND not in UNSENT_EMAIL_BACKENDS:
        return []
    return [
        checks.Error(
            f"Email would be written out, not sent ({settings.EMAIL_BACKEND}), and emails carry "
            "invitation links and personal data.",
            hint="Set EMAIL_BACKEND to a backend that sends mail (for example "
            "django.core.mail.backends.smtp.EmailBackend), or set UPW_ALLOW_CONSOLE_EMAIL=1 if this is meant.",
            id="upw.E001",
        )
    ]


@checks.register(TAG)
def public_url_is_set(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG or settings.PUBLIC_URL:
        return []
    return [
        checks.Error(
            "PUBLIC_URL is not set, so links in emails would have no address.",
            hint="Set PUBLIC_URL to the service's address, for example https://community-payback.example.gov.uk.",
            id="upw.E002",
        )
    ]


@checks.register(TAG)
def cache_is_shared(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or settings.UPW_ALLOW_LOCAL_CACHE or backend not in LOCAL_CACHE_BACKENDS:
        return []
    return [
        checks.Error(
            "The cache is each process's own memory, so rate limits and the double-submit guard "
            "would count each process separately.",
            hint="Set REDIS_URL (for example redis://redis:6379/1), or UPW_ALLOW_LOCAL_CACHE=1 if the "
            "service runs as a single process.",
            id="upw.E003",
        )
    ]


def refuse_unsafe_start() -> None:
    """For servers that do not run Django's checks themselves (gunicorn): stop with the errors."""
    errors = [message for message in checks.run_checks(tags=[TAG]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{error.id}: {error.msg} {error.hint}" for error in errors))
