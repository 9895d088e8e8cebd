"""Following with and without an account, confirmation, unsubscribing, and what is sent."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from uddannelsesby.core import events
from uddannelsesby.core.scheduling import JobRun
from uddannelsesby.follow import delivery, services
from uddannelsesby.follow.models import Delivery, Event, Subscription
from uddannelsesby.participation import services as participation_services
from uddannelsesby.policies import services as policy_services

from ..factories import UserFactory, adopted_policy
from ..participation.helpers import make_hearing, make_meeting


def _notices() -> dict:
    return delivery.notices_send(now=timezone.now(), run=JobRun("follow.notices"))


def _links(body: str) -> list[str]:
    return re.findall(r"http://testserver\S+|http://127\.0\.0\.1:8000\S+", body)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def test_with_an_account_one_click_follows_and_the_box_says_so(client, db):
    policy = adopted_policy()
    user = UserFactory(email="lise@example.dk")
    client.force_login(user)
    page = client.get(policy.get_absolute_url()).content.decode()
    assert f'action="/folg/politik/{policy.pk}/"' in page
    response = client.post(f"/folg/politik/{policy.pk}/", {"frequency": "immediate"})
    assert response.status_code == 302
    (subscription,) = Subscription.objects.all()
    assert (subscription.user, subscription.confirmed_at is not None) == (user, True)
    page = client.get(policy.get_absolute_url()).content.decode()
    assert f'action="/folg/stop/{subscription.pk}/"' in page
    client.post(f"/folg/stop/{subscription.pk}/", {"next": policy.get_absolute_url()})
    assert not Subscription.objects.exists()


def test_without_an_account_nothing_is_sent_before_the_address_is_confirmed(
    client, db, django_capture_on_commit_callbacks
):
    hearing = make_hearing()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/folg/hoering/{hearing.pk}/", {"email": "Bo@Example.dk", "frequency": "immediate"}
        )
    assert response.status_code == 302
    (confirmation,) = mail.outbox
    assert confirmation.to == ["bo@example.dk"]
    (confirm_url,) = _links(confirmation.body)
    mail.outbox.clear()
    policy_services.policy_adopt(
        actor=None, policy=hearing.version.policy, adopted_on=datetime.date(2026, 5, 1),
        resolve_blockers=True,
    )  # fmt: skip
    assert _notices() == {"notices": 0}

    # A GET (a mail scanner) does not confirm; the button does.
    path = confirm_url.removeprefix("http://testserver")
    assert "<form" in client.get(path).content.decode()
    assert Subscription.objects.get().confirmed_at is None
    client.post(path)
    assert Subscription.objects.get().confirmed_at is not None

    make_meeting(hearing=hearing, title="Møde om udkastet")
    assert _notices() == {"notices": 1}
    (notice,) = mail.outbox
    assert "Møde om udkastet" in notice.subject
    unsubscribe = notice.extra_headers["List-Unsubscribe"].strip("<>")
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in notice.body

    # RFC 8058: the mail program posts without cookies or CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        unsubscribe.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_a_notice_is_sent_once_and_only_for_what_happened_after_following(db):
    hearing = make_hearing()
    user = UserFactory(email="kim@example.dk")
    services.subscription_follow(user=user, obj=hearing, frequency="immediate")
    assert _notices() == {"notices": 0}  # the hearing opened before Kim followed
    make_meeting(hearing=hearing)
    assert _notices() == {"notices": 1}
    assert _notices() == {"notices": 0}
    assert Delivery.objects.count() == 1


def test_the_events_the_services_announce(db):
    hearing = make_hearing()
    policy = hearing.version.policy
    kinds = list(Event.objects.values_list("kind", flat=True))
    assert kinds == [events.HEARING_OPENED]
    meeting = make_meeting(policy=policy)
    participation_services.meeting_update(actor=None, meeting=meeting, notes="Referat")
    assert Event.objects.filter(kind=events.MEETING_CHANGED).count() == 0  # notes are no news
    participation_services.meeting_update(actor=None, meeting=meeting, place="Biblioteket")
    assert Event.objects.filter(kind=events.MEETING_CHANGED).count() == 1
    policy_services.policy_adopt(
        actor=None, policy=policy, adopted_on=datetime.date(2026, 5, 1), resolve_blockers=True
    )
    policy_services.policy_update(actor=None, policy=policy, vision="En ny vision for alle.")
    policy_services.policy_adopt(actor=None, policy=policy, adopted_on=datetime.date(2026, 9, 1))
    revision = Event.objects.filter(kind=events.POLICY_ADOPTED).first()  # newest first
    assert revision.payload["sections"] == [{"label": "Vision", "state": "changed"}]
    assert "sammenlign/?old=" in revision.url


@pytest.mark.parametrize("kind", ["follow", "policy_mail"])
def test_an_address_too_long_for_the_database_is_refused_next_to_the_field(client, db, kind):
    """Subscription.email holds 254 characters: PostgreSQL refused a longer one with a 500."""
    policy = adopted_policy()
    url = (
        f"/folg/politik/{policy.pk}/" if kind == "follow" else f"/folg/politik/{policy.slug}/send/"
    )
    address = "a" * 250 + "@example.dk"
    response = client.post(url, {"email": address, "frequency": "immediate"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_email_error"' in page or "form-error-message" in page
    assert "Denne værdi må højst have 254 tegn (den har 261)." in page
    assert f'value="{address}"' in page
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_the_follow_page_says_where_the_e_mails_go_for_an_account(client, db):
    policy = adopted_policy()
    client.force_login(UserFactory(email="lise@example.dk"))
    page = client.get(f"/folg/politik/{policy.pk}/").content.decode()
    assert "Vi sender e-mailene til lise@example.dk, som er adressen på din konto." in page


def test_the_follow_form_for_an_address_links_to_the_privacy_policy(client, db):
    """The address is kept until the follower stops: the form says where to read how."""
    policy = adopted_policy()
    page = client.get(f"/folg/politik/{policy.pk}/").content.decode()
    note = re.search(
        r'<p class="form-hint privacy-note">(.*?)</p>\s*<div class="action-bar">', page
    )
    assert note
    assert '<a href="/deltag/privatlivspolitik/">' in note.group(1)
