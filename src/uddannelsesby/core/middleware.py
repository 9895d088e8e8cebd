import secrets

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .pagecache import WRITTEN_COOKIE

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class LanguageMiddleware:
    """Danish unless the visitor chose another language with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language, so a citizen
    always meets the municipality's site in Danish first, and the choice is theirs to change.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class PrivateCacheMiddleware:
    """Personal pages are never stored by a browser or a shared cache.

    Any response to a logged-in user, any page reached through a personal link (a URL with a
    token), any page holding a form's CSRF token and any page with a message for its reader is
    ``Cache-Control: private, no-store`` unless the view chose otherwise. Shared public pages
    say ``public`` themselves (core.pagecache).

    A logged-in user's post (any method but GET, HEAD, OPTIONS) gets a new ``written`` cookie:
    nginx keeps a reader's own page a second under a key that holds it (core.pagecache), so the
    page after a change of theirs is never one kept from before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method not in SAFE_METHODS and user is not None and user.is_authenticated:
            response.set_cookie(
                WRITTEN_COOKIE,
                secrets.token_urlsafe(8),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if response.has_header("Cache-Control"):
            return response
        match = getattr(request, "resolver_match", None)
        personal_link = match is not None and "token" in match.kwargs
        messages = getattr(request, "_messages", None)
        if (
            personal_link
            or (user is not None and user.is_authenticated)
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or (messages is not None and len(messages) > 0)
        ):
            response["Cache-Control"] = "private, no-store"
        return response


class UnchangedCsrfCookieMiddleware:
    """Sends the CSRF cookie only when it is new or changed (placed just before Django's
    CsrfViewMiddleware, which sets it).

    Django sends it again with every page that holds a token, to renew its age (a year): every
    logged-in page then set a cookie, and nginx keeps no page that sets one (core.pagecache).
    A cookie a year old is replaced on the next page that needs it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        name = settings.CSRF_COOKIE_NAME
        sent = response.cookies.get(name)
        if sent is not None and sent.value == request.COOKIES.get(name):
            del response.cookies[name]
        return response


class LoggedOutFormMiddleware:
    """A form sent after the session expired: the view sends the person to log in, and what
    they typed would be lost with that redirect. Instead the answer says why, links to the
    login, and shows what was typed, to copy (never stored)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code == 302
            and not request.user.is_authenticated
        ):
            from django.shortcuts import resolve_url

            from .views import logged_out_form

            login = resolve_url(settings.LOGIN_URL)
            if response["Location"].split("?")[0] == login and request.path != login:
                return logged_out_form(request, response["Location"]) or response
        return response
