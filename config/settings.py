"""The only settings module. Everything that differs between machines comes from the environment."""

import base64
import hashlib
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-only-for-local-use" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "corsheaders",
    "django_htmx",
    "lotse.core",
    "lotse.accounts",
    "lotse.directory",
    "lotse.people",
    "lotse.compliance",
    "lotse.notifications",
    "lotse.office",
    "lotse.desk",
    "lotse.volunteers",
    "lotse.cases",
    "lotse.news",
]

# Keys for encrypted free text (lotse.core.crypto), comma-separated, newest first. Production
# must set them (the first use fails otherwise); DEBUG and tests derive one from SECRET_KEY.
LOTSE_FERNET_KEYS = env_list("LOTSE_FERNET_KEYS")
if not LOTSE_FERNET_KEYS and (DEBUG or "pytest" in sys.modules):
    LOTSE_FERNET_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(f"fernet:{SECRET_KEY}".encode()).digest()).decode()
    ]

# Keys of the audit log's chain (HMAC-SHA256, lotse.core.audit), comma-separated, newest first,
# at least 32 characters each. The newest signs; keep an old key listed as long as entries or
# checkpoints signed with it exist. The database never holds them. Production must set them
# (`check --deploy` refuses otherwise); DEBUG and tests derive one from SECRET_KEY.
LOTSE_AUDIT_KEYS = env_list("LOTSE_AUDIT_KEYS")
if not LOTSE_AUDIT_KEYS and (DEBUG or "pytest" in sys.modules):
    LOTSE_AUDIT_KEYS = [hashlib.sha256(f"audit:{SECRET_KEY}".encode()).hexdigest()]
# Where `audit_checkpoint` appends the signed heads of the audit chains: outside the database,
# on storage its administrators cannot rewrite (docs/operations.md, "Prüfprotokoll").
LOTSE_AUDIT_CHECKPOINT_DIR = env_str(
    "LOTSE_AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints")
)

MIDDLEWARE = [
    # First, so that every answer and every log record of the request carries its id.
    "lotse.core.middleware.RequestIdMiddleware",
    # Before anything that may answer, so that every answer of the HSDS API, refusals
    # included, is readable from other sites (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session is read: NUL characters and lone surrogates never reach a view.
    "lotse.core.middleware.TextInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lotse.core.middleware.ActorMiddleware",
    # `request.htmx`: whether htmx sent the request (a fragment is enough), and its details.
    "django_htmx.middleware.HtmxMiddleware",
    "lotse.accounts.middleware.SessionTimeoutMiddleware",
]

# CORS (django-cors-headers) for the HSDS API only: open data, read by any web page without a
# login, so any origin, no credentials, and only the methods it answers. The staff API and the
# pages stay same-origin.
CORS_URLS_REGEX = r"^/api/hsds/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["*"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Logs go to standard error, one JSON object per line with the request id and never personal
# data (lotse.core.request_log, docs/operations.md "Logging"). Server errors come from the
# "django.request" logger with their traceback; LOG_LEVEL sets how much else is written.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lotse.core.request_log.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # The development server's access lines; the formatter drops their query strings.
        "django.server": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # SQL with its parameters (personal data) is logged at DEBUG: never write it.
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotse.core.context_processors.display",
                "lotse.core.context_processors.contact",
                "lotse.accounts.context_processors.session_timeout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so concurrent writers (web workers,
    # the task worker) wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Covering indexes (the public dates of a week, lotse.news) carry their extra columns on
    # PostgreSQL only; SQLite builds them without, which is all it can.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:overview"
# Staff set a password on accepting an invitation; residents have none (login by e-mail code).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password-reset links live one hour (allauth's token generator reads this too).
PASSWORD_RESET_TIMEOUT = 3600

