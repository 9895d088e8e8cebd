import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from uddannelsesby.participation import services, tasks
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
        hearing=old, name="Karen", email="k@example.dk", text="Tekst", attachment=pdf
    )
    services.response_publish(actor=editor, response=old_response)
    new_response = respond(new)
    past = make_meeting(days=-40)
    Registration.objects.create(meeting=past, name="Bo", email="bo@example.dk", status="confirmed")
    later = timezone.now() + datetime.timedelta(days=2)
    result = services.personal_data_expire(now=later)
    assert result == {"responses_anonymised": 1, "registrations_deleted": 1}
    old_response.refresh_from_db()
    assert (old_response.name, old_response.email, bool(old_response.attachment)) == ("", "", False)
    assert old_response.public_text == "Tekst"
    new_response.refresh_from_db()
    assert new_response.anonymised_at is None
    # The background task (run at once by the test backend) does the same, idempotently.
    outcome = tasks.expire_personal_data.enqueue()
    assert outcome.return_value == {"responses_anonymised": 0, "registrations_deleted": 0}


def test_privacy_page_says_how_long(client, settings):
    settings.PARTICIPATION_RETENTION_DAYS = 400
    page = client.get("/deltag/privatlivspolitik/").content.decode()
    assert "400" in page
