"""Public pages for anonymous visitors, served from the shared cache.

A view decorated with ``@public_page("policies", "plans")`` is stored, whole, the first time an
anonymous visitor asks for it, and served from the cache to every anonymous visitor after that,
on every node (the "pages" cache is Redis in production).

- The key holds the address (scheme, host, path and query), the language and whether htmx
  asked for a part.
- The stored page holds the *generation* of each area it shows ("policies", "plans", ...) when
  it was built: a token in the same cache, read with the page in one round trip. A change to an
  area replaces its token (``pages_touch``), so every page built under the old token is built
  again on its next request, on every node at once. The signals below touch the
  area of any model saved or deleted through the ORM; a service that writes past the ORM's
  signals (raw SQL, ``bulk_update``) touches its area itself.

Nothing personal is ever stored or shared: a logged-in user, a request with a message waiting,
and any page that used the CSRF token (a form), set a cookie, changed the session, showed a
message or answered anything but 200 are neither served from nor stored in the cache (such
pages get ``Cache-Control: private, no-store`` from ``core.middleware.PrivateCacheMiddleware``).

A stored page carries an ETag, a Last-Modified date and ``Cache-Control: public, max-age=N``;
``ConditionalGetMiddleware`` answers 304 to a browser that has it already. It also carries
``X-Accel-Expires`` (PAGE_CACHE_PROXY_SECONDS; 1: to the end of this second): nginx in front
answers it from its own cache that long, and caches nothing without it
(deploy/nginx/uddannelsesby.conf).

A logged-in reader's page of such a view is built for them alone, and never shared; nginx may
keep it that second for the same reader only (``_kept_for_reader``): its key holds their
session and CSRF cookies and the ``written`` cookie, which changes with each of their posts
(``core.middleware.PrivateCacheMiddleware``), so they see their own change at once and another
editor's within the second, as anonymous visitors do. Never a page holding a one-time form token
(two tabs would share it), a message, or one that set a cookie or changed the session.
"""

import functools
import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from functools import wraps
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

from .idempotency import TOKEN_FIELD

logger = logging.getLogger(__name__)

AREAS = ("accounts", "bridge", "catalogue", "indicators", "participation", "plans", "policies")
HIT_HEADER = "X-Page-Cache"
WRITTEN_COOKIE = "written"  # changed by each post of a logged-in user (see the module)
MAX_ADDRESS = 2000  # longer addresses (odd search queries) are never stored

try:  # a new release starts with fresh pages: its templates may differ
    RELEASE = version("uddannelsesby")
except PackageNotFoundError:  # pragma: no cover - running from a checkout without metadata
    RELEASE = "dev"


@functools.cache
def release() -> str:
    """What a stored page was built with: the release and the static files' manifest, so a
    deploy that changes a style sheet or script under the same version number serves no page
    that names the old files (a process reads the manifest once, when it starts)."""
    return f"{RELEASE}:{getattr(staticfiles_storage, 'manifest_hash', '')}"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


# Generations ----------------------------------------------------------------------------------


def _generation_key(area: str) -> str:
    return f"pagegen:{area}"


def generations(areas: Iterable[str]) -> dict[str, str]:
    """The current token of each area. A missing token (never set, or evicted) is created: a
    new random one, so a page stored under an older token can never come back."""
    cache = _cache()
    keys = {_generation_key(area): area for area in areas}
    found = cache.get_many(list(keys))
    for key in keys.keys() - found.keys():
        cache.add(key, secrets.token_hex(8), timeout=None)  # another node may be first
        found[key] = cache.get(key) or secrets.token_hex(8)
    return {area: found[key] for key, area in keys.items()}


def pages_touch(*areas: str) -> None:
    """Every page showing one of these areas is built again on its next request, on every node.

    Runs when the current transaction commits (at once outside one), so no node can store the
    old state under the new token while the change is still uncommitted."""
    unknown = set(areas) - set(AREAS)
    if unknown:
        raise ValueError(f"Unknown page cache areas: {sorted(unknown)}")
    if areas:
        transaction.on_commit(lambda: _replace(areas), robust=True)


