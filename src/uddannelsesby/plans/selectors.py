"""Reads of action plans, with every roll-up computed in the database.

Progress rule (weighted): the progress of a group of activities is
sum(progress x weight) / sum(weight) over the group's activities that are not cancelled.
An activity that serves several commitments counts fully towards each of them, but only once
towards a focus area, a plan or a policy. Budget and spending follow the same rule: counted
once per focus area, and once per budget account.
"""

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.policies.models import Commitment, FocusArea, Policy, PolicyVersion
from uddannelsesby.policies.selectors import (
    as_published,
    policy_parts_for,
    policy_public_version,
    public_index,
)

from .models import ActionPlan, Activity

ActivityCommitment = Activity.commitments.through
NOT_CANCELLED = ~Q(status=Activity.Status.CANCELLED)


def _weighted_progress(prefix: str = "") -> dict:
    """Aggregates giving the weighted progress of a group of activities."""
    counted = ~Q(**{f"{prefix}status": Activity.Status.CANCELLED})
    return {
        "weighted": Coalesce(Sum(F(f"{prefix}progress") * F(f"{prefix}weight"), filter=counted), 0),
        "weights": Coalesce(Sum(f"{prefix}weight", filter=counted), 0),
        "activities": Count(f"{prefix}pk", distinct=True),
    }


def _ratio(weighted: int | None, weights: int | None) -> float | None:
    return (weighted or 0) / weights if weights else None


@dataclass(frozen=True)
class Rollup:
    progress: float | None
    activities: int
    budget: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)


def public_plans(policy: Policy | None = None) -> QuerySet[ActionPlan]:
    """Adopted and closed plans of published policies: a plan of a policy that was never sent
    to hearing or adopted stays as private as its policy."""
    plans = (
        ActionPlan.objects.exclude(status=ActionPlan.Status.DRAFT)
        .filter(Exists(PolicyVersion.objects.filter(policy=OuterRef("policy"))))
        .select_related("policy")
    )
    return plans.filter(policy=policy) if policy else plans


# --- what the public reads: the published version's parts and titles, never the draft's ---


def publish_policy_title(policy: Policy) -> Policy:
    """Give the in-memory policy the title of its public version (a rename not adopted yet
    stays with the editors). Never saved."""
    version = policy_public_version(policy)
    if version is not None:
        policy.title = version.content.get("title", policy.title)
    return policy


def publish_activity_commitments(activities, policy: Policy) -> None:
    """Keep to each activity's prefetched commitments those the public version has, titled as
    it has them."""
    index = public_index(policy)
    for activity in activities:
        cached = activity.commitments.all()  # the prefetched queryset itself
        cached._result_cache = as_published(list(cached), index)


# --- closed years: every figure comes from the snapshot taken when the year was closed ---


def frozen_states(plan: ActionPlan) -> list[dict] | None:
    """The activities' states frozen at closing, or None for a year that is not closed."""
    if plan.status != ActionPlan.Status.CLOSED or plan.snapshot is None:
        return None
    return list(plan.snapshot)


def frozen_state_areas(state: dict, area_of: dict[int, int]) -> set[int]:
    if "focus_areas" in state:
        return set(state["focus_areas"])
    return {area_of[c] for c in state["commitments"] if c in area_of}


def frozen_rollup(states: list[dict]) -> Rollup:
    counted = [s for s in states if s["status"] != Activity.Status.CANCELLED]
    weights = sum(s["weight"] for s in counted)
    weighted = sum(s["progress"] * s["weight"] for s in counted)
    return Rollup(
        _ratio(weighted, weights),
        len(states),
        sum((Decimal(s["budget"]) for s in states), Decimal(0)),
        sum((Decimal(s["spent"]) for s in states), Decimal(0)),
    )


