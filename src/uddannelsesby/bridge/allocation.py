"""Allocation rounds and mentor assignment: the database side of the two engines.

A round's ties (an organisation may give several students the same rank) are broken by one
lottery for the whole round: every student gets a number from the round's seed, and among
students of equal rank the lower number comes first, at every position alike. The seed is
stored, so the result can be computed again and checked.
"""

import datetime
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from uddannelsesby.accounts.models import User
from uddannelsesby.core.services import history_record

from . import matching, mentoring
from .fit import fit_matrix
from .models import (
    AllocationRound,
    Application,
    ApplicationEvent,
    Employer,
    EmployerRanking,
    Opportunity,
    Placement,
    RoundPosition,
    RoundResult,
    StudentChoice,
    StudentProfile,
)
from .selectors import offer_of, seeker_of, students_with_fit_data, with_fit_data
from .services import employer_contacts, notify, placement_record, places_left

FIT_SCALE = 1000  # fits are scores in [0, 1]; the flow solver wants whole numbers


# Rounds -------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *, actor: User, name: str, ranking_closes_on, positions: Mapping[Opportunity, int]
) -> AllocationRound:
    # A filled internship leaves later rounds: each position has at most its places left.
    capacities = {o: min(capacity, places_left(o)) for o, capacity in positions.items()}
    capacities = {o: capacity for o, capacity in capacities.items() if capacity > 0}
    if not capacities:
        raise ValidationError(
            {"opportunities": _("Choose at least one internship with places left.")}
        )
    round_ = AllocationRound.objects.create(
        name=name, ranking_closes_on=ranking_closes_on, seed=secrets.randbits(63)
    )
    RoundPosition.objects.bulk_create(
        RoundPosition(round=round_, opportunity=opportunity, capacity=capacity)
        for opportunity, capacity in capacities.items()
    )
    history_record(target=round_, actor=actor, action="created")
    return round_


def ranking_is_open(round_: AllocationRound, today: datetime.date | None = None) -> bool:
    """Ranking is open until the end of its closing day, for everybody alike."""
    today = today or timezone.localdate()
    return round_.status == AllocationRound.Status.OPEN and today <= round_.ranking_closes_on


def _require_open(round_: AllocationRound, today: datetime.date | None) -> None:
    if not ranking_is_open(round_, today):
        raise ValidationError(_("The round is closed for ranking."))


def _strict(ranks: Mapping[int, int | None]) -> list[int]:
    """{item: rank} -> the items in rank order; empty ranks are left out, equal ranks refused."""
    given = {item: rank for item, rank in ranks.items() if rank}
    if len(set(given.values())) != len(given):
        raise ValidationError(_("Give each choice its own number: two have the same."))
    return sorted(given, key=given.get)


@transaction.atomic
def round_choices_set(
    *,
    round_: AllocationRound,
    student: StudentProfile,
    ranks: Mapping[int, int | None],
    today: datetime.date | None = None,
) -> int:
    """The student's list, best first: {position id: rank}; returns its length."""
    round_ = AllocationRound.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_, today)
    order = _strict(ranks)
    valid = set(round_.positions.values_list("pk", flat=True))
    if set(order) - valid:
        raise ValidationError(_("A choice is not an internship of this round."))
    StudentChoice.objects.filter(position__round=round_, student=student).delete()
    StudentChoice.objects.bulk_create(
        StudentChoice(position_id=position, student=student, rank=rank)
        for rank, position in enumerate(order, start=1)
    )
    history_record(target=round_, actor=student.user, action="ranked", changes={"list": order})
    return len(order)


@transaction.atomic
def round_rankings_set(
    *,
    actor: User,
    position: RoundPosition,
    ranks: Mapping[int, int | None],
    today: datetime.date | None = None,
) -> int:
    """The organisation's ranking of the students who chose the position; ties allowed.
    Only a verified organisation ranks."""
    _require_open(AllocationRound.objects.select_for_update().get(pk=position.round_id), today)
    if not position.opportunity.employer.is_verified:
        raise ValidationError(_("Only a verified organisation can rank students."))
    applicants = set(position.choices.values_list("student_id", flat=True))
    given = {student: rank for student, rank in ranks.items() if rank}
    if set(given) - applicants:
        raise ValidationError(_("Only students who chose this internship can be ranked."))
    EmployerRanking.objects.filter(position=position).delete()
    EmployerRanking.objects.bulk_create(
        EmployerRanking(position=position, student_id=student, rank=rank)
        for student, rank in given.items()
    )
    history_record(
        target=position.round, actor=actor, action="rankings", changes={"position": position.pk}
    )
    return len(given)


