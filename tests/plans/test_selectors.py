from decimal import Decimal

import pytest

from uddannelsesby.plans import services
from uddannelsesby.plans.models import ActionPlan
from uddannelsesby.plans.selectors import (
    budget_by_account,
    commitment_rollups,
    coverage_matrix,
    focus_area_rollups,
    plan_activities,
    plan_rollup,
)

from .helpers import make_activity, make_plan

pytestmark = pytest.mark.django_db


def parts(plan):
    area_a, area_b = plan.policy.focus_areas.all()
    return area_a, area_b, list(area_a.commitments.all()), list(area_b.commitments.all())


def test_progress_is_weighted_and_ignores_cancelled_activities():
    plan = make_plan()
    make_activity(plan, progress=100, weight=3, status="done")
    make_activity(plan, progress=20, weight=1, status="started")
    make_activity(plan, progress=0, weight=50, status="cancelled")
    rollup = plan_rollup(plan)
    assert rollup.progress == pytest.approx((100 * 3 + 20 * 1) / 4)
    assert rollup.activities == 3


def test_an_activity_counts_for_each_commitment_but_once_per_focus_area():
    plan = make_plan()
    area_a, area_b, (a1, a2), (b1, _b2) = parts(plan)
    shared = make_activity(plan, commitments=[a1, a2, b1], progress=80, budget=Decimal(900))
    make_activity(plan, commitments=[a1], progress=20, budget=Decimal(100))
    by_commitment = commitment_rollups(plan)
    assert by_commitment[a1.pk].progress == pytest.approx(50)
    assert by_commitment[a2.pk].progress == pytest.approx(80)
    assert by_commitment[b1.pk].activities == 1
    areas = dict(focus_area_rollups(plan))
    assert areas[area_a].activities == 2
    assert areas[area_a].budget == Decimal(1000)  # the shared activity once, not twice
    assert areas[area_a].progress == pytest.approx(50)
    assert areas[area_b].budget == Decimal(900)
    assert shared.commitments.count() == 3


def test_focus_area_without_activities_has_no_progress():
    plan = make_plan()
    make_activity(plan)
    rollups = [rollup for _area, rollup in focus_area_rollups(plan)]
    assert rollups[1].progress is None
    assert rollups[1].activities == 0


def test_budget_by_account():
    plan = make_plan()
    make_activity(plan, budget=Decimal(100), spent=Decimal(10), budget_account="A")
    make_activity(plan, budget=Decimal(50), budget_account="A")
    make_activity(plan, budget=Decimal(7), budget_account="B")
    rows = {row["budget_account"]: row for row in budget_by_account(plan)}
    assert rows["A"]["budget"] == Decimal(150)
    assert rows["A"]["spent"] == Decimal(10)
    assert rows["B"]["activities"] == 1


def test_coverage_matrix_shows_commitments_nobody_works_on():
    plan = make_plan(year=2025)
    later = services.plan_create(actor=None, policy=plan.policy, year=2026)
    services.plan_adopt(actor=None, plan=later, adopted_on=plan.adopted_on)
    _area_a, _area_b, (a1, a2), (b1, b2) = parts(plan)
    make_activity(plan, commitments=[a1, b1])
    make_activity(later, commitments=[a1])
    make_activity(later, commitments=[a1, a2])
    matrix = coverage_matrix(plan.policy)
    assert matrix.years == [2025, 2026]
    counts = dict(matrix.rows)
    assert counts[a1] == [1, 2]
    assert counts[a2] == [0, 1]
    assert counts[b1] == [1, 0]
    assert set(matrix.uncovered) == {b1, b2}


def test_drafts_stay_out_of_the_public_matrix():
    plan = make_plan(status=ActionPlan.Status.DRAFT)
    make_activity(plan)
    assert coverage_matrix(plan.policy).years == []
    assert coverage_matrix(plan.policy, include_drafts=True).years == [plan.year]


def test_filters():
    plan = make_plan()
    area_a, _area_b, (a1, _a2), (b1, _b2) = parts(plan)
    first = make_activity(plan, commitments=[a1], status="delayed", title="Første")
    second = make_activity(plan, commitments=[b1], title="Anden")
    second.partners.add(first.responsible)
    assert list(plan_activities(plan, focus_area=area_a.pk)) == [first]
    assert list(plan_activities(plan, status="delayed")) == [first]
    assert set(plan_activities(plan, partner=first.responsible_id)) == {first, second}
