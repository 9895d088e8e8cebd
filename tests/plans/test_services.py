import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from uddannelsesby.plans import services
from uddannelsesby.plans.models import ActionPlan, Activity

from ..factories import OrganisationFactory, adopted_policy
from .helpers import make_activity, make_plan

pytestmark = pytest.mark.django_db


def test_one_plan_per_policy_and_year():
    plan = make_plan()
    with pytest.raises(ValidationError):
        services.plan_create(actor=None, policy=plan.policy, year=plan.year)


def test_status_suggests_progress():
    plan = make_plan()
    activity = make_activity(plan, status="on_track")
    assert activity.progress == Activity.SUGGESTED_PROGRESS["on_track"]
    update = services.activity_post_update(
        actor=None, activity=activity, text="Færdig", status="done"
    )
    activity.refresh_from_db()
    assert (update.progress, activity.progress, activity.status) == (100, 100, "done")


def test_an_update_brings_the_activity_up_to_date_and_resets_reminders():
    plan = make_plan()
    activity = make_activity(plan)
    activity.due_reminder_sent_on = activity.overdue_reminder_sent_on = datetime.date(2026, 1, 1)
    activity.save()
    services.activity_post_update(
        actor=None,
        activity=activity,
        text="Godt i gang",
        status="started",
        progress=25,
        spent=Decimal(500),
        date=datetime.date(2026, 5, 1),
    )
    activity.refresh_from_db()
    assert activity.last_update_on == datetime.date(2026, 5, 1)
    assert activity.spent == Decimal(500)
    assert activity.due_reminder_sent_on is None
    assert activity.overdue_reminder_sent_on is None
    assert activity.update_due_on == datetime.date(2026, 8, 1)


def test_commitments_must_belong_to_the_plans_policy():
    plan = make_plan()
    foreign = adopted_policy(areas=1, commitments=1).focus_areas.get().commitments.get()
    with pytest.raises(ValidationError):
        make_activity(plan, commitments=[foreign])
    with pytest.raises(ValidationError):
        services.activity_create(
            actor=None, plan=plan, commitments=[], responsible=OrganisationFactory(), title="x"
        )


def test_end_before_start_is_refused():
    plan = make_plan()
    with pytest.raises(ValidationError):
        make_activity(plan, starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 4, 1))


def test_closing_a_year_freezes_every_activity():
    plan = make_plan()
    activity = make_activity(plan, title="Mentorordning", status="delayed", progress=40)
    services.plan_close(actor=None, plan=plan)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.CLOSED
    assert plan.snapshot[0]["title"] == "Mentorordning"
    assert plan.snapshot[0]["progress"] == 40
    with pytest.raises(ValidationError):
        services.activity_post_update(actor=None, activity=activity, text="x", status="done")
    with pytest.raises(ValidationError):
        make_activity(plan)


def test_only_adopted_plans_close_and_only_drafts_adopt():
    draft = make_plan(status=ActionPlan.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.plan_close(actor=None, plan=draft)
    services.plan_adopt(actor=None, plan=draft, adopted_on=datetime.date(2026, 1, 1))
    # The same adoption again is the same post twice, taken once; another date is refused.
    services.plan_adopt(actor=None, plan=draft, adopted_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.plan_adopt(actor=None, plan=draft, adopted_on=datetime.date(2026, 1, 2))
