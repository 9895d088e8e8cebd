import datetime
import io
import re

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
from .helpers import first_commitment_anchor, make_hearing, publish_from_preview, respond

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
    policy_hearing = make_hearing()  # makes a policy; send a changed draft to hearing
    policy = policy_hearing.policy
    policy.title = f"{policy.title} (revideret)"  # the same text again is the same version
    policy.save()
    version = policy_services.policy_send_to_hearing(actor=None, policy=policy)
    assert version != policy_hearing.version
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
    assert "ring 20 45 67 89" not in mail.outbox[0].body  # no copy to an unconfirmed address


def test_published_response_has_no_email_or_phone(editor_client):
    client = Client()
    hearing = make_hearing()
    client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", form_data(hearing))
    saved = Response.objects.get()
    assert publish_from_preview(editor_client, saved).status_code == 302
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
    assert saved.proposed_sender == "Herning Gymnasium"
    assert saved.sender != "Herning Gymnasium"  # nothing is public before a moderator decides


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
    from django.test import RequestFactory

    from uddannelsesby.participation import ratelimit

    hearing = make_hearing()
    earlier = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    for _ in range(ratelimit.LIMITS["response"] - 5):  # a class has answered already
        ratelimit.record(earlier, "response")
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
    assert response.status_code == 400
    assert "ring 20 45 67 89" in response.content.decode()  # the text is kept
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
    policy_services.policy_adopt(
        actor=editor, policy=policy, adopted_on=datetime.date(2026, 6, 1), resolve_blockers=True
    )
    memo = hearing_memo(hearing)
    by_anchor = {s.anchor: s for s in memo.sections}
    assert [r.pk for r in by_anchor[""].responses] == [a.pk]
    assert [r.pk for r in by_anchor[anchor].responses] == [b.pk]
    assert by_anchor[""].summary == "Kort sagt"
    assert memo.decisions == {"taken": 1, "not_taken": 1}
    assert memo.adopted is not None
    assert [c.key for c in memo.changes] == ["vision"]


def test_memo_is_public_only_when_an_editor_publishes_it(editor_client, editor):
    client = Client()
    open_hearing = make_hearing()
    assert client.get(f"/deltag/hoeringer/{open_hearing.pk}/hoeringsnotat/").status_code == 404
    assert (
        editor_client.get(f"/deltag/hoeringer/{open_hearing.pk}/hoeringsnotat/").status_code == 200
    )
    # The day after the deadline the memo is still a draft: the calendar does not publish it.
    closed = make_hearing(open_=False)
    memo_url = f"/deltag/hoeringer/{closed.pk}/hoeringsnotat/"
    assert client.get(memo_url).status_code == 404
    assert client.get(f"/deltag/hoeringer/{closed.pk}/hoeringsnotat.pdf").status_code == 404
    publish_url = f"/deltag/redaktion/hoeringer/{closed.pk}/offentliggoer-notat/"
    assert editor_client.post(publish_url).status_code == 302
    assert client.get(memo_url).status_code == 200


def test_memo_is_not_published_while_open_or_unfinished(editor_client, editor):
    open_hearing = make_hearing()
    with pytest.raises(ValidationError):
        services.hearing_memo_publish(actor=editor, hearing=open_hearing)
    hearing = make_hearing(open_=False)
    pending = Response.objects.create(hearing=hearing, name="Ole", text="Venter")
    unanswered = Response.objects.create(hearing=hearing, name="Bo", text="Uden svar")
    services.response_publish(actor=editor, response=unanswered)
    page = editor_client.post(f"/deltag/redaktion/hoeringer/{hearing.pk}/offentliggoer-notat/")
    assert page.status_code == 400
    text = page.content.decode()
    assert "1 svar venter på gennemsyn" in text or "1 response awaits moderation" in text
    hearing.refresh_from_db()
    assert not hearing.memo_is_published
    services.response_reject(actor=editor, response=pending, note="Ikke om udkastet")
    services.response_reply(
        actor=editor, response=unanswered, decision="taken", reply="Tak", reply_anchor=""
    )
    services.hearing_memo_publish(actor=editor, hearing=hearing)
    hearing.refresh_from_db()
    assert hearing.memo_is_published
    # A published memo does not change behind the reader's back.
    with pytest.raises(ValidationError):
        services.response_reply(
            actor=editor, response=unanswered, decision="not_taken", reply="Nej", reply_anchor=""
        )
    with pytest.raises(ValidationError):
        services.hearing_memo_publish(actor=editor, hearing=hearing)


