"""Project settings, read from the environment.

Every variable is documented in `.env.example`. A secret may also come from a file named by
`<NAME>_FILE` (Docker and systemd credentials). With nothing set, Yiwang runs on its embedded
default: SQLite under `./var/`, background work in the same database, and a secret key, PII key
and SM2 key generated into `./var/` by `yiwang init` (which `yiwang demo` runs; fine for one
machine; production sets its own, see docs/operations.md). Importing this module writes no file.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from yiwang.core import localsecrets

BASE_DIR = Path(__file__).resolve().parent


def env(name, default=None):
    """The value of `name`, or the contents of the file named by `name_FILE`, or `default`."""
    value = os.environ.get(name)
    if value is not None and value != "":
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return default


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """A yes/no variable: 1/0, true/false, yes/no or on/off in any case; anything else is refused."""
    value = env(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {value!r}.")


def env_int(name, default):
    value = env(name)
    return default if value is None else int(value)


VAR_DIR = Path(env("YIWANG_VAR_DIR", str(Path.cwd() / "var"))).resolve()


DEBUG = env_bool("YIWANG_DEBUG", False)
# Each secret: the variable (or its _FILE), else the file `yiwang init` generated into VAR_DIR, else
# empty, and whatever needs it says so (Django refuses an empty SECRET_KEY when it is first used).
SECRET_KEY = env("YIWANG_SECRET_KEY") or localsecrets.read(VAR_DIR, "secret_key")
# 32 bytes, hex: the master key from which the SM4 field key and the SM3 blind-index key are derived.
PII_KEY = env("YIWANG_PII_KEY") or localsecrets.read(VAR_DIR, "pii.key")
# 64 hex characters: the SM2 private key that signs ledger tree heads and electronic certificates.
SM2_KEY = env("YIWANG_SM2_KEY") or localsecrets.read(VAR_DIR, "sm2.key")
# Reported by the system check `yiwang.E00x` (yiwang/core/checks.py), which says how to provide them.
YIWANG_MISSING_KEYS = [
    name
    for name, value in (
        ("YIWANG_SECRET_KEY", SECRET_KEY),
        ("YIWANG_PII_KEY", PII_KEY),
        ("YIWANG_SM2_KEY", SM2_KEY),
    )
    if not value
]
# Public keys (x‖y or 04‖x‖y, hex, comma-separated) of earlier SM2 keys: what they signed still verifies.
SM2_OLD_KEYS = [k.strip() for k in env("YIWANG_SM2_OLD_KEYS", "").split(",") if k.strip()]

ALLOWED_HOSTS = [
    h.strip() for h in env("YIWANG_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("YIWANG_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "yiwang.core",
    "yiwang.accounts",
    "yiwang.notify",
    "yiwang.services",
    "yiwang.cases",
    "yiwang.bundles",
    "yiwang.hotline",
    "yiwang.datahub",
    "yiwang.feedback",
    "yiwang.benefits",
    "yiwang.ledger",
    "yiwang.insight",
    "yiwang.opendata",
    "yiwang.portal",
    "yiwang.admin_site.YiwangAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the session rules below: they tell the user why they were logged out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "yiwang.accounts.middleware.IdleTimeoutMiddleware",
    "yiwang.accounts.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yiwang.portal.middleware.DisplayModeMiddleware",
]

ROOT_URLCONF = "yiwang.urls"
WSGI_APPLICATION = "yiwang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yiwang.portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'yiwang.sqlite3'}"),
        conn_max_age=env_int("YIWANG_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server read while the other writes; IMMEDIATE avoids
    # "database is locked" on upgrade from a read to a write transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["yiwang.accounts.backends.IdentifierBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("YIWANG_PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "yiwang.accounts.passwords.CharacterClassValidator"},
]

# Security (DOMAIN.md §8). Lock-out after repeated failures; idle time-out; second factor for staff.
LOGIN_MAX_FAILURES = env_int("YIWANG_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("YIWANG_LOGIN_LOCK_MINUTES", 30)
IDLE_TIMEOUT_STAFF = env_int("YIWANG_IDLE_TIMEOUT_STAFF", 15 * 60)
IDLE_TIMEOUT_CITIZEN = env_int("YIWANG_IDLE_TIMEOUT_CITIZEN", 30 * 60)
# How many reverse proxies of ours stand in front: the client's address is read that far back in
# X-Forwarded-For (yiwang.core.http.client_ip). 0: no proxy, only the connection's address counts.
YIWANG_TRUSTED_PROXIES = env_int("YIWANG_TRUSTED_PROXIES", 0)
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("YIWANG_HTTPS", False):
    # TLS is terminated by the front proxy (nginx); trust its header and keep cookies secure.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000

# One machine: each process keeps its own cache. Several processes share Redis (see tokencache.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 10000}}
}
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("YIWANG_CACHE_PREFIX", "yiwang"),
        }
    }
# How long a resolved API token may be reused from the cache (0 switches the cache off).
YIWANG_AUTH_CACHE_SECONDS = env_int("YIWANG_AUTH_CACHE_SECONDS", 30)

# The exchange gateway (docs/sharing.md): master key of the consumers' signing secrets (64 hex
# characters; default derived from SECRET_KEY) and this platform's X-Road style instance code.
YIWANG_GATEWAY_KEY = env("YIWANG_GATEWAY_KEY", "")
YIWANG_GATEWAY_INSTANCE = env("YIWANG_GATEWAY_INSTANCE", "CN-CQ")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How long a creating request's idempotency key is remembered (a retry later is a new request).
YIWANG_IDEMPOTENCY_KEEP_HOURS = env_int("YIWANG_IDEMPOTENCY_KEEP_HOURS", 72)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "yiwang_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Filled by `yiwang collectstatic` (which creates it); until then WhiteNoise serves from the apps.
STATIC_ROOT = Path(env("YIWANG_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps: no collectstatic step on the embedded default.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

YIWANG_DISTRICT_NAME = env("YIWANG_DISTRICT_NAME", "渝中区")
YIWANG_DISTRICT_NAME_EN = env("YIWANG_DISTRICT_NAME_EN", "Yuzhong District")
# Cases: the prefix of case numbers (办件编号) and the largest file an applicant may upload.
YIWANG_CASE_NUMBER_PREFIX = env("YIWANG_CASE_NUMBER_PREFIX", "500103")
YIWANG_UPLOAD_MAX_BYTES = env_int("YIWANG_UPLOAD_MAX_MB", 20) * 1024 * 1024
# Self-service kiosk (自助终端): log out and return to the start page after this many idle seconds.
YIWANG_KIOSK_IDLE_SECONDS = env_int("YIWANG_KIOSK_IDLE_SECONDS", 120)
# Where SMS and e-mail go (yiwang/notify/backends.py): the console by default.
YIWANG_SMS_BACKEND = env("YIWANG_SMS_BACKEND", "yiwang.notify.backends.ConsoleBackend")
YIWANG_EMAIL_BACKEND = env("YIWANG_EMAIL_BACKEND", "yiwang.notify.backends.ConsoleBackend")
# Warn when a clock has used this share of its limit (DESIGN.md: Clock).
YIWANG_CLOCK_WARNING_SHARE = float(env("YIWANG_CLOCK_WARNING_SHARE", "0.8"))

# The 12345 hotline (docs/hotline.md). Time limits: "key=number,..." over the defaults of DOMAIN.md §3.
YIWANG_HOTLINE_DISPATCH_HOURS = env("YIWANG_HOTLINE_DISPATCH_HOURS", "")
YIWANG_HOTLINE_HANDLING_DAYS = env("YIWANG_HOTLINE_HANDLING_DAYS", "")
YIWANG_HOTLINE_MAX_REOPENS = env_int("YIWANG_HOTLINE_MAX_REOPENS", 1)
YIWANG_HOTLINE_DUPLICATE_DAYS = env_int("YIWANG_HOTLINE_DUPLICATE_DAYS", 30)
YIWANG_HOTLINE_MODEL = env("YIWANG_HOTLINE_MODEL", "")  # empty: the model shipped in yiwang/hotline/model/
YIWANG_HOTLINE_SMS_INTAKE = env("YIWANG_HOTLINE_SMS_INTAKE", "yiwang.hotline.sms.JsonSmsIntake")
YIWANG_HOTLINE_SMS_SECRET = env("YIWANG_HOTLINE_SMS_SECRET", "")  # shared with the SMS gateway
# 好差评 (docs/feedback.md): working days to fix a verified bad review (DOMAIN.md §4; some places use 15).
YIWANG_FEEDBACK_FIX_DAYS = env_int("YIWANG_FEEDBACK_FIX_DAYS", 5)
# The public address of the site, for links in SMS messages (return visits).
# Open data: requests a minute per API key (or logged-in user) and per address without one; the
# smallest group shown when data about persons is opened as counts.
YIWANG_OPENDATA_RATE_KEY = env_int("YIWANG_OPENDATA_RATE_KEY", 600)
YIWANG_OPENDATA_RATE_ANONYMOUS = env_int("YIWANG_OPENDATA_RATE_ANONYMOUS", 120)
YIWANG_OPENDATA_MIN_GROUP = env_int("YIWANG_OPENDATA_MIN_GROUP", 5)

YIWANG_SITE_URL = env("YIWANG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOG_LEVEL = env("YIWANG_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_pii": {"()": "yiwang.core.pii.RedactingFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_pii"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django configures its own handlers for these (the console one unfiltered, in DEBUG): replace
        # them with ours, so that every line is redacted and none is printed twice.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
