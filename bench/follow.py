"""Benchmark of the weekly digest: 50,000 followers and 2,000 events in under 60 s.

Runs on its own SQLite file (var/bench-follow.sqlite3), or on the database in
BENCH_DATABASE_URL. The e-mails are built in full (template, headers) and handed to Django's
dummy back-end, so the time is ours and not a mail server's. Prints the time and the queries
of a run for a tenth of the followers and for all of them: the reads are the same few queries,
and the writes one INSERT for every 500 digests (follow/delivery.py, CHUNK).
"""

import os
import random
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uddannelsesby.config.settings.dev")
os.environ["DEBUG"] = "0"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-follow.sqlite3'}"
)

import django

django.setup()

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from uddannelsesby.core.scheduling import JobRun
from uddannelsesby.follow.delivery import digest_week, digests_send
from uddannelsesby.follow.models import Delivery, Event, EventTarget, Subscription
from uddannelsesby.policies.models import Commitment, FocusArea, Policy

FOLLOWERS, EVENTS, TARGET_S = 50_000, 2_000, 60
SLUG = "bench-foelg"
NOW = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=datetime.UTC)


def build() -> None:
    """A policy with 200 commitments; 2,000 events last week, each about one commitment and
    the policy; followers of one commitment each, one in a hundred of the whole policy."""
    Policy.objects.filter(slug=SLUG).delete()
    Subscription.objects.all().delete()
    Event.objects.all().delete()
    Delivery.objects.all().delete()
    policy = Policy.objects.create(title="Bench-politik", slug=SLUG, status="adopted")
    for a in range(20):
        area = FocusArea.objects.create(
            policy=policy, position=a, title=f"Område {a}", slug=f"o{a}"
        )
        Commitment.objects.bulk_create(
            Commitment(focus_area=area, position=c, title=f"Indsats {a}.{c}", slug=f"i{c}")
            for c in range(10)
        )
    commitments = list(
        Commitment.objects.filter(focus_area__policy=policy).values_list("pk", flat=True)
    )
    policy_type = ContentType.objects.get_for_model(Policy)
    commitment_type = ContentType.objects.get_for_model(Commitment)
    _monday, start, _end = digest_week(NOW)
    rng = random.Random(0)
    events = Event.objects.bulk_create(
        Event(kind="activity_status", title=f"Aktivitet {n}", url=f"/handleplaner/aktivitet/{n}/",
              payload={"status": "I gang"}, created_at=start + datetime.timedelta(minutes=3 * n))
        for n in range(EVENTS)
    )  # fmt: skip
    targets = []
    for event in events:
        targets.append(EventTarget(event=event, content_type=policy_type, object_id=policy.pk))
        targets.append(
            EventTarget(
                event=event, content_type=commitment_type, object_id=rng.choice(commitments)
            )
        )
    EventTarget.objects.bulk_create(targets, batch_size=2000)
    earlier = start - datetime.timedelta(days=30)
    Subscription.objects.bulk_create(
        (
            Subscription(
                email=f"foelger{n}@example.dk",
                content_type=policy_type if n % 100 == 0 else commitment_type,
                object_id=policy.pk if n % 100 == 0 else rng.choice(commitments),
                title="Bench",
                frequency="weekly",
                created_at=earlier,
                confirmed_at=earlier,
            )
            for n in range(FOLLOWERS)
        ),
        batch_size=2000,
    )


def count_query(kinds: Counter, execute, sql, params, many, context):
    kinds[sql.split(None, 1)[0].upper()] += 1
    return execute(sql, params, many, context)


def run(limit: int | None) -> tuple[float, Counter, int]:
    Delivery.objects.all().delete()
    if limit is not None:  # only the first `limit` followers are confirmed
        Subscription.objects.filter(
            pk__gt=Subscription.objects.order_by("pk")[limit - 1].pk
        ).update(confirmed_at=None)
    kinds: Counter = Counter()
    start = time.perf_counter()
    with connection.execute_wrapper(partial(count_query, kinds)):
        result = digests_send(now=NOW, run=JobRun("follow.digests"))
    seconds = time.perf_counter() - start
    Subscription.objects.update(confirmed_at=NOW - datetime.timedelta(days=40))
    return seconds, kinds, result["digests"]


def main() -> int:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    call_command("migrate", verbosity=0)
    build()
    print(f"\nWeekly digest: {EVENTS} events ({connection.vendor})")
    head = f"{'followers':>10}{'digests':>9}{'seconds':>9}{'SELECT':>8}{'INSERT':>8}"
    print(f"{head}   target < {TARGET_S} s")
    failed = False
    for limit in (FOLLOWERS // 10, None):
        seconds, kinds, sent = run(limit)
        counts = f"{kinds['SELECT']:>8}{kinds['INSERT']:>8}"
        print(f"{limit or FOLLOWERS:>10}{sent:>9}{seconds:>9.1f}{counts}")
        failed |= limit is None and (seconds >= TARGET_S or sent != FOLLOWERS)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
