"""Two editors open the same decision at once (verify an organisation, review an opportunity,
moderate a hearing response or a dialogue statement, close or extend a hearing...): the first
decides, the second's older page must not silently overwrite it. The second is told, and the
first decision stands.

``CASES`` walks every decision page; tests/core/test_form_fields.py checks that every decision
form is one of them (``DECISIONS``)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from uddannelsesby.accounts.models import Role

from ..factories import UserFactory
from ..formreader import Form, read_forms

pytestmark = pytest.mark.django_db

TOLD = "ikke gemt endnu"


@dataclass
class Case:
    url: str
    first: dict  # what the first editor sends
    second: dict  # what the second sends, from a page drawn before the first decided
    stored: Callable[[], object]
    pick: str = ""  # the value of the submit button that picks the form on the page
    forms: list = None  # FORM classes this case covers (for the walk)


def _form(html: str, pick: str) -> Form:
    posts = [f for f in read_forms(html) if f.method == "post"]
    if pick:
        posts = [
            f
            for f in posts
            if any(c.value == pick for c in f.submitters + f.controls if c.name in ("action",))
            or any(c.value == pick for c in f.submitters if c.name == "moderate")
        ]
    return max(posts, key=lambda f: len(f.controls))


def employer_case() -> Case:
    from uddannelsesby.bridge.models import Employer

    from ..bridge.helpers import make_employer

    employer = make_employer(verified=False)
    return Case(
        f"/bro/redaktion/organisationer/{employer.pk}/",
        {"decision": "yes"},
        {"decision": "no", "reason": "CVR-nummeret passer ikke med navnet."},
        lambda: Employer.objects.get(pk=employer.pk).status,
        forms=["DecisionForm"],
    )


def opportunity_case() -> Case:
    from uddannelsesby.bridge.models import Opportunity

    from ..bridge.helpers import make_opportunity

    item = make_opportunity(published=False)
    item.status = Opportunity.Status.SUBMITTED
    item.save()
    return Case(
        f"/bro/redaktion/opslag/{item.pk}/",
        {"decision": "yes"},
        {"decision": "no", "reason": "Skriv lønnen i opslaget."},
        lambda: Opportunity.objects.get(pk=item.pk).status,
        forms=["DecisionForm"],
    )


def placement_case() -> Case:
    from uddannelsesby.bridge.models import Opportunity

    from ..bridge.helpers import make_opportunity

    item = make_opportunity(places=5)
    item.filled_places = 2
    item.save()
    return Case(
        f"/bro/redaktion/placeringer/opslag/{item.pk}/",
        {"filled": "3"},
        {"filled": "4"},
        lambda: Opportunity.objects.get(pk=item.pk).filled_places,
        forms=["FilledForm"],
    )


def _response():
    from ..participation.helpers import make_hearing, respond

    hearing = make_hearing()
    return respond(hearing, text="Skriv til mig på karen@example.dk eller www.karen.dk.")


def response_reject_case() -> Case:
    from uddannelsesby.participation.models import Response

    response = _response()
    return Case(
        f"/deltag/redaktion/svar/{response.pk}/",
        {"action": "reject", "note": "Handler ikke om udkastet."},
        {"action": "reject", "note": "Stødende sprog."},
        lambda: Response.objects.get(pk=response.pk).moderation_note,
        pick="reject",
        forms=["RejectForm"],
    )


def response_publish_case() -> Case:
    from uddannelsesby.participation.models import Response

    response = _response()
    return Case(
        f"/deltag/redaktion/svar/{response.pk}/",
        {"action": "reject", "note": "Handler ikke om udkastet."},
        {"action": "publish", "checked": "on"},
        lambda: Response.objects.get(pk=response.pk).status,
        pick="publish",
        forms=["PublishForm"],
    )


def response_reply_case() -> Case:
    from uddannelsesby.participation.models import Response

    response = _response()
    return Case(
        f"/deltag/redaktion/svar/{response.pk}/",
        {"action": "reply", "decision": "taken", "reply": "Vi retter afsnittet."},
        {"action": "reply", "decision": "not_taken", "reply": "Vi beholder teksten."},
        lambda: Response.objects.get(pk=response.pk).reply,
        pick="reply",
        forms=["ReplyForm"],
    )


def hearing_close_case() -> Case:
    from uddannelsesby.participation.models import Hearing

    from ..participation.helpers import make_hearing

    hearing = make_hearing()
    return Case(
        f"/deltag/redaktion/hoeringer/{hearing.pk}/luk/",
        {"reason": "Udkastet trækkes tilbage."},
        {"reason": "Byrådet har bedt om det."},
        lambda: Hearing.objects.get(pk=hearing.pk).closed_reason,
        forms=["HearingCloseForm"],
    )


def hearing_extend_case() -> Case:
    from uddannelsesby.participation.models import Hearing

    from ..participation.helpers import make_hearing

    hearing = make_hearing()
    later = timezone.localdate() + datetime.timedelta(days=40)
    return Case(
        f"/deltag/redaktion/hoeringer/{hearing.pk}/forlaeng/",
        {"ends_on": later.isoformat()},
        {"ends_on": (later + datetime.timedelta(days=7)).isoformat()},
        lambda: Hearing.objects.get(pk=hearing.pk).ends_on,
        forms=["HearingExtendForm"],
    )


def hearing_summaries_case() -> Case:
    from ..participation.helpers import make_hearing

    hearing = make_hearing(open_=False)
    return Case(
        f"/deltag/redaktion/hoeringer/{hearing.pk}/opsummering/",
        {"section_0": "De fleste var enige."},
        {"section_0": "Mange ønskede flere praktikpladser."},
        lambda: dict(hearing.summaries.values_list("anchor", "text")),
        forms=["SummaryForm"],
    )


def statement_case() -> Case:
    from uddannelsesby.participation import services
    from uddannelsesby.participation.models import Statement

    dialogue = services.dialogue_create(actor=None, title="Byen", question="?", status="open")
    statement = services.statement_add(
        actor=None, dialogue=dialogue, text="Flere billige ungdomsboliger.", by_participant=True
    )
    return Case(
        f"/deltag/redaktion/dialog/{dialogue.pk}/",
        {"moderate": "approve"},
        {"moderate": "reject"},
        lambda: Statement.objects.get(pk=statement.pk).status,
        pick="approve",
    )


CASES = {
    "employer verification": employer_case,
    "opportunity review": opportunity_case,
    "placements corrected": placement_case,
    "response not published": response_reject_case,
    "response published": response_publish_case,
    "response reply": response_reply_case,
    "hearing closed early": hearing_close_case,
    "hearing extended": hearing_extend_case,
    "hearing summaries": hearing_summaries_case,
    "dialogue statement moderated": statement_case,
}


def _editor() -> Client:
    client = Client()
    client.force_login(UserFactory(role=Role.EDITOR))
    return client


@pytest.mark.parametrize("name", list(CASES))
def test_a_later_decision_from_an_older_page_is_stopped(name):
    case = CASES[name]()
    first, second = _editor(), _editor()
    form_first = _form(first.get(case.url).content.decode(), case.pick)
    form_second = _form(second.get(case.url).content.decode(), case.pick)

    done = first.post(case.url, form_first.data() | case.first)
    assert done.status_code == 302, done.content.decode()[:3000]
    decided = case.stored()

    response = second.post(case.url, form_second.data() | case.second, follow=True)
    html = response.content.decode()
    assert TOLD in html or "har allerede" in html, _errors(html)
    assert case.stored() == decided  # the first decision stands


@pytest.mark.parametrize("name", list(CASES))
def test_one_editor_deciding_from_a_fresh_page_is_not_stopped(name):
    case = CASES[name]()
    editor = _editor()
    form = _form(editor.get(case.url).content.decode(), case.pick)
    before = case.stored()
    response = editor.post(case.url, form.data() | case.first)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert case.stored() != before


def _errors(html: str) -> str:
    import re

    found = re.findall(r"(?:error-message|alert-text|error-summary)[^>]*>(.*?)</", html, re.S)
    return " | ".join(t.strip() for t in found) or html[-3000:]


@pytest.mark.parametrize("second", ["approve", "reject", "preview"])
def test_a_statement_decided_meanwhile_keeps_the_second_moderators_edit(second):
    """Two moderators open the same statement; the first rejects it, the second rewrites the
    text and presses a button. The second is told on the page (not redirected) and what they
    typed is on it, to copy; the first decision stands."""
    from uddannelsesby.participation.models import Statement

    case = statement_case()
    first, other = _editor(), _editor()
    form_first = _form(first.get(case.url).content.decode(), "approve")
    form_second = _form(other.get(case.url).content.decode(), "approve")
    assert first.post(case.url, form_first.data() | {"moderate": "reject"}).status_code == 302

    typed = "Flere billige ungdomsboliger – også i Sunds og Aulum, skrevet om i Word."
    response = other.post(case.url, form_second.data() | {"moderate": second, "public_text": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "har allerede taget stilling" in html, _errors(html)
    assert "Afvist" in html
    assert typed in html
    assert Statement.objects.get().status == Statement.Status.REJECTED
