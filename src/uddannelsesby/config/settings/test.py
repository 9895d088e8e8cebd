"""Tests: fast hashing, in-memory e-mail, tasks run at once, plain static storage."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Each test process its own cache, even where REDIS_URL is set (tests clear the cache); the
# rate-limit tests start their own Redis connections (tests/participation/test_ratelimit.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# No page is served from the cache in tests (most change data inside a transaction that never
# commits, so no change would invalidate); tests/core/test_pagecache.py turns it on.
PAGE_CACHE_SECONDS = 0
