"""Action plans, activities and reviews for the import, export, report and review tests."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from uddannelsesby.accounts.models import Organisation, User
from uddannelsesby.plans import services
from uddannelsesby.plans.models import ActionPlan, Activity, MidtermReview
from uddannelsesby.policies.models import Commitment, Policy

from ..factories import OrganisationFactory, UserFactory, adopted_policy


def plan_for(
    policy: Policy, year: int, status: str = ActionPlan.Status.ADOPTED, actor=None
) -> ActionPlan:
    plan = services.plan_create(actor=actor, policy=policy, year=year)
    if status in (ActionPlan.Status.ADOPTED, ActionPlan.Status.CLOSED):
        services.plan_adopt(actor=actor, plan=plan, adopted_on=datetime.date(year - 1, 12, 15))
    if status == ActionPlan.Status.CLOSED:
        services.plan_close(actor=actor, plan=plan)
    return plan


def commitments_of(policy: Policy) -> list[Commitment]:
    return list(
        Commitment.objects.filter(focus_area__policy=policy)
        .select_related("focus_area")
        .order_by("focus_area__position", "focus_area__pk", "position", "pk")
    )


def activity(
    plan: ActionPlan,
    *,
    commitments: list[Commitment] | None = None,
    responsible: Organisation | None = None,
    partners: list[Organisation] = (),
    **fields,
) -> Activity:
    fields = {"title": "Aktivitet", "budget": Decimal(1000), "status": "planned"} | fields
    return services.activity_create(
        actor=None,
        plan=plan,
        commitments=commitments or commitments_of(plan.policy)[:1],
        responsible=responsible or OrganisationFactory(),
        partners=list(partners),
        **fields,
    )


def organisation(name: str, kind: str = Organisation.Kind.MUNICIPAL_UNIT) -> Organisation:
    return Organisation.objects.filter(name=name).first() or OrganisationFactory(
        name=name, kind=kind
    )


@dataclass
class PlanSite:
    policy: Policy
    plan: ActionPlan  # 2026, adopted, with activities of every kind
    earlier: ActionPlan  # 2025, adopted
    draft: ActionPlan  # 2027, a draft
    commitments: list[Commitment]
    organisations: list[Organisation]

    @property
    def uncovered(self) -> Commitment:
        return self.commitments[-1]


def plan_site(*, slug: str = "uddannelse") -> PlanSite:
    """A policy with plans 2025-2027, realistic activities and one commitment nobody serves."""
    policy = adopted_policy(areas=2, commitments=2, title="Uddannelsespolitik", slug=slug)
    commitments = commitments_of(policy)
    municipality = organisation("Herning Kommune, Børn og Unge")
    college = organisation("Erhvervsskolen Herning", Organisation.Kind.INSTITUTION)
    company = organisation("Tekstil & Design A/S", Organisation.Kind.COMPANY)
    contact = User.objects.filter(username="kontakt").first() or UserFactory(username="kontakt")
    earlier = plan_for(policy, 2025)
    plan = plan_for(policy, 2026)
    draft = plan_for(policy, 2027, ActionPlan.Status.DRAFT)
    activity(
        earlier,
        title="Brobygning 2025",
        commitments=commitments[:1],
        responsible=college,
        status="done",
        spent=Decimal(900),
    )
    mentor = activity(
        plan,
        title="Mentorordning for unge",
        description="Unge får en mentor fra en virksomhed.\nTo linjer.",
        commitments=commitments[:2],
        responsible=municipality,
        contact=contact,
        partners=[college, company],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        budget=Decimal("250000.50"),
        budget_account="3.22.01",
        spent=Decimal("100000.25"),
        status="on_track",
        progress=45,
        weight=3,
        sdg_targets=["4.3", "4.4"],
        municipal_plan_ref="Kommuneplan 2025, 3.2",
        agenda21_ref="Mål 2",
        cadence=6,
    )
    services.activity_post_update(
        actor=None,
        activity=mentor,
        text="Tyve mentorer er fundet.",
        status="on_track",
        progress=45,
        date=datetime.date(2026, 4, 1),
    )
    activity(
        plan,
        title="Praktikpladsmesse",
        commitments=[commitments[1]],
        responsible=college,
        ends_on=datetime.date(2026, 3, 31),
        budget=Decimal(50000),
        status="delayed",
        budget_account="3.22.02",
    )
    activity(
        plan,
        title="=Formel i titlen",
        commitments=[commitments[2]],
        responsible=company,
        status="done",
        spent=Decimal(1000),
    )
    activity(draft, title="Kladdeaktivitet", commitments=commitments[:1], responsible=college)
    return PlanSite(policy, plan, earlier, draft, commitments, [municipality, college, company])


def review_of(
    policy: Policy, *, verdicts: str = "keep", completed_on: datetime.date | None = None
) -> MidtermReview:
    """A review with the same verdict on every commitment; completed if a date is given."""
    review = services.review_create(actor=None, policy=policy, title="Serviceeftersyn 2028")
    for commitment in commitments_of(policy):
        services.review_set_verdict(
            actor=None,
            review=review,
            commitment=commitment,
            verdict=verdicts,
            reason=f"Begrundelse for {commitment.title}.",
        )
    if completed_on:
        services.review_complete(actor=None, review=review, completed_on=completed_on)
    return review