def _replace(areas: Iterable[str]) -> None:
    try:
        _cache().set_many({_generation_key(a): secrets.token_hex(8) for a in areas}, timeout=None)
    except Exception:  # the cache is down: the pages expire by themselves (PAGE_CACHE_SECONDS)
        logger.exception("Could not invalidate the cached pages of %s", ", ".join(areas))


# What a change touches ------------------------------------------------------------------------

# Records that never show on a public page, or not in the state they are created in.
QUIET: dict[str, Callable[[Any, bool, frozenset[str] | None], bool]] = {
    # A login or a new password changes no public page; a new user is not named anywhere yet.
    "accounts.user": lambda user, created, fields: (
        created or (fields is not None and fields <= {"last_login", "password"})
    ),
    # A citizen's response is public only once a moderator publishes it: the thousands sent on
    # a deadline day leave the hearing's pages in the cache.
    "participation.response": lambda response, created, fields: (
        created and response.status == response.Status.PENDING
    ),
    "participation.hearinginvitation": lambda *args: True,
    "participation.participationcode": lambda *args: True,
    "bridge.savedsearch": lambda *args: True,
    "bridge.application": lambda *args: True,
    "bridge.applicationevent": lambda *args: True,
    "bridge.studentchoice": lambda *args: True,
    "bridge.employerranking": lambda *args: True,
}


# The site's settings (name, logo, theme) show on every page.
EVERY_PAGE = {"core.sitesettings"}


def _areas_of(sender) -> tuple[str, ...]:
    if sender._meta.label_lower in EVERY_PAGE:
        return AREAS
    label = sender._meta.app_label
    return (label,) if label in AREAS else ()


def _saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs) -> None:
    areas = _areas_of(sender)
    if not areas or raw:
        return
    quiet = QUIET.get(sender._meta.label_lower)
    fields = frozenset(update_fields) if update_fields is not None else None
    if quiet is not None and quiet(instance, created, fields):
        return
    pages_touch(*areas)


def _deleted(sender, instance, **kwargs) -> None:
    if sender._meta.label_lower not in QUIET:
        pages_touch(*_areas_of(sender))


