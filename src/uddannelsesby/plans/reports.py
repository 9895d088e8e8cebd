"""Reads behind the reports: the annual report of a plan year, the evidence of a mid-term review
and the council-period calendar. Every number comes from the database in a constant number of
queries; Python only groups rows for display.

Late: an activity is late when it is marked delayed, or when it is still open (planned, started,
on track) after its end date. The report counts "after its end date" as of today, or as of 31
December of the plan year once that year is over.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from uddannelsesby.core.extensions import policy_panels
from uddannelsesby.policies.models import Commitment, FocusArea, Policy
from uddannelsesby.policies.selectors import policy_parts_for
from uddannelsesby.policies.services import (
    COUNCIL_PERIOD_YEARS,
    FIRST_COUNCIL_PERIOD,
    next_review_date,
)

from .models import ActionPlan, Activity, ActivityUpdate, MidtermReview, ReviewVerdict
from .selectors import (
    Rollup,
    budget_by_account,
    commitment_rollups,
    focus_area_rollups,
    frozen_activities,
    frozen_state_areas,
    frozen_states,
    plan_rollup,
    public_plans,
)

ActivityCommitment = Activity.commitments.through
OPEN = [Activity.Status.PLANNED, Activity.Status.STARTED, Activity.Status.ON_TRACK]


def late_condition(as_of: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Activity.Status.DELAYED}) | Q(
        **{f"{prefix}status__in": OPEN, f"{prefix}ends_on__lt": as_of}
    )


def report_date(plan: ActionPlan, today: datetime.date) -> datetime.date:
    return min(today, datetime.date(plan.year, 12, 31))


def _latest_update_text() -> Subquery:
    return Subquery(
        ActivityUpdate.objects.filter(activity=OuterRef("pk"))
        .order_by("-date", "-pk")
        .values("text")[:1]
    )


# --- the annual report ---


@dataclass(frozen=True)
class CommitmentReport:
    commitment: Commitment
    progress: float | None
    budget: Decimal
    spent: Decimal
    done: int
    late: int
    activities: list[Activity]


@dataclass(frozen=True)
class AreaReport:
    area: FocusArea
    rollup: Rollup
    done: int
    late: int
    commitments: list[CommitmentReport]


@dataclass(frozen=True)
class AnnualReport:
    plan: ActionPlan
    as_of: datetime.date
    rollup: Rollup
    done: int
    late: int
    areas: list[AreaReport]
    late_activities: list[Activity]
    accounts: list[dict]

    @property
    def uncovered(self) -> list[Commitment]:
        return [c.commitment for a in self.areas for c in a.commitments if not c.activities]


def _counts(as_of: datetime.date, prefix: str = "") -> dict:
    key, done = f"{prefix}pk", Q(**{f"{prefix}status": Activity.Status.DONE})
    return {
        "done": Count(key, filter=done, distinct=True),
        "late": Count(key, filter=late_condition(as_of, prefix), distinct=True),
    }


def report_activities(plan: ActionPlan, as_of: datetime.date) -> QuerySet[Activity]:
    """The plan's activities with is_late and latest_update worked out by the database."""
    return (
        plan.activities.select_related("responsible")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.only("pk")))
        .annotate(
            is_late=Case(
                When(late_condition(as_of), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            latest_update=_latest_update_text(),
        )
        .order_by("title", "pk")
    )


def _live_counts(plan: ActionPlan, as_of: datetime.date, activities: list[Activity]):
    by_commitment: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        for commitment in activity.commitments.all():
            by_commitment[commitment.pk].append(activity)
    money = {
        row["commitment"]: row
        for row in ActivityCommitment.objects.filter(activity__plan=plan)
        .values("commitment")
        .annotate(
            budget=Sum("activity__budget"),
            spent=Sum("activity__spent"),
            **_counts(as_of, "activity__"),
        )
    }
    area_counts = {
        row["commitment__focus_area"]: row
        for row in ActivityCommitment.objects.filter(activity__plan=plan)
        .values("commitment__focus_area")
        .annotate(**_counts(as_of, "activity__"))
    }
    return by_commitment, money, area_counts, plan.activities.aggregate(**_counts(as_of))


def _frozen_is_late(state: dict, as_of: datetime.date) -> bool:
    if state["status"] == Activity.Status.DELAYED:
        return True
    ends_on = state.get("ends_on")
    return state["status"] in OPEN and bool(ends_on) and ends_on < as_of.isoformat()


def _frozen_counts(plan: ActionPlan, states: list[dict], as_of: datetime.date, activities):
    """The report's counts of a closed year from its snapshot; the listed activities show the
    state frozen at closing."""
    by_id = {a.pk: a for a in activities}
    area_of = dict(
        Commitment.objects.filter(focus_area__policy=plan.policy_id).values_list("pk", "focus_area")
    )
    by_commitment: dict[int, list[Activity]] = defaultdict(list)
    money: dict[int, dict] = {}
    area_counts: dict[int, dict] = {}
    totals = {"done": 0, "late": 0}
    for state in states:
        done, late = state["status"] == Activity.Status.DONE, _frozen_is_late(state, as_of)
        live = by_id.get(state["id"])
        if live is not None:
            live.status, live.progress, live.is_late = state["status"], state["progress"], late
            live.budget, live.spent = Decimal(state["budget"]), Decimal(state["spent"])
        for row in [totals] + [
            area_counts.setdefault(a, {"done": 0, "late": 0})
            for a in frozen_state_areas(state, area_of)
        ]:
            row["done"] += done
            row["late"] += late
        for commitment in state["commitments"]:
            row = money.setdefault(
                commitment, {"budget": Decimal(0), "spent": Decimal(0), "done": 0, "late": 0}
            )
            row["budget"] += Decimal(state["budget"])
            row["spent"] += Decimal(state["spent"])
            row["done"] += done
            row["late"] += late
            if live is not None:
                by_commitment[commitment].append(live)
    order = {a.pk: i for i, a in enumerate(activities)}
    for group in by_commitment.values():
        group.sort(key=lambda a: order[a.pk])
    return by_commitment, money, area_counts, totals


def annual_report(plan: ActionPlan, *, today: datetime.date, public: bool = False) -> AnnualReport:
    """The year's report; for the public, the parts and titles of the policy's public version."""
    as_of = report_date(plan, today)
    activities = list(report_activities(plan, as_of))
    progress = commitment_rollups(plan)
    states = frozen_states(plan)
    if states is not None:
        by_commitment, money, area_counts, totals = _frozen_counts(plan, states, as_of, activities)
    else:
        by_commitment, money, area_counts, totals = _live_counts(plan, as_of, activities)
    rollups = {area.pk: rollup for area, rollup in focus_area_rollups(plan)}
    areas = []
    for area, group in policy_parts_for(plan.policy, public=public):
        commitments = []
        for commitment in group:
            row = money.get(commitment.pk, {})
            rollup = progress.get(commitment.pk)
            commitments.append(
                CommitmentReport(
                    commitment=commitment,
                    progress=rollup.progress if rollup else None,
                    budget=row.get("budget") or Decimal(0),
                    spent=row.get("spent") or Decimal(0),
                    done=row.get("done", 0),
                    late=row.get("late", 0),
                    activities=by_commitment.get(commitment.pk, []),
                )
            )
        counts = area_counts.get(area.pk, {})
        areas.append(
            AreaReport(
                area=area,
                rollup=rollups.get(area.pk, Rollup(None, 0)),
                done=counts.get("done", 0),
                late=counts.get("late", 0),
                commitments=commitments,
            )
        )
    return AnnualReport(
        plan=plan,
        as_of=as_of,
        rollup=plan_rollup(plan),
        done=totals["done"],
        late=totals["late"],
        areas=areas,
        late_activities=[a for a in activities if a.is_late],
        accounts=budget_by_account(plan),
    )


# --- the mid-term review ---


def visible_plans(policy: Policy, *, include_drafts: bool) -> list[ActionPlan]:
    plans = policy.action_plans.all() if include_drafts else public_plans(policy)
    return list(plans.order_by("year"))


def policy_reviews(policy: Policy, *, include_in_progress: bool) -> QuerySet[MidtermReview]:
    reviews = policy.reviews.annotate(verdict_count=Count("verdicts"))
    if not include_in_progress:
        reviews = reviews.filter(completed_on__isnull=False)
    return reviews.order_by("-created_at", "-pk")


def reviews_by_policy(*, include_in_progress: bool) -> dict[int, list[MidtermReview]]:
    """Every policy's reviews, newest first, in one query (for lists of policies)."""
    reviews = MidtermReview.objects.order_by("-created_at", "-pk")
    if not include_in_progress:
        reviews = reviews.filter(completed_on__isnull=False)
    grouped: dict[int, list[MidtermReview]] = defaultdict(list)
    for review in reviews:
        grouped[review.policy_id].append(review)
    return dict(grouped)


def review_missing_commitments(review: MidtermReview) -> list[Commitment]:
    """The policy's commitments the review has no verdict on yet."""
    return list(
        Commitment.objects.filter(focus_area__policy=review.policy_id)
        .exclude(verdicts__review=review)
        .select_related("focus_area")
        .order_by("focus_area__position", "focus_area__pk", "position", "pk")
    )


@dataclass(frozen=True)
class CommitmentSummary:
    commitment: Commitment
    verdict: ReviewVerdict | None
    years: list[tuple[int, Rollup | None]]

    @property
    def activities(self) -> int:
        return sum(rollup.activities for _year, rollup in self.years if rollup)


@dataclass(frozen=True)
class ReviewOverview:
    review: MidtermReview
    years: list[int]
    areas: list[tuple[FocusArea, list[CommitmentSummary]]]

    @property
    def verdicts(self) -> dict[str, int]:
        counts = dict.fromkeys(ReviewVerdict.Verdict.values, 0)
        for _area, summaries in self.areas:
            for summary in summaries:
                if summary.verdict:
                    counts[summary.verdict.verdict] += 1
        return counts

    @property
    def missing(self) -> int:
        return sum(1 for _a, summaries in self.areas for s in summaries if not s.verdict)


def _verdicts(review: MidtermReview) -> dict[int, ReviewVerdict]:
    return {v.commitment_id: v for v in review.verdicts.all()}


@dataclass(frozen=True)
class FrozenPart:
    """A focus area or commitment as a completed review saw it."""

    pk: int
    title: str
    slug: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class FrozenVerdict:
    verdict: str
    reason: str
    commitment: FrozenPart

    @property
    def commitment_id(self) -> int:
        return self.commitment.pk

    def get_verdict_display(self) -> str:
        return str(ReviewVerdict.Verdict(self.verdict).label)


def review_freeze(review: MidtermReview) -> dict:
    """What a completed review keeps: the public view of it on the day it was completed."""
    overview = review_overview(review, include_drafts=False)
    return {
        "years": overview.years,
        "areas": [
            {
                "id": area.pk,
                "title": area.title,
                "slug": area.slug,
                "commitments": [
                    {
                        "id": s.commitment.pk,
                        "title": s.commitment.title,
                        "anchor": s.commitment.anchor,
                        "verdict": s.verdict.verdict if s.verdict else None,
                        "reason": s.verdict.reason if s.verdict else "",
                        "years": [
                            [year, None]
                            if rollup is None
                            else [
                                year,
                                {"progress": rollup.progress, "activities": rollup.activities},
                            ]
                            for year, rollup in s.years
                        ],
                    }
                    for s in summaries
                ],
            }
            for area, summaries in overview.areas
        ],
    }


def _thawed_overview(review: MidtermReview) -> ReviewOverview:
    snapshot = review.snapshot
    areas = []
    for area in snapshot["areas"]:
        summaries = []
        for c in area["commitments"]:
            part = FrozenPart(c["id"], c["title"], anchor=c["anchor"])
            summaries.append(
                CommitmentSummary(
                    commitment=part,
                    verdict=FrozenVerdict(c["verdict"], c["reason"], part)
                    if c["verdict"]
                    else None,
                    years=[
                        (year, Rollup(value["progress"], value["activities"]) if value else None)
                        for year, value in c["years"]
                    ],
                )
            )
        areas.append((FrozenPart(area["id"], area["title"], slug=area["slug"]), summaries))
    return ReviewOverview(review=review, years=list(snapshot["years"]), areas=areas)


def frozen_commitment(review: MidtermReview, commitment_pk: int) -> CommitmentSummary | None:
    """A completed review's frozen summary of one commitment."""
    if review.snapshot is None:
        return None
    for _area, summaries in _thawed_overview(review).areas:
        for summary in summaries:
            if summary.commitment.pk == commitment_pk:
                return summary
    return None


def review_overview(review: MidtermReview, *, include_drafts: bool) -> ReviewOverview:
    """Per commitment: the verdict, and activities and progress per plan year.

    A completed review is read from the snapshot taken at completion. Otherwise, queries: two
    for the policy's parts, one for the verdicts, one per plan year.
    """
    if review.completed_on and review.snapshot is not None:
        return _thawed_overview(review)
    plans = visible_plans(review.policy, include_drafts=include_drafts)
    rollups = {plan.year: commitment_rollups(plan) for plan in plans}
    verdicts = _verdicts(review)
    areas = [
        (
            area,
            [
                CommitmentSummary(
                    commitment=c,
                    verdict=verdicts.get(c.pk),
                    years=[(plan.year, rollups[plan.year].get(c.pk)) for plan in plans],
                )
                for c in group
            ],
        )
        for area, group in policy_parts_for(review.policy, public=not include_drafts)
    ]
    return ReviewOverview(review=review, years=[p.year for p in plans], areas=areas)


@dataclass(frozen=True)
class CommitmentEvidence:
    commitment: Commitment
    title: str  # as the completed review saw it, or the working title
    verdict: ReviewVerdict | FrozenVerdict | None
    years: list[tuple[ActionPlan, Rollup | None]]
    activities: list[Activity]
    panels: list[SafeString]


LATEST_UPDATES = 3


def commitment_evidence(
    review: MidtermReview, commitment: Commitment, *, include_drafts: bool
) -> CommitmentEvidence:
    """Everything known about one commitment across the plan years, for the reviewer.

    A completed review shows the title, verdict and figures per year frozen at completion; the
    activities listed below them are the ones of those years."""
    frozen = frozen_commitment(review, commitment.pk) if review.completed_on else None
    if frozen is not None:
        by_year = {plan.year: plan for plan in review.policy.action_plans.all()}
        years = [(by_year[y], rollup) for y, rollup in frozen.years if y in by_year]
        plans = [plan for plan, _rollup in years]
    else:
        plans = visible_plans(review.policy, include_drafts=include_drafts)
        years = [(plan, commitment_rollups(plan).get(commitment.pk)) for plan in plans]
    updates = Prefetch(
        "updates",
        queryset=ActivityUpdate.objects.order_by("-date", "-pk")[:LATEST_UPDATES],
        to_attr="latest_updates",
    )
    # A closed year's activities as they were frozen (status, progress, responsible and the
    # commitments they served then); an open year's are the live rows.
    closed = {plan.pk: states for plan in plans if (states := frozen_states(plan)) is not None}
    activities: list[Activity] = list(
        Activity.objects.filter(
            commitments=commitment, plan__in=[p.pk for p in plans if p.pk not in closed]
        )
        .select_related("plan", "responsible")
        .prefetch_related(updates)
    )
    frozen_rows = [
        a
        for plan in plans
        if plan.pk in closed
        for a in frozen_activities(plan, closed[plan.pk])
        if commitment in a.commitments.all()
    ]
    prefetch_related_objects(frozen_rows, updates)
    activities = sorted(activities + frozen_rows, key=lambda a: (-a.plan.year, a.title, a.pk))
    return CommitmentEvidence(
        commitment=commitment,
        title=frozen.commitment.title if frozen else commitment.title,
        verdict=frozen.verdict if frozen else review.verdicts.filter(commitment=commitment).first(),
        years=years,
        activities=activities,
        panels=policy_panels(review.policy).get(commitment.anchor, []),
    )


# --- the council-period calendar ---


def council_period_start(year: int) -> int:
    """The first year of the council period the year belongs to (2022, 2026, 2030 ...)."""
    offset = (year - FIRST_COUNCIL_PERIOD) // COUNCIL_PERIOD_YEARS
    return FIRST_COUNCIL_PERIOD + offset * COUNCIL_PERIOD_YEARS


def election_day(year: int) -> datetime.date:
    """Municipal elections are held on the third Tuesday of November."""
    first = datetime.date(year, 11, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 14)


def review_date(policy: Policy) -> datetime.date | None:
    if policy.next_review_on:
        return policy.next_review_on
    return next_review_date(policy.adopted_on) if policy.adopted_on else None


def review_due_state(policy: Policy, *, today: datetime.date) -> str:
    """ "ahead" (the review is to come), "overdue" (its date has passed and no review was
    completed in that council period or later) or "done"; "" when there is no review date."""
    review_on = review_date(policy)
    if review_on is None:
        return ""
    if review_on >= today:
        return "ahead"
    period_began = datetime.date(council_period_start(review_on.year), 1, 1)
    done = MidtermReview.objects.filter(policy=policy, completed_on__gte=period_began).exists()
    return "done" if done else "overdue"


@dataclass(frozen=True)
class CalendarEvent:
    date: datetime.date
    kind: str  # "period", "election", "budget", "plan", "review" or "policy"
    title: str
    detail: str
    deadline: bool = False  # the date is the latest day, not a fixed day
    url: str = ""


@dataclass(frozen=True)
class CouncilPeriod:
    start: int
    events: list[CalendarEvent]

    @property
    def end(self) -> int:
        return self.start + COUNCIL_PERIOD_YEARS - 1


# The dates a year brings. The budget for next year: the finance committee's proposal goes to
# the city council by 15 September (first reading) and is adopted by 15 October (second reading,
# at least three weeks later), as the rules for municipal budgets require. The action plan for
# next year follows the budget: the draft by 1 October, built on the budget proposal, and the
# adoption by 15 December, after the budget is adopted and before the year begins.
FIRST_READING = (9, 15)
PLAN_DRAFT = (10, 1)
BUDGET_ADOPTION = (10, 15)
PLAN_ADOPTION = (12, 15)
MAX_PERIODS = 3


def _year_events(year: int, plan_urls: dict[int, str]) -> list[CalendarEvent]:
    following = {"year": year + 1}
    events = [
        CalendarEvent(
            datetime.date(year, *FIRST_READING),
            "budget",
            _("First reading of the budget for %(year)s") % following,
            _("The finance committee's budget proposal goes to the city council."),
            deadline=True,
        ),
        CalendarEvent(
            datetime.date(year, *PLAN_DRAFT),
            "plan",
            _("Draft action plan for %(year)s") % following,
            _("Built on the budget proposal, so that activities and money match."),
            deadline=True,
            url=plan_urls.get(year + 1, ""),
        ),
        CalendarEvent(
            datetime.date(year, *BUDGET_ADOPTION),
            "budget",
            _("Second reading: the budget for %(year)s is adopted") % following,
            _("At least three weeks after the first reading."),
            deadline=True,
        ),
        CalendarEvent(
            datetime.date(year, *PLAN_ADOPTION),
            "plan",
            _("The city council adopts the action plan for %(year)s") % following,
            _("After the budget is adopted and before the year begins."),
            deadline=True,
            url=plan_urls.get(year + 1, ""),
        ),
    ]
    if council_period_start(year + 1) == year + 1:
        events.append(
            CalendarEvent(
                election_day(year),
                "election",
                _("Municipal election"),
                _("The new city council takes office on 1 January."),
            )
        )
    return events


def council_calendar(
    policy: Policy, *, today: datetime.date, plan_urls: dict[int, str] | None = None
) -> list[CouncilPeriod]:
    """The current and the next council period, with their dates (and the period of a
    mid-term review further ahead, at most three periods). A policy adopted long ago does not
    show its old periods: the calendar is for planning what comes."""
    plan_urls = plan_urls or {}
    first = council_period_start(today.year)
    review_on = review_date(policy)
    last = first + COUNCIL_PERIOD_YEARS
    if review_on:
        last = max(last, council_period_start(review_on.year))
    last = min(last, first + (MAX_PERIODS - 1) * COUNCIL_PERIOD_YEARS)
    periods = []
    for start in range(first, last + 1, COUNCIL_PERIOD_YEARS):
        end = start + COUNCIL_PERIOD_YEARS - 1
        events = [
            CalendarEvent(
                datetime.date(start, 1, 1),
                "period",
                _("The council period %(start)s–%(end)s begins") % {"start": start, "end": end},
                _("The city council elected in November takes office."),
            )
        ]
        for year in range(start, end + 1):
            events.extend(_year_events(year, plan_urls))
        if policy.adopted_on and start <= policy.adopted_on.year <= end:
            events.append(
                CalendarEvent(
                    policy.adopted_on,
                    "policy",
                    _("The policy is adopted"),
                    _("The city council adopted the policy."),
                )
            )
        if review_on and start <= review_on.year <= end:
            events.append(
                CalendarEvent(
                    review_on,
                    "review",
                    _("Mid-term review of the policy"),
                    _(
                        "Halfway through the council period after the one the policy was adopted "
                        "in: is each commitment kept, adjusted or dropped?"
                    ),
                )  # fmt: skip
            )
        periods.append(CouncilPeriod(start, sorted(events, key=lambda e: (e.date, e.kind))))
    return periods
