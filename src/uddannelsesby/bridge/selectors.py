"""Reading the bridge: search, who may see whom, recommendations and the follow-up numbers."""

import datetime
from enum import StrEnum
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from uddannelsesby.accounts.models import User
from uddannelsesby.core.fields import parse_int
from uddannelsesby.core.search import words_match
from uddannelsesby.core.text import CONTROL_CHARACTERS

from .fit import Fit, Offer, Seeker, rank_offers, rank_seekers
from .models import (
    Application,
    Employer,
    EmployerRanking,
    Opportunity,
    Placement,
    StudentChoice,
    StudentProfile,
)

SEARCH_KEYS = ("q", "kind", "programme", "paid", "credit")
SEARCH_FIELDS = ("title", "description", "employer__organisation__name", "place")


def clean_query(data) -> dict[str, Any]:
    """The search parameters we know, without empty values (kept in saved searches) and
    without control characters (PostgreSQL holds no NUL in text, nor in JSON)."""
    values = {key: CONTROL_CHARACTERS.sub(" ", data.get(key) or "") for key in SEARCH_KEYS}
    return {key: " ".join(value.split()) for key, value in values.items() if value.strip()}


def opportunity_search(query: dict[str, Any], *, today: datetime.date | None = None) -> QuerySet:
    opportunities = Opportunity.objects.open(today).select_related("employer__organisation")
    if query.get("q"):
        # Not icontains alone: SQLite folds only ASCII, so "ældre" would miss "Ældre".
        opportunities = opportunities.filter(words_match(SEARCH_FIELDS, query["q"]))
    if query.get("kind") in Opportunity.Kind.values:
        opportunities = opportunities.filter(kind=query["kind"])
    if (programme := parse_int(query.get("programme"))) is not None:
        opportunities = opportunities.filter(programmes=programme)
    if query.get("paid") == "on":
        opportunities = opportunities.filter(paid=True)
    if query.get("credit") == "on":
        opportunities = opportunities.filter(credit_giving=True)
    return opportunities.order_by("deadline", "pk").distinct()