def _m2m(sender, instance, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        pages_touch(*_areas_of(type(instance)))


def connect_signals() -> None:
    post_save.connect(_saved, dispatch_uid="pagecache.saved")
    post_delete.connect(_deleted, dispatch_uid="pagecache.deleted")
    m2m_changed.connect(_m2m, dispatch_uid="pagecache.m2m")


# Serving --------------------------------------------------------------------------------------


def _pending_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _may_use_cache(request: HttpRequest) -> bool:
    """Whether this request may get, or give, a shared page."""
    return (
        enabled()
        and request.method in {"GET", "HEAD"}
        and len(request.get_full_path()) <= MAX_ADDRESS
        and not request.user.is_authenticated
        and not _pending_messages(request)
    )


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether this answer holds nothing that belongs to the one who asked."""
    session = getattr(request, "session", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.has_header("Cache-Control")  # the view decided for itself
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form's CSRF token was used
        and not (session is not None and session.modified)
        and not _pending_messages(request)  # a message was added while building the page
    )


def _key(request: HttpRequest, areas: tuple[str, ...]) -> str:
    """The page's address; the stored page carries the generations it was built under."""
    parts = [
        release(),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.build_absolute_uri(),
        *sorted(areas),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _lookup(key: str, areas: tuple[str, ...]) -> tuple[dict | None, dict[str, str]]:
    """The stored page, if built under the current generation of each area, and those
    generations: one round trip to the cache for a hit."""
    generation_keys = {_generation_key(area): area for area in areas}
    found = _cache().get_many([key, *generation_keys])
    if found.keys() >= generation_keys.keys():
        current = {area: found[k] for k, area in generation_keys.items()}
    else:
        current = generations(areas)
    stored = found.get(key)
    if stored is not None and stored.get("generations") == current:
        return stored, current
    return None, current


def _proxy_expiry(response: HttpResponse) -> HttpResponse:
    """How long nginx may keep the page, counted from now: set on every answer, a page built
    and a page from the cache alike (a stored time would be in the past)."""
    if settings.PAGE_CACHE_PROXY_SECONDS > 0:  # nginx's own cache; nginx never passes it on
        # Until the end of the N-th second from now, by the clock: nginx counts whole seconds,
        # so a relative "1" would let it keep the page up to 2 s.
        until = int(time.time()) + settings.PAGE_CACHE_PROXY_SECONDS - 1
        response["X-Accel-Expires"] = f"@{until}"
    return response


def _public_headers(response: HttpResponse) -> None:
    response["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_MAX_AGE}"
    response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["Last-Modified"] = http_date()


def _stored(response: HttpResponse, current: dict[str, str]) -> dict[str, Any]:
    return {"content": response.content, "headers": dict(response.headers), "generations": current}


def _from_stored(stored: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(stored["content"], headers=stored["headers"])
    response[HIT_HEADER] = "hit"
    return _proxy_expiry(response)


def _kept_for_reader(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether nginx may keep a logged-in reader's page for them alone (see the module)."""
    session = getattr(request, "session", None)
    return (
        enabled()
        and request.method == "GET"
        and request.user.is_authenticated
        and response.status_code == 200
        and not response.streaming
        and not response.has_header("Cache-Control")
        and not response.cookies
        and not _sets_csrf_cookie(request)
        and not (session is not None and session.modified)
        and not _pending_messages(request)
        and TOKEN_FIELD.encode() not in response.content
    )


def _sets_csrf_cookie(request: HttpRequest) -> bool:
    """Whether the answer will set the CSRF cookie: the page used a token, and the reader has
    none or another (core.middleware.UnchangedCsrfCookieMiddleware removes an unchanged one)."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) and request.COOKIES.get(
        settings.CSRF_COOKIE_NAME
    ) != request.META.get("CSRF_COOKIE")


def public_page(*areas: str):
    """Serve the view's page to anonymous visitors from the shared cache (see the module)."""
    unknown = set(areas) - set(AREAS)
    if unknown:
        raise ValueError(f"Unknown page cache areas: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not _may_use_cache(request):
                response = view(request, *args, **kwargs)
                if _kept_for_reader(request, response):
                    _proxy_expiry(response)
                return response
            try:
                key = _key(request, areas)
                stored, current = _lookup(key, areas)
            except Exception:  # the cache is down: build the page, as without a cache
                logger.exception("The page cache could not be read")
                return view(request, *args, **kwargs)
            if stored is not None:
                return _from_stored(stored)
            response = view(request, *args, **kwargs)
            if _shareable(request, response):
                _public_headers(response)
                try:
                    _cache().set(
                        key, _stored(response, current), timeout=settings.PAGE_CACHE_SECONDS
                    )
                except Exception:
                    logger.exception("The page cache could not be written")
                response[HIT_HEADER] = "miss"
                _proxy_expiry(response)
            return response

        wrapped.page_cache_areas = areas
        return wrapped

    return decorator


# Shared parts of personal pages ----------------------------------------------------------------


def shared_part[T](name: str, areas: tuple[str, ...], build: Callable[[], T]) -> T:
    """The part of a page that is the same for everyone who sees it (a logged-in editor too),
    from the shared cache, built and stored on a miss.

    ``name`` must hold everything the part depends on besides the areas it shows (the object,
    its version, the language, ...); the part is kept under the current generation of each
    area, read with it in one round trip, so a change to an area rebuilds it on every node at
    once, as ``public_page`` does for whole pages. Nothing personal may go into it: no CSRF
    token, no user, no request."""
    if not enabled():
        return build()
    key = "part:" + hashlib.sha256(f"{release()}\n{name}".encode()).hexdigest()
    try:
        stored, current = _lookup(key, areas)
    except Exception:  # the cache is down: build the part, as without a cache
        logger.exception("The page cache could not be read")
        return build()
    if stored is not None:
        return stored["part"]
    part = build()
    try:
        _cache().set(
            key, {"part": part, "generations": current}, timeout=settings.PAGE_CACHE_SECONDS
        )
    except Exception:
        logger.exception("The page cache could not be written")
    return part
