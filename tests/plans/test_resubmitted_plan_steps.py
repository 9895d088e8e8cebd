"""Adopting a plan, posted twice (a double click, a reload of the answer): the second post
answered "Only a draft plan can be adopted" after the plan had been adopted."""

import pytest

from uddannelsesby.plans.models import ActionPlan

from .helpers import make_plan

pytestmark = pytest.mark.django_db


def test_a_plan_adoption_posted_twice_is_adopted_once_without_an_error(editor_client):
    plan = make_plan(status=ActionPlan.Status.DRAFT)
    url = f"/handleplaner/{plan.policy.slug}/{plan.year}/vedtag/"
    first = editor_client.post(url, {"date": "2026-01-10"})
    second = editor_client.post(url, {"date": "2026-01-10"})
    assert (first.status_code, second.status_code) == (302, 302)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.ADOPTED
    assert str(plan.adopted_on) == "2026-01-10"


def test_an_adopted_plan_is_not_adopted_again_on_another_date(editor_client):
    plan = make_plan(status=ActionPlan.Status.DRAFT)
    url = f"/handleplaner/{plan.policy.slug}/{plan.year}/vedtag/"
    editor_client.post(url, {"date": "2026-01-10"})
    assert editor_client.post(url, {"date": "2026-01-11"}).status_code == 400
    plan.refresh_from_db()
    assert str(plan.adopted_on) == "2026-01-10"
