"""Settings for rehab.

Every value comes from the environment and has a development default, so a fresh
checkout runs with no configuration. Production (DEBUG=false) must set SECRET_KEY
and ALLOWED_HOSTS and refuses to start without them.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is false.")
    SECRET_KEY = "dev-only-not-secret"

# With DEBUG on, only this computer's own names: a DEBUG left on by mistake then shows its
# debug pages (settings, tracebacks) to nobody else, and any other Host gets 400.
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", LOCAL_HOSTS if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS when DEBUG is false.")
_public_hosts = ", ".join(sorted({host.lower() for host in ALLOWED_HOSTS} - set(LOCAL_HOSTS)))
if DEBUG and _public_hosts:
    raise ImproperlyConfigured(
        f"DEBUG is on, so ALLOWED_HOSTS may only name this computer ({', '.join(LOCAL_HOSTS)}), "
        f"not {_public_hosts}. To serve other computers set DEBUG=false (with SECRET_KEY and "
        "SITE_URL)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The site's public address, printed in the handout's QR code (the patient's phone opens
# SITE_URL/h/<token>). Without it a production handout would send phones nowhere.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL when DEBUG is false: the public address of the site, such as "
        "https://rehab.example.org, printed in each handout's QR code."
    )
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// or http://, not {SITE_URL!r}")

INSTALLED_APPS = [
    "modeltranslation",  # before admin, as it asks: translated library fields (translation.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "axes",
    # The layers, from the bottom up (each imports only itself and those below it).
    "core",  # and uploaded files (core/storage.py)
    "clinics",
    "audit",
    "library",
    "programs",
    "outcomes",  # questionnaires, answers and trends (outcomes/models.py)
    "handouts",
    "phone",
    "records",
    "rehab",  # the project itself: wires the apps together (rehab/apps.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Writes "access denied" when a view refuses another clinic's object.
    "audit.middleware.AccessDeniedMiddleware",  # request.htmx, read by the next one
    "rehab.middleware.SessionTimeoutMiddleware",
    "rehab.middleware.NoClinicMiddleware",  # an account of no clinic on a therapist's page
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "rehab.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it turns a flagged lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rehab.urls"
WSGI_APPLICATION = "rehab.wsgi.application"

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
            ],
        },
    },
    # Only the program editor's rows and their parts, in their own folder
    # (programs/jinja2/) and rendered only through programs/editor.py, which says why.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "rehab.jinja2.environment"},
    },
]

# SQLite by default, tuned for a small clinic server: WAL lets readers run while one
# writer writes, IMMEDIATE transactions take the write lock up front (no "database is
# locked" halfway through a save) and the timeout waits for a busy writer.
SQLITE_PATH = env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    # Our own backends for both databases: their flush gets past the audit triggers.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["ENGINE"] = {
        "django.db.backends.sqlite3": "rehab.db.sqlite3",
        "django.db.backends.postgresql": "rehab.db.postgresql",
    }.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
else:
    DATABASES = {
        "default": {
            "ENGINE": "rehab.db.sqlite3",  # Django's, with a flush past the audit triggers
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes checks every login attempt first: after AXES_FAILURE_LIMIT failures for one
# user name from one address, that pair is locked out for LOGIN_COOLOFF_MINUTES. Keying
# on the pair means a typo-prone colleague cannot lock the whole clinic (one NAT address)
# out. An attacker spread over many addresses (credential stuffing) meets a second, larger
# limit: AXES_USERNAME_FAILURE_LIMIT failures for one user name from any addresses within
# the cool-off lock that user name everywhere (rehab.auth.LockoutHandler).
AUTHENTICATION_BACKENDS = [
    "rehab.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_USERNAME_FAILURE_LIMIT = env_int("AXES_USERNAME_FAILURE_LIMIT", 20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "rehab.auth.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rehab.auth.lockout"
AXES_CLIENT_IP_CALLABLE = "audit.log.client_ip"  # the audit log's idea of the address
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts go to the audit log instead
AXES_VERBOSE = False

# A login session ends after SESSION_IDLE_MINUTES without a request, and in any case
# SESSION_MAX_HOURS after the login (a shared clinic computer left logged in).
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 10) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The therapist's pages are in the clinic's language, English; there is no LocaleMiddleware.
# A patient's handout, education sheets and phone page print in `Patient.language`, one of
# LANGUAGES, under translation.override() (handouts/services.py). Adding a language:
# docs/languages.md.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
# Library text in every language (django-modeltranslation): name_en, name_es... beside the
# English base column that the search's generated columns read. Handouts read a language's
# column explicitly and print English, with a warning, where it is empty, so no fallback is
# needed: a therapist's page always reads English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Admin's required fields stay required in English only; other languages may be left empty
# (the handout then prints that part in English and says so).
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Bootstrap, SortableJS and the large-print font are npm packages (`npm ci`); only the
# files the pages use are exposed, never the whole node_modules tree.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/atkinson", NODE_MODULES / "@fontsource" / "atkinson-hyperlegible"),
    # jQuery UI's tabs for modeltranslation's language tabs in admin (with admin's jQuery).
    ("vendor/jquery-ui", NODE_MODULES / "jquery-ui" / "dist"),
]
# modeltranslation's admin loads jQuery UI from a CDN by default, which the Content
# Security Policy refuses: serve the npm package's copy instead.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
STORAGES = {
    # Uploads live in the database, so that every app server reads them and a backup of
    # the database holds them (core/storage.py); served at MEDIA_URL by core.views.media.
    "default": {"BACKEND": "core.storage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

MEDIA_URL = "media/"
# Uploads live in the database (core/storage.py); nothing writes here. `backup` still
# carries any file it finds in this folder and `restore` puts it back.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

# Backups (`manage.py backup`) are encrypted with a key derived from this secret; keep a
# copy of it away from the backups, without it none can be read.
BACKUP_KEY = env("BACKUP_KEY")
# Records younger than this many years (since the patient's last visit) may not be erased;
# 0 means no hold. Set it to the retention period the clinic's law asks for.
RETENTION_YEARS = env_int("RETENTION_YEARS", 0)
if RETENTION_YEARS < 0:
    raise ImproperlyConfigured("RETENTION_YEARS must be 0 or more.")

# Django's cache holds the counts that must be one for every app server and worker: the
# phone page's rate limit (phone/links.py). Without REDIS_URL it is each process's own
# memory, which is right for one process and counts per worker otherwise; several workers
# or servers share one Redis (redis://HOST:6379/0). REDIS_KEY_PREFIX keeps installs that
# share one Redis apart.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis://, rediss:// or unix://, not {REDIS_URL!r}"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("REDIS_KEY_PREFIX", "rehab"),
        }
    }

# Patient links (the handout's QR code, phone/): a link stops working this many days
# after it was issued, and PATIENT_LINK_REVISED_DAYS after its program was revised. Each
# address may ask for PATIENT_LINK_RATE_LIMIT link pages or ticks a minute, counted in
# Django's cache: across every server and worker with REDIS_URL, per process without it
# (then a server with N workers lets up to N times as many through).
PATIENT_LINK_DAYS = env_int("PATIENT_LINK_DAYS", 120)
PATIENT_LINK_REVISED_DAYS = env_int("PATIENT_LINK_REVISED_DAYS", 30)
# The progress report says whether the patient used the program on this many days of the
# period: US remote therapeutic monitoring billing has long asked for 16 days in 30.
MONITORING_DAYS_THRESHOLD = env_int("MONITORING_DAYS_THRESHOLD", 16)
PATIENT_LINK_RATE_LIMIT = env_int("PATIENT_LINK_RATE_LIMIT", 60)
if min(PATIENT_LINK_DAYS, PATIENT_LINK_REVISED_DAYS, PATIENT_LINK_RATE_LIMIT) < 1:
    raise ImproperlyConfigured(
        "PATIENT_LINK_DAYS, PATIENT_LINK_REVISED_DAYS and PATIENT_LINK_RATE_LIMIT "
        "must be 1 or more."
    )

# Uploads are small photos and logos; anything larger is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 24_000_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
# Behind a TLS-terminating proxy, the proxy's X-Forwarded-Proto says the request was
# HTTPS, and the last X-Forwarded-For entry (the one it added) is the client's address.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# htmx reads the CSRF token from the page (hx-headers), so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True

# Content Security Policy: scripts and styles only from our own static files, nothing
# inline, no plugins, no framing. The handout sheet (a framed print page with its own
# @page rule) widens this for itself in handouts.views.sheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The print sheet's policy: its inline <style> is the page size and large-print font,
# rendered from the snapshot (auto-escaped); it runs no script and only our preview frames it.
# These directives replace the defaults for that response only.
SHEET_CSP = {
    "script-src": [NONE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}

SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def static_svg_headers(headers, path, url):
    """SVG drawings are shown through <img>, where they cannot run script; opened on their
    own they would be documents, so whitenoise serves them sandboxed: no script, no fetches."""
    if path.endswith(".svg"):
        headers["Content-Security-Policy"] = SVG_CSP


WHITENOISE_ADD_HEADERS_FUNCTION = static_svg_headers
# Files served at the site's root: /favicon.ico, which browsers ask for on pages that name
# no icon (admin, a PDF opened in the browser); our own pages link static/img/favicon.svg.
WHITENOISE_ROOT = BASE_DIR / "static" / "favicon"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Patient-link tokens are blanked from every message (core/logs.py).
    "filters": {"hide_patient_links": {"()": "core.logs.HidePatientLinks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_patient_links"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # runserver's request lines, through the same filter.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
