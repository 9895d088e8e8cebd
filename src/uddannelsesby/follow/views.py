"""Follow, confirm, unsubscribe, what I follow, and "send me the policy"."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from uddannelsesby.core.files import private
from uddannelsesby.core.idempotency import submit_once
from uddannelsesby.participation import ratelimit
from uddannelsesby.policies.models import Policy, PolicyVersion
from uddannelsesby.policies.pdf import policy_pdf_bytes
from uddannelsesby.policies.selectors import policy_latest_version

from . import retention, services
from .forms import FollowByEmailForm, FrequencyForm, PolicyMailForm
from .models import Subscription
from .targets import target_get, target_key, target_visible
from .tokens import all_token_email

_LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # as models.new_token makes them


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _too_many(form) -> None:
    form.add_error(
        None,
        _(
            "Too many requests from your network in a short time. Wait ten minutes and try "
            "again; what you wrote is kept below."
        ),
    )


def _target(request: HttpRequest, kind: str, pk: int):
    obj = target_get(kind, pk)
    if obj is None or not target_visible(request.user, obj):
        raise Http404
    return obj


def _mine(request: HttpRequest, obj) -> Subscription | None:
    if not request.user.is_authenticated:
        return None
    content_type, object_id = target_key(obj)
    return Subscription.objects.filter(
        user=request.user, content_type=content_type, object_id=object_id
    ).first()


@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Follow one thing: one click with an account, an e-mail to confirm without."""
    obj = _target(request, kind, pk)
    subscription = _mine(request, obj)
    if request.user.is_authenticated:
        initial = {"frequency": subscription.frequency} if subscription else None
        form = FrequencyForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            services.subscription_follow(
                user=request.user, obj=obj, frequency=form.cleaned_data["frequency"]
            )
            messages.success(request, _("You follow “%(title)s”.") % {"title": obj})
            return redirect(obj.get_absolute_url())
    else:
        form = FollowByEmailForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if ratelimit.is_limited(request, "follow"):
                _too_many(form)
            else:
                ratelimit.record(request, "follow")
                services.subscription_request(
                    email=form.cleaned_data["email"],
                    obj=obj,
                    frequency=form.cleaned_data["frequency"],
                )
                return redirect("follow:requested")
    return render(
        request,
        "follow/follow.html",
        {
            "obj": obj,
            "form": form,
            "subscription": subscription,
            "retention": retention.unconfirmed_text(),
        },
        status=_status(form),
    )


@require_safe
def requested(request: HttpRequest) -> HttpResponse:
    return render(request, "follow/requested.html")


def _by_token(token: str) -> Subscription | None:
    """The subscription of a link's token; None for a token no link of ours has (a link cut
    short or mangled, a NUL character the database refuses)."""
    if not _LINK_TOKEN.fullmatch(token):
        return None
    return Subscription.objects.filter(token=token).first()


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail. A GET only shows the button: a mail scanner that
    opens every link must not confirm on the person's behalf."""
    subscription = _by_token(token)
    if subscription is None:
        return render(request, "follow/link_invalid.html", status=404)
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        return redirect("follow:confirm", token=token)
    return private(render(request, "follow/confirm.html", {"subscription": subscription}))


@csrf_exempt  # RFC 8058: a mail program posts "List-Unsubscribe=One-Click" without a session
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _by_token(token)
    if request.method == "POST":
        if subscription is not None:
            services.subscription_cancel(subscription=subscription)
        return render(request, "follow/unsubscribed.html")
    if subscription is None:  # gone already: nothing more is sent
        return render(request, "follow/unsubscribed.html")
    return private(render(request, "follow/unsubscribe.html", {"subscription": subscription}))


@csrf_exempt  # RFC 8058, as above
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_all(request: HttpRequest, token: str) -> HttpResponse:
    email = all_token_email(token)
    if email is None:
        return render(request, "follow/link_invalid.html", status=404)
    if request.method == "POST":
        services.subscriptions_cancel_all(email=email)
        return render(request, "follow/unsubscribed.html")
    return private(render(request, "follow/unsubscribe.html", {"email": email}))


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    subscriptions = Subscription.objects.filter(user=request.user).order_by("title")
    return private(render(request, "follow/mine.html", {"subscriptions": subscriptions}))


@login_required
@require_POST
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(Subscription, pk=pk, user=request.user)
    services.subscription_cancel(subscription=subscription)
    messages.success(
        request, _("You no longer follow “%(title)s”.") % {"title": subscription.title}
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("follow:mine")
    return redirect(target)


# --- send me the policy ---


def _adopted(slug: str) -> tuple[Policy, PolicyVersion]:
    policy = get_object_or_404(Policy, slug=slug)
    version = policy_latest_version(policy, PolicyVersion.Kind.ADOPTED)
    if version is None:
        raise Http404
    policy.title = version.content.get("title", policy.title)  # as adopted
    return policy, version


@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def policy_mail(request: HttpRequest, slug: str) -> HttpResponse:
    policy, version = _adopted(slug)
    form = PolicyMailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.is_limited(request, "policy_mail"):
            _too_many(form)
        else:
            ratelimit.record(request, "policy_mail")
            pdf = policy_pdf_bytes(policy=policy, version=version, request=request)
            services.policy_mail_send(
                policy=policy, version=version, email=form.cleaned_data["email"], pdf=pdf
            )
            return redirect("follow:policy_mail_sent", slug=policy.slug)
    return render(
        request,
        "follow/policy_mail.html",
        {"policy": policy, "version": version, "form": form},
        status=_status(form),
    )


@require_safe
def policy_mail_sent(request: HttpRequest, slug: str) -> HttpResponse:
    policy, _version = _adopted(slug)
    return render(request, "follow/policy_mail_sent.html", {"policy": policy})
