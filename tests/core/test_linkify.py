"""Bare addresses become links wherever the product renders what people write.

The walk: every ``{{ x.field|markdown }}`` and ``{{ x.field|linkify }}`` in the templates is
rendered through its real page, with the field holding text written as people write it
("www.herning.dk", "https://…", "navn@herning.dk"); a new one without a case here fails
``test_every_rendered_text_field_is_walked``."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from uddannelsesby.accounts.models import Role
from uddannelsesby.core.markdown import linkify_text, render_markdown

from ..factories import UserFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "uddannelsesby"
TEXT = "Læs mere på www.herning.dk/uddannelse eller skriv til studievejleder@herning.dk."
WEB = '<a href="https://www.herning.dk/uddannelse" rel="noopener noreferrer">'
MAIL = '<a href="mailto:studievejleder@herning.dk" rel="noopener noreferrer">'


# --- the renderer ---


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("www.herning.dk", '<a href="https://www.herning.dk" rel="noopener noreferrer">'),
        ("herning.dk", '<a href="https://herning.dk" rel="noopener noreferrer">'),
        ("https://ug.dk/x?a=1&b=2", '<a href="https://ug.dk/x?a=1&amp;b=2"'),
        ("navn@herning.dk", '<a href="mailto:navn@herning.dk"'),
        ("Karen.Holm-Hansen@herning.dk", '<a href="mailto:Karen.Holm-Hansen@herning.dk"'),
        ("(se www.herning.dk).", 'rel="noopener noreferrer">www.herning.dk</a>).'),
        ("https://da.wikipedia.org/wiki/Herning_(by)", "Herning_(by)</a>"),
    ],
)
def test_bare_addresses_become_links(text, html):
    assert html in render_markdown(text)
    assert html in linkify_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Budget 1.000 kr., kl. 10.30, 31.3.2026",
        "Se bilag README.md og data.csv",
        "ftp://filer.herning.dk",
        "javascript:alert(1)",
    ],
)
def test_what_is_no_address_or_no_allowed_link_stays_text(text):
    assert "href" not in render_markdown(text)
    assert "href" not in linkify_text(text)


@pytest.mark.parametrize("text", ["`www.kode.dk`", "    www.indrykket-kode.dk", "```\nx@y.dk\n```"])
def test_code_in_markdown_stays_text(text):
    assert "href" not in render_markdown(text)


def test_a_letter_outside_ascii_in_the_name_gives_no_half_address():
    """linkify-it reads the part before @ as ASCII: "søren@…" stays text, not "ren@…"."""
    assert "href" not in render_markdown("Skriv til søren@herning.dk")


def test_a_written_link_is_not_linked_twice():
    html = render_markdown(
        "[Kommunen](https://www.herning.dk) og <a href='https://x.dk'>www.x.dk</a>"
    )
    assert html.count("<a ") == 2
    assert "<a <a" not in html
    assert "</a></a>" not in html


def test_markdown_links_keep_only_http_https_and_mailto():
    html = render_markdown("[a](ftp://x.dk) [b](data:text/html,x) [c](mailto:a@b.dk)")
    assert "ftp:" not in html
    assert "data:" not in html
    assert 'href="mailto:a@b.dk"' in html


def test_plain_text_is_escaped_before_linking():
    html = linkify_text('<script>x</script> "www.herning.dk"')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert WEB[:30] in html


# --- every field, through its page ---


def _editor(role=Role.EDITOR) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


def _set(instance, **fields):
    type(instance).objects.filter(pk=instance.pk).update(**fields)


def _policy_draft():
    from ..factories import policy_with_parts

    return policy_with_parts(areas=1, commitments=1)


def policy_background():
    policy = _policy_draft()
    _set(policy, background=TEXT)
    return policy.get_absolute_url()


def policy_vision():
    policy = _policy_draft()
    _set(policy, vision=TEXT)
    return policy.get_absolute_url()


def area_introduction():
    policy = _policy_draft()
    _set(policy.focus_areas.get(), introduction=TEXT)
    return policy.get_absolute_url()


def commitment_text():
    policy = _policy_draft()
    _set(policy.focus_areas.get().commitments.get(), text=TEXT)
    return policy.get_absolute_url()


def plan_introduction():
    from ..plans.helpers import make_plan

    plan = make_plan()
    _set(plan, introduction=TEXT)
    return plan.get_absolute_url()


def activity_description():
    from ..plans.helpers import make_activity, make_plan

    activity = make_activity(make_plan())
    _set(activity, description=TEXT)
    return activity.get_absolute_url()


def activity_update_text():
    from uddannelsesby.plans import services

    from ..plans.helpers import make_activity, make_plan

    activity = make_activity(make_plan())
    services.activity_post_update(
        actor=None, activity=activity, text=TEXT, status="on_track", date=timezone.localdate()
    )
    return activity.get_absolute_url()


def _review():
    from ..factories import adopted_policy
    from ..plans.factories import commitments_of, review_of

    policy = adopted_policy(areas=1, commitments=1)
    return review_of(policy), commitments_of(policy)[0]


def review_summary():
    review, _commitment = _review()
    _set(review, summary=TEXT)
    return f"/handleplaner/eftersyn/nr-{review.pk}/"


def verdict_reason():
    from uddannelsesby.plans.models import ReviewVerdict

    review, commitment = _review()
    ReviewVerdict.objects.update_or_create(
        review=review, commitment=commitment, defaults={"verdict": "keep", "reason": TEXT}
    )
    return f"/handleplaner/eftersyn/nr-{review.pk}/"


def verdict_reason_commitment():
    from uddannelsesby.plans.models import ReviewVerdict

    review, commitment = _review()
    ReviewVerdict.objects.update_or_create(
        review=review, commitment=commitment, defaults={"verdict": "keep", "reason": TEXT}
    )
    return f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{commitment.pk}/"


def review_commitment_text():
    from uddannelsesby.policies.models import Commitment

    review, commitment = _review()
    Commitment.objects.filter(pk=commitment.pk).update(text=TEXT)
    return f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{commitment.pk}/"


def hearing_text():
    from ..participation.helpers import make_hearing

    hearing = make_hearing()
    _set(hearing, text=TEXT)
    return hearing.get_absolute_url()


def _published_response(text=TEXT, reply=""):
    from uddannelsesby.participation import services

    from ..participation.helpers import make_hearing, respond

    hearing = make_hearing()
    response = respond(hearing, text=text)
    services.response_publish(actor=None, response=response)
    if reply:
        _set(response, decision="taken", reply=reply)
    return hearing


def response_text():
    return _published_response().get_absolute_url()


def response_reply():
    return _published_response(text="Et godt udkast.", reply=TEXT).get_absolute_url()


def memo_summary():
    from uddannelsesby.participation.models import HearingSummary

    hearing = _published_response()
    HearingSummary.objects.create(hearing=hearing, anchor="", text=TEXT)
    return f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat/"


def memo_response_text():
    hearing = _published_response()
    return f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat/"


def memo_reply():
    hearing = _published_response(text="Et godt udkast.", reply=TEXT)
    return f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat/"


def meeting_description():
    from ..participation.helpers import make_meeting

    meeting = make_meeting()
    _set(meeting, description=TEXT)
    return meeting.get_absolute_url()


def meeting_notes():
    from ..participation.helpers import make_meeting

    meeting = make_meeting()
    _set(meeting, notes=TEXT)
    return meeting.get_absolute_url()


def survey_introduction():
    from uddannelsesby.participation import services

    survey = services.survey_create(actor=None, title="Trivsel", introduction=TEXT)
    _set(survey, status="open")
    return survey.get_absolute_url()


def dialogue_statement():
    from uddannelsesby.participation import services

    dialogue = services.dialogue_create(actor=None, title="Byen", question="?", status="open")
    services.statement_add(actor=None, dialogue=dialogue, text=TEXT)
    return dialogue.get_absolute_url()


def programme_description():
    from ..catalogue.helpers import make_programme

    return make_programme(description_da=TEXT).get_absolute_url()


def event_description():
    from ..catalogue.helpers import make_event

    return make_event(description=TEXT).get_absolute_url()


def institution_description():
    from ..catalogue.helpers import make_institution

    institution = make_institution()
    _set(institution, description=TEXT)
    return institution.get_absolute_url()


def _housing(**fields):
    from uddannelsesby.catalogue import services

    fields = {
        "name": "Kollegiet", "street_address": "Birk Centerpark 2", "postal_code": "7400",
        "city": "Herning", "rent_min": 3200, "rent_max": 4100, "size_min": 18, "size_max": 32,
        "waiting_list": "Skriv dig op hos boligforeningen.",
    } | fields  # fmt: skip
    return services.housing_create(actor=None, **fields)


def housing_description():
    return _housing(description=TEXT).get_absolute_url()


def housing_waiting_list():
    return _housing(waiting_list=TEXT).get_absolute_url()


def offer_description():
    from uddannelsesby.catalogue import services

    services.offer_create(actor=None, name="Klatring", category="sport", description=TEXT)
    return "/uddannelser/fritid/"


def block_text():
    from uddannelsesby.catalogue import services

    page = services.page_create(actor=None, language="da", title="Bo i Herning")
    _set(page, is_published=True)
    services.block_create(actor=None, page=page, kind="text", heading="Bolig", text=TEXT)
    return page.get_absolute_url()


def opportunity_description():
    from ..bridge.helpers import make_opportunity

    return make_opportunity(description=TEXT).get_absolute_url()


def opportunity_review_description():
    from uddannelsesby.bridge.models import Opportunity

    from ..bridge.helpers import make_opportunity

    item = make_opportunity(published=False, description=TEXT)
    _set(item, status=Opportunity.Status.SUBMITTED)
    return f"/bro/redaktion/opslag/{item.pk}/"


CASES = {
    "policies/includes/content.html content.background": policy_background,
    "policies/includes/content.html content.vision": policy_vision,
    "policies/includes/content.html area.introduction": area_introduction,
    "policies/includes/content.html commitment.text": commitment_text,
    "plans/plan.html plan.introduction": plan_introduction,
    "plans/activity.html activity.description": activity_description,
    "plans/activity.html update.text": activity_update_text,
    "plans/reports/review.html review.summary": review_summary,
    "plans/reports/_review_body.html summary.verdict.reason": verdict_reason,
    "plans/reports/review_commitment.html evidence.verdict.reason": verdict_reason_commitment,
    "plans/reports/review_commitment.html commitment.text": review_commitment_text,
    "participation/hearing.html hearing.text": hearing_text,
    "participation/_response.html response.public_text": response_text,
    "participation/_response.html response.reply": response_reply,
    "participation/_memo_body.html section.summary": memo_summary,
    "participation/_memo_body.html response.public_text": memo_response_text,
    "participation/_memo_body.html response.reply": memo_reply,
    "participation/meeting.html meeting.description": meeting_description,
    "participation/meeting.html meeting.notes": meeting_notes,
    "participation/survey.html survey.introduction": survey_introduction,
    "participation/dialogue.html statement.text": dialogue_statement,
    "catalogue/programme.html description": programme_description,
    "catalogue/event.html event.description": event_description,
    "catalogue/institution.html institution.description": institution_description,
    "catalogue/housing.html housing.description": housing_description,
    "catalogue/housing.html housing.waiting_list": housing_waiting_list,
    "catalogue/offer_list.html offer.description": offer_description,
    "catalogue/page.html block.text": block_text,
    "bridge/opportunity.html opportunity.description": opportunity_description,
    "bridge/editor/opportunity_review.html opportunity.description": (
        opportunity_review_description
    ),
}
# Rendered by the same filter on a page walked above, in another format.
ELSEWHERE = {
    "plans/reports/review_pdf.html review.summary": "the review as PDF: test_pdf_keeps_links",
}


def rendered_text_fields() -> set[str]:
    found = set()
    for path in SRC.glob("*/templates/**/*.html"):
        relative = path.relative_to(path.parents[len(path.relative_to(SRC).parts) - 3])
        for expression in re.findall(r"{{\s*([\w.]+)\|(?:markdown|linkify)", path.read_text()):
            found.add(f"{relative} {expression}")
    return found


def test_every_rendered_text_field_is_walked():
    assert rendered_text_fields() == set(CASES) | set(ELSEWHERE)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CASES))
def test_addresses_in_every_rendered_field_are_links(name):
    url = CASES[name]()
    # The verdict's text is shown to readers; editors see it in the form that changes it.
    reader = "evidence.verdict" in name
    response = _editor(Role.COUNCIL if reader else Role.EDITOR).get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    html = html.split('id="main-content"')[-1].split("<footer")[0]  # the footer links its e-mail
    assert WEB in html, name
    if name in CITIZENS_TEXT:  # redacted before it is published: no address, and no link to it
        assert "studievejleder@herning.dk" not in html
        assert "mailto:" not in html
    else:
        assert MAIL in html, name


# What citizens wrote, published after redaction (participation.redaction).
CITIZENS_TEXT = {
    "participation/_response.html response.public_text",
    "participation/_memo_body.html response.public_text",
}


@pytest.mark.django_db
def test_a_redacted_address_does_not_come_back_as_a_link():
    """However the citizen wrote the address, the published response links none of it; the
    preview the moderator sees shows it removed, not linked."""
    from uddannelsesby.participation import services

    from ..participation.helpers import make_hearing, respond

    hearing = make_hearing()
    text = (
        "Skriv til karen.holm@gmail.com, mailto:karen.holm@gmail.com, "
        "<karen.holm@gmail.com>, karen (at) gmail.com eller se www.herning.dk."
    )
    response = respond(hearing, text=text)
    editor = _editor()
    preview = editor.get(f"/deltag/redaktion/svar/{response.pk}/").content.decode()
    assert 'href="mailto:' not in preview.split('id="main-content"')[-1].split("<footer")[0]
    services.response_publish(actor=None, response=response)
    for url in (hearing.get_absolute_url(), f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat/"):
        html = editor.get(url).content.decode()
        html = html.split('id="main-content"')[-1].split("<footer")[0]
        assert "karen.holm" not in html
        assert "gmail" not in html
        assert 'href="mailto:' not in html
        assert '<a href="https://www.herning.dk"' in html


def _policy_pdf():
    from ..factories import adopted_policy

    policy = adopted_policy(areas=1, commitments=1, background=TEXT)
    return f"/politikker/{policy.slug}/pdf/"


def _review_pdf():
    review, _commitment = _review()
    _set(review, summary=TEXT)
    return f"/handleplaner/eftersyn/nr-{review.pk}/pdf/"


def _memo_pdf():
    hearing = _published_response(reply=TEXT)
    return f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize("build", [_policy_pdf, _review_pdf, _memo_pdf], ids=lambda f: f.__name__)
def test_pdf_keeps_links(build):
    """The PDFs are built from the same templates: an address is a tagged link there too (a
    /Link annotation with its text and its place in the structure, as PDF/UA asks)."""
    import io

    import pikepdf

    response = _editor().get(build())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pikepdf.open(io.BytesIO(response.content))
    links = {
        str(annotation.A.URI): annotation
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.get("/Subtype") == "/Link" and "/A" in annotation
    }
    web = links["https://www.herning.dk/uddannelse"]
    assert "/StructParent" in web
    assert str(web.Contents)
    assert "mailto:studievejleder@herning.dk" in links
