"""CoupleSafe settings: one module, configured only by environment variables.

Every variable has an embedded default that suits the first-run command (SQLite, a
file-system Celery transport, email to the console). Production (`DJANGO_ENV=production`)
refuses to start with the development secret key, a development encryption key or DEBUG on.
Every variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from couplesafe.environment import env_bool, env_int, env_list, env_str, mailer_from_url, var_dir

# Lets Django's classes be subscripted for type hints (forms.ModelForm[User]) at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = var_dir()

DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
# A development key for encrypting private text at rest. Production must supply its own.
DEV_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktY291cGxlc2FmZS1maWVsZC1rZXktMDE="

PRODUCTION = env_str("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
# Comma-separated Fernet keys; the first encrypts, all decrypt (see README: key rotation).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [DEV_FIELD_ENCRYPTION_KEY])

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")
    if DEV_FIELD_ENCRYPTION_KEY in FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS to your own key(s) in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "couplesafe.accounts",
    "couplesafe.content",
    "couplesafe.lib",
    "couplesafe.outbox",
    "couplesafe.notifications",
    "practices",
    "rituals",
    "therapists",
    "safety",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "couplesafe.lib.request_log.RequestLogMiddleware",
    # Before django-htmx (history restores become whole pages) and around auth (HX-Redirect
    # for an htmx request whose session ended; Vary and no-store on every answer).
    "couplesafe.lib.htmx_sessions.HtmxSessionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A signed-out visitor's language: the language cookie, else the browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "couplesafe.accounts.middleware.PasswordBusyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Each request in the signed-in person's own time zone (the time rule: couplesafe/lib/tz.py).
    "couplesafe.lib.tz.ViewerTimeZoneMiddleware",
    # ...and in the signed-in person's own language (couplesafe/lib/language.py).
    "couplesafe.lib.language.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records signed-in browsers and ends idle sessions (the person's own setting).
    "safety.signin.SignInGuard",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After CSP, so that its 400 page carries the header too.
    "couplesafe.lib.bad_input.BadInputMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a lockout is answered with our own kind page (see accounts.views).
    "axes.middleware.AxesMiddleware",
]

# The event server (couplesafe/asgi.py) serves only /live/ streams, never static files; and
# WhiteNoise's middleware is sync-only, which would push every stream's whole middleware chain
# through a thread under ASGI. So the ASGI process goes without it.
if env_bool("COUPLESAFE_EVENT_SERVER", False):
    MIDDLEWARE.remove("whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "couplesafe.urls"
WSGI_APPLICATION = "couplesafe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "couplesafe.lib.context_processors.navigation",
                "couplesafe.lib.context_processors.quick_exit",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'couplesafe.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A connection pool per process (psycopg_pool through Django's "pool" option) on PostgreSQL:
# DB_POOL_MAX connections at most, 1 kept open. Size it so every process's maximum fits under
# PostgreSQL's max_connections (README: "Growing past one machine"). DB_POOL_MAX=0 turns it off
# (persistent connections of DB_CONN_MAX_AGE seconds instead).
DB_POOL_MAX = env_int("DB_POOL_MAX", 4)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_MAX > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL_MAX,
        "timeout": env_int("DB_POOL_TIMEOUT", 10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"
PASSWORD_HASHERS = [
    # Argon2id with OWASP's parameters, at most a few at once per process (accounts/hashers.py).
    "couplesafe.accounts.hashers.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Login throttling: failures are counted per account *and* address together, so one
# partner mistyping at home never locks the other partner out on the same IP.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 6)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "couplesafe.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "en"
# The languages CoupleSafe ships (issue #16). Each name is written in its own language, so a
# person who cannot read the current page can still find theirs in the list.
LANGUAGES = [("en", "English"), ("es", "Español"), ("de", "Deutsch")]
# Our catalogs (makemessages/compilemessages: README "Translations"); Django's own come with it.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language of a signed-out visitor: this cookie (set from the person's own choice when
# they sign in, sign up or change it), else the browser's Accept-Language (LocaleMiddleware).
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Dates as each language writes them: named shapes ("DAY_MONTH_FORMAT"), see that package.
FORMAT_MODULE_PATH = ["couplesafe.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Mail: Django 6.1's MAILERS. No EMAIL_* settings may stand beside it.
MAILERS = {"default": mailer_from_url(env_str("MAIL_URL", "console://"))}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CoupleSafe <hello@couplesafe.localhost>")

# Web Push (VAPID). `manage.py vapid_keys` makes a key; ./bin/run makes one for development.
# Without a key, push is simply not offered.
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:hello@couplesafe.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. Embedded default: a file-system transport, so the first-run command needs no Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", env_str("REDIS_URL", "filesystem://"))
if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "celery-queue"
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
else:
    # A message not acknowledged within an hour is delivered again; tasks are idempotent.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# Security baseline. The CSP has no 'unsafe-inline': htmx's script tag carries the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True  # set by Django's set_language (the visitors' switcher)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and compose probe the health endpoint over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Where someone with two-step sign-in set up confirms it (the therapists app serves it; a URL
# name, not an import). Export and account deletion ask for it when a device is enrolled.
SECOND_FACTOR_VERIFY_URL_NAME = "therapists:twofactor-verify"
# Where a therapist goes after confirming their email at sign-up: setting up two-step sign-in.
THERAPIST_START_URL_NAME = "therapists:twofactor-setup"

# Quick exit: where the "Quick exit" button and pressing Escape twice take a person, with
# location.replace so Back does not return. A neutral, everyday site.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.com/weather")

# Product limits.
INVITES_PER_DAY = env_int("INVITES_PER_DAY", 5)
INVITE_VALID_DAYS = 7

SILENCED_SYSTEM_CHECKS = [
    # Email uniqueness is a case-insensitive UniqueConstraint(Lower("email")) instead.
    "auth.W004",
]

# One line per log record, each with the request id (couplesafe/lib/request_log.py). Django's
# own "django" logger gets no handler of its own (it propagates to root): with Django's default
# console handler beside root's, every line was printed twice. runserver's access lines carry
# query strings and django.request's 404 warnings carry paths (tokens): our request line replaces
# both; errors still reach root.
ERROR_HANDLERS = (
    ["mail_admins"] if os.environ.get("ADMINS") and not os.environ.get("SENTRY_DSN") else []
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "couplesafe.lib.request_log.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console", *ERROR_HANDLERS], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": True},
        "django.request": {"handlers": [], "level": "ERROR", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # axes logs every successful login at INFO; failures (WARNING) are what matter.
        "axes": {"level": "WARNING"},
    },
}

# One reminder sweep a minute; scheduling itself is data (rituals.ReminderSchedule.next_due_at).
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {"task": "rituals.tasks.sweep_reminders", "schedule": 60.0},
    "outbox-sweep": {"task": "outbox.sweep", "schedule": 60.0},
    # A conversation's agreed time is near: remind both partners (practices.scheduling).
    "agreed-times-sweep": {"task": "practices.tasks.sweep_agreed_times", "schedule": 60.0},
}

# Therapists' daily homework digest: a sweep every 15 minutes sends each one at 07:00 local.
CELERY_BEAT_SCHEDULE["therapist-digests-sweep"] = {
    "task": "therapists.tasks.sweep_digests",
    "schedule": 15 * 60.0,
}

# Cache. With CACHE_URL (or REDIS_URL) it is Redis, shared by every worker process; without,
# a per-process memory cache. practices answers its unchanged-state poll from the cache only
# when the cache is shared between processes (practices/live.py).
CACHE_URL = env_str("CACHE_URL", env_str("REDIS_URL", ""))
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions: read from the shared cache, written through to the database (a Redis restart
# signs no one out). Only with a shared cache: a per-process cache would keep a session alive
# in one worker after it ended in another.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# Login throttling counts "Alice@Example.com" and "alice@example.com" as the same account.
AXES_USERNAME_CALLABLE = "couplesafe.accounts.throttling.axes_username"

# --- Hardening (issue #11) ---------------------------------------------------------------
# How many proxies in front of the app append to X-Forwarded-For (the README's TLS proxy: 1).
# 0 (the default, safe when the app is exposed directly) ignores the header. Login throttling,
# the other per-address throttles and the request log all use this one address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "couplesafe.lib.client_address.axes_client_ip"

# At most this many password hashes at once per process, and at most as many more requests
# waiting up to PASSWORD_HASH_WAIT seconds for a slot; anyone beyond that gets a kind "busy"
# page (503) at once instead of tying up a thread (accounts/hashers.py). With gunicorn's 4
# threads per process that leaves at least 2 threads for fast pages whatever a flood does (the
# first benchmark runs left the second person waiting behind threads parked on the slots).
# One hash is ~30 ms of one core, so one slot per process still checks ~30 passwords a second.
PASSWORD_HASH_CONCURRENCY = env_int("PASSWORD_HASH_CONCURRENCY", 1)
PASSWORD_HASH_WAIT = float(env_str("PASSWORD_HASH_WAIT", "0.5"))
# Password checks (log-in, sign-up) per address per minute, counted before any hashing.
PASSWORD_TRIES_PER_ADDRESS = env_int("PASSWORD_TRIES_PER_ADDRESS", 30)
# Invitation and therapist code look-ups per person and per address per hour.
CODE_TRIES_PER_HOUR = env_int("CODE_TRIES_PER_HOUR", 10)
# Conversation polls per session per 10 seconds (the page polls every 2 s); more get 429.
POLLS_PER_10_SECONDS = env_int("POLLS_PER_10_SECONDS", 15)

CSRF_FAILURE_VIEW = "couplesafe.errors.csrf_failure"

# Error reports: with SENTRY_DSN, sentry-sdk (request bodies, cookies and personal fields are
# scrubbed before sending: couplesafe/lib/error_reports.py); else ADMINS (comma-separated
# addresses) get Django's error email.
ADMINS = env_list("ADMINS", [])
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from couplesafe.lib.error_reports import init as _init_error_reports

    _init_error_reports(SENTRY_DSN, environment=env_str("DJANGO_ENV", "development"))
# Live updates (couplesafe/lib/live.py, couplesafe/lib/stream.py): Redis pub/sub for "your
# partner just did something" signals, served as server-sent events by the event server.
# Without Redis, nothing is published and pages poll. LIVE_PREFIX starts every Redis key and
# pub/sub channel the app uses outside Django's cache (channels are global across Redis dbs).
LIVE_REDIS_URL = env_str("LIVE_REDIS_URL", CACHE_URL)
LIVE_PREFIX = env_str("LIVE_PREFIX", "cs")
