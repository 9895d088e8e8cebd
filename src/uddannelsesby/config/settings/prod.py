"""Production: every secret from the environment, HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# Load balancers and scrapers ask the application servers directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405
# Rate limits hold across workers and servers only in a shared cache: Redis, always.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {"BACKEND": "uddannelsesby.core.redis_cache.RedisCache", "LOCATION": REDIS_URL},
    # The cached public pages (core.pagecache) beside the rate limits, under their own prefix;
    # PAGE_CACHE_REDIS_URL puts them on another Redis (one that may evict, unlike the limits').
    "pages": {
        "BACKEND": "uddannelsesby.core.redis_cache.RedisCache",
        "LOCATION": os.environ.get("PAGE_CACHE_REDIS_URL", REDIS_URL),
        "KEY_PREFIX": "pages",
    },
}
# nginx on the same machine, in front of the application server (docs/security.md).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")  # noqa: F405
WHITENOISE_MAX_AGE = 31536000

# One JSON object a line (python-json-logger), for journald and a log collector to parse.
LOGGING["formatters"] = {  # noqa: F405
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",  # ISO 8601, UTC
    }
}
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
