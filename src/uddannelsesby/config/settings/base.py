"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
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
    "uddannelsesby.follow",
    "uddannelsesby.catalogue",
    "uddannelsesby.bridge",
    "uddannelsesby.search",
    "uddannelsesby.setup",
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
    "axes",
]

MIDDLEWARE = [
    "uddannelsesby.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "uddannelsesby.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "uddannelsesby.core.middleware.UnchangedCsrfCookieMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "uddannelsesby.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "uddannelsesby.core.middleware.LoggedOutFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out login with the lockout page
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
    "uddannelsesby.accounts.backends.LockoutBackend",  # django-axes: first, so it can refuse
    "rules.permissions.ObjectPermissionBackend",
    "uddannelsesby.accounts.backends.PasswordBackend",
    "uddannelsesby.accounts.oidc.OidcBackend",
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
    "default": {"BACKEND": "uddannelsesby.core.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Anonymous public pages (core.pagecache): shared by every process and node, so that a change
# made on one (or by the worker) is seen on all. Redis when REDIS_URL is set, else files under
# var/, which the server and the worker of `make run` share. Pages may be evicted at any time.
CACHES["pages"] = (
    {
        "BACKEND": "uddannelsesby.core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pages",
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
)
PAGE_CACHE_ALIAS = "pages"
# How long the server keeps a page at most (a safety net: changes invalidate at once), and how
# long a browser or proxy may reuse it without asking (then it asks with If-None-Match).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
# How long nginx in front may answer a stored page itself (X-Accel-Expires, to the end of the
# current second for 1; nginx caches nothing else, see deploy/nginx/uddannelsesby.conf): a change
# shows at most this long after Django's own invalidation. 0: nginx caches nothing.
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "1"))
# Rate limits count the client's address. X-Forwarded-For is read only when the connection
# comes from one of these proxies (addresses or networks), see docs/security.md.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

_email_backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        # The SMTP server's settings; another back-end (e.g. the file-based one of
        # deploy/cluster.sh, EMAIL_FILE_PATH) takes none of them.
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "") == "1",
        }
        if _email_backend.endswith("smtp.EmailBackend")
        else {"file_path": os.environ["EMAIL_FILE_PATH"]}
        if "EMAIL_FILE_PATH" in os.environ
        else {},
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
# Days after the deadline that an application that led to no place keeps the student's details.
BRIDGE_APPLICATION_RETENTION_DAYS = int(os.environ.get("BRIDGE_APPLICATION_RETENTION_DAYS", "180"))

# The public address, used in e-mails sent by background tasks.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# The municipality this installation serves (shown in the header and footer): the defaults until
# an administrator saves the site settings in the product (core.site, /opsaetning/).
SITE_MUNICIPALITY = {
    "name": os.environ.get("SITE_MUNICIPALITY_NAME", "Herning Kommune"),
    "place_name": os.environ.get("SITE_PLACE_NAME", "Herning"),
    "code": os.environ.get("SITE_MUNICIPALITY_CODE", "657"),
    "theme": os.environ.get("SITE_THEME", "neutral"),
    "address": os.environ.get("SITE_ADDRESS", "Torvet 5, 7400 Herning"),
    "phone": os.environ.get("SITE_PHONE", "96 28 28 28"),
    "email": os.environ.get("SITE_EMAIL", "kommunen@herning.dk"),
}

# Operations (docs/operations.md): who may read /metrics (addresses or networks, as the client
# address is resolved through TRUSTED_PROXIES), and how old the worker's last heartbeat may be
# before /readyz answers 503.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
READYZ_WORKER_MINUTES = int(os.environ.get("READYZ_WORKER_MINUTES", "5"))
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
        "axes": {"level": "WARNING"},  # locks are logged; every login is not
    },
}

# Scheduled backups (`uddannelsesby backup --schedule`, core.tasks): where they go, how many are
# kept (the oldest beyond that are deleted after each new one), and how often.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
BACKUP_INTERVAL_HOURS = int(os.environ.get("BACKUP_INTERVAL_HOURS", "24"))
# Login throttling (django-axes, docs/security.md "Login"): 5 failed logins for one user name
# from one address lock that pair for 30 minutes; failures older than that are forgotten.
AXES_FAILURE_LIMIT = 5
AXES_VERBOSE = False  # no banner at every start; locks are logged (uddannelsesby.security)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "uddannelsesby.accounts.backends.client_ip"
AXES_USERNAME_CALLABLE = "uddannelsesby.accounts.backends.client_username"
AXES_LOCKOUT_CALLABLE = "uddannelsesby.accounts.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "new_password1", "new_password2"]
# The job accounts.login_log_retention deletes axes' logs and failure counts older than this.
AXES_LOG_RETENTION_DAYS = int(os.environ.get("AXES_LOG_RETENTION_DAYS", "90"))

# Staff (editors, council members, administrators) may be required to log in through the
# municipality's identity provider: PASSWORD_LOGIN_FOR_STAFF=0 refuses their local passwords.
PASSWORD_LOGIN_FOR_STAFF = os.environ.get("PASSWORD_LOGIN_FOR_STAFF", "1") == "1"


def oidc_provider(prefix: str) -> dict | None:
    """One OpenID Connect provider from OIDC_<PREFIX>_* variables, or None when not set up."""
    issuer = os.environ.get(f"OIDC_{prefix}_ISSUER", "")
    if not issuer:
        return None
    return {
        "issuer": issuer,
        "client_id": os.environ.get(f"OIDC_{prefix}_CLIENT_ID", ""),
        "client_secret": os.environ.get(f"OIDC_{prefix}_CLIENT_SECRET", ""),
        "scopes": os.environ.get(f"OIDC_{prefix}_SCOPES", "openid profile email"),
        "name": os.environ.get(f"OIDC_{prefix}_NAME", ""),
        "sign_algo": os.environ.get(f"OIDC_{prefix}_SIGN_ALGO", "RS256"),
    }


def oidc_role_map(value: str) -> dict[str, str]:
    """ "group-a=editor;group-b=council" -> {"group-a": "editor", "group-b": "council"}."""
    pairs = (item.split("=", 1) for item in value.split(";") if "=" in item)
    return {group.strip(): role.strip() for group, role in pairs}


# OpenID Connect (docs/security.md "Login"): "staff" is the municipality's identity provider
# (Entra ID, AD FS), whose group or role claim gives the role; "citizen" is MitID through a
# broker, which makes a registered account. A provider without an issuer is not offered.
OIDC_PROVIDERS = {
    name: provider
    for name, provider in {
        "staff": oidc_provider("STAFF"),
        "citizen": oidc_provider("CITIZEN"),
    }.items()
    if provider
}
OIDC_STAFF_ROLE_CLAIM = os.environ.get("OIDC_STAFF_ROLE_CLAIM", "groups")
OIDC_STAFF_ROLE_MAP = oidc_role_map(os.environ.get("OIDC_STAFF_ROLE_MAP", ""))
OIDC_TIMEOUT = 10
