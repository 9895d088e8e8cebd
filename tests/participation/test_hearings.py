import datetime
import io

import pikepdf
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uddannelsesby.participation import services
from uddannelsesby.participation.models import Response
from uddannelsesby.participation.selectors import hearing_memo
from uddannelsesby.policies import services as policy_services

from ..factories import OrganisationFactory, UserFactory
from ..samples import pdf_bytes
from .helpers import first_commitment_anchor, make_hearing, respond

pytestmark = pytest.mark.django_db
PDF = pdf_bytes()


def form_data(hearing, **kwargs):
    return {
        "anchor": "",
        "kind": "private",
        "name": "Karen Jensen",
        "organisation": "",
        "email": "karen@example.dk",
        "text": "Skriv til karen@example.dk eller ring 20 45 67 89.",
        "consent": "on",
        "website": "",
    } | kwargs


def test_opening_a_hearing_invites_organisations_after_commit(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(kind="institution")
    contact = UserFactory(email="kontakt@skole.dk")
    contact.memberships.create(organisation=organisation, is_contact=True)
    with django_capture_on_commit_callbacks(execute=True):
        hearing = make_hearing(organisations=[organisation], emails=["raad@example.dk"])
    assert sorted(m.to[0] for m in mail.outbox) == ["kontakt@skole.dk", "raad@example.dk"]
    assert hearing.get_absolute_url() in mail.outbox[0].body
    assert hearing.invitations.count() == 2


def test_hearing_needs_a_hearing_draft(db):
    hearing = make_hearing()
    with pytest.raises(ValidationError):
        services.hearing_open(
            actor=None,
            version=hearing.version,
            title="x",
            text="x",
            target_groups="",
            starts_on=hearing.starts_on,
            ends_on=hearing.ends_on,
        )


def test_short_period_is_a_warning_not_an_error(editor_client):
    policy_hearing = make_hearing()  # makes a policy; send another draft to hearing
    version = policy_services.policy_send_to_hearing(actor=None, policy=policy_hearing.policy)
    today = timezone.localdate()
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = editor_client.post(
        "/deltag/redaktion/hoeringer/ny/",
        {
            "version": version.pk,
            "title": "Kort høring",
            "text": "Tekst",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=14)).isoformat(),
        },
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("shorter than four weeks" in m for m in messages)


def test_response_is_received_with_a_receipt(client, django_capture_on_commit_callbacks):
    hearing = make_hearing()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing))
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.status == Response.Status.PENDING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karen@example.dk"]
    assert "ring 20 45 67 89" in mail.outbox[0].body  # the copy is the text as sent


def test_published_response_has_no_email_or_phone(editor_client):
    client = Client()
    hearing = make_hearing()
    client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing))
    saved = Response.objects.get()
    editor_client.post(f"/deltag/redaktion/svar/{saved.pk}/", {"action": "publish"})
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "karen@example.dk" not in page
    assert "20 45 67 89" not in page
    assert "Karen Jensen" in page


def test_private_person_may_hide_their_name(client, editor):
    hearing = make_hearing()
    response = respond(hearing, hide_name=True)
    services.response_publish(actor=editor, response=response)
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "Karen Jensen" not in page


def test_unpublished_responses_are_not_shown(client):
    hearing = make_hearing()
    respond(hearing, text="Hemmelig tekst")
    assert "Hemmelig tekst" not in client.get(hearing.get_absolute_url()).content.decode()


def test_response_on_a_commitment_and_organisation(client):
    hearing = make_hearing()
    anchor = first_commitment_anchor(hearing)
    data = form_data(hearing, anchor=anchor, kind="organisation", organisation="Herning Gymnasium")
    assert client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", data).status_code == 302
    saved = Response.objects.get()
    assert saved.anchor == anchor
    assert saved.sender == "Herning Gymnasium"


def test_too_big_attachment_keeps_the_text(client, monkeypatch):
    monkeypatch.setattr("uddannelsesby.core.uploads.MAX_UPLOAD_BYTES", 100)
    hearing = make_hearing()
    upload = SimpleUploadedFile("svar.pdf", PDF + b"x" * 200, content_type="application/pdf")
    data = form_data(hearing, text="Min lange tekst", attachment=upload)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Min lange tekst" in html
    assert "larger than" in html
    assert response.context["form"]["name"].value() == "Karen Jensen"
    assert not Response.objects.exists()


def test_attachment_must_be_a_pdf_by_content(client):
    hearing = make_hearing()
    fake = SimpleUploadedFile("svar.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing, attachment=fake)
    )
    assert response.status_code == 400
    good = SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing, attachment=good)
    )
    assert response.status_code == 302
    assert Response.objects.get().attachment


def test_attachment_is_for_editors_only(editor_client):
    client = Client()
    hearing = make_hearing()
    good = SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf")
    client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing, attachment=good))
    pk = Response.objects.get().pk
    assert client.get(f"/deltag/redaktion/svar/{pk}/bilag/").status_code == 302
    response = editor_client.get(f"/deltag/redaktion/svar/{pk}/bilag/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_missing_consent_and_text_give_400_with_error_title(client):
    hearing = make_hearing()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing, consent="", text="")
    )
    assert response.status_code == 400
    assert "<title>Error:" in response.content.decode()


