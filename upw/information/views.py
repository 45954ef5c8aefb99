"""The pages every GOV.UK service links from its footer: accessibility, privacy and cookies.

They are public (the nomination form's users have no account), and they read the figures they state
(how long records are kept, who to contact) from settings, so the pages cannot drift from the service.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


def _contact() -> dict:
    return {
        "support_email": getattr(settings, "UPW_SUPPORT_EMAIL", ""),
        "data_protection_email": getattr(settings, "UPW_DATA_PROTECTION_EMAIL", ""),
    }


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "information/accessibility.html", _contact())


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        **_contact(),
        "retention_years": getattr(settings, "UPW_RETENTION_YEARS_AFTER_ORDER_END", None),
        "access_log_days": getattr(settings, "UPW_ACCESS_LOG_RETENTION_DAYS", None),
    }
    return render(request, "information/privacy.html", context)


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    context = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
    }
    return render(request, "information/cookies.html", context)
