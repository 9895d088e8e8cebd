from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET

from uddannelsesby.policies.selectors import policy_list_public

from .idempotency import claim_once


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"policies": policy_list_public()})


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
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
    success: str,
    next_url: Callable[[Any], str],
    cancel_url: str = "",
    lead: str = "",
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST run the service and go on. A ValidationError from the
    service lands beside its field; the page then answers 400 with "Error:" in its title."""
    if request.method == "POST" and form.is_valid():
        instance = getattr(form, "instance", None)
        if instance is not None and instance.pk and not form.has_changed():
            # Saved unchanged: nothing to write, no history, no new review.
            messages.success(request, success)
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
                messages.success(request, success)
                return once.done(redirect(next_url(result)))
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "title": title, "cancel_url": cancel_url, "lead": lead}
    return render(request, template, context | (extra or {}), status=status)