def test_honeypot_pretends_success_and_saves_nothing(client):
    hearing = make_hearing()
    response = client.post(
        f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing, website="http://spam")
    )
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_rate_limit_per_ip(client):
    hearing = make_hearing()
    for _ in range(5):
        assert (
            client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing)).status_code
            == 302
        )
    response = client.post(
        f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing, text="Sjette svar")
    )
    assert response.status_code == 400
    assert "Sjette svar" in response.content.decode()
    assert Response.objects.count() == 5
    other = client.post(
        f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_closed_hearing_takes_no_responses(client):
    hearing = make_hearing(open_=False)
    response = client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing))
    assert response.status_code == 200
    assert not Response.objects.exists()
    with pytest.raises(ValidationError):
        respond(hearing)


def test_bad_section_is_refused(client):
    hearing = make_hearing()
    response = client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing, anchor="x"))
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        respond(hearing, anchor="nope")


def test_reply_with_decision_and_section(editor_client):
    hearing = make_hearing()
    saved = respond(hearing)
    anchor = first_commitment_anchor(hearing)
    response = editor_client.post(
        f"/deltag/redaktion/svar/{saved.pk}/",
        {"action": "reply", "decision": "partly", "reply": "Delvist", "reply_anchor": anchor},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.decision, saved.reply, saved.reply_anchor) == ("partly", "Delvist", anchor)
    bad = editor_client.post(f"/deltag/redaktion/svar/{saved.pk}/", {"action": "reply"})
    assert bad.status_code == 400


def test_reject_keeps_it_unpublished(editor_client):
    hearing = make_hearing()
    saved = respond(hearing)
    editor_client.post(
        f"/deltag/redaktion/svar/{saved.pk}/", {"action": "reject", "note": "Ikke om udkastet"}
    )
    saved.refresh_from_db()
    assert saved.status == Response.Status.REJECTED


def test_memo_places_replies_by_section_and_shows_the_changes(editor):
    hearing = make_hearing()
    anchor = first_commitment_anchor(hearing)
    a = respond(hearing, text="Om det hele")
    b = respond(hearing, anchor=anchor, text="Om indsatsen")
    for response, decision in [(a, "taken"), (b, "not_taken")]:
        services.response_publish(actor=editor, response=response)
        services.response_reply(
            actor=editor,
            response=response,
            decision=decision,
            reply="Svar",
            reply_anchor=response.anchor,
        )
    services.hearing_summaries_save(actor=editor, hearing=hearing, summaries={"": "Kort sagt"})
    policy = hearing.policy
    policy_services.policy_update(actor=editor, policy=policy, vision="En helt ny vision")
    policy_services.policy_adopt(actor=editor, policy=policy, adopted_on=datetime.date(2026, 6, 1))
    memo = hearing_memo(hearing)
    by_anchor = {s.anchor: s for s in memo.sections}
    assert [r.pk for r in by_anchor[""].responses] == [a.pk]
    assert [r.pk for r in by_anchor[anchor].responses] == [b.pk]
    assert by_anchor[""].summary == "Kort sagt"
    assert memo.decisions == {"taken": 1, "not_taken": 1}
    assert memo.adopted is not None
    assert [c.key for c in memo.changes] == ["vision"]


def test_memo_is_public_only_after_closing(editor_client):
    client = Client()
    open_hearing = make_hearing()
    assert client.get(f"/deltag/hoeringer/{open_hearing.pk}/hoeringsnotat/").status_code == 404
    assert (
        editor_client.get(f"/deltag/hoeringer/{open_hearing.pk}/hoeringsnotat/").status_code == 200
    )
    closed = make_hearing(open_=False)
    assert client.get(f"/deltag/hoeringer/{closed.pk}/hoeringsnotat/").status_code == 200


def test_memo_pdf_is_tagged_pdf_ua(client, editor):
    hearing = make_hearing(open_=False)
    response = Response.objects.create(hearing=hearing, name="Ole", text="Tekst om 12 34 56 78")
    services.response_publish(actor=editor, response=response)
    result = client.get(f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat.pdf")
    assert result.status_code == 200
    pdf = pikepdf.open(io.BytesIO(result.content))
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root
    assert str(pdf.Root.Lang) == "da"
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"


def test_editor_list_filters_with_constant_queries(editor_client, editor):
    hearing = make_hearing()
    anchor = first_commitment_anchor(hearing)
    for n in range(30):
        r = respond(hearing, anchor=anchor if n % 2 else "", email="")
        if n % 3 == 0:
            services.response_publish(actor=editor, response=r)
    url = f"/deltag/redaktion/hoeringer/{hearing.pk}/"
    response = editor_client.get(url, {"status": "published", "anchor": anchor})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for _ in range(30):
        respond(hearing, email="")
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url)
    assert len(many) == len(few)


def test_public_list_filter_by_section_and_bad_input(client, editor):
    hearing = make_hearing()
    anchor = first_commitment_anchor(hearing)
    for a in ["", anchor, anchor]:
        services.response_publish(actor=editor, response=respond(hearing, anchor=a))
    response = client.get(hearing.get_absolute_url(), {"anchor": anchor})
    assert response.context["page"].paginator.count == 2
    assert (
        client.get(hearing.get_absolute_url(), {"anchor": "<x>", "side": "zz"}).status_code == 400
    )