def round_lottery(round_: AllocationRound) -> dict[int, int]:
    """Each student in the round -> their lottery number (lower wins a tie), from the seed."""
    students = sorted(
        set(
            StudentChoice.objects.filter(position__round=round_).values_list(
                "student_id", flat=True
            )
        )
    )
    random.Random(round_.seed).shuffle(students)
    return {student: number for number, student in enumerate(students, start=1)}


def round_instance(
    round_: AllocationRound,
    lottery: Mapping[int, int],
    placed: frozenset[tuple[int, int]] = frozenset(),
) -> matching.Instance:
    """The round as the engine sees it: ids as strings, ties broken by the lottery. A student
    placed on a position's opportunity already ((student, position) in `placed`) does not
    take a second place there."""
    students: dict[str, list[str]] = {str(s): [] for s in lottery}
    for choice in StudentChoice.objects.filter(position__round=round_).order_by("student", "rank"):
        if (choice.student_id, choice.position_id) not in placed:
            students[str(choice.student_id)].append(str(choice.position_id))
    rankings: dict[int, list[tuple[int, int, int]]] = {}
    for ranking in EmployerRanking.objects.filter(position__round=round_):
        key = (ranking.rank, lottery.get(ranking.student_id, 0), ranking.student_id)
        rankings.setdefault(ranking.position_id, []).append(key)
    positions = {
        str(position.pk): (
            position.capacity,
            tuple(str(s) for _rank, _lot, s in sorted(rankings.get(position.pk, []))
                  if s in lottery),
        )
        for position in round_.positions.all()
    }  # fmt: skip
    return matching.Instance(
        students={s: tuple(ps) for s, ps in students.items()}, positions=positions
    )


def _places_taken(round_: AllocationRound) -> frozenset[tuple[int, int]]:
    """Bring each position's capacity down to the places its opportunity has left (filled by
    an accepted offer or reported filled since the round began: a filled internship leaves
    the round; none if its organisation is no longer verified), and return the
    (student, position) pairs of students placed there already."""
    placed = set()
    for position in round_.positions.select_related("opportunity__employer"):
        verified = position.opportunity.employer.is_verified
        left = places_left(position.opportunity) if verified else 0
        if position.capacity > left:
            position.capacity = left
            position.save(update_fields=["capacity"])
        placed.update(
            (student, position.pk)
            for student in Placement.objects.filter(
                opportunity=position.opportunity, student__isnull=False
            ).values_list("student_id", flat=True)
        )
    return frozenset(placed)


@transaction.atomic
def round_match(
    *, actor: User, round_: AllocationRound, today: datetime.date | None = None
) -> matching.Result:
    """Compute the student-optimal stable matching and store it (not yet shown to students).
    Only after ranking has closed: nobody's list can change under the result."""
    AllocationRound.objects.select_for_update().filter(pk=round_.pk).exists()  # one at a time
    round_.refresh_from_db()
    if round_.status == AllocationRound.Status.PUBLISHED:
        raise ValidationError(_("The round's result is published already."))
    if (today or timezone.localdate()) <= round_.ranking_closes_on:
        raise ValidationError(
            _("Ranking is open until %(date)s: the round can be matched after that.")
            % {"date": formats.date_format(round_.ranking_closes_on, "DATE_FORMAT")}
        )
    lottery = round_lottery(round_)
    result = matching.stable_match(round_instance(round_, lottery, _places_taken(round_)))
    RoundResult.objects.filter(round=round_).delete()
    RoundResult.objects.bulk_create(
        RoundResult(
            round=round_,
            student_id=int(student),
            position_id=int(position) if position else None,
            lottery=lottery[int(student)],
        )  # fmt: skip
        for student, position in result.assignment.items()
    )
    for position in round_.positions.all():
        cutoff = result.cutoffs.get(str(position.pk))
        position.cutoff_id = int(cutoff) if cutoff else None
        position.save(update_fields=["cutoff"])
    round_.status = AllocationRound.Status.MATCHED
    round_.matched_at = timezone.now()
    round_.save(update_fields=["status", "matched_at"])
    placed = sum(1 for p in result.assignment.values() if p)
    history_record(target=round_, actor=actor, action="matched", changes={"placed": placed})
    return result


