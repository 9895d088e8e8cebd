"""Rate limiting of public submissions per client address, in the shared cache.

The count lives in Django's default cache, which is Redis in production (settings: REDIS_URL),
so it holds across worker processes and servers; incrementing is atomic there. The limit is on
submissions, not on page views, and is generous enough for a school class or an office that
reaches us through one address (docs/security.md has the numbers and the reasons).

The client is the connecting address, unless that is one of the project's own proxies
(settings.TRUSTED_PROXIES): then the right-most address in X-Forwarded-For that is not a trusted
proxy. Whatever a client writes in the header itself is further left and never read. IPv6
clients are counted per /64 network, which is what one household or office gets.

The address itself is not kept: the cache key holds a keyed hash of it, for ten minutes.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from uddannelsesby.core.clients import client_address

WINDOW_SECONDS = 600
# Submissions per address in ten minutes. A class of 30 behind a school's one address answers a
# survey, proposes statements, registers for a meeting or sends hearing responses at once.
LIMITS = {
    "response": 40, "registration": 40, "statement": 60, "data": 10, "survey": 120,
    "follow": 20, "policy_mail": 10,
}  # fmt: skip


def _cache():
    return caches[getattr(settings, "RATELIMIT_CACHE", "default")]


def _key(request: HttpRequest, scope: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    return f"participation:rate:{scope}:{digest.hexdigest()[:32]}"


def is_limited(request: HttpRequest, scope: str) -> bool:
    return (_cache().get(_key(request, scope)) or 0) >= LIMITS[scope]


def record(request: HttpRequest, scope: str) -> int:
    """Count one submission; returns the count in the current window."""
    cache = _cache()
    key = _key(request, scope)
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)  # atomic in Redis, and the key keeps its expiry
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
