"""Settings for upw, read from the environment with safe defaults.

With nothing set, the service runs on a SQLite file and runs background tasks in-process, so a
new machine needs no database server or broker. Production sets DATABASE_URL, CELERY_BROKER_URL,
SECRET_KEY and ALLOWED_HOSTS, and leaves DEBUG off.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "upw",
    "partners",
    "scheduler",
]

MIDDLEWARE = [
    # First, so every response carries a request id and the probes answer before sign-in is asked.
    "upw.operations.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "upw.operations.middleware.RequestUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out an idle session, then holds a signed-in user at the second factor until it is given.
    "upw.web.idle_timeout.IdleTimeoutMiddleware",
    "upw.web.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy every answer without a nonce shares built once (upw.web.content_security).
    "upw.web.content_security.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Logs the people each request read (DPA 2018 s.62); after authentication, to know who read them.
    "upw.web.audit_middleware.PersonalDataReadsMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "upw.urls"
WSGI_APPLICATION = "upw.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "upw.web.context_processors.service",
            ],
            # Features keep their template tags in their own package, so those are registered by name
            # (upw_tags, used by every page, is found in upw/templatetags/ as usual).
            "libraries": {
                "attendance_tags": "upw.attendance.templatetags",
                "intake_tags": "upw.intake.templatetags",
            },
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a background job writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql") and not env_bool("DATABASE_JIT", False):
    # The pages' queries are short, but their correlated subqueries make PostgreSQL's cost estimates
    # large enough to switch on JIT compilation, which then takes longer than the query (a third of a
    # second a query). DATABASE_JIT=true gives it back, e.g. for a reporting replica.
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    database_options["options"] = f"{database_options.get('options', '')} -c jit=off".strip()
# The register's two reads are kept prepared on each PostgreSQL connection (upw.core.prepared), so
# they are planned once per connection. Behind a pooler in transaction mode that cannot keep prepared
# statements (PgBouncer before 1.22, or without max_prepared_statements), set this to false.
DATABASE_SERVER_PREPARED = env_bool("DATABASE_SERVER_PREPARED", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "upw.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
# Failures count per username and address (AXES_FAILURE_LIMIT) and per address alone, with a higher
# limit, so that one address trying a few passwords on each of many accounts is locked out too.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "upw.accounts.throttle.AddressLimitedAxesHandler"
AXES_LOCKOUT_CALLABLE = "upw.accounts.views.locked_out"
# A second factor (TOTP, with recovery codes) at sign-in. On by default in production; off with
# DEBUG so that the demo signs in with a password alone.
UPW_MFA_ENFORCED = env_bool("UPW_MFA_ENFORCED", not DEBUG)
# Roles that must set up a second factor; other roles may choose to.
UPW_MFA_REQUIRED_ROLES = env_list("UPW_MFA_REQUIRED_ROLES", "coordinator,admin")
# Wrong codes allowed before code entry is refused for UPW_MFA_LOCKOUT_MINUTES.
UPW_MFA_MAX_ATTEMPTS = env_int("UPW_MFA_MAX_ATTEMPTS", 5)
UPW_MFA_LOCKOUT_MINUTES = env_int("UPW_MFA_LOCKOUT_MINUTES", 15)
OTP_TOTP_ISSUER = os.environ.get("SERVICE_NAME", "Community Payback")
# A signed-in session ends after this long without a request: office roles, and supervisors and
# partners (a supervisor's phone stays signed in through a working day on site).
UPW_IDLE_TIMEOUT_MINUTES = env_int("UPW_IDLE_TIMEOUT_MINUTES", 30)
UPW_IDLE_TIMEOUT_SUPERVISOR_MINUTES = env_int("UPW_IDLE_TIMEOUT_SUPERVISOR_MINUTES", 600)
# Axes prints a banner on every manage.py command otherwise.
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = Path(os.environ.get("NODE_MODULES", BASE_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("leaflet", NODE_MODULES / "leaflet" / "dist"),
    BASE_DIR / "static",
]
# GOV.UK Frontend's compiled CSS refers to its fonts and images at /assets/, so that folder is
# served from the site root as well.
WHITENOISE_ROOT = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Security. Cookies are secure and HSTS is on whenever DEBUG is off; SSL redirect is left to the
# proxy unless asked for.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading binds the whole domain to HTTPS for good, so it is the operator's decision.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
# Proxies of our own in front of the service: the client is the address the outermost of them saw
# (the Nth X-Forwarded-For entry from the right); entries further left are the client's to forge.
# BEHIND_PROXY alone means one. Throttles, axes and the audit log all read upw.core.client_address.
UPW_TRUSTED_PROXY_COUNT = env_int("UPW_TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_PROXY", False) else 0)
AXES_CLIENT_IP_CALLABLE = "upw.core.client_address.client_address"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

# The reports' zoomable map draws on tiles from this URL template (for example an OS Maps or
# OpenStreetMap tile server: "https://tiles.example/{z}/{x}/{y}.png"). Empty means no tiles: the
# delivery units and projects on a plain background, with the tables beside them. The tiles' origin
# is added to the CSP's img-src.
UPW_MAP_TILE_URL = os.environ.get("UPW_MAP_TILE_URL", "")
UPW_MAP_TILE_ATTRIBUTION = os.environ.get("UPW_MAP_TILE_ATTRIBUTION", "")
if UPW_MAP_TILE_URL:
    _tiles = urlsplit(UPW_MAP_TILE_URL)
    # Leaflet's "{s}" picks one of several subdomains: allow them all.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}")

# Background work. Without a broker, tasks run in-process so the embedded default needs nothing.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died (killed, out of memory) goes back on the queue instead of being
# lost; the runs it drives are restartable (scheduler.matching.services.run_execute).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this long, so it must be longer than
# any task runs (UPW_MAX_RUN_SECONDS, with the build and checks around the engine).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_S", 2 * 60 * 60)}
CELERY_TIMEZONE = TIME_ZONE
# Workers log through LOGGING below (JSON lines), not a format of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Each feature's tasks module. Workers import them when they start; a web process imports them the
# first time a service queues a task (upw.core.background), so starting Django does not load the engines.
CELERY_IMPORTS = (
    "upw.people.tasks",
    "upw.intake.tasks",
    "upw.attendance.tasks",
    "upw.reminders.tasks",
    "upw.reports.tasks",
    "upw.audit.tasks",
    "upw.retention.tasks",
    "partners.schedule.tasks",
    "partners.retention.tasks",
    "scheduler.matching.tasks",
    "scheduler.rota.tasks",
    "scheduler.standing.tasks",
)

# The cache holds the throttles, lockouts and the double-submit guard, so all processes must share
# it: Redis at REDIS_URL. Without it each process has its own memory, which lets a limit through
# once per process; a system check (upw.checks) refuses that with DEBUG off unless
# UPW_ALLOW_LOCAL_CACHE says there is only one process.
REDIS_URL = os.environ.get("REDIS_URL", "")
UPW_ALLOW_LOCAL_CACHE = env_bool("UPW_ALLOW_LOCAL_CACHE", False)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "upw"),
            # A Redis that stops answering fails a request in seconds rather than hanging it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Geocoding: postcodes resolve from the local table first; an online geopy geocoder is used only
# when named here (e.g. "nominatim"), never by default.
GEOCODER_FALLBACK = os.environ.get("GEOCODER_FALLBACK", "")
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "upw-community-payback")

# Service display. The crown and GDS Transport font are for government domains only.
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Community Payback")
# Shown on the accessibility statement and privacy notice; left empty, they point people to their
# probation practitioner instead.
UPW_SUPPORT_EMAIL = os.environ.get("UPW_SUPPORT_EMAIL", "")
UPW_DATA_PROTECTION_EMAIL = os.environ.get("UPW_DATA_PROTECTION_EMAIL", "")
GOVUK_BRANDING = env_bool("GOVUK_BRANDING", False)

# Domain policy settings (domain.md): figures that are policy rather than law.
# Days an API token issued at sign-in lasts (0: until revoked).
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 30)
# Seconds a token's user is kept in the shared cache between requests (upw.core.tokens); revoking the
# token or saving the user drops it at once. 0 reads the token from the database on every request.
API_TOKEN_CACHE_SECONDS = env_int("API_TOKEN_CACHE_SECONDS", 60)

UPW = {
    "COMPLETION_WINDOW_MONTHS": env_int("UPW_COMPLETION_WINDOW_MONTHS", 12),
    "MIN_HOURS": 40,
    "MAX_HOURS": 300,
    "WEEKLY_MINIMUM_MINUTES": env_int("UPW_WEEKLY_MINIMUM_MINUTES", 7 * 60),
    "STANDARD_WEEKLY_MAXIMUM_MINUTES": env_int("UPW_STANDARD_WEEKLY_MAXIMUM_MINUTES", 21 * 60),
    "INTENSIVE_WEEKLY_MAXIMUM_MINUTES": env_int("UPW_INTENSIVE_WEEKLY_MAXIMUM_MINUTES", 28 * 60),
    "ETE_CAP_PERCENT": env_int("UPW_ETE_CAP_PERCENT", 30),
    "GROUP_SIZE": env_int("UPW_GROUP_SIZE", 8),
    # Most people on a session with someone needing close supervision (a smaller group).
    "CLOSE_SUPERVISION_GROUP_SIZE": env_int("UPW_CLOSE_SUPERVISION_GROUP_SIZE", 4),
    "NEVER_ONLY_WOMAN_IN_MIXED_GROUP": env_bool("UPW_NEVER_ONLY_WOMAN_IN_MIXED_GROUP", True),
    "AT_RISK_MARGIN_DAYS": env_int("UPW_AT_RISK_MARGIN_DAYS", 0),
    # Attendance and hours. Rounding down of credited minutes (15: to the quarter hour) is
    # off by default; an unpaid break is taken off a day on site of at least BREAK_AFTER_MINUTES.
    "CREDIT_ROUNDING_MINUTES": env_int("UPW_CREDIT_ROUNDING_MINUTES", 0),
    "BREAK_AFTER_MINUTES": env_int("UPW_BREAK_AFTER_MINUTES", 6 * 60),
    "WARNING_WINDOW_MONTHS": env_int("UPW_WARNING_WINDOW_MONTHS", 12),
    "BREACH_RESPOND_BY_DAYS": env_int("UPW_BREACH_RESPOND_BY_DAYS", 10),
    "REVIEW_INTERVAL_WEEKS": env_int("UPW_REVIEW_INTERVAL_WEEKS", 8),
    # Intake: targets from sentence to induction and to the first working session (7 days
    # in 2011 policy; no current national target), and the reviews brought forward by a warning or
    # by falling behind pace. The review interval itself is REVIEW_INTERVAL_WEEKS above.
    "TARGET_DAYS_TO_INDUCTION": env_int("UPW_TARGET_DAYS_TO_INDUCTION", 5),
    "TARGET_DAYS_TO_FIRST_SESSION": env_int("UPW_TARGET_DAYS_TO_FIRST_SESSION", 7),
    "REVIEW_DUE_SOON_DAYS": env_int("UPW_REVIEW_DUE_SOON_DAYS", 7),
    # The order's life (docs/order-life.md). With COMPLETION_WINDOW_MONTHS at 0 (Sentencing Act
    # 2026 s.36) there is no statutory deadline: pace aims at sentence plus NO_WINDOW_TARGET_MONTHS.
    "NO_WINDOW_TARGET_MONTHS": env_int("UPW_NO_WINDOW_TARGET_MONTHS", 12),
    # Check-in and check-out times lie on the session's day, give or take this margin, never ahead
    # of the clock by more than the allowance for a phone's clock.
    "ATTENDANCE_TIME_MARGIN_MINUTES": env_int("UPW_ATTENDANCE_TIME_MARGIN_MINUTES", 120),
    "CLOCK_SKEW_MINUTES": env_int("UPW_CLOCK_SKEW_MINUTES", 5),
    # Sessions this many days back, or fewer, with people booked and no outcome are overdue outcomes.
    "OVERDUE_OUTCOME_DAYS": env_int("UPW_OVERDUE_OUTCOME_DAYS", 45),
    # Travel time (and time in the van from a pick-up point) is credited apart, at most this per session.
    "TRAVEL_MAX_MINUTES_PER_SESSION": env_int("UPW_TRAVEL_MAX_MINUTES_PER_SESSION", 180),
    # Earned reduction (Sentencing Act 2026 s.37): after THRESHOLD% of the hours are worked with no
    # enforceable outcome, each further hour takes MINUTES_PER_HOUR off the hours owed, CAP% at most.
    "EARNED_REDUCTION_ENABLED": env_bool("UPW_EARNED_REDUCTION_ENABLED", True),
    "EARNED_REDUCTION_THRESHOLD_PERCENT": env_int("UPW_EARNED_REDUCTION_THRESHOLD_PERCENT", 25),
    "EARNED_REDUCTION_MINUTES_PER_HOUR": env_int("UPW_EARNED_REDUCTION_MINUTES_PER_HOUR", 30),
    "EARNED_REDUCTION_CAP_PERCENT": env_int("UPW_EARNED_REDUCTION_CAP_PERCENT", 25),
    "EARNED_REDUCTION_ORDER_TYPES": env_list("UPW_EARNED_REDUCTION_ORDER_TYPES", "community_order,suspended_sentence"),
    # Adjustments by hand: the reasons a coordinator may choose and the most minutes each may move.
    "ADJUSTMENT_MAX_MINUTES": {
        "court_variation": env_int("UPW_ADJUSTMENT_MAX_COURT_VARIATION", 300 * 60),
        "hours_worked_elsewhere": env_int("UPW_ADJUSTMENT_MAX_WORKED_ELSEWHERE", 300 * 60),
        "correction": env_int("UPW_ADJUSTMENT_MAX_CORRECTION", 14 * 60),
        "other": env_int("UPW_ADJUSTMENT_MAX_OTHER", 7 * 60),
    },
    # Reports: how long a group of figures is kept in the cache (never past the day it was worked out).
    "REPORTS_CACHE_SECONDS": env_int("UPW_REPORTS_CACHE_SECONDS", 3600),
}

PAGE_SIZE = env_int("PAGE_SIZE", 25)
# A region's week of sessions runs to a thousand and more: pages of this many, grouped by day.
SESSION_WEEK_PAGE_SIZE = env_int("SESSION_WEEK_PAGE_SIZE", 100)

# Partner portal. Email goes to the console unless an SMTP backend is configured, or
# through GOV.UK Notify when NOTIFY_API_KEY is set (one email template with ((subject)) and ((body))).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
# Emails carry invitation links and personal data, so with DEBUG off a system check (upw.checks)
# refuses a backend that writes them to the logs unless this says it is meant.
UPW_ALLOW_CONSOLE_EMAIL = env_bool("UPW_ALLOW_CONSOLE_EMAIL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "community-payback@localhost")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
# Letters to people on probation go as a file to download, by a template with ((name)), ((letter))
# and ((link_to_file)).
NOTIFY_LETTER_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_LETTER_EMAIL_TEMPLATE_ID", "")
# Used in links sent by email when there is no request to build them from (Celery tasks).
# No default in production (a system check asks for it): a wrong one sends people to another site.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
UPW_SESSION_HORIZON_WEEKS = env_int("UPW_SESSION_HORIZON_WEEKS", 8)
# People whose session was stood down on a date this many days back or later are offered first by the
# next matching run (the engine's `stood_down` weight); 0 turns it off.
UPW_STOOD_DOWN_PRIORITY_DAYS = env_int("UPW_STOOD_DOWN_PRIORITY_DAYS", 14)
UPW_INVITATION_DAYS = env_int("UPW_INVITATION_DAYS", 7)
# A password reset link works once, for this long. Links asked for are limited per email address
# and per client address in an hour, counted whether or not an account uses the address.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_MINUTES", 60) * 60
UPW_PASSWORD_RESETS_PER_EMAIL_PER_HOUR = env_int("UPW_PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 3)
UPW_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env_int("UPW_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 10)
UPW_NOMINATIONS_PER_HOUR = env_int("UPW_NOMINATIONS_PER_HOUR", 5)
UPW_UPLOAD_MAX_MB = env_int("UPW_UPLOAD_MAX_MB", 10)
# A partner user sees the people due on their individual placements only from this many days back
# to this many ahead: enough to run and catch up a register, not a history of anyone's order.
UPW_PARTNER_REGISTER_DAYS_BACK = env_int("UPW_PARTNER_REGISTER_DAYS_BACK", 7)
UPW_PARTNER_REGISTER_DAYS_AHEAD = env_int("UPW_PARTNER_REGISTER_DAYS_AHEAD", 14)
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["partners-fill-session-horizon"] = {
    "task": "partners.tasks.fill_session_horizon",
    "schedule": 6 * 60 * 60,  # every six hours; the task is idempotent
}
# Standing allocations book their dates ahead nightly, once the horizon is filled (the task fills it
# first itself, so the order of the two beats does not matter).
CELERY_BEAT_SCHEDULE["scheduler-book-standing-allocations"] = {
    "task": "scheduler.standing.book_standing_allocations",
    "schedule": crontab(hour=1, minute=30),
}

# Attendance, pace and reminders. Reminders the day before a session go to the console
# by default, through GOV.UK Notify when UPW_NOTIFY_BACKEND is "notify" (the default once
# NOTIFY_API_KEY is set); each channel has its own Notify template with ((name)) and ((session)).
UPW_NOTIFY_BACKEND = os.environ.get("UPW_NOTIFY_BACKEND", "notify" if os.environ.get("NOTIFY_API_KEY") else "console")
NOTIFY_REMINDER_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_REMINDER_SMS_TEMPLATE_ID", "")
NOTIFY_REMINDER_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_REMINDER_EMAIL_TEMPLATE_ID", "")
CELERY_BEAT_SCHEDULE["upw-refresh-pace-flags"] = {
    "task": "upw.attendance_tasks.refresh_pace_flags",
    "schedule": crontab(hour=2, minute=15),
}
# The log of reads of personal data (DPA 2018 s.62) is kept this many days (7 years), then purged nightly.
UPW_ACCESS_LOG_RETENTION_DAYS = env_int("UPW_ACCESS_LOG_RETENTION_DAYS", 2557)
CELERY_BEAT_SCHEDULE["upw-purge-expired-reads"] = {
    "task": "upw.audit_tasks.purge_expired_reads",
    "schedule": crontab(hour=3, minute=30),
}
# Retention: people are erased (upw.retention) once every order of theirs ended this many years ago,
# and public nominations lose their nominator's details and photo this many years after they were
# made. A default to confirm against the records retention schedule in force; 0 turns erasure off.
UPW_RETENTION_YEARS_AFTER_ORDER_END = env_int("UPW_RETENTION_YEARS_AFTER_ORDER_END", 6)
CELERY_BEAT_SCHEDULE["upw-anonymise-people-past-retention"] = {
    "task": "upw.retention.anonymise_people_past_retention",
    "schedule": crontab(hour=3, minute=0),
}
CELERY_BEAT_SCHEDULE["partners-anonymise-nominations-past-retention"] = {
    "task": "partners.retention.anonymise_nominations_past_retention",
    "schedule": crontab(hour=3, minute=10),
}
# Reports: last month's headline figures to each region's coordinators and to national leads.
CELERY_BEAT_SCHEDULE["upw-reports-monthly-summaries"] = {
    "task": "upw.reports.send_monthly_summaries",
    "schedule": crontab(day_of_month=1, hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["upw-reports-warm-cache"] = {
    "task": "upw.reports.warm_cache",
    "schedule": crontab(minute=5),  # hourly, as the cached figures expire
}
CELERY_BEAT_SCHEDULE["upw-send-session-reminders"] = {
    "task": "upw.attendance_tasks.send_session_reminders",
    "schedule": crontab(hour=17, minute=0),  # the afternoon before each session
}

# Supervisor rotas. People per supervisor by project type (a project's own, stricter
# supervision_ratio wins); individual and ETE placements are supervised by the partner. Travel from
# the home office is a soft cost; UPW_ROTA_MAX_TRAVEL_KM > 0 makes it a hard limit too.
# The longest time limit a matching or rota run may ask the engine for (one run of each kind per
# region at a time; scheduler.run_limits).
UPW_MAX_RUN_SECONDS = env_int("UPW_MAX_RUN_SECONDS", 300)
UPW_ROTA = {
    "RATIOS": {
        "group": env_int("UPW_ROTA_GROUP_RATIO", UPW["GROUP_SIZE"]),
        "induction": env_int("UPW_ROTA_INDUCTION_RATIO", 12),
    },
    "MAX_TRAVEL_KM": env_int("UPW_ROTA_MAX_TRAVEL_KM", 0) or None,
    "TIME_LIMIT_S": env_int("UPW_ROTA_TIME_LIMIT_S", 20),
    # CP-SAT threads per rota run: one is the most CPU-efficient on a busy, shared machine; and the run
    # stops once its rota is within this many percent of the best possible (0: only at the time limit).
    "WORKERS": env_int("UPW_ROTA_WORKERS", 1),
    "GAP_PERCENT": env_int("UPW_ROTA_GAP_PERCENT", 1),
    "MAX_RUN_DAYS": env_int("UPW_ROTA_MAX_RUN_DAYS", 28),
    # Objective weights (scheduler.rota.engine.Weights): per weekend beyond the fair share, per 10 km
    # travelled, per change from the published rota when repairing it.
    "WEEKEND_FAIRNESS": env_int("UPW_ROTA_WEEKEND_FAIRNESS", 30),
    "TRAVEL_PER_10KM": env_int("UPW_ROTA_TRAVEL_PER_10KM", 2),
    "CHANGE": env_int("UPW_ROTA_CHANGE_WEIGHT", 40),
}

# Operations: logs, metrics and error reports (upw.operations; docs/deploy.md).
# Logs are one JSON object a line, with the request id and user id, unless LOG_FORMAT=text (the
# default with DEBUG, for reading in a terminal).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "upw.operations.logging.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "upw.operations.logging.JsonLogFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print its lines a second time, before the filter that
        # keeps case reference numbers out of the log has seen them.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Each request is logged once by upw.operations; the server's own lines say the same again.
        "django.server": {"level": "WARNING"},
    },
}
# Prometheus metrics at /metrics: with a token, for requests that send it as a bearer token;
# without one, for requests from this host only. Anything else gets a 404.
UPW_METRICS_ENABLED = env_bool("UPW_METRICS_ENABLED", True)
UPW_METRICS_TOKEN = os.environ.get("UPW_METRICS_TOKEN", "")
# Error reports go to Sentry only when a DSN is set, and never carry personal data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from upw.operations.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
