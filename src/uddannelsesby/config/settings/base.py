"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = Path(os.environ.get("UDDANNELSESBY_HOME", PACKAGE_DIR.parents[1]))
VAR_DIR = BASE_DIR / "var"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "uddannelsesby.core",
    "uddannelsesby.accounts",
    "uddannelsesby.policies",
    "uddannelsesby.plans",
    "uddannelsesby.indicators",
    "uddannelsesby.participation",
    "uddannelsesby.catalogue",
    "uddannelsesby.bridge",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "uddannelsesby.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "uddannelsesby.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "uddannelsesby.config.urls"
WSGI_APPLICATION = "uddannelsesby.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "uddannelsesby.core.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "uddannelsesby.core.forms.DKFDSFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'uddannelsesby.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
FORMAT_MODULE_PATH = ["uddannelsesby.formats"]  # "4. dec. 2026", not "4. Dec 2026"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded files are never served by their path: no URL pattern serves MEDIA_URL, in any mode;
# views that check permission serve them (core.files). Behind nginx, set FILES_X_ACCEL_REDIRECT
# to the internal location that maps to MEDIA_ROOT (docs/operations.md), e.g. "/_files/".
MEDIA_URL = "/media/"
FILES_X_ACCEL_REDIRECT = os.environ.get("FILES_X_ACCEL_REDIRECT", "")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The cache holds the rate limits, which must count across processes and servers: Redis when
# REDIS_URL is set (production sets it), else the memory of the one process of `make run`.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Rate limits count the client's address. X-Forwarded-For is read only when the connection
# comes from one of these proxies (addresses or networks), see docs/security.md.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "") == "1",
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "uddannelsesby@herning.dk")

# A strict policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie
CSRF_FAILURE_VIEW = "uddannelsesby.core.views.csrf_failure"

# How long personal data in hearing responses and registrations is kept before anonymising.
PARTICIPATION_RETENTION_DAYS = int(os.environ.get("PARTICIPATION_RETENTION_DAYS", "365"))
PARTICIPATION_REGISTRATION_RETENTION_DAYS = int(
    os.environ.get("PARTICIPATION_REGISTRATION_RETENTION_DAYS", "30")
)

# The public address, used in e-mails sent by background tasks.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# The municipality this installation serves (shown in the header and footer).
SITE_MUNICIPALITY = {
    "name": os.environ.get("SITE_MUNICIPALITY_NAME", "Herning Kommune"),
    "code": os.environ.get("SITE_MUNICIPALITY_CODE", "657"),
    "address": os.environ.get("SITE_ADDRESS", "Torvet 5, 7400 Herning"),
    "phone": os.environ.get("SITE_PHONE", "96 28 28 28"),
    "email": os.environ.get("SITE_EMAIL", "kommunen@herning.dk"),
}

# Who security researchers write to (/.well-known/security.txt, RFC 9116, and /sikkerhed/).
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:sikkerhed@herning.dk")
# How many days ahead security.txt says it expires (RFC 9116: less than a year).
SECURITY_TXT_DAYS = int(os.environ.get("SECURITY_TXT_DAYS", "180"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