# Accounts (django-allauth): e-mail is the only login name. Staff sign in with password and a
# second factor; residents and relatives sign up and sign in with a code sent by e-mail.
ACCOUNT_ADAPTER = "lotse.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "lotse.accounts.adapter.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_CHANGE_EMAIL = False
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
# The session ends when the browser closes, and after SESSION_COOKIE_AGE at the latest.
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Quartierslotse: "
# Codes by e-mail: six digits, easy to read out and to type on a phone.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_RATE_LIMITS = {
    # Lockout: five wrong passwords for one address block it for 15 minutes; ten a minute per IP.
    "login_failed": "10/m/ip,5/15m/key",
}
ACCOUNT_FORMS = {
    "login": "lotse.accounts.forms.LoginForm",
    "request_login_code": "lotse.accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "lotse.accounts.forms.ConfirmLoginCodeForm",
    "confirm_email_verification_code": "lotse.accounts.forms.ConfirmEmailVerificationCodeForm",
    "signup": "lotse.accounts.forms.SignupForm",
    "reset_password": "lotse.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "lotse.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "lotse.accounts.forms.ReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# WebAuthn (security keys) needs HTTPS; the local development server runs on plain HTTP.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Quartierslotse"
MFA_FORMS = {
    "authenticate": "lotse.accounts.forms.MfaAuthenticateForm",
    "reauthenticate": "lotse.accounts.forms.MfaReauthenticateForm",
    "activate_totp": "lotse.accounts.forms.ActivateTotpForm",
}
# Every session ends after 10 hours; staff sessions also after 30 idle minutes (middleware).
SESSION_COOKIE_AGE = 10 * 3600
LOTSE_STAFF_IDLE_SECONDS = 30 * 60
LOTSE_IDLE_WARNING_SECONDS = 2 * 60

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Bundesland for public holidays (ISO 3166-2 subdivision code without "DE-").
LOTSE_HOLIDAY_STATE = env_str("LOTSE_HOLIDAY_STATE", "NW")
# A Nominatim-compatible geocoder (e.g. a self-hosted Nominatim); empty: postcode centres only.
LOTSE_GEOCODER_URL = env_str("LOTSE_GEOCODER_URL", "")
# Where each app server keeps its tantivy copy of the search index (search/cache.py), a derived
# cache rebuilt from the database; empty: search uses the database only.
LOTSE_SEARCH_INDEX_DIR = env_str("LOTSE_SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "search-index"))
# How long anonymous visitors' home, search and offer pages are kept whole (page_cache.py);
# 0 switches the page cache off. Each page is also made anew every minute and after any change.
LOTSE_PAGE_CACHE_SECONDS = int(env_str("LOTSE_PAGE_CACHE_SECONDS", "60"))

# Django's cache holds allauth's login and code counters (lockout, throttling), whole pages and
# geocoder answers. Without REDIS_URL it lives in each process's memory, which is right for one
# server; with several app servers set REDIS_URL (redis://host:6379/0) so that a lockout on one
# server holds on all of them.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lotse",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Map tiles for the search map; the only thing resident pages load from another host, and only
# when a visitor opens the map. The provider receives the visitor's IP address: the privacy
# notice names it (LOTSE_MAP_TILES_PROVIDER). LOTSE_MAP_TILE_URL is the earlier name.
LOTSE_MAP_TILES_URL = env_str(
    "LOTSE_MAP_TILES_URL",
    env_str("LOTSE_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
)
LOTSE_MAP_TILES_PROVIDER = env_str(
    "LOTSE_MAP_TILES_PROVIDER",
    "OpenStreetMap Foundation, St John’s Innovation Centre, Cowley Road, Cambridge, CB4 0WS, "
    "Vereinigtes Königreich",
)
# HTML: the OpenStreetMap tile policy asks for a link to its copyright page.
LOTSE_MAP_ATTRIBUTION = env_str(
    "LOTSE_MAP_ATTRIBUTION",
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap-Mitwirkende</a>',
)

# The office phone and hours in every page footer. The defaults belong to the fictional demo
# region Kreis Lindenau; production sets its own (README).
LOTSE_CONTACT_PHONE = env_str("LOTSE_CONTACT_PHONE", "02361 123 45 67")
LOTSE_CONTACT_HOURS = env_str("LOTSE_CONTACT_HOURS", "Montag bis Freitag 9 bis 12 Uhr")
# Where reports from "Barriere melden" are e-mailed (BITV § 7; BGG § 12b: answer within a month).
LOTSE_ACCESSIBILITY_EMAIL = env_str("LOTSE_ACCESSIBILITY_EMAIL", "barrierefreiheit@localhost")

# The controller and its data protection officer in the record of processing activities
# (lotse.compliance, Art. 30 DSGVO); the defaults belong to the demo region.
LOTSE_CONTROLLER_NAME = env_str("LOTSE_CONTROLLER_NAME", "Kreis Lindenau, Fachbereich Soziales")
LOTSE_CONTROLLER_ADDRESS = env_str("LOTSE_CONTROLLER_ADDRESS", "Marktplatz 1, 45600 Lindenau")
LOTSE_CONTROLLER_CONTACT = env_str("LOTSE_CONTROLLER_CONTACT", "02361 123 45 67")
LOTSE_CONTROLLER_DPO = env_str("LOTSE_CONTROLLER_DPO", "Datenschutz, datenschutz@localhost")
# Where people may complain (Art. 77 DSGVO), named in the public privacy notice: the state's
# data protection authority (default: North Rhine-Westphalia).
LOTSE_SUPERVISORY_AUTHORITY = env_str(
    "LOTSE_SUPERVISORY_AUTHORITY",
    "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, "
    "Kavalleriestraße 2–4, 40213 Düsseldorf",
)
# Retention rules (lotse.compliance): JSON that overrides the defaults per kind of record, e.g.
# {"core.barrier_report": {"days": 730, "action": "anonymise"}}. Kinds, defaults and actions are
# listed on /datenschutz/aufbewahrung/; `manage.py check` refuses unknown ones.
LOTSE_RETENTION = json.loads(env_str("LOTSE_RETENTION", "{}"))

# Digital helpers (lotse.volunteers): a police certificate (Führungszeugnis) seen counts for this
# many years from its issue date (5 is common in German volunteering); credentials due within
# LOTSE_CREDENTIAL_WARNING_DAYS are listed on /digitalhilfe/nachweise/ and reminded once.
LOTSE_POLICE_CERTIFICATE_YEARS = int(env_str("LOTSE_POLICE_CERTIFICATE_YEARS", "5"))
LOTSE_CREDENTIAL_WARNING_DAYS = int(env_str("LOTSE_CREDENTIAL_WARNING_DAYS", "60"))
# A request for help offered to helpers waits this many hours for an answer, then goes back to
# the dispatch board with a warning (lotse.volunteers.request_services.help_offers_expire).
LOTSE_HELP_OFFER_HOURS = int(env_str("LOTSE_HELP_OFFER_HOURS", "48"))

STATIC_URL = "/static/"
# Vendor files are installed by npm (see Makefile), never committed.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules/leaflet/dist"),
    ("vendor/markercluster", BASE_DIR / "node_modules/leaflet.markercluster/dist"),
]
STATIC_ROOT = BASE_DIR / "staticfiles"

# E-mail: the console in the embedded default; SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": int(env_str("EMAIL_PORT", "587")),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                # Well below the outbox lease (LOTSE_OUTBOX_LEASE_SECONDS), so a hanging
                # server never lets a second worker claim a message still being sent.
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "quartierslotse@localhost")

# Notifications (lotse.notifications): SMS to the console in the embedded default, or to an HTTP
# gateway ("http": LOTSE_SMS_URL, LOTSE_SMS_TOKEN). The outbox worker retries a failed message
# with exponential backoff (base seconds, doubled per attempt) up to the maximum of attempts;
# a claim it holds longer than the lease counts as crashed and is sent again with the same id.
LOTSE_SMS_BACKEND = env_str("LOTSE_SMS_BACKEND", "console")
LOTSE_SMS_URL = env_str("LOTSE_SMS_URL", "")
LOTSE_SMS_TOKEN = env_str("LOTSE_SMS_TOKEN", "")
# The SMS gateway posts the answers of digital helpers to /digitalhilfe/sms/antwort/ with this
# bearer token; empty: the hook is off (404).
LOTSE_SMS_INBOUND_TOKEN = env_str("LOTSE_SMS_INBOUND_TOKEN", "")
if LOTSE_SMS_BACKEND == "http" and not (LOTSE_SMS_URL and LOTSE_SMS_TOKEN):
    raise ImproperlyConfigured("LOTSE_SMS_BACKEND=http needs LOTSE_SMS_URL and LOTSE_SMS_TOKEN")
LOTSE_OUTBOX_MAX_ATTEMPTS = int(env_str("LOTSE_OUTBOX_MAX_ATTEMPTS", "6"))
LOTSE_OUTBOX_BACKOFF_SECONDS = int(env_str("LOTSE_OUTBOX_BACKOFF_SECONDS", "60"))
LOTSE_OUTBOX_LEASE_SECONDS = int(env_str("LOTSE_OUTBOX_LEASE_SECONDS", "300"))
# Background work that dies (docs/operations.md, "Was Hintergrundarbeit verspricht"): a task of
# `task_worker` whose worker has given no sign of life (heartbeat) for LOTSE_TASK_TIMEOUT_SECONDS
# counts as abandoned by a dead worker and is run again (every task is safe to run twice); a
# retention run that has applied no record for LOTSE_RETENTION_LEASE_SECONDS is stuck, and is
# resumed where it stopped.
LOTSE_TASK_TIMEOUT_SECONDS = int(env_str("LOTSE_TASK_TIMEOUT_SECONDS", "300"))
LOTSE_TASK_MAX_ATTEMPTS = int(env_str("LOTSE_TASK_MAX_ATTEMPTS", "3"))
LOTSE_RETENTION_LEASE_SECONDS = int(env_str("LOTSE_RETENTION_LEASE_SECONDS", "300"))
# The start of links in e-mails (https://quartierslotse.example.org), never taken from a request's
# Host header; the default suits `make run` only (`check --deploy` refuses it).
LOTSE_SITE_URL = env_str("LOTSE_SITE_URL", "http://localhost:8000")
# Days a provider has to answer a referral before it expires and the office is alerted.
LOTSE_REFERRAL_ANSWER_DAYS = int(env_str("LOTSE_REFERRAL_ANSWER_DAYS", "7"))

# Security. The defaults suit the local development server on plain HTTP; production turns the
# HTTPS settings on through the environment (config/production.env.example, README).
# Cookies only over HTTPS, so a network observer never sees the session.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Scripts cannot read the session or CSRF cookie; htmx sends the token from the form instead.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Browsers remember to use HTTPS only; 0 (off) locally, a year in production.
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Plain HTTP requests are redirected to HTTPS (off locally: runserver speaks HTTP only).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Behind a TLS-terminating proxy the request reaches Django as HTTP; trust the proxy's header
# only when such a proxy sets it, otherwise a client could claim HTTPS itself.
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Other sites learn only our origin, never the path (which can hold a search or an id).
SECURE_REFERRER_POLICY = "same-origin"
# Pages opened from ours in a new window cannot reach back into this one.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page may be framed (clickjacking); CSP frame-ancestors says the same to newer browsers.
X_FRAME_OPTIONS = "DENY"
# Form fields without files: 2.5 MB is plenty and stops oversized bodies early. Files stream to a
# temporary file above 2.5 MB; the import page limits their size (views_import.MAX_UPLOAD_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440


def _origin(url: str) -> str:
    """The tile server's origin for CSP; a Leaflet subdomain placeholder {s} becomes *."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


# Content Security Policy: only our own scripts and styles, never inline ones, so injected markup
# cannot run. Images may also come from the map tile server and data: URLs (the TOTP QR code).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", _origin(LOTSE_MAP_TILES_URL)],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
