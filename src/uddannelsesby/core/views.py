import datetime
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from uddannelsesby.policies.selectors import policy_list_public

from .files import serve_file
from .idempotency import claim_once
from .pagecache import public_page
from .site import site_settings, site_settings_without_database

logger = logging.getLogger(__name__)


@require_safe
@public_page("policies")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"policies": policy_list_public()})


@require_safe
def site_logo(request: HttpRequest) -> HttpResponse:
    """The municipality's logo (public: it is in every page's header)."""
    from .models import SiteSettings

    row = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON).first()
    if row is None or not row.logo or not site_settings().logo:
        raise Http404
    content_type = "image/jpeg" if row.logo.name.endswith((".jpg", ".jpeg")) else "image/png"
    return serve_file(row.logo, filename="logo", content_type=content_type, personal=False)


@require_safe
@public_page()
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def security_policy(request: HttpRequest) -> HttpResponse:
    """How to report a security problem (the Policy of security.txt)."""
    contact = settings.SECURITY_CONTACT
    return render(
        request,
        "core/security.html",
        {"contact": contact, "contact_email": contact.removeprefix("mailto:")},
    )


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116), for security researchers. It is made on each
    request, so Expires always lies SECURITY_TXT_DAYS ahead and never passes unnoticed."""
    expires = (timezone.now() + datetime.timedelta(days=settings.SECURITY_TXT_DAYS)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: da, en",
        f"Canonical: {request.build_absolute_uri(reverse('core:security_txt'))}",
        f"Policy: {request.build_absolute_uri(reverse('core:security'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def language_switch(request: HttpRequest, code: str) -> HttpResponse:
    """Switch language with a plain link, so it works without JavaScript."""
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def form_page(
    request: HttpRequest,
    form,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    success: str | Callable[[Any], str],
    next_url: Callable[[Any], str],
    cancel_url: str = "",
    lead: str = "",
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST run the service and go on. A ValidationError from the
    service lands beside its field; the page then answers 400 with "Error:" in its title.
    `success` is the message shown next, or a function of what was saved that makes it (with
    format_html when it holds links)."""

    def said(result) -> str:
        return success(result) if callable(success) else success

    if request.method == "POST" and form.is_valid():
        instance = getattr(form, "instance", None)
        if instance is not None and instance.pk and not form.has_changed():
            # Saved unchanged: nothing to write, no history, no new review.
            messages.success(request, said(instance))
            return redirect(next_url(instance))
        with claim_once(request, form) as once:  # a create form posted twice saves once
            if once.replay:
                return once.replay
            try:
                result = save(form.cleaned_data)
            except ValidationError as error:
                # No getattr() with a default: an error naming fields has no error_list.
                errors = (
                    error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
                )
                for field, messages_ in errors.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                messages.success(request, said(result))
                return once.done(redirect(next_url(result)))
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "title": title, "cancel_url": cancel_url, "lead": lead}
    return render(request, template, context | (extra or {}), status=status)


# Error pages: the site's own, in the site's layout and the visitor's language, with a way on.

ERROR_TEMPLATE = "core/error.html"


def _error_texts() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("The request could not be understood"),
            _("Something in the address or the form that was sent was not as expected."),
        ),
        403: (
            _("You do not have access to this page"),
            _(
                "The page exists, but your account may not see or do this. Log in with another "
                "account, or ask the municipality if you think you should have access."
            ),
        ),
        404: (
            _("The page was not found"),
            _("The address may be mistyped, or the page may have been moved or removed."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("The error has been recorded. Please try again in a little while."),
        ),
    }


def _error_page(request: HttpRequest, status: int, hint: str = "") -> HttpResponse:
    title, message = _error_texts()[status]
    typed = _typed(request) if request.method == "POST" and _from_this_site(request) else []
    if typed and not hint:  # a form refused: what it was about changed while it was filled in
        hint = {
            403: _(
                "Your form was not saved: you may no longer change this. It may have been "
                "archived or closed while you wrote. What you wrote is shown below, so you "
                "can copy it."
            ),
            404: _(
                "Your form was not saved: what it was about is no longer here. It may have "
                "been removed or closed while you wrote. What you wrote is shown below, so "
                "you can copy it."
            ),
        }.get(status, "")
    context = {"title": title, "message": message, "hint": hint, "status": status, "typed": typed}
    return render(request, ERROR_TEMPLATE, context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Also where a form lands whose record was archived or closed while it was filled in
    (a policy archived, a plan year closed): what was typed is shown back, never dropped."""
    return _error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token: usually an old tab, a session that expired
    or blocked cookies. What the person typed is shown back (never stored, never sent on), so
    reloading the form loses nothing; only for a form sent from this site's own pages, so
    another site cannot put words on ours."""
    hint = _(
        "The form had expired or your browser did not send its cookie. Go back, reload the "
        "page and send the form again. Nothing has been saved."
    )
    if request.method == "POST" and _from_this_site(request) and _typed(request):
        hint = _(
            "The form had expired or your browser did not send its cookie. Nothing has been "
            "saved. What you wrote is shown below: copy it, reload the form and send it again."
        )
    return _error_page(request, 403, hint)


def logged_out_form(request: HttpRequest, login_url: str) -> HttpResponse | None:
    """The answer to a form sent after the session expired (core.middleware), or None when
    there is nothing typed to show (the redirect to the login is then answer enough)."""
    typed = _typed(request) if _from_this_site(request) else []
    if not typed:
        return None
    context = {
        "title": _("You are no longer logged in"),
        "message": _(
            "You were logged out while you wrote, so your form was not saved. What you wrote "
            "is shown below: copy it, log in and send the form again."
        ),
        "login_url": login_url,
        "status": 403,
        "typed": typed,
    }
    return render(request, ERROR_TEMPLATE, context, status=403)


# Never shown back: the security tokens themselves, passwords, and the spam trap.
_NOT_TYPED = ("csrfmiddlewaretoken", "password", "token", "edited_from", "checksum", "website")


def _typed(request: HttpRequest) -> list[tuple[str, str]]:
    """What was typed in the form, as (field name in words, text)."""
    typed = []
    for name, values in request.POST.lists():
        if any(word in name.lower() for word in _NOT_TYPED):
            continue
        for value in values:
            if value.strip():
                label = name.rsplit("-", 1)[-1].replace("_", " ").strip().capitalize()
                typed.append((label or name, value[:20000]))
    return typed[:100]


def _from_this_site(request: HttpRequest) -> bool:
    try:
        host = request.get_host()
    except Exception:  # a host not allowed: nothing is shown back
        return False
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not origin:
        return False
    parts = urlsplit(origin)
    return parts.netloc == host or f"{parts.scheme}://{parts.netloc}" in set(
        getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    )


SERVER_ERROR_FALLBACK = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{message}</p><p><a href="/">{home}</a></p></main></body></html>"""


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page renders with a minimal context (no database, no user, no context
    processors that could fail again); if even that fails, a plain page with the same words."""
    title, message = _error_texts()[500]
    context = {
        "title": title,
        "message": message,
        "status": 500,
        "municipality": site_settings_without_database(),
    }
    try:
        html = loader.get_template(ERROR_TEMPLATE).render(context)  # no request: no processors
    except Exception:  # the error page itself must never fail
        logger.exception("The 500 page could not be rendered")
        html = SERVER_ERROR_FALLBACK.format(
            lang=escape(get_language() or settings.LANGUAGE_CODE),
            title=escape(title),
            message=escape(message),
            home=escape(_("Go to the front page")),
        )
    return HttpResponseServerError(html)
