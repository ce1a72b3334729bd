"""Settings for the yingshang platform.

One file, configured only through environment variables (every one is listed in `.env.example`).
Development defaults run on an embedded SQLite database; production (`YINGSHANG_ENV=production`)
refuses to start with a default secret key or with DEBUG on.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YINGSHANG_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


ENVIRONMENT = env_str("YINGSHANG_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured("YINGSHANG_ENV must be development, production or test")
PRODUCTION = ENVIRONMENT == "production"

DEFAULT_SECRET_KEY = "dev-insecure-yingshang-secret-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Production needs SECRET_KEY set to a random value of 32+ characters")
    if DEBUG:
        raise ImproperlyConfigured("Production must not run with DEBUG on")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # Login throttling (failed attempts in the shared database): yingshang/core/throttle.py.
    "axes",
    # Serves the API docs page's Swagger UI from local static files (no CDN on a closed network).
    "ninja",
    "yingshang.core",
    "yingshang.ledger",
    "yingshang.appeals",
    "yingshang.indicators",
    "yingshang.dashboard",
    "yingshang.assessment",
    "yingshang.outreach",
    "yingshang.reviews",
    "yingshang.policies",
    "yingshang.arrears",
    "yingshang.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, early answers (413) included.
    "yingshang.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An oversized body is refused (413) before anything reads it: nothing above reads the body, and
    # CSRF's check and the views come after every middleware's request phase. Its 413 gets the headers
    # of the middleware above.
    "yingshang.core.middleware.BodySizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yingshang.core.middleware.DomainErrorMiddleware",
    "yingshang.core.middleware.ApiErrorShapeMiddleware",
    # A database that cannot be reached: 503 with Retry-After, in the API's error shape (not a bare 500).
    "yingshang.core.dbunavailable.DatabaseUnavailableMiddleware",
    # Page views read POST fields through a check for control characters (forms check them themselves).
    "yingshang.core.middleware.TextBoundaryMiddleware",
    # Last: turns a login refused by the throttle into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yingshang.urls"
CSRF_FAILURE_VIEW = "yingshang.core.errorviews.csrf_failure"
WSGI_APPLICATION = "yingshang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yingshang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yingshang.core.context_processors.navigation",
            ],
            # {{ unit|unit_label }} and friends in every template, without a {% load %} in each.
            "builtins": ["yingshang.core.templatetags.units"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if not PRODUCTION:
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # The worker and the web server share one SQLite file: WAL and a busy timeout avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# A streaming replica (optional): dashboards, statistics and exports read from it, everything else from
# the primary; a browser that wrote in the last YINGSHANG_REPLICA_STICKY_SECONDS reads from the primary,
# and an unreachable replica is skipped for YINGSHANG_REPLICA_RETRY_SECONDS (yingshang/core/dbrouter.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
YINGSHANG_REPLICA_STICKY_SECONDS = env_int("YINGSHANG_REPLICA_STICKY_SECONDS", 10)
YINGSHANG_REPLICA_RETRY_SECONDS = env_int("YINGSHANG_REPLICA_RETRY_SECONDS", 5)
YINGSHANG_REPLICA_READ_PATHS = env_list(
    "YINGSHANG_REPLICA_READ_PATHS",
    [
        "/dashboard/",
        "/api/v1/dashboard/",
        "/appeals/stats/",
        "/api/v1/appeals/stats",
        "/assessment/bulletins/",
    ],
)

if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that is gone (host down, not just refusing) must not hold a request for long.
        DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    # Tests see the primary under both names (Django creates no second test database).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["yingshang.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "yingshang.core.dbrouter.ReplicaReadMiddleware",
    )

# Django's cache, in the shared database (`yingshang createcachetable`, run by `make demo`; tests create it).
# Rate limits do not use it (its incr is not atomic): they count in core_ratecount (core/ratelimit.py).
CACHES = {
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env_str("CACHE_LOCATION", "yingshang_cache"),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

AUTHENTICATION_BACKENDS = [
    "yingshang.core.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "yingshang" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Upload limits: evidence and appeal attachments (bytes).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 30 * 1024 * 1024)
# Any request body over this is refused with 413 before it is read (an appeal's 5 attachments of 10 MB
# and its form fit). Keep the proxy's limit (nginx client_max_body_size) at or above it.
MAX_BODY_BYTES = env_int("YINGSHANG_MAX_BODY_BYTES", 55 * 1024 * 1024)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A task left RUNNING by a worker that died (its PostgreSQL advisory lock gone) is put back in the queue
# once it started this many seconds ago; the scheduler looks every SWEEP seconds (core/task_recovery.py).
YINGSHANG_ORPHANED_TASK_SECONDS = env_int("YINGSHANG_ORPHANED_TASK_SECONDS", 60)
YINGSHANG_TASK_SWEEP_SECONDS = env_int("YINGSHANG_TASK_SWEEP_SECONDS", 60)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "yingshang@localhost")
# Where django.core.mail.backends.filebased.EmailBackend writes messages (drills and tests).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# A bare @paginate gets the bounded paginator too (ninja's own leaves `offset` unbounded).
NINJA_PAGINATION_CLASS = "yingshang.core.pagination.LimitOffsetPagination"

# Domain settings the office may tune per deployment.
YINGSHANG = {
    "REGION_NAME": env_str("YINGSHANG_REGION_NAME", "示范市"),
    "YELLOW_WORKDAYS": env_int("YINGSHANG_YELLOW_WORKDAYS", 5),
    # 双随机: results are published (公示) within this many working days; rectifications are due in this many.
    "INSPECTION_PUBLICATION_WORKDAYS": env_int("YINGSHANG_INSPECTION_PUBLICATION_WORKDAYS", 20),
    "INSPECTION_RECTIFICATION_WORKDAYS": env_int("YINGSHANG_INSPECTION_RECTIFICATION_WORKDAYS", 15),
    # 1: the office closes (销号) a task itself; 2: a county office pre-verifies and the city office closes.
    "CLOSURE_LEVELS": env_int("YINGSHANG_CLOSURE_LEVELS", 1),
    "OFFICE_HOURS": ((9, 0), (12, 0), (13, 30), (17, 30)),
    # Seconds a worker keeps a live API token's user before asking the database again (0: never keep).
    # A revoked token or a deactivated account stops working within this time on every server.
    "TOKEN_CACHE_SECONDS": env_int("YINGSHANG_TOKEN_CACHE_SECONDS", 5),
    # LibreOffice's soffice, which turns each 通报 into PDF; empty: the first `soffice` on PATH.
    "SOFFICE": env_str("YINGSHANG_SOFFICE", ""),
    # The address people open the site at (https://…, no trailing /): group-robot messages, SMS and
    # emails to filers link to it. YINGSHANG_PUBLIC_URL is its former name for the SMS link, still read.
    "SITE_URL": (
        env_str("YINGSHANG_SITE_URL", "") or env_str("YINGSHANG_PUBLIC_URL", "") or "http://127.0.0.1:8000"
    ).rstrip("/"),
    # Let group robots post to 127.0.0.1 over http (the tests' local receiver). Never in production.
    "WEBHOOK_ALLOW_LOOPBACK": env_bool("YINGSHANG_WEBHOOK_ALLOW_LOOPBACK", False) and not PRODUCTION,
    # 好差评: working days to rectify a simple (情况清楚) and a complex bad rating, the yellow margin, and
    # the ratings one network may submit per minute.
    "REVIEWS_SIMPLE_WORKDAYS": env_int("YINGSHANG_REVIEWS_SIMPLE_WORKDAYS", 1),
    "REVIEWS_COMPLEX_WORKDAYS": env_int("YINGSHANG_REVIEWS_COMPLEX_WORKDAYS", 15),
    "REVIEWS_YELLOW_WORKDAYS": env_int("YINGSHANG_REVIEWS_YELLOW_WORKDAYS", 1),
    "REVIEWS_RATE_LIMIT": env_int("YINGSHANG_REVIEWS_RATE_LIMIT", 30),
}


# -- Abuse: client addresses, login throttling, security headers ----------------------------------

# Proxies whose X-Forwarded-For / X-Real-IP are believed (CIDRs); from any other peer the socket address
# is the client's (yingshang/core/clientip.py). The default trusts a proxy on the same host only.
YINGSHANG_TRUSTED_PROXIES = env_list("YINGSHANG_TRUSTED_PROXIES", ["127.0.0.1/32", "::1/128"])

# Login throttling (django-axes, database handler: every app server shares the counts). An account is
# locked after AXES_FAILURE_LIMIT failures, an address after YINGSHANG_LOGIN_ADDRESS_LIMIT; both for
# AXES_COOLOFF_TIME after the last failure, or until the office unlocks them (page 「登录锁定」).
AXES_ENABLED = env_bool("YINGSHANG_LOGIN_THROTTLE", True)
AXES_HANDLER = "yingshang.core.throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("YINGSHANG_LOGIN_ACCOUNT_LIMIT", 5)
YINGSHANG_LOGIN_ADDRESS_LIMIT = env_int("YINGSHANG_LOGIN_ADDRESS_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("YINGSHANG_LOGIN_COOLOFF_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "yingshang.core.clientip.client_address"
AXES_LOCKOUT_CALLABLE = "yingshang.core.throttle.lockout_response"
AXES_VERBOSE = False
if AXES_FAILURE_LIMIT < 1 or YINGSHANG_LOGIN_ADDRESS_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "YINGSHANG_LOGIN_ADDRESS_LIMIT must be at least YINGSHANG_LOGIN_ACCOUNT_LIMIT (>= 1)"
    )

# HSTS: on by default in production (served over HTTPS behind the proxy); 0 turns it off. Development
# never sends it (a browser would remember it for localhost).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy and Permissions-Policy (yingshang/core/headers.py): scripts, styles, images
# and connections from this site only; no inline script or style anywhere.
YINGSHANG_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
YINGSHANG_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"
)
# Notices to filers without an account (appeals.notices): the SMS gateway, dotted path of a class with
# send(phone, text); the default logs each message (the office reads them on 「诉求人通知」). Each SMS and
# email links to the tracking page at YINGSHANG["SITE_URL"].
YINGSHANG_SMS_BACKEND = env_str("YINGSHANG_SMS_BACKEND", "yingshang.appeals.notices.sms.LoggingSmsBackend")
