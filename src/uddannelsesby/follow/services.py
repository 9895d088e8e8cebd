"""Every write of following: subscriptions, events, the policy sent by e-mail."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from uddannelsesby.core.text import email_subject

from . import retention
from .models import Event, EventTarget, Subscription
from .targets import target_key, target_title


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def unsubscribe_url(subscription: Subscription) -> str:
    return site_url() + reverse("follow:unsubscribe", args=[subscription.token])


def mail_build(
    template: str, context: dict[str, Any], to: str, *, unsubscribe: str = "", attach=None
) -> EmailMessage:
    """An e-mail in the site's language, from follow/email/<template>.txt and its subject."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"follow/email/{template}_subject.txt", context)
        body = render_to_string(f"follow/email/{template}.txt", context)
    return mail_message(subject, body, to, unsubscribe, attach=attach)


def mail_message(
    subject: str, body: str, to: str, unsubscribe: str = "", *, attach=None
) -> EmailMessage:
    """With `unsubscribe`, the List-Unsubscribe headers of RFC 8058, so that a mail program
    offers one click that needs no visit to the site. The subject is put on one line, and an
    address with a line break is refused here, before anything is claimed as sent (building
    the whole MIME message to find out costs milliseconds a mail: too much for 50,000
    digests; the headers we add are our own URLs)."""
    if "\r" in to or "\n" in to:
        raise ValueError(f"Invalid address; address parts cannot contain newlines: {to!r}")
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMessage(email_subject(subject), body, None, [to], headers=headers)
    if attach:
        message.attach(*attach)
    return message


# --- subscriptions ---


def _existing(obj, *, user=None, email: str = "") -> Subscription | None:
    content_type, object_id = target_key(obj)
    who = Q(user=user) if user is not None else Q(email=email)
    return Subscription.objects.filter(who, content_type=content_type, object_id=object_id).first()


@transaction.atomic
def subscription_follow(*, user, obj, frequency: str) -> Subscription:
    """A person with an account follows obj at once (one click); following again changes only
    how often."""
    subscription = _existing(obj, user=user)
    if subscription is not None:
        if subscription.frequency != frequency:
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency"])
        return subscription
    content_type, object_id = target_key(obj)
    return Subscription.objects.create(
        user=user,
        content_type=content_type,
        object_id=object_id,
        title=target_title(obj)[:300],
        frequency=frequency,
        confirmed_at=timezone.now(),
    )


@transaction.atomic
def subscription_request(*, email: str, obj, frequency: str) -> Subscription:
    """Someone without an account asks to follow obj: nothing is sent to the address until it
    is confirmed through the link in the e-mail (double opt-in). Asking again sends the link
    again and never tells the asker whether the address follows already."""
    email = email.strip().lower()
    subscription = _existing(obj, email=email)
    if subscription is None:
        content_type, object_id = target_key(obj)
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email,
                    content_type=content_type,
                    object_id=object_id,
                    title=target_title(obj)[:300],
                    frequency=frequency,
                )
        except IntegrityError:  # the same request twice at once
            subscription = _existing(obj, email=email)
    if subscription.confirmed_at is None:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    context = {
        "title": subscription.title,
        "confirmed": subscription.confirmed_at is not None,
        "url": site_url() + reverse("follow:confirm", args=[subscription.token]),
        "days": retention.unconfirmed_days(),
    }
    message = mail_build("confirm", context, email)
    transaction.on_commit(message.send)
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_set_frequency(*, subscription: Subscription, frequency: str) -> Subscription:
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency"])
    return subscription


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> None:
    subscription.delete()


def _of_address(email: str):
    email = email.strip().lower()
    return Subscription.objects.filter(Q(email=email) | Q(user__email__iexact=email))


@transaction.atomic
def subscriptions_cancel_all(*, email: str) -> int:
    """Stop everything sent to the address (the List-Unsubscribe of a digest)."""
    deleted, _detail = _of_address(email).delete()
    return deleted


def subscriptions_export(email: str) -> list[dict[str, Any]]:
    return [
        {
            "follows": s.title,
            "frequency": s.frequency,
            "followed": s.created_at.isoformat(),
            "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None,
        }
        for s in _of_address(email).order_by("pk")
    ]


def subscriptions_delete_all(email: str) -> int:
    return subscriptions_cancel_all(email=email)


def subscriptions_expire(*, now: datetime.datetime) -> int:
    """Delete requests to follow that were never confirmed within the retention period."""
    deleted, _detail = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=retention.unconfirmed_cutoff(now)
    ).delete()
    return deleted


# --- events ---


def event_record(
    sender, *, kind: str, targets: list, title: str, url: str, payload: dict, key: str, **extra
) -> Event | None:
    """Receiver of core.events.event_announced: record the event and what it is about, in the
    transaction of the change that caused it."""
    if key and Event.objects.filter(key=key).exists():
        return None
    event = Event.objects.create(
        kind=kind, title=title[:300], url=url[:500], payload=payload, key=key or None
    )
    pairs = [target_key(target) for target in targets]
    if any(
        ct.model_class() is not None and ct.natural_key() == ("participation", "meeting")
        for ct, _pk in pairs
    ):
        pairs.append(meeting_series_key())  # followers of all citizen meetings
    seen = set()
    rows = []
    for content_type, object_id in pairs:
        if (content_type.pk, object_id) not in seen:
            seen.add((content_type.pk, object_id))
            rows.append(EventTarget(event=event, content_type=content_type, object_id=object_id))
    EventTarget.objects.bulk_create(rows)
    return event


def meeting_series_key() -> tuple[ContentType, int]:
    return ContentType.objects.get_by_natural_key("participation", "meeting"), 0


# --- send me the policy ---

PDF_ATTACH_LIMIT = 5 * 1024 * 1024  # larger PDFs are linked, not attached


@transaction.atomic
def policy_mail_send(*, policy, version, email: str, pdf: bytes) -> None:
    """E-mail the adopted policy: the link to its page and its accessible PDF (attached, or
    linked when it is too large for an inbox). Nothing is kept about the address."""
    base = site_url()
    context = {
        "policy": policy,
        "version": version,
        "url": base + policy.get_absolute_url(),
        "pdf_url": base + reverse("policies:pdf", args=[policy.slug]),
        "attached": len(pdf) <= PDF_ATTACH_LIMIT,
    }
    attach = None
    if context["attached"]:
        attach = (f"{policy.slug}-v{version.number}.pdf", pdf, "application/pdf")
    message = mail_build("policy", context, email.strip(), attach=attach)
    transaction.on_commit(message.send)
