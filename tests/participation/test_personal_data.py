import datetime
import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from uddannelsesby.participation import retention, services, tasks
from uddannelsesby.participation.models import Registration, Response
from uddannelsesby.participation.tokens import data_token

from .helpers import make_hearing, make_meeting, respond

pytestmark = pytest.mark.django_db


def test_link_is_sent_only_when_data_is_kept(client, django_capture_on_commit_callbacks):
    hearing = make_hearing()
    respond(hearing, email="karen@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/deltag/mine-data/", {"email": "Karen@Example.dk"}).status_code == 200
        assert client.post("/deltag/mine-data/", {"email": "nobody@example.dk"}).status_code == 200
    sent = [m for m in mail.outbox if "mine-data/" in m.body]
    assert [m.to for m in sent] == [["Karen@Example.dk"]]
    assert client.post("/deltag/mine-data/", {"email": "not-an-address"}).status_code == 400


def test_export_as_json(client):
    hearing = make_hearing()
    respond(hearing, email="karen@example.dk", text="Mit svar")
    services.meeting_register(meeting=make_meeting(), name="Karen", email="karen@example.dk")
    url = f"/deltag/mine-data/{data_token('karen@example.dk')}/"
    assert "Mit svar" in client.get(url).content.decode()
    data = client.get(url, {"format": "json"}).json()
    assert data["hearing_responses"][0]["text"] == "Mit svar"
    assert data["meeting_registrations"][0]["name"] == "Karen"


def test_delete(client, editor):
    hearing = make_hearing()
    kept = respond(hearing, email="karen@example.dk", text="Ring 12345678")
    services.response_publish(actor=editor, response=kept)
    respond(hearing, email="karen@example.dk", text="Aldrig offentliggjort")
    other = respond(hearing, email="ole@example.dk")
    meeting = make_meeting(capacity=1)
    services.meeting_register(meeting=meeting, name="Karen", email="karen@example.dk")
    waiting = services.meeting_register(meeting=meeting, name="Ole", email="ole@example.dk")
    response = client.post(f"/deltag/mine-data/{data_token('karen@example.dk')}/")
    assert response.status_code == 200
    kept.refresh_from_db()
    assert (kept.name, kept.email, kept.status) == ("", "", "published")
    assert "12345678" not in kept.text
    assert kept.anonymised_at is not None
    assert list(Response.objects.filter(email="ole@example.dk")) == [other]
    assert Response.objects.count() == 2
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # Karen's seat went to the waiting list


def test_bad_or_old_links(client):
    assert client.get("/deltag/mine-data/forkert/").status_code == 404
    assert client.post("/deltag/mine-data/forkert/").status_code == 404


def test_retention_task_anonymises_old_responses(editor, settings):
    settings.PARTICIPATION_RETENTION_DAYS = 30
    old = make_hearing(open_=False)  # closed 30 days ago
    new = make_hearing()
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    old_response = Response.objects.create(
        hearing=old,
        name="Karen",
        email="k@example.dk",
        text="Tekst om min nabo Birgitte Hansen",
        attachment=pdf,
    )
    services.response_publish(actor=editor, response=old_response, blackout=["Birgitte Hansen"])
    old_response.refresh_from_db()
    assert old_response.passage_decisions == [
        {"text": "nabo", "category": "person", "decision": "keep"},
        {"text": "Birgitte Hansen", "category": "person", "decision": "remove"},
    ]
    new_response = respond(new)
    past = make_meeting(days=-40)
    Registration.objects.create(meeting=past, name="Bo", email="bo@example.dk", status="confirmed")
    later = timezone.now() + datetime.timedelta(days=2)
    result = services.personal_data_expire(now=later)
    assert result == {"responses_anonymised": 1, "registrations_deleted": 1}
    old_response.refresh_from_db()
    assert (old_response.name, old_response.email, bool(old_response.attachment)) == ("", "", False)
    assert old_response.public_text.startswith("Tekst om min nabo [")
    # The moderator's decision stays, without the passage it was about.
    assert old_response.passage_decisions == [
        {"text": "", "category": "person", "decision": "keep"},
        {"text": "", "category": "person", "decision": "remove"},
    ]
    new_response.refresh_from_db()
    assert new_response.anonymised_at is None
    # The background task (run at once by the test backend) does the same, idempotently.
    outcome = tasks.expire_personal_data.enqueue()
    assert outcome.return_value == {"responses_anonymised": 0, "registrations_deleted": 0}


def test_privacy_page_says_how_long(client, settings):
    settings.PARTICIPATION_RETENTION_DAYS = 400
    settings.PARTICIPATION_REGISTRATION_RETENTION_DAYS = 45
    page = client.get("/deltag/privatlivspolitik/").content.decode()
    assert "400" in page
    assert "45" in page


# --- what the citizen agrees to, what the privacy page says, and what the job does agree ---


def _response_kept_and_removed(days: int, now):
    kept_hearing = make_hearing(open_=False, ends_on=(now - datetime.timedelta(days=days)).date())
    gone_hearing = make_hearing(
        open_=False, ends_on=(now - datetime.timedelta(days=days + 1)).date()
    )
    kept = Response.objects.create(hearing=kept_hearing, name="K", email="k@example.dk", text="T")
    gone = Response.objects.create(hearing=gone_hearing, name="G", email="g@example.dk", text="T")

    def check():
        kept.refresh_from_db()
        gone.refresh_from_db()
        return kept.email == "k@example.dk" and gone.email == ""

    return kept_hearing, check


def _registration_kept_and_removed(days: int, now):
    def meeting_ended(ago):
        end = now - datetime.timedelta(days=ago) + datetime.timedelta(minutes=1)
        return make_meeting(starts_at=end - datetime.timedelta(hours=2), ends_at=end)

    kept = meeting_ended(days)
    gone = meeting_ended(days + 1)
    for meeting in (kept, gone):
        Registration.objects.create(
            meeting=meeting, name="N", email="n@example.dk", status="confirmed"
        )

    def check():
        return kept.registrations.exists() and not gone.registrations.exists()

    return make_meeting(), check


PERIODS = [
    # (setting, retention sentence, how the form is reached, records on both sides of the limit)
    (
        "PARTICIPATION_RETENTION_DAYS",
        retention.response_text,
        "respond",
        _response_kept_and_removed,
    ),
    (
        "PARTICIPATION_REGISTRATION_RETENTION_DAYS",
        retention.registration_text,
        "register",
        _registration_kept_and_removed,
    ),
]


@pytest.mark.parametrize(("setting", "sentence", "form", "records"), PERIODS)
def test_consent_privacy_page_and_job_say_and_do_the_same(
    client, settings, setting, sentence, form, records
):
    setattr(settings, setting, 17)
    now = timezone.now()
    text = sentence()
    assert "17" in text
    target, check = records(17, now)
    privacy = html.unescape(client.get("/deltag/privatlivspolitik/").content.decode())
    assert text in privacy
    open_hearing = make_hearing()
    url = (
        f"/deltag/hoeringer/{open_hearing.pk}/svar/"
        if form == "respond"
        else target.get_absolute_url()
    )
    consent = html.unescape(client.get(url).content.decode())
    assert text in consent  # the consent the citizen gives quotes the same period
    services.personal_data_expire(now=now)
    assert check()


def test_no_consent_promises_a_period_the_job_does_not_keep(client):
    meeting = make_meeting()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "until the meeting has been held" not in page
    assert "indtil mødet er holdt" not in page