def employer_of(user: User) -> Employer | None:
    """The employer the user acts for: the first of their organisations in the bridge."""
    if not user.is_authenticated:
        return None
    return (
        Employer.objects.filter(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def student_of(user: User) -> StudentProfile | None:
    if not user.is_authenticated:
        return None
    return StudentProfile.objects.filter(user=user).select_related("programme").first()


class Visibility(StrEnum):
    FULL = "full"  # name, e-mail and CV
    ANONYMOUS = "anonymous"  # programme, semester, skills, interests
    NONE = "none"


def student_visibility(user: User, student: StudentProfile) -> Visibility:
    """What the user may see of a student. Organisations see a name only when the student has
    applied to them (an application neither withdrawn nor expired), ranked one of their
    positions, or released the profile to them; an organisation that is not verified sees no
    student at all."""
    if not user.is_authenticated:
        return Visibility.NONE
    if student.user_id == user.pk:
        return Visibility.FULL
    employers = Employer.objects.filter(
        organisation__memberships__user=user, status=Employer.Status.VERIFIED
    )
    if not employers.exists():
        return Visibility.NONE
    if (
        student.released_to.filter(pk__in=employers).exists()
        or Application.objects.filter(
            student=student, opportunity__employer__in=employers, expired_at__isnull=True
        )
        .exclude(status=Application.Status.WITHDRAWN)
        .exists()
        or StudentChoice.objects.filter(
            student=student, position__opportunity__employer__in=employers
        ).exists()
    ):
        return Visibility.FULL
    if student.open_to_contact:
        return Visibility.ANONYMOUS
    return Visibility.NONE


# Recommendations ---------------------------------------------------------------------------


def seeker_of(student: StudentProfile) -> Seeker:
    return Seeker(
        key=student.pk,
        programme=student.programme_id,
        level=student.programme.level,
        skills=frozenset(s.name.casefold() for s in student.skills.all()),
        text=student.interests,
    )


def offer_of(opportunity: Opportunity) -> Offer:
    return Offer(
        key=opportunity.pk,
        programmes=frozenset(p.pk for p in opportunity.programmes.all()),
        levels=frozenset(opportunity.levels),
        skills=frozenset(s.name.casefold() for s in opportunity.skills.all()),
        text=f"{opportunity.title}\n{opportunity.description}",
    )


def with_fit_data(opportunities: QuerySet) -> QuerySet:
    return opportunities.select_related("employer__organisation").prefetch_related(
        "skills", "programmes"
    )


def students_with_fit_data(students: QuerySet) -> QuerySet:
    return students.select_related("programme", "user").prefetch_related("skills")


def recommendations_for_student(
    student: StudentProfile, *, limit: int = 20
) -> list[tuple[Opportunity, Fit]]:
    opportunities = {o.pk: o for o in with_fit_data(Opportunity.objects.open())}
    ranked = rank_offers(seeker_of(student), [offer_of(o) for o in opportunities.values()])
    return [(opportunities[o.key], fit) for o, fit in ranked if not fit.is_weak][:limit]


def candidates_for(
    opportunity: Opportunity, *, limit: int = 20
) -> list[tuple[StudentProfile, Fit]]:
    """Students who let organisations find them, best fit first."""
    students = {
        s.pk: s for s in students_with_fit_data(StudentProfile.objects.filter(open_to_contact=True))
    }
    ranked = rank_seekers(offer_of(opportunity), [seeker_of(s) for s in students.values()])
    return [(students[seeker.key], fit) for seeker, fit in ranked[:limit]]


# Organisations and students ------------------------------------------------------------------


def employer_opportunities(employer: Employer) -> QuerySet:
    return (
        Opportunity.objects.filter(employer=employer)
        .annotate(
            applicants=Count("applications", distinct=True),
            open_applicants=Count(
                "applications",
                filter=~Q(applications__status__in=Application.FINAL),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def student_applications(student: StudentProfile) -> QuerySet:
    return student.applications.select_related(
        "opportunity__employer__organisation"
    ).prefetch_related(Prefetch("events"))


def review_queue() -> dict[str, QuerySet]:
    return {
        # An organisation whose contact has not confirmed the e-mail address waits.
        "employers": Employer.objects.filter(
            status=Employer.Status.PENDING,
            pk__in=Employer.objects.filter(organisation__memberships__user__is_active=True).values(
                "pk"
            ),
        ).select_related("organisation"),
        "opportunities": Opportunity.objects.filter(status=Opportunity.Status.SUBMITTED)
        .select_related("employer__organisation")
        .order_by("deadline", "pk"),
    }


def reported_filled() -> QuerySet:
    """Opportunities whose organisation reported places filled: what the editor checks."""
    return (
        Opportunity.objects.filter(filled_places__isnull=False)
        .select_related("employer__organisation")
        .order_by("-deadline", "pk")
    )


def placement_counts(*, by: str, year: int | None = None) -> list[dict[str, Any]]:
    """Placements per year and one of kind, sector, programme or source, as rows for a table."""
    field = {
        "kind": "kind", "sector": "sector", "programme": "programme__title_da", "source": "source",
    }[by]  # fmt: skip
    placements = Placement.objects.counted()
    if year:
        placements = placements.filter(year=year)
    return list(
        placements.values("year", field).annotate(count=Count("pk")).order_by("-year", field)
    )


def filled_opportunities() -> QuerySet:
    """Ids of opportunities with no places left: as many placements as places, or reported
    filled. They take part in no later allocation round."""
    taken = (
        Placement.objects.filter(opportunity=OuterRef("pk"))
        .order_by()
        .values("opportunity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Opportunity.objects.annotate(taken=Coalesce(Subquery(taken), 0))
        .filter(Q(taken__gte=F("places")) | Q(filled_places__gte=F("places")))
        .values("pk")
    )


def placement_years() -> list[int]:
    return list(
        Placement.objects.counted().values_list("year", flat=True).distinct().order_by("-year")
    )


def position_applicants(position) -> list[StudentProfile]:
    """The students who ranked a round's position, with the organisation's rank if given."""
    rankings = {r.student_id: r.rank for r in EmployerRanking.objects.filter(position=position)}
    students = StudentProfile.objects.filter(choices__position=position).select_related(
        "user", "programme"
    )
    students = list(students.order_by("pk"))
    for student in students:
        student.employer_rank = rankings.get(student.pk)
    return students
