"""Sending what happened to the people who follow it: notices at once, digests once a week.

Both run in the worker (tasks.py). Reads cost a constant number of queries, whatever the number
of followers: the subscriptions, the events of the period and their targets are each loaded in
one query and matched in memory.

Nothing is sent twice. Before an e-mail goes out, a `Delivery` row claims it: (address, event)
for a notice, (address, week) for a digest, both unique in the database. Mails are claimed and
sent in chunks, one transaction a chunk; a second worker that meets the same chunk waits for the
first one's transaction and gets a unique violation, and then goes through the chunk one mail at
a time, skipping each mail already claimed. A mail the server refuses loses its claim (the next
run tries again) and is recorded as a failure of the run (core.scheduling).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from uddannelsesby.core import events
from uddannelsesby.core.scheduling import JobRun, job_failure_record

from .models import Delivery, Event, EventTarget, Subscription
from .services import mail_message, site_url
from .texts import event_details, event_headline
from .tokens import all_token

CHUNK = 500
NOTICE_WINDOW = datetime.timedelta(days=2)  # a notice not sent within two days is dropped
DEADLINE_NEAR_DAYS = 3
DIGEST_MAX = 50  # events listed in one digest; the rest are counted, with the link to "mine"


@dataclass
class Follower:
    email: str
    subscription: int  # the pk of one of the person's subscriptions (for the failure record)
    follows: dict[str, str] = field(default_factory=dict)  # unsubscribe token -> title
    events: dict[int, None] = field(default_factory=dict)  # ordered, without repeats


@dataclass
class EventText:
    pk: int
    headline: str
    details: list[str]
    url: str


def _event_texts(rows: Iterable[dict]) -> dict[int, EventText]:
    with translation.override(settings.LANGUAGE_CODE):
        return {
            row["pk"]: EventText(
                pk=row["pk"],
                headline=event_headline(row["kind"], row["title"], row["payload"]),
                details=event_details(row["kind"], row["payload"]),
                url=site_url() + row["url"],
            )
            for row in rows
        }


def _followers(events_rows: list[dict], frequency: str) -> dict[str, Follower]:
    """Who gets which of the events: confirmed subscriptions of this frequency on any of the
    events' targets, and only events that happened after the person started following."""
    by_event = {row["pk"]: row for row in events_rows}
    targets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for event_id, content_type_id, object_id in EventTarget.objects.filter(
        event_id__in=list(by_event)
    ).values_list("event_id", "content_type_id", "object_id"):
        targets[(content_type_id, object_id)].append(event_id)
    followers: dict[str, Follower] = {}
    subscriptions = (
        Subscription.objects.filter(confirmed_at__isnull=False, frequency=frequency)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .values_list(
            "pk",
            "content_type_id",
            "object_id",
            "email",
            "user__email",
            "token",
            "title",
            "created_at",
        )  # fmt: skip
        .order_by("pk")
    )
    for pk, ct, oid, email, user_email, token, title, created in subscriptions.iterator(5000):
        hits = [e for e in targets.get((ct, oid), ()) if by_event[e]["created_at"] >= created]
        address = (email or user_email or "").strip()
        if not hits or not address:
            continue
        follower = followers.setdefault(address.lower(), Follower(address, pk))
        follower.follows[token] = title
        follower.events.update(dict.fromkeys(hits))
    for follower in followers.values():
        ordered = sorted(follower.events, key=lambda e: (by_event[e]["created_at"], e))
        follower.events = dict.fromkeys(ordered)
    return followers


@dataclass
class Mail:
    email: str
    key: str  # the item key of a failure
    build: Callable[[], EmailMessage]
    event: int | None = None
    period: datetime.date | None = None
    description: str = ""


def _claim(mail: Mail) -> Delivery:
    return Delivery(email=mail.email.lower(), event_id=mail.event, period=mail.period)


def _fail(run: JobRun, mail: Mail, error: BaseException) -> None:
    run.failed += 1
    description = " ".join(mail.description.split())[:300]  # one line, whatever the title held
    job_failure_record(job=run.job, item=mail.key, description=description, error=error)


def _deliver(run: JobRun, mails: list[Mail]) -> int:
    """Claim and send, a chunk at a time; returns how many were sent."""
    sent = 0
    for start in range(0, len(mails), CHUNK):
        chunk = mails[start : start + CHUNK]
        built: list[tuple[Mail, EmailMessage]] = []
        for mail in chunk:
            try:
                built.append((mail, mail.build()))
            except Exception as error:  # a line break in the address: nothing can be sent
                _fail(run, mail, error)
        try:
            sent += _send_chunk(run, built)
        except IntegrityError:  # another worker has claimed some of them: one at a time
            for mail, message in built:
                sent += _send_one(run, mail, message)
    return sent


def _send_chunk(run: JobRun, built: list[tuple[Mail, EmailMessage]]) -> int:
    with transaction.atomic():
        Delivery.objects.bulk_create([_claim(mail) for mail, _m in built])
        refused = []
        for mail, message in built:
            try:
                message.send()
            except Exception as error:
                refused.append(mail)
                _fail(run, mail, error)
        for mail in refused:  # not sent: the claim goes, the next run tries again
            claim = _claim(mail)
            Delivery.objects.filter(
                email=claim.email, event_id=claim.event_id, period=claim.period
            ).delete()
    return len(built) - len(refused)


def _send_one(run: JobRun, mail: Mail, message: EmailMessage) -> int:
    with run.item(key=mail.key, description=mail.description):
        try:
            with transaction.atomic():
                _claim(mail).save()
        except IntegrityError:
            return 0  # sent by another worker
        message.send()
        return 1
    return 0