def test_memo_lists_invited_parties_and_counts_every_response(client, editor):
    invited = OrganisationFactory(name="Herning Gymnasium")
    contact = UserFactory(email="kontakt@gymnasium.dk")
    invited.memberships.create(user=contact, is_contact=True)
    hearing = make_hearing(open_=False, organisations=[invited], emails=["borger@example.dk"])
    kept = Response.objects.create(hearing=hearing, name="Ole", text="Offentligt svar")
    services.response_publish(actor=editor, response=kept)
    services.response_reply(
        actor=editor, response=kept, decision="taken", reply="Tak", reply_anchor=""
    )
    rejected = Response.objects.create(hearing=hearing, name="Bo", text="Grimt sprog")
    services.response_reject(actor=editor, response=rejected, note="Sprog")
    memo = hearing_memo(hearing)
    assert memo.invited == ["Herning Gymnasium"]
    assert memo.invited_others == 1
    assert (memo.counts["total"], memo.counts["published"], memo.counts["rejected"]) == (2, 1, 1)
    assert memo.counts["pending"] == 0
    services.hearing_memo_publish(actor=editor, hearing=hearing)
    page = client.get(f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat/").content.decode()
    assert "Herning Gymnasium" in page
    assert "borger@example.dk" not in page  # an address may be a person's: counted, not named
    assert "Grimt sprog" not in page


def test_memo_pdf_is_tagged_pdf_ua(client, editor):
    hearing = make_hearing(open_=False)
    response = Response.objects.create(hearing=hearing, name="Ole", text="Tekst om 12 34 56 78")
    services.response_publish(actor=editor, response=response)
    services.response_reply(
        actor=editor, response=response, decision="taken", reply="Tak", reply_anchor=""
    )
    services.hearing_memo_publish(actor=editor, hearing=hearing)
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


# --- nothing personal is published without a person deciding it ---

REPORTED = "Ring på tlf.22334455 eller 22.33.44.55 … CPR-nr.010190-1234, min søns er 020305–4321."


def test_the_reported_response_loses_every_number_and_address(editor_client):
    client = Client()
    hearing = make_hearing()
    data = form_data(
        hearing,
        kind="organisation",
        organisation="Forældreforeningen, kontakt anne@forening.dk, 22 33 44 55",
        text=REPORTED,
    )
    assert client.post(f"/deltag/hoeringer/{hearing.pk}/svar/", data).status_code == 302
    saved = Response.objects.get()
    assert publish_from_preview(editor_client, saved).status_code == 302
    page = client.get(hearing.get_absolute_url()).content.decode()
    for secret in ["22334455", "22.33.44.55", "010190", "1234", "020305", "4321"]:
        assert secret not in page
    assert "anne@forening.dk" not in page
    assert "22 33 44 55" not in page
    assert "Forældreforeningen" in page  # the organisation's name itself is kept
    saved.refresh_from_db()
    assert saved.text == REPORTED  # the original stays with the editors


def test_publishing_from_a_stale_preview_shows_the_preview_again(editor_client):
    hearing = make_hearing()
    response = respond(hearing, text="Første udgave")
    url = f"/deltag/redaktion/svar/{response.pk}/"
    checksum = editor_client.get(url).context["preview"].checksum
    changed = {
        "action": "publish",
        "public_sender": "Karen Jensen",
        "public_text": "Anden udgave, ring 22334455",
        "checksum": checksum,
    }
    page = editor_client.post(url, changed)
    assert page.status_code == 400
    response.refresh_from_db()
    assert response.status == Response.Status.PENDING
    preview = page.context["preview"]
    assert preview.text.startswith("Anden udgave, ring [")
    # Publishing what the preview now shows publishes exactly that.
    assert editor_client.post(url, changed | {"checksum": preview.checksum}).status_code == 302
    response.refresh_from_db()
    assert (response.public_sender, response.public_text) == (preview.sender, preview.text)
    assert response.text == "Første udgave"


NEIGHBOUR = (
    "Min nabo Birgitte Hansen på Skovvej 12 har en søn med ordblindhed og ADHD, og skolen "
    "hjælper ham ikke. Der mangler specialundervisning i kommunen."
)


def test_possibly_personal_passages_are_highlighted_and_need_a_decision(editor_client):
    client = Client()
    hearing = make_hearing()
    response = respond(hearing, text=NEIGHBOUR)
    url = f"/deltag/redaktion/svar/{response.pk}/"
    page = editor_client.get(url)
    html = page.content.decode()
    for passage in ["Birgitte Hansen", "Skovvej 12", "søn", "ordblindhed", "ADHD"]:
        # marked, with its reason in words for screen readers (a <mark> is not announced)
        assert re.search(
            rf'<mark class="mark-sensitive"><span class="sr-only">[^<]+</span>{passage}<', html
        ), passage
    assert "Publish the text as shown in the preview" in html or "som vist" in html
    form = page.context["publish_form"]
    base = {
        "action": "publish",
        "public_sender": form["public_sender"].value(),
        "public_text": form["public_text"].value(),
        "checksum": form["checksum"].value(),
    }
    # Without the moderator's word that the highlighted passages were read: not published.
    assert editor_client.post(url, base).status_code == 400
    response.refresh_from_db()
    assert response.status == Response.Status.PENDING
    # Blacking out changes the text, so the preview comes first, then publishing.
    blackout = ["Birgitte Hansen", "Skovvej 12", "ordblindhed", "ADHD"]
    page = editor_client.post(url, base | {"blackout": blackout, "checked": "on"})
    assert page.status_code == 400
    preview = page.context["preview"]
    assert "ADHD" not in preview.text
    again = page.context["publish_form"]
    final = {
        "action": "publish",
        "public_sender": again["public_sender"].value(),
        "public_text": again["public_text"].value(),
        "checksum": again["checksum"].value(),
        "checked": "on",
    }
    assert editor_client.post(url, final).status_code == 302
    public = client.get(hearing.get_absolute_url()).content.decode()
    for passage in blackout:
        assert passage not in public
    assert "specialundervisning" in public
    # The decision on each passage is kept with the response, and shown to the editors.
    response.refresh_from_db()
    decided = {d["text"]: d["decision"] for d in response.passage_decisions}
    assert decided == {
        "Birgitte Hansen": "remove",
        "Skovvej 12": "remove",
        "ordblindhed": "remove",
        "ADHD": "remove",
        "søn": "keep",
    } | {k: v for k, v in decided.items() if k not in {*blackout, "søn"}}
    assert {d["category"] for d in response.passage_decisions} >= {"person", "health", "child"}
    html = editor_client.get(url).content.decode()
    assert "Birgitte Hansen" in html.split('id="decisions-heading"')[1]


def test_name_and_organisation_fields_are_redacted_too(editor):
    hearing = make_hearing()
    private = respond(hearing, name="Karen Jensen, 22334455, karen@example.dk")
    organisation = respond(
        hearing, kind="organisation", organisation="Klubben (kontakt: ole (at) klub.dk)"
    )
    for response in (private, organisation):
        services.response_publish(actor=editor, response=response)
        response.refresh_from_db()
    assert "22334455" not in private.sender
    assert "@" not in private.sender
    assert "Karen Jensen" in private.sender
    assert "klub.dk" not in organisation.sender
    assert organisation.sender.startswith("Klubben")


def _public_texts(html: str) -> set[str]:
    import re
    from html import unescape

    return {
        unescape(t).strip()
        for t in re.findall(r'<div class="response-text">(.*?)</div>', html, re.S)
    }


def test_every_public_output_shows_only_what_the_public_page_shows(client, editor, monkeypatch):
    """The public page, the memo, its PDF and the CSV and JSON exports: the same responses with
    the same senders and texts, and nothing that was removed, rejected or not yet moderated."""
    import csv
    import json

    from uddannelsesby.participation import views

    hearing = make_hearing(open_=False)
    published = [
        Response.objects.create(
            hearing=hearing,
            kind="organisation",
            name="Anne Hemmelig",
            organisation="Foreningen, tlf. 22334455",
            email="anne@example.dk",
            text="Tekst et, CPR 010190-1234.",
        ),
        Response.objects.create(
            hearing=hearing, name="Ole Synlig", text="Tekst to, skriv til ole (at) example.dk"
        ),
    ]
    for response in published:
        services.response_publish(actor=editor, response=response)
        services.response_reply(
            actor=editor, response=response, decision="taken", reply="Tak", reply_anchor=""
        )
    rejected = Response.objects.create(hearing=hearing, name="Bo", text="Afvist tekst")
    services.response_reject(actor=editor, response=rejected, note="Sprog")
    services.hearing_memo_publish(actor=editor, hearing=hearing)
    late = Response.objects.create(hearing=hearing, name="Sen", text="Ikke modereret", is_late=True)
    for response in published:
        response.refresh_from_db()
    expected = {(r.sender, r.public_text) for r in published}

    page = client.get(hearing.get_absolute_url()).content.decode()
    memo = client.get(f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat/").content.decode()
    captured = []
    real_render_pdf = views.render_pdf
    monkeypatch.setattr(
        views, "render_pdf", lambda html, **kw: captured.append(html) or real_render_pdf(html, **kw)
    )
    assert client.get(f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat.pdf").status_code == 200
    pdf_html = captured[0]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/deltag/hoeringer/{hearing.pk}/svar.csv")
                                           .content.decode("utf-8-sig"))))  # fmt: skip
    data = json.loads(client.get(f"/deltag/hoeringer/{hearing.pk}/svar.json").content)

    assert {(r["sender"], r["text"]) for r in rows} == expected
    assert {(r["sender"], r["text"]) for r in data["responses"]} == expected
    texts = {text for _sender, text in expected}
    assert _public_texts(page) == texts | {"Tak"}
    assert _public_texts(memo) == texts | {"Tak"}  # the replies are the municipality's words
    for sender, text in expected:
        assert sender in pdf_html
        assert text in pdf_html
    secrets = [
        "Anne Hemmelig", "anne@example.dk", "22334455", "010190", "ole (at) example.dk",
        "Afvist tekst", late.text,
    ]  # fmt: skip
    for output in (page, memo, pdf_html, json.dumps(data, ensure_ascii=False), str(rows)):
        for secret in secrets:
            assert secret not in output


