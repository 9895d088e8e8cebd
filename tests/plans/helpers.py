"""Plan fixtures shared by the lead's plan tests."""

import datetime
from decimal import Decimal

from uddannelsesby.plans import services
from uddannelsesby.plans.models import ActionPlan, Activity

from ..factories import OrganisationFactory, adopted_policy


def make_plan(
    *, year: int = 2026, status: str = ActionPlan.Status.ADOPTED, areas: int = 2
) -> ActionPlan:
    policy = adopted_policy(areas=areas, commitments=2)
    plan = services.plan_create(actor=None, policy=policy, year=year)
    if status != ActionPlan.Status.DRAFT:
        services.plan_adopt(actor=None, plan=plan, adopted_on=datetime.date(year - 1, 12, 1))
    return plan


def make_activity(plan: ActionPlan, *, commitments=None, organisation=None, **fields) -> Activity:
    commitments = commitments or [plan.policy.focus_areas.first().commitments.first()]
    fields = {"title": "Aktivitet", "budget": Decimal(1000), "status": "planned"} | fields
    return services.activity_create(
        actor=None,
        plan=plan,
        commitments=commitments,
        responsible=organisation or OrganisationFactory(),
        **fields,
    )
