"""Weekly digests: one e-mail a person a week, never twice, not even with two workers."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from uddannelsesby.core.scheduling import JobRun
from uddannelsesby.follow import delivery, services
from uddannelsesby.follow.models import Delivery, Event, Subscription
from uddannelsesby.follow.targets import target_key

from ..factories import UserFactory
from ..participation.helpers import make_hearing, make_meeting

NOW = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=datetime.UTC)  # a Wednesday
LAST_WEEK = datetime.datetime(2026, 6, 3, 12, 0, tzinfo=datetime.UTC)


def _digests(now=NOW, run=None) -> dict:
    return delivery.digests_send(now=now, run=run or JobRun("follow.digests"))


def _follow_weekly(email, *targets):
    for target in targets:
        subscription = services.subscription_request(email=email, obj=target, frequency="weekly")
        services.subscription_confirm(subscription=subscription)
    Subscription.objects.update(created_at=LAST_WEEK - datetime.timedelta(days=30))


def _bulk_follow(hearing, meeting, count):
    hearing_key, meeting_key = target_key(hearing), target_key(meeting)
    Subscription.objects.bulk_create(
        Subscription(
            email=f"p{n}@example.dk",
            content_type=(hearing_key if n % 2 else meeting_key)[0],
            object_id=(hearing_key if n % 2 else meeting_key)[1],
            title="x",
            frequency="weekly",
            created_at=LAST_WEEK - datetime.timedelta(days=30),
            confirmed_at=LAST_WEEK - datetime.timedelta(days=30),
        )
        for n in range(count)
    )


def _world():
    hearing = make_hearing()
    meeting = make_meeting(hearing=hearing, title="Møde i juni")
    Event.objects.update(created_at=LAST_WEEK)
    return hearing, meeting


def test_one_digest_a_person_with_everything_they_follow(db, settings):
    settings.SITE_URL = "http://testserver"
    hearing, meeting = _world()
    _follow_weekly("ane@example.dk", hearing, meeting)
    _follow_weekly("bo@example.dk", meeting)
    user = UserFactory(email="cas@example.dk")
    services.subscription_follow(user=user, obj=hearing, frequency="weekly")
    Subscription.objects.update(created_at=LAST_WEEK - datetime.timedelta(days=30))
    mail.outbox.clear()

    assert _digests() == {"digests": 3}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ane@example.dk", "bo@example.dk", "cas@example.dk"}
    ane = by_address["ane@example.dk"]
    assert "Høring over udkastet" in ane.body
    assert "Møde i juni" in ane.body
    assert ane.body.count("Møde i juni") >= 1
    assert "Høring over udkastet" not in by_address["bo@example.dk"].body.split("Stop")[0]
    assert ane.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "\n" not in ane.subject

    mail.outbox.clear()
    assert _digests() == {"digests": 0}  # the week is sent
    assert _digests(NOW + datetime.timedelta(days=7)) == {"digests": 0}  # nothing happened since
    assert not mail.outbox


def test_events_of_this_week_wait_for_next_weeks_digest(db):
    hearing, _meeting = _world()
    Event.objects.update(created_at=NOW - datetime.timedelta(hours=1))
    _follow_weekly("ane@example.dk", hearing)
    mail.outbox.clear()
    assert _digests() == {"digests": 0}
    assert _digests(NOW + datetime.timedelta(days=7)) == {"digests": 1}


def test_a_refused_address_is_retried_and_the_others_are_sent(db, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.core.mail_backends.RefusingBackend"}}
    hearing, _meeting = _world()
    _follow_weekly("ane@example.dk", hearing)
    _follow_weekly("nej@refused.invalid", hearing)
    mail.outbox.clear()
    run = JobRun("follow.digests")
    assert _digests(run=run) == {"digests": 1}
    assert run.failed == 1
    assert list(Delivery.objects.values_list("email", flat=True)) == ["ane@example.dk"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_digest_once(settings):
    """Two workers run the same digest at the same moment, each with its own connection; on
    PostgreSQL they really overlap (SQLite lets one writer in at a time)."""
    if connection.vendor != "postgresql":
        pytest.skip("two concurrent writers need PostgreSQL")
    hearing, meeting = _world()
    _bulk_follow(hearing, meeting, 1200)  # more than two chunks
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(_digests())
        except Exception as error:  # pragma: no cover - shown below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    sent = [message.to[0] for message in mail.outbox]
    assert len(sent) == len(set(sent)) == 1200
    assert sum(r["digests"] for r in results) == 1200
    assert Delivery.objects.count() == 1200


def test_the_reads_do_not_grow_with_the_followers(db, django_assert_max_num_queries):
    hearing, meeting = _world()
    _bulk_follow(hearing, meeting, 40)
    mail.outbox.clear()
    with django_assert_max_num_queries(15):  # 40 people, one chunk: a constant number
        assert _digests() == {"digests": 40}


def test_digest_week_is_monday_to_monday_local_time():
    monday, start, end = delivery.digest_week(NOW)
    assert monday == datetime.date(2026, 6, 1)
    assert timezone.localtime(start).hour == 0
    assert (end - start).days == 7
