"""Rate limiting per IP address with the cache: a limit on submissions, not on page views.

The address itself is not kept: the cache key holds a keyed hash of it, for ten minutes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 600
LIMITS = {"response": 5, "registration": 10, "statement": 10, "data": 5, "survey": 10}


def _key(request: HttpRequest, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"participation:rate:{scope}:{digest}"


def is_limited(request: HttpRequest, scope: str) -> bool:
    return cache.get(_key(request, scope), 0) >= LIMITS[scope]


def record(request: HttpRequest, scope: str) -> None:
    key = _key(request, scope)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