def _frozen_by_commitment(states: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for state in states:
        for commitment in state["commitments"]:
            grouped.setdefault(commitment, []).append(state)
    return grouped


def _commitments_ordered():
    return Commitment.objects.select_related("focus_area").order_by(
        "focus_area__position", "focus_area__pk", "position", "pk"
    )


def _set_commitments(activity: Activity, commitments: list[Commitment]) -> None:
    """Put the commitments in the activity's prefetch cache (in memory, never saved)."""
    cached = Commitment.objects.none()
    cached._result_cache = commitments
    cached._prefetch_done = True
    if not hasattr(activity, "_prefetched_objects_cache"):
        activity._prefetched_objects_cache = {}
    activity._prefetched_objects_cache["commitments"] = cached


def frozen_activities(plan: ActionPlan, states: list[dict]) -> list[Activity]:
    """The closed year's activities as they were frozen: title, status, progress, weight,
    budget, spending, budget account, dates, responsible and commitments come from the
    snapshot, set on the in-memory rows (never saved). The partners, description and
    references, which the snapshot does not keep, are the live rows'. Four queries."""
    live = {
        a.pk: a
        for a in plan.activities.filter(pk__in=[s["id"] for s in states])
        .select_related("responsible", "contact")
        .prefetch_related(Prefetch("partners", queryset=Organisation.objects.order_by("name")))
    }
    ordered = _commitments_ordered().filter(focus_area__policy=plan.policy_id)
    commitments = {c.pk: c for c in ordered}
    order = {pk: n for n, pk in enumerate(commitments)}
    result = []
    for state in states:
        activity = live.get(state["id"])
        if activity is None:  # the row is gone: what was frozen is all there is
            activity = Activity(pk=state["id"], plan=plan)
            activity._prefetched_objects_cache = {"partners": Organisation.objects.none()}
        activity.plan = plan
        activity.title = state.get("title", activity.title)
        for name in ("status", "progress", "weight", "budget_account"):
            setattr(activity, name, state[name])
        activity.budget, activity.spent = Decimal(state["budget"]), Decimal(state["spent"])
        for name in ("starts_on", "ends_on", "last_update_on"):
            if name in state:
                value = state[name]
                setattr(activity, name, datetime.date.fromisoformat(value) if value else None)
        responsible = copy.copy(activity.responsible) if activity.responsible_id else None
        if responsible is None or responsible.name != state["responsible"]:
            responsible = Organisation(name=state["responsible"])
        activity.responsible = responsible
        activity.responsible_id = responsible.pk
        served = [commitments[c] for c in state["commitments"] if c in commitments]
        _set_commitments(activity, sorted(served, key=lambda c: order[c.pk]))
        activity.frozen_focus_areas = set(state.get("focus_areas") or [])
        if "focus_areas" not in state:
            activity.frozen_focus_areas = {c.focus_area_id for c in served}
        result.append(activity)
    return sorted(result, key=lambda a: (a.title, a.pk))


def frozen_activity(activity: Activity) -> Activity | None:
    """One activity of a closed year as it was frozen (see ``frozen_activities``), or None
    when its year is open (or the snapshot does not have it)."""
    states = [s for s in frozen_states(activity.plan) or [] if s["id"] == activity.pk]
    return frozen_activities(activity.plan, states)[0] if states else None


def _frozen_filtered(
    plan: ActionPlan,
    states: list[dict],
    *,
    focus_area: int | None,
    status: str | None,
    partner: int | None,
) -> list[Activity]:
    activities = frozen_activities(plan, states)
    if focus_area:
        activities = [a for a in activities if focus_area in a.frozen_focus_areas]
    if status:
        activities = [a for a in activities if a.status == status]
    if partner:
        name = Organisation.objects.filter(pk=partner).values_list("name", flat=True).first()
        activities = [
            a
            for a in activities
            if a.responsible.name == name or any(p.pk == partner for p in a.partners.all())
        ]
    return activities


def plan_activities(
    plan: ActionPlan,
    *,
    focus_area: int | None = None,
    status: str | None = None,
    partner: int | None = None,
) -> QuerySet[Activity] | list[Activity]:
    """The plan's activities, filtered, with what the overview shows in three queries; a
    closed year's as they were frozen (a list)."""
    states = frozen_states(plan)
    if states is not None:
        return _frozen_filtered(plan, states, focus_area=focus_area, status=status, partner=partner)
    activities = plan.activities.select_related("responsible").prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.select_related("focus_area")),
        "partners",
    )
    if focus_area:
        activities = activities.filter(
            Exists(
                ActivityCommitment.objects.filter(
                    activity=OuterRef("pk"), commitment__focus_area=focus_area
                )
            )
        )
    if status:
        activities = activities.filter(status=status)
    if partner:
        activities = activities.filter(Q(responsible=partner) | Q(partners=partner)).distinct()
    return activities.order_by("title", "pk")