@transaction.atomic
def round_publish(*, actor: User, round_: AllocationRound, tell_students: bool = True) -> int:
    """Show every student their result and every organisation the students it was allocated
    (and e-mail both; with tell_students=False nobody is e-mailed, as in the demo); each place
    becomes a placement, counted once. Returns the number of placements counted."""
    if round_.status != AllocationRound.Status.MATCHED:
        raise ValidationError(_("Match the round before publishing it."))
    round_.status = AllocationRound.Status.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["status", "published_at"])
    results = round_.results.select_related(
        "student__user", "student__programme", "position__opportunity__employer__organisation"
    ).order_by("position__opportunity__title", "student__user__last_name", "pk")
    placed = 0
    allocated: dict[Employer, list[RoundResult]] = {}
    for result in results:
        if result.position:
            # A place is counted once: a student placed on it already is not counted again.
            if placement_record(
                opportunity=result.position.opportunity,
                student=result.student,
                source=Placement.Source.ROUND,
            ):
                placed += 1
            allocated.setdefault(result.position.opportunity.employer, []).append(result)
        if tell_students:
            context = {"round": round_, "result": result}
            notify([result.student.user.email], "round_result", context)
    # Every organisation with a position hears which students it was allocated, if any.
    for position in round_.positions.select_related("opportunity__employer__organisation"):
        if position.opportunity.employer.is_verified:
            allocated.setdefault(position.opportunity.employer, [])
    for employer, given in allocated.items() if tell_students else ():
        notify(
            employer_contacts(employer),
            "round_allocated",
            {"round": round_, "employer": employer, "results": given},
        )
    history_record(target=round_, actor=actor, action="published", changes={"placed": placed})
    return placed


def round_allocated(round_: AllocationRound, employer: Employer) -> list[RoundResult]:
    """The students a published round gave the employer, position by position."""
    if round_.status != AllocationRound.Status.PUBLISHED:
        return []
    return list(
        round_.results.filter(position__opportunity__employer=employer)
        .select_related("student__user", "student__programme", "position__opportunity")
        .order_by("position__opportunity__title", "student__user__last_name", "pk")
    )


@dataclass(frozen=True)
class RoundExplanation:
    position: RoundPosition
    why: matching.Why
    cutoff_rank: int | None  # the organisation's rank of the last student admitted


def round_explain(round_: AllocationRound, student: StudentProfile) -> list[RoundExplanation]:
    """Why the student was not placed at each position they ranked higher than their place."""
    results = {str(r.student_id): r.position_id for r in round_.results.all()}
    if str(student.pk) not in results:
        return []
    lottery = {r.student_id: r.lottery for r in round_.results.all()}
    instance = round_instance(round_, lottery)
    result = matching.Result(
        assignment={s: str(p) if p else None for s, p in results.items()},
        cutoffs={
            str(p.pk): str(p.cutoff_id) if p.cutoff_id else None for p in round_.positions.all()
        },
    )
    positions = {str(p.pk): p for p in round_.positions.select_related("opportunity")}
    explanations = []
    for item in matching.explain(instance, result, str(student.pk)):
        position = positions[item.position]
        rank = None
        if item.cutoff:
            rank = (
                EmployerRanking.objects.filter(position=position, student_id=int(item.cutoff))
                .values_list("rank", flat=True)
                .first()
            )
        explanations.append(RoundExplanation(position=position, why=item.why, cutoff_rank=rank))
    return explanations


# Mentors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentoringOutcome:
    assigned: int
    unassigned: int
    total_fit: int


OPEN_STATUSES = (Application.Status.RECEIVED, Application.Status.IN_DIALOGUE)


