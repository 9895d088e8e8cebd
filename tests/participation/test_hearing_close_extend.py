"""An editor closes a hearing early (the reason is on its page) and extends it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from uddannelsesby.core import events
from uddannelsesby.follow.models import Event
from uddannelsesby.participation import services

from .helpers import make_hearing


def test_closing_early_stops_responses_and_shows_the_reason(editor_client):
    hearing = make_hearing()
    url = f"/deltag/redaktion/hoeringer/{hearing.pk}/luk/"
    response = editor_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Skriv" in response.content.decode() or "påkrævet" in response.content.decode()
    response = editor_client.post(url, {"reason": "Udkastet er trukket tilbage."})
    assert response.status_code == 302
    hearing.refresh_from_db()
    today = timezone.localdate()
    assert hearing.closed_early_on == today
    assert not hearing.is_open(today)
    page = editor_client.get(hearing.get_absolute_url()).content.decode()
    assert "Udkastet er trukket tilbage." in page
    event = Event.objects.get(kind=events.HEARING_CLOSED)
    assert event.payload["reason"] == "Udkastet er trukket tilbage."


def test_a_closed_hearing_cannot_be_closed_again(db):
    hearing = make_hearing(open_=False)
    with pytest.raises(ValidationError):
        services.hearing_close_early(actor=None, hearing=hearing, reason="Igen")


def test_extending_reopens_a_hearing_closed_early(editor_client):
    hearing = make_hearing()
    services.hearing_close_early(actor=None, hearing=hearing, reason="Fejl i udkastet")
    later = timezone.localdate() + datetime.timedelta(days=14)
    url = f"/deltag/redaktion/hoeringer/{hearing.pk}/forlaeng/"
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, {"ends_on": "2000-01-01"})
    assert response.status_code == 400
    assert 'value="2000-01-01"' in response.content.decode()
    assert editor_client.post(url, {"ends_on": later.isoformat()}).status_code == 302
    hearing.refresh_from_db()
    assert (hearing.ends_on, hearing.closed_early_on, hearing.closed_reason) == (later, None, "")
    assert hearing.is_open()
    assert Event.objects.filter(kind=events.HEARING_EXTENDED).count() == 1


def test_no_extension_after_the_memo(db):
    hearing = make_hearing(open_=False)
    services.hearing_memo_publish(actor=None, hearing=hearing)
    with pytest.raises(ValidationError):
        services.hearing_extend(
            actor=None, hearing=hearing, ends_on=timezone.localdate() + datetime.timedelta(days=9)
        )


def test_only_editors_close_and_extend(client, db):
    hearing = make_hearing()
    for tail in ("luk/", "forlaeng/"):
        response = client.post(f"/deltag/redaktion/hoeringer/{hearing.pk}/{tail}", {})
        assert response.status_code == 302
        assert "/konto/log-ind/" in response["Location"]


def test_responses_are_numbered_within_their_hearing(editor_client):
    from .helpers import respond

    first, second = make_hearing(), make_hearing()
    respond(first)
    other = respond(second)
    respond(first)
    assert sorted(first.responses.values_list("number", flat=True)) == [1, 2]
    assert other.number == 1
    page = editor_client.get(f"/deltag/redaktion/hoeringer/{second.pk}/").content.decode()
    assert "Høringssvar 1</a>" in page


@pytest.mark.parametrize("action", ["luk", "forlaeng"])
def test_closing_or_extending_posted_twice_is_done_once_without_an_error(editor_client, action):
    """A double click on "Close" or "Extend": the second post gets the first one's answer, not
    "only an open hearing can be closed" for what was just done."""
    from tests.formreader import main_form

    hearing = make_hearing()
    url = f"/deltag/redaktion/hoeringer/{hearing.pk}/{action}/"
    form = main_form(editor_client.get(url).content.decode(), url)
    later = hearing.ends_on + datetime.timedelta(days=14)
    data = {k: v[0] for k, v in form.data().items()} | (
        {"reason": "Udkastet er trukket tilbage."} if action == "luk" else {"ends_on": later}
    )
    first = editor_client.post(url, data)
    again = editor_client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    kind = events.HEARING_CLOSED if action == "luk" else events.HEARING_EXTENDED
    assert Event.objects.filter(kind=kind).count() == 1