def _key(follower: Follower) -> str:
    return f"follow.subscription:{follower.subscription}"


LINES, ALL = "\x00unsubscribe\x00", "\x00all\x00"  # filled in for each person


class Frames:
    """The text of a notice or digest is the same for everyone who gets the same events, but
    for the unsubscribe links: it is rendered once per list of events, with two markers that
    each person's links replace. Links are made from a prefix, not one reverse() each."""

    def __init__(self, template: str, context: dict):
        self.template, self.context = template, context
        self.frames: dict[tuple[int, ...], str] = {}
        self.tokens: dict[str, str] = {}
        self.one = site_url() + reverse("follow:unsubscribe", args=["TOKEN"])
        self.all = site_url() + reverse("follow:unsubscribe_all", args=["TOKEN"])

    def body(self, key: tuple[int, ...], context: dict, follower: Follower, address: str) -> str:
        frame = self.frames.get(key)
        if frame is None:
            context = self.context | context | {"unsubscribe": LINES, "unsubscribe_all": ALL}
            with translation.override(settings.LANGUAGE_CODE):
                frame = render_to_string(f"follow/email/{self.template}.txt", context)
            self.frames[key] = frame
        return frame.replace(LINES, self.lines(follower)).replace(ALL, self.all_url(address))

    def lines(self, follower: Follower) -> str:
        return "\n".join(
            f"{title}: {self.one.replace('TOKEN', token)}"
            for token, title in follower.follows.items()
        )

    def one_url(self, follower: Follower) -> str:
        return self.one.replace("TOKEN", next(iter(follower.follows)))

    def all_url(self, address: str) -> str:
        if address not in self.tokens:
            self.tokens[address] = self.all.replace("TOKEN", all_token(address))
        return self.tokens[address]


# --- notices, at once ---


def deadlines_announce(*, today: datetime.date) -> int:
    """A hearing that closes within three days: announced once to its followers."""
    from uddannelsesby.participation.models import Hearing

    count = 0
    soon = today + datetime.timedelta(days=DEADLINE_NEAR_DAYS)
    for hearing in Hearing.objects.filter(
        starts_on__lte=today, ends_on__gte=today, ends_on__lte=soon
    ).select_related("version__policy"):
        key = f"hearing_deadline:{hearing.pk}:{hearing.ends_on.isoformat()}"
        if not Event.objects.filter(key=key).exists():
            events.event_announce(
                kind=events.HEARING_DEADLINE,
                targets=[hearing, hearing.version.policy],
                title=hearing.title,
                url=hearing.get_absolute_url(),
                payload={"date": hearing.ends_on.isoformat()},
                key=key,
            )
            count += 1
    return count


def notices_send(*, now: datetime.datetime, run: JobRun) -> dict[str, int]:
    """One e-mail for each new event to each person who follows it "at once"."""
    with run.item(key="follow.deadlines"):
        deadlines_announce(today=timezone.localdate(now))
    rows = list(
        Event.objects.filter(created_at__gte=now - NOTICE_WINDOW, created_at__lte=now).values(
            "pk", "kind", "title", "url", "payload", "created_at"
        )
    )
    followers = _followers(rows, Subscription.Frequency.IMMEDIATE)
    done = set(
        Delivery.objects.filter(event_id__in=[r["pk"] for r in rows]).values_list(
            "email", "event_id"
        )
    )
    texts = _event_texts(rows)
    frames = Frames("notice", {})
    mails = []
    for address, follower in followers.items():
        for event_id in follower.events:
            if (address, event_id) in done:
                continue
            text = texts[event_id]

            def build(follower=follower, text=text, address=address, event_id=event_id):
                body = frames.body((event_id,), {"event": text}, follower, address)
                one = len(follower.follows) == 1
                unsubscribe = frames.one_url(follower) if one else frames.all_url(address)
                return mail_message(text.headline, body, follower.email, unsubscribe)

            mails.append(
                Mail(follower.email, _key(follower), build, event=event_id,
                     description=text.headline)
            )  # fmt: skip
    return {"notices": _deliver(run, mails)}


# --- weekly digests ---


def digest_week(
    now: datetime.datetime,
) -> tuple[datetime.date, datetime.datetime, datetime.datetime]:
    """The last whole week (Monday to Monday, local time) before now."""
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time(), tzinfo=tz)
    return monday, start, end


def digests_send(*, now: datetime.datetime, run: JobRun) -> dict[str, int]:
    """One e-mail a week to each person with weekly subscriptions, listing what happened last
    week to everything they follow; nobody gets the same week twice."""
    monday, start, end = digest_week(now)
    rows = list(
        Event.objects.filter(created_at__gte=start, created_at__lt=end).values(
            "pk", "kind", "title", "url", "payload", "created_at"
        )
    )
    if not rows:
        return {"digests": 0}
    followers = _followers(rows, Subscription.Frequency.WEEKLY)
    done = set(Delivery.objects.filter(period=monday).values_list("email", flat=True))
    texts = _event_texts(rows)
    week = {"start": monday, "end": monday + datetime.timedelta(days=6)}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("follow/email/digest_subject.txt", {"week": week})
    frames = Frames("digest", {"week": week})
    mails = []
    for address, follower in followers.items():
        if address in done:
            continue

        def build(follower=follower, address=address):
            key = tuple(islice(follower.events, DIGEST_MAX))
            context = {
                "events": [texts[e] for e in key],
                "more": max(0, len(follower.events) - DIGEST_MAX),
            }
            body = frames.body((*key, -context["more"]), context, follower, address)
            return mail_message(subject, body, follower.email, frames.all_url(address))

        mails.append(Mail(follower.email, _key(follower), build, period=monday))
    return {"digests": _deliver(run, mails)}