@transaction.atomic
def mentoring_assign(*, actor: User) -> MentoringOutcome:
    """Give students who applied for a mentorship one mentor each, maximising fit.

    Mentors are the published mentorships with places left; a pair is acceptable when the
    student applied and the organisation has not declined. Students who have a mentor already
    take part no more. The chosen applications become accepted, with the reason as a note; the
    student's other mentorship applications are declined, saying why.
    """
    mentorships = with_fit_data(
        Opportunity.objects.filter(
            kind=Opportunity.Kind.MENTORSHIP,
            status=Opportunity.Status.PUBLISHED,
            employer__status=Employer.Status.VERIFIED,  # only a proven organisation mentors
        ).annotate(taken=Count("applications", filter=Q(applications__status="accepted")))
    )
    mentors = {m.pk: m for m in mentorships if m.places > m.taken}
    mentored = set(
        Application.objects.filter(
            opportunity__kind=Opportunity.Kind.MENTORSHIP, status=Application.Status.ACCEPTED
        ).values_list("student_id", flat=True)
    )
    applications = list(
        Application.objects.filter(opportunity__in=list(mentors), status__in=OPEN_STATUSES)
        .exclude(student__in=mentored)
        .select_related("student__user", "opportunity__employer")
    )
    students = {
        s.pk: s
        for s in students_with_fit_data(
            StudentProfile.objects.filter(pk__in={a.student_id for a in applications})
        )
    }
    seekers = [seeker_of(s) for s in students.values()]
    offers = [offer_of(m) for m in mentors.values()]
    fits = fit_matrix(seekers, offers)
    fit_of = {
        (seeker.key, offer.key): fits[i][j]
        for i, seeker in enumerate(seekers)
        for j, offer in enumerate(offers)
    }
    pairs = [
        mentoring.Pair(
            mentee=a.student_id,
            mentor=a.opportunity_id,
            fit=round(fit_of[a.student_id, a.opportunity_id].score * FIT_SCALE),
        )  # fmt: skip
        for a in applications
    ]
    assignment = mentoring.assign_mentors(
        {pk: m.places - m.taken for pk, m in mentors.items()},
        dict.fromkeys(students, 1),
        pairs,
    )
    chosen = {(p.mentee, p.mentor) for p in assignment.pairs}
    with translation.override(settings.LANGUAGE_CODE):  # the notes are kept: site's language
        reasons = {key: fit_of[key].reason() for key in chosen}
        other_mentor = _("You were given another mentor in the same assignment.")
    for application in applications:
        key = (application.student_id, application.opportunity_id)
        if key in chosen:
            note, status = reasons[key], Application.Status.ACCEPTED
        elif application.student_id in assignment.unassigned:
            continue  # stays open for the next assignment
        else:
            note, status = other_mentor, Application.Status.DECLINED
        application.status = status
        application.updated_at = timezone.now()
        application.save(update_fields=["status", "updated_at"])
        ApplicationEvent.objects.create(
            application=application, status=status, note=note, actor=actor
        )
        if status == Application.Status.ACCEPTED:
            placement_record(
                opportunity=application.opportunity,
                student=application.student,
                source=Placement.Source.MENTORING,
            )
            notify(
                [application.student.user.email],
                "mentor_assigned",
                {"application": application, "reason": note},
            )
    # Their applications to mentors who were full before the assignment are still open.
    for application in Application.objects.filter(
        student__in={p.mentee for p in assignment.pairs},
        opportunity__kind=Opportunity.Kind.MENTORSHIP,
        status__in=OPEN_STATUSES,
    ):
        application.status = Application.Status.DECLINED
        application.updated_at = timezone.now()
        application.save(update_fields=["status", "updated_at"])
        ApplicationEvent.objects.create(
            application=application, status=application.status, actor=actor,
            note=other_mentor,
        )  # fmt: skip
    for student in assignment.unassigned:
        why = mentoring.why_unassigned(assignment, student, pairs)
        notify(
            [students[student].user.email], "mentor_not_assigned",
            {"full": why == mentoring.Why.FULL},
        )  # fmt: skip
    history_record(
        target=actor, actor=actor, action="mentors_assigned",
        changes={"pairs": len(assignment.pairs), "total_fit": assignment.total_fit},
    )  # fmt: skip
    return MentoringOutcome(
        assigned=len(assignment.pairs),
        unassigned=len(assignment.unassigned),
        total_fit=assignment.total_fit,
    )
