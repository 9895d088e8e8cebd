import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from uddannelsesby.participation import services
from uddannelsesby.participation.models import Registration
from uddannelsesby.participation.tokens import cancel_token

from .helpers import make_meeting

pytestmark = pytest.mark.django_db


def register(meeting, n: int):
    return services.meeting_register(meeting=meeting, name=f"Person {n}", email=f"p{n}@example.dk")


def test_seats_then_waiting_list_then_promotion(django_capture_on_commit_callbacks):
    meeting = make_meeting(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third, fourth = (register(meeting, n) for n in range(4))
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    assert len(mail.outbox) == 4
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=first)
    assert promoted == [third]
    third.refresh_from_db()
    assert third.status == "confirmed"
    assert mail.outbox[0].to == ["p2@example.dk"]
    assert services.registration_cancel(registration=first) == []  # twice changes nothing


def test_more_seats_promote_the_waiting_list():
    meeting = make_meeting(capacity=1)
    register(meeting, 0)
    waiting = register(meeting, 1)
    services.meeting_update(actor=None, meeting=meeting, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_same_address_twice_keeps_one_and_past_meetings_are_refused():
    meeting = make_meeting()
    first = register(meeting, 0)
    assert register(meeting, 0) == first
    assert meeting.registrations.count() == 1
    past = make_meeting(days=-3)
    with pytest.raises(ValidationError):
        register(past, 1)


def test_registration_page_and_form_errors(client):
    meeting = make_meeting(capacity=1)
    data = {"name": "Ole", "email": "ole@example.dk", "needs": "", "consent": "on", "website": ""}
    assert client.post(meeting.get_absolute_url(), data).status_code == 302
    response = client.post(meeting.get_absolute_url(), data | {"consent": "", "name": "Bo"})
    assert response.status_code == 400
    assert 'value="Bo"' in response.content.decode()
    again = client.post(meeting.get_absolute_url(), data)  # same address: told only by e-mail
    assert again.status_code == 302
    assert Registration.objects.count() == 1


def test_cancel_link(client):
    meeting = make_meeting(capacity=1)
    registration = register(meeting, 0)
    waiting = register(meeting, 1)
    url = f"/deltag/afmeld/{cancel_token(registration.pk)}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert client.get("/deltag/afmeld/forkert/").status_code == 404


def test_ical_file():
    meeting = make_meeting(title="Borgermøde, om uddannelse; i Herning")
    response = Client().get(f"/deltag/borgermoeder/{meeting.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    calendar = Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == meeting.title
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert "Torvet 5" in str(event["LOCATION"])


def test_notes_are_shown_as_input_on_the_policy_page(client):
    from ..factories import adopted_policy

    policy = adopted_policy(areas=1, commitments=1)
    meeting = make_meeting(days=-5, policy=policy, notes="Mange ønskede et **studenterhus**.")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>studenterhus</strong>" in page
    policy_page = client.get(policy.get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in policy_page


def test_registration_after_the_meeting_started_keeps_what_was_typed(client, settings):
    meeting = make_meeting(days=10)
    page = client.get(meeting.get_absolute_url())  # the form is open ...
    assert 'name="email"' in page.content.decode()
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=10)  # ... the meeting starts
    meeting.ends_at = timezone.now() + datetime.timedelta(hours=2)
    meeting.save()
    data = {
        "name": "Sigrid Sen",
        "email": "sigrid@example.dk",
        "needs": "Teleslynge",
        "consent": "on",
        "website": "",
    }
    response = client.post(meeting.get_absolute_url(), data)
    assert response.status_code == 400
    html = response.content.decode()
    for typed in ("Sigrid Sen", "sigrid@example.dk", "Teleslynge"):
        assert typed in html
    assert f"mailto:{settings.SITE_MUNICIPALITY['email']}" in html
    assert not Registration.objects.exists()
    with pytest.raises(ValidationError):
        register(meeting, 1)