def plan_rollup(plan: ActionPlan) -> Rollup:
    states = frozen_states(plan)
    if states is not None:
        return frozen_rollup(states)
    totals = plan.activities.aggregate(
        **_weighted_progress(), budget=Sum("budget"), spent=Sum("spent")
    )
    return Rollup(
        _ratio(totals["weighted"], totals["weights"]),
        totals["activities"],
        totals["budget"] or Decimal(0),
        totals["spent"] or Decimal(0),
    )


def commitment_rollups(plan: ActionPlan) -> dict[int, Rollup]:
    """Progress per commitment of the plan's policy, in one query."""
    states = frozen_states(plan)
    if states is not None:
        return {c: frozen_rollup(group) for c, group in _frozen_by_commitment(states).items()}
    rows = (
        ActivityCommitment.objects.filter(activity__plan=plan)
        .values("commitment")
        .annotate(**_weighted_progress("activity__"))
    )
    return {
        row["commitment"]: Rollup(_ratio(row["weighted"], row["weights"]), row["activities"])
        for row in rows
    }


FOCUS_AREA_ROLLUP_SQL = """
    SELECT pairs.focus_area_id,
           SUM(CASE WHEN a.status <> %(cancelled)s THEN a.progress * a.weight ELSE 0 END),
           SUM(CASE WHEN a.status <> %(cancelled)s THEN a.weight ELSE 0 END),
           COUNT(*), SUM(a.budget), SUM(a.spent)
    FROM (SELECT DISTINCT link.activity_id, commitment.focus_area_id
          FROM {link} link
          JOIN {commitment} commitment ON commitment.id = link.commitment_id
          JOIN {activity} plan_activity ON plan_activity.id = link.activity_id
          WHERE plan_activity.plan_id = %(plan)s) pairs
    JOIN {activity} a ON a.id = pairs.activity_id
    GROUP BY pairs.focus_area_id
"""


def focus_area_rollups(plan: ActionPlan, *, public: bool = False) -> list[tuple[FocusArea, Rollup]]:
    """Per focus area; for the public only the areas of the public version, with its titles."""
    rollups = _focus_area_rollups(plan)
    if not public:
        return rollups
    shown = {area.pk for area in as_published([a for a, _r in rollups], public_index(plan.policy))}
    return [(area, rollup) for area, rollup in rollups if area.pk in shown]


def _focus_area_rollups(plan: ActionPlan) -> list[tuple[FocusArea, Rollup]]:
    """Progress, budget and spending per focus area, each activity once per area: two queries.

    One SQL statement over the distinct (activity, focus area) pairs: the ORM cannot aggregate
    over a derived table, and correlated subqueries per area cost ten times as much.
    """
    states = frozen_states(plan)
    if states is not None:
        return _frozen_focus_area_rollups(plan, states)
    sql = FOCUS_AREA_ROLLUP_SQL.format(
        link=ActivityCommitment._meta.db_table,
        commitment=Commitment._meta.db_table,
        activity=Activity._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"plan": plan.pk, "cancelled": Activity.Status.CANCELLED})
        totals = {row[0]: row[1:] for row in cursor.fetchall()}
    result = []
    for area in plan.policy.focus_areas.order_by("position", "pk"):
        weighted, weights, count, budget, spent = totals.get(area.pk, (0, 0, 0, 0, 0))
        result.append(
            (area, Rollup(_ratio(weighted, weights), count, _money(budget), _money(spent)))
        )
    return result


def _frozen_focus_area_rollups(
    plan: ActionPlan, states: list[dict]
) -> list[tuple[FocusArea, Rollup]]:
    area_of = dict(
        Commitment.objects.filter(focus_area__policy=plan.policy_id).values_list("pk", "focus_area")
    )
    return [
        (area, frozen_rollup([s for s in states if area.pk in frozen_state_areas(s, area_of)]))
        for area in plan.policy.focus_areas.order_by("position", "pk")
    ]