# --- a response after the deadline is not lost ---


def test_response_posted_after_the_deadline_keeps_the_text_and_can_be_sent_late(
    client, editor_client
):
    hearing = make_hearing()
    url = f"/deltag/hoeringer/{hearing.pk}/svar/"
    assert client.get(url).status_code == 200  # the form is open ...
    hearing.ends_on = timezone.localdate() - datetime.timedelta(days=1)  # ... and it closes
    hearing.save()
    data = form_data(hearing, text="Mit lange, gennemtænkte svar")
    page = client.post(url, data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Mit lange, gennemtænkte svar" in html
    assert 'name="late"' in html
    assert not Response.objects.exists()
    assert client.post(url, data | {"late": "1"}).status_code == 302
    saved = Response.objects.get()
    assert saved.is_late
    assert saved.status == Response.Status.PENDING
    listing = editor_client.get(f"/deltag/redaktion/hoeringer/{hearing.pk}/").content.decode()
    assert 'class="late"' in listing


def test_after_the_memo_a_late_response_gets_the_address_to_write_to(client, editor):
    hearing = make_hearing(open_=False)
    services.hearing_memo_publish(actor=editor, hearing=hearing)
    url = f"/deltag/hoeringer/{hearing.pk}/svar/"
    data = form_data(hearing, text="For sent, men vigtigt") | {"late": "1"}
    page = client.post(url, data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "For sent, men vigtigt" in html
    assert f"mailto:{settings.SITE_MUNICIPALITY['email']}" in html
    assert not Response.objects.exists()
    with pytest.raises(ValidationError):
        respond(hearing, late=True)


def test_no_public_page_of_participation_shows_what_was_removed(client, editor):
    """Walk every public URL of the app (and the policy page it adds to), so a new page or
    export cannot show the original text, name or organisation."""
    from django.urls import get_resolver

    hearing = make_hearing(open_=False)
    response = Response.objects.create(
        hearing=hearing,
        kind="organisation",
        name="Anne Hemmelig",
        organisation="Klubben, anne@klub.dk",
        email="anne@example.dk",
        text="Ring 22334455, CPR 010190-1234",
    )
    services.response_publish(actor=editor, response=response)
    services.response_reply(actor=editor, response=response, decision="taken", reply="Tak",
                            reply_anchor="")  # fmt: skip
    services.hearing_memo_publish(actor=editor, hearing=hearing)
    resolver = get_resolver("uddannelsesby.participation.urls")
    paths = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if route.startswith("redaktion/") or "<str:" in route or route.endswith(".pdf"):
            continue  # the PDF's text is checked from its HTML in the test above
        paths.append("/deltag/" + route.replace("<int:pk>", str(hearing.pk)))
    paths.append(hearing.policy.get_absolute_url())
    checked = 0
    for path in paths:
        page = client.get(path)
        if page.status_code != 200:
            continue
        checked += 1
        body = b"".join(page) if page.streaming else page.content
        text = body.decode("utf-8", "replace")
        for secret in ["Anne Hemmelig", "anne@klub.dk", "anne@example.dk", "22334455", "010190"]:
            assert secret not in text, (path, secret)
    assert checked >= 6


@pytest.mark.parametrize(
    ("pasted", "read"),
    [
        ("ane@example.dk\nbo@example.dk", ["ane@example.dk", "bo@example.dk"]),
        ("ane@example.dk; bo@example.dk;", ["ane@example.dk", "bo@example.dk"]),  # Outlook
        (
            "Ane Hansen <Ane@Example.DK>; Bo Berg <bo@example.dk>",
            ["ane@example.dk", "bo@example.dk"],
        ),
        ("mailto:ane@example.dk, ane@example.dk ,  ANE@example.dk", ["ane@example.dk"]),
        ("ane@example.dk bo@example.dk", ["ane@example.dk", "bo@example.dk"]),
    ],
)
def test_invitation_addresses_are_read_as_people_paste_them(pasted, read):
    """A list pasted from Outlook ("Ane Hansen <ane@example.dk>; ...") was refused whole."""
    from uddannelsesby.participation.forms import parse_emails

    assert parse_emails(pasted) == read


def test_an_invitation_address_that_is_not_one_is_named():
    from django import forms

    from uddannelsesby.participation.forms import parse_emails

    with pytest.raises(forms.ValidationError) as refused:
        parse_emails("ane@example.dk; bo(at)example.dk")
    assert "bo(at)example.dk" in refused.value.messages[0]
