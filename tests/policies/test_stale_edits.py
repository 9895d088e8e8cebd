"""Two editors open the same edit form: the second save must not silently overwrite the first.

The later one is told, keeps what they typed, and saves it by sending the form again."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from uddannelsesby.accounts.models import Role
from uddannelsesby.plans.models import ActionPlan

from ..factories import UserFactory, adopted_policy, policy_with_parts
from ..formreader import main_form
from ..plans.factories import commitments_of, review_of
from ..plans.helpers import make_activity, make_plan

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    url: Callable[[], str]
    field: str
    stored: Callable[[], str]


def _policy():
    return policy_with_parts(areas=1, commitments=1)


def policy_case():
    policy = _policy()
    return Case(
        lambda: f"/politikker/redaktion/{policy.slug}/rediger/",
        "title",
        lambda: type(policy).objects.get(pk=policy.pk).title,
    )


def focus_area_case():
    area = _policy().focus_areas.get()
    return Case(
        lambda: f"/politikker/redaktion/{area.policy.slug}/fokusomraader/{area.pk}/",
        "introduction",
        lambda: type(area).objects.get(pk=area.pk).introduction,
    )


def commitment_case():
    area = _policy().focus_areas.get()
    commitment = area.commitments.get()
    return Case(
        lambda: f"/politikker/redaktion/{area.policy.slug}/indsatser/{commitment.pk}/",
        "text",
        lambda: type(commitment).objects.get(pk=commitment.pk).text,
    )


def plan_case():
    plan = make_plan(status=ActionPlan.Status.DRAFT)
    return Case(
        lambda: f"/handleplaner/{plan.policy.slug}/{plan.year}/rediger/",
        "introduction",
        lambda: ActionPlan.objects.get(pk=plan.pk).introduction,
    )


def activity_case():
    activity = make_activity(make_plan())
    return Case(
        lambda: f"/handleplaner/aktivitet/{activity.pk}/rediger/",
        "description",
        lambda: type(activity).objects.get(pk=activity.pk).description,
    )


def verdict_case():
    from uddannelsesby.plans.models import ReviewVerdict

    policy = adopted_policy(areas=1, commitments=1)
    review = review_of(policy)
    commitment = commitments_of(policy)[0]
    return Case(
        lambda: f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{commitment.pk}/",
        "reason",
        lambda: ReviewVerdict.objects.get(review=review, commitment=commitment).reason,
    )


def programme_case():
    from ..catalogue.helpers import make_programme

    programme = make_programme(title_da="Tekstildesign")
    return Case(
        lambda: f"/uddannelser/uddannelse/{programme.slug}/rediger/",
        "description_da",
        lambda: type(programme).objects.get(pk=programme.pk).description_da,
    )


def event_case():
    from ..catalogue.helpers import make_event

    event = make_event(title="Studiestart")
    return Case(
        lambda: f"/uddannelser/begivenheder/{event.pk}/rediger/",
        "description",
        lambda: type(event).objects.get(pk=event.pk).description,
    )


def meeting_case():
    from ..participation.helpers import make_meeting

    meeting = make_meeting()
    return Case(
        lambda: f"/deltag/redaktion/borgermoeder/{meeting.pk}/",
        "description",
        lambda: type(meeting).objects.get(pk=meeting.pk).description,
    )


CASES = {
    "policy": policy_case,
    "focus-area": focus_area_case,
    "commitment": commitment_case,
    "plan": plan_case,
    "activity": activity_case,
    "review-verdict": verdict_case,
    "programme": programme_case,
    "event": event_case,
    "meeting": meeting_case,
}


def _editor():
    client = Client()
    client.force_login(UserFactory(role=Role.EDITOR))
    return client


def _post(client, url, form, field, value):
    data = form.data() | {field: [value]}
    return client.post(url, data)


@pytest.mark.parametrize("name", list(CASES))
def test_a_later_save_of_an_older_form_is_stopped_and_keeps_the_input(name):
    case = CASES[name]()
    first, second = _editor(), _editor()
    url = case.url()
    form_first = main_form(first.get(url).content.decode(), url)
    form_second = main_form(second.get(url).content.decode(), url)

    assert _post(first, url, form_first, case.field, "Første redaktørs tekst").status_code == 302
    assert case.stored() == "Første redaktørs tekst"

    response = _post(second, url, form_second, case.field, "Anden redaktørs tekst")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dine ændringer er ikke gemt endnu" in html
    assert "Anden redaktørs tekst" in html  # what they typed is kept
    assert case.stored() == "Første redaktørs tekst"  # the first save is not overwritten

    # Told, they may still save theirs: the form shown again saves.
    again = main_form(html, url)
    assert _post(second, url, again, case.field, "Anden redaktørs tekst").status_code == 302
    assert case.stored() == "Anden redaktørs tekst"


@pytest.mark.parametrize("name", list(CASES))
def test_one_editor_saving_twice_in_a_row_is_not_stopped(name):
    case = CASES[name]()
    editor = _editor()
    url = case.url()
    form = main_form(editor.get(url).content.decode(), url)
    assert _post(editor, url, form, case.field, "Tekst 1").status_code == 302
    form = main_form(editor.get(url).content.decode(), url)
    assert _post(editor, url, form, case.field, "Tekst 2").status_code == 302
    assert case.stored() == "Tekst 2"