def _money(value) -> Decimal:
    """SQLite sums decimals as floats; money is kept to the øre."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def budget_by_account(plan: ActionPlan) -> list[dict]:
    states = frozen_states(plan)
    if states is not None:
        accounts: dict[str, list[dict]] = {}
        for state in states:
            accounts.setdefault(state.get("budget_account", ""), []).append(state)
        return [
            {
                "budget_account": account,
                "budget": (rollup := frozen_rollup(group)).budget,
                "spent": rollup.spent,
                "activities": rollup.activities,
            }
            for account, group in sorted(accounts.items())
        ]
    return list(
        plan.activities.values("budget_account")
        .annotate(budget=Sum("budget"), spent=Sum("spent"), activities=Count("pk"))
        .order_by("budget_account")
    )


def year_comparison(policy: Policy, *, include_drafts: bool = False) -> list[dict]:
    """Each plan year's totals side by side, in one query: activities, done, delayed,
    weighted progress, budget and spending. Closed years are frozen, so their rows stay put."""
    plans = policy.action_plans.all() if include_drafts else public_plans(policy)
    done, delayed = (
        Q(activities__status=Activity.Status.DONE),
        Q(activities__status=Activity.Status.DELAYED),
    )
    progress = _weighted_progress("activities__")
    rows = plans.annotate(
        weighted=progress["weighted"],
        weights=progress["weights"],
        activity_count=progress["activities"],
        done=Count("activities", filter=done),
        delayed=Count("activities", filter=delayed),
        budget=Sum("activities__budget"),
        spent=Sum("activities__spent"),
    ).order_by("year")
    return [
        _frozen_year(plan) if frozen_states(plan) is not None else _live_year(plan) for plan in rows
    ]


def _live_year(plan: ActionPlan) -> dict:
    return {
        "plan": plan,
        "activities": plan.activity_count,
        "done": plan.done,
        "delayed": plan.delayed,
        "progress": _ratio(plan.weighted, plan.weights),
        "budget": plan.budget or Decimal(0),
        "spent": plan.spent or Decimal(0),
    }


def _frozen_year(plan: ActionPlan) -> dict:
    states = frozen_states(plan) or []
    rollup = frozen_rollup(states)
    return {
        "plan": plan,
        "activities": rollup.activities,
        "done": sum(1 for s in states if s["status"] == Activity.Status.DONE),
        "delayed": sum(1 for s in states if s["status"] == Activity.Status.DELAYED),
        "progress": rollup.progress,
        "budget": rollup.budget,
        "spent": rollup.spent,
    }


def policy_rollup(policy: Policy, year: int) -> Rollup | None:
    plan = public_plans(policy).filter(year=year).first()
    return plan_rollup(plan) if plan else None


@dataclass(frozen=True)
class CoverageMatrix:
    years: list[int]
    rows: list[tuple[Commitment, list[int]]]  # each commitment with its count per year

    @property
    def uncovered(self) -> list[Commitment]:
        """Commitments that no activity serves in the latest year."""
        return [commitment for commitment, counts in self.rows if counts and counts[-1] == 0]


def coverage_matrix(policy: Policy, *, include_drafts: bool = False) -> CoverageMatrix:
    """Commitments by plan year with the number of activities in each cell: two queries."""
    plans = policy.action_plans.all() if include_drafts else public_plans(policy)
    plan_list = list(plans.order_by("year"))
    years = [plan.year for plan in plan_list]
    frozen = {plan.year: frozen_states(plan) for plan in plan_list}
    counts = {
        (row["commitment"], row["activity__plan__year"]): row["n"]
        for row in ActivityCommitment.objects.filter(
            activity__plan__in=[p.pk for p in plan_list if frozen[p.year] is None],
            commitment__focus_area__policy=policy,
        )
        .values("commitment", "activity__plan__year")
        .annotate(n=Count("activity"))
    }
    for year, states in frozen.items():
        for commitment, group in _frozen_by_commitment(states or []).items():
            counts[(commitment, year)] = len(group)
    commitments = [
        c for _area, group in policy_parts_for(policy, public=not include_drafts) for c in group
    ]
    return CoverageMatrix(
        years,
        [(c, [counts.get((c.pk, year), 0) for year in years]) for c in commitments],
    )


def activities_needing_attention(today: datetime.date) -> tuple[list[Activity], list[Activity]]:
    """(stale, delayed): open activities whose update is overdue, and those marked delayed."""
    open_activities = (
        Activity.objects.exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])
        .exclude(plan__status=ActionPlan.Status.CLOSED)
        .select_related("plan__policy", "responsible", "contact")
        .order_by("last_update_on", "pk")
    )
    stale = [a for a in open_activities if a.update_due_on < today]
    delayed = [a for a in open_activities if a.status == Activity.Status.DELAYED]
    return stale, delayed


def progress_percent(value: float | None) -> int | None:
    return None if value is None else round(value)
