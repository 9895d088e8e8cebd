"""Allocation rounds and mentor assignment in the database: ranking, lottery, match, publish."""

import datetime
import random

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from uddannelsesby.bridge import allocation, matching, services
from uddannelsesby.bridge.models import (
    AllocationRound,
    Application,
    EmployerRanking,
    Opportunity,
    Placement,
    RoundResult,
    StudentChoice,
)
from uddannelsesby.core.models import HistoryEntry

from .helpers import make_employer, make_opportunity, make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
Status = Application.Status


def danish(text: str) -> str:
    """A sentence as the e-mails have it: they are written in the site's language."""
    with translation.override("da"):
        return translation.gettext(text)


def internship(title: str, places: int = 1) -> Opportunity:
    return make_opportunity(kind=Opportunity.Kind.INTERNSHIP, title=title, places=places)


def new_round(*opportunities: Opportunity, **capacities) -> AllocationRound:
    return allocation.round_create(
        actor=None, name="Praktik, forår", ranking_closes_on=timezone.localdate(),
        positions={o: capacities.get(o.title, o.places) for o in opportunities},
    )  # fmt: skip


def match(round_) -> matching.Result:
    """Match the round the day after its ranking closed (it cannot be matched before)."""
    return allocation.round_match(
        actor=None, round_=round_, today=round_.ranking_closes_on + datetime.timedelta(days=1)
    )


def choose(round_, student, *opportunities) -> None:
    positions = {p.opportunity_id: p.pk for p in round_.positions.all()}
    allocation.round_choices_set(
        round_=round_, student=student,
        ranks={positions[o.pk]: rank for rank, o in enumerate(opportunities, start=1)},
    )  # fmt: skip


def rank(round_, opportunity, *students, ranks=None) -> None:
    position = round_.positions.get(opportunity=opportunity)
    ranks = ranks or range(1, len(students) + 1)
    allocation.round_rankings_set(
        actor=None, position=position, ranks={s.pk: r for s, r in zip(students, ranks, strict=True)}
    )


@pytest.fixture
def textbook():
    """Two internships of one place. Students propose, organisations rank:

    a: P, Q    P ranks b, a, c    ->  a gets Q (P keeps b), b gets P,
    b: P       Q ranks a, c           c gets nothing: Q prefers a, P prefers b.
    c: Q, P
    """
    p, q = internship("Praktik P"), internship("Praktik Q")
    a, b, c = make_student(), make_student(), make_student()
    round_ = new_round(p, q)
    choose(round_, a, p, q)
    choose(round_, b, p)
    choose(round_, c, q, p)
    rank(round_, p, b, a, c)
    rank(round_, q, a, c)
    return round_, (p, q), (a, b, c)


# Creating and ranking ------------------------------------------------------------------------


def test_a_round_has_a_position_per_internship_and_a_stored_seed():
    p, q = internship("P", places=2), internship("Q")
    round_ = new_round(p, q, P=1, Q=3)
    assert round_.status == AllocationRound.Status.OPEN
    assert 0 <= round_.seed < 2**63
    # A capacity below the places is kept; never more than the places (Q has one).
    assert {(pos.opportunity, pos.capacity) for pos in round_.positions.all()} == {(p, 1), (q, 1)}
    assert HistoryEntry.objects.filter(object_id=round_.pk, action="created").exists()
    with pytest.raises(ValidationError) as caught:
        allocation.round_create(
            actor=None, name="Tom", ranking_closes_on="2030-01-01", positions={}
        )
    assert list(caught.value.message_dict) == ["opportunities"]


def test_a_students_list_is_stored_in_rank_order():
    p, q, r = internship("P"), internship("Q"), internship("R")
    round_ = new_round(p, q, r)
    pos = {o: round_.positions.get(opportunity=o).pk for o in (p, q, r)}
    student = make_student()
    count = allocation.round_choices_set(
        round_=round_, student=student, ranks={pos[p]: 7, pos[q]: 2, pos[r]: None}
    )
    assert count == 2
    assert [(c.position.opportunity, c.rank) for c in student.choices.all()] == [(q, 1), (p, 2)]
    # A new list replaces the old one.
    allocation.round_choices_set(round_=round_, student=student, ranks={pos[r]: 1})
    assert [(c.position.opportunity, c.rank) for c in student.choices.all()] == [(r, 1)]


def test_two_choices_with_the_same_number_are_refused_and_the_old_list_kept():
    p, q = internship("P"), internship("Q")
    round_ = new_round(p, q)
    student = make_student()
    choose(round_, student, p)
    pos = {o: round_.positions.get(opportunity=o).pk for o in (p, q)}
    with pytest.raises(ValidationError) as caught:
        allocation.round_choices_set(round_=round_, student=student, ranks={pos[p]: 1, pos[q]: 1})
    with translation.override("en"):
        assert caught.value.messages == ["Give each choice its own number: two have the same."]
    assert [c.position.opportunity for c in student.choices.all()] == [p]


def test_a_position_of_another_round_cannot_be_chosen():
    p, q = internship("P"), internship("Q")
    round_, other = new_round(p), new_round(q)
    foreign = other.positions.get().pk
    with pytest.raises(ValidationError):
        allocation.round_choices_set(round_=round_, student=make_student(), ranks={foreign: 1})
    assert not StudentChoice.objects.exists()


def test_a_closed_round_takes_no_lists_or_rankings():
    p = internship("P")
    round_ = new_round(p)
    student = make_student()
    choose(round_, student, p)
    AllocationRound.objects.filter(pk=round_.pk).update(status=AllocationRound.Status.MATCHED)
    round_.refresh_from_db()
    position = round_.positions.get()
    with pytest.raises(ValidationError):
        allocation.round_choices_set(round_=round_, student=student, ranks={position.pk: 1})
    with pytest.raises(ValidationError):
        allocation.round_rankings_set(actor=None, position=position, ranks={student.pk: 1})
    assert not EmployerRanking.objects.exists()


def test_an_organisation_ranks_only_its_applicants_and_may_tie():
    p, q = internship("P"), internship("Q")
    round_ = new_round(p, q)
    a, b, c, outsider = (make_student() for _ in range(4))
    for student in (a, b, c):
        choose(round_, student, p)
    choose(round_, outsider, q)
    position = round_.positions.get(opportunity=p)
    with pytest.raises(ValidationError):
        allocation.round_rankings_set(
            actor=None, position=position, ranks={a.pk: 1, outsider.pk: 2}
        )
    assert not EmployerRanking.objects.exists()
    count = allocation.round_rankings_set(
        actor=None, position=position, ranks={a.pk: 1, b.pk: 1, c.pk: None}
    )
    assert count == 2
    assert sorted(position.rankings.values_list("student_id", "rank")) == [(a.pk, 1), (b.pk, 1)]
    allocation.round_rankings_set(actor=None, position=position, ranks={c.pk: 3})
    assert list(position.rankings.values_list("student_id", "rank")) == [(c.pk, 3)]


# Lottery and instance -----------------------------------------------------------------------


def test_the_lottery_numbers_every_student_in_the_round_the_same_way_each_time():
    p = internship("P")
    round_ = new_round(p)
    students = [make_student() for _ in range(8)]
    for student in students:
        choose(round_, student, p)
    make_student()  # not in the round
    lottery = allocation.round_lottery(round_)
    assert set(lottery) == {s.pk for s in students}
    assert sorted(lottery.values()) == list(range(1, 9))
    assert allocation.round_lottery(round_) == lottery
    again = AllocationRound.objects.get(pk=round_.pk)
    assert allocation.round_lottery(again) == lottery
    orders = set()
    for seed in (1, 2, 3):
        round_.seed = seed
        orders.add(tuple(sorted(lottery := allocation.round_lottery(round_), key=lottery.get)))
    assert len(orders) == 3  # another seed, another draw


def test_equal_ranks_are_settled_by_the_lottery_and_never_beat_a_better_rank():
    p = internship("P", places=2)
    round_ = new_round(p)
    a, b, c, d = (make_student() for _ in range(4))
    for student in (a, b, c, d):
        choose(round_, student, p)
    rank(round_, p, a, b, c, ranks=[1, 1, 2])  # d is not ranked
    position = str(round_.positions.get().pk)
    s = {x: str(x.pk) for x in (a, b, c, d)}
    first = allocation.round_instance(round_, {a.pk: 2, b.pk: 1, c.pk: 0, d.pk: 3})
    assert first.positions[position] == (2, (s[b], s[a], s[c]))
    second = allocation.round_instance(round_, {a.pk: 1, b.pk: 2, c.pk: 0, d.pk: 3})
    assert second.positions[position] == (2, (s[a], s[b], s[c]))
    assert first.students == {s[x]: (position,) for x in (a, b, c, d)}


def test_the_instance_keeps_each_students_order(textbook):
    round_, (p, q), (a, b, c) = textbook
    instance = allocation.round_instance(round_, allocation.round_lottery(round_))
    pos = {o: str(round_.positions.get(opportunity=o).pk) for o in (p, q)}
    assert instance.students == {
        str(a.pk): (pos[p], pos[q]), str(b.pk): (pos[p],), str(c.pk): (pos[q], pos[p]),
    }  # fmt: skip
    assert instance.positions[pos[p]] == (1, (str(b.pk), str(a.pk), str(c.pk)))
    assert instance.positions[pos[q]] == (1, (str(a.pk), str(c.pk)))


# Matching and publishing --------------------------------------------------------------------


def test_matching_stores_the_stable_matching_and_the_cutoffs(textbook):
    round_, (p, q), (a, b, c) = textbook
    result = match(round_)
    round_.refresh_from_db()
    assert round_.status == AllocationRound.Status.MATCHED
    assert round_.matched_at is not None
    placed = {
        r.student: r.position.opportunity if r.position else None for r in round_.results.all()
    }
    assert placed == {a: q, b: p, c: None}
    lottery = allocation.round_lottery(round_)
    assert {r.student_id: r.lottery for r in round_.results.all()} == lottery
    assert {pos.opportunity: pos.cutoff for pos in round_.positions.all()} == {p: b, q: a}
    assert result == matching.stable_match(allocation.round_instance(round_, lottery))
    assert matching.blocking_pairs(allocation.round_instance(round_, lottery), result) == []
    # Matching again (before publishing) gives the same result, stored once.
    match(round_)
    assert round_.results.count() == 3
    assert not Placement.objects.exists()  # nothing is counted before it is published


def test_a_larger_round_with_ties_equals_the_engine_on_the_same_instance():
    rng = random.Random(5)
    opportunities = [internship(f"Praktik {n}", places=rng.randint(1, 3)) for n in range(5)]
    round_ = new_round(*opportunities)
    students = [make_student() for _ in range(20)]
    for student in students:
        choose(round_, student, *rng.sample(opportunities, rng.randint(1, 4)))
    for position in round_.positions.all():
        applicants = list(position.choices.values_list("student_id", flat=True))
        allocation.round_rankings_set(
            actor=None, position=position,
            ranks={s: rng.randint(1, 3) for s in applicants if rng.random() < 0.8},
        )  # fmt: skip
    result = match(round_)
    instance = allocation.round_instance(round_, allocation.round_lottery(round_))
    assert result == matching.stable_match(instance)
    assert matching.blocking_pairs(instance, result) == []
    stored = {str(r.student_id): str(r.position_id) if r.position_id else None
              for r in RoundResult.objects.filter(round=round_)}  # fmt: skip
    assert stored == result.assignment
    for position in round_.positions.all():
        admitted = sum(1 for p in stored.values() if p == str(position.pk))
        assert admitted <= position.capacity


def test_publishing_counts_the_placements_and_tells_every_student(textbook, emails):
    round_, (p, q), (a, b, c) = textbook
    with pytest.raises(ValidationError):  # not matched yet
        allocation.round_publish(actor=None, round_=round_)
    match(round_)
    with emails():
        assert allocation.round_publish(actor=None, round_=round_) == 2
    round_.refresh_from_db()
    assert round_.status == AllocationRound.Status.PUBLISHED
    assert round_.published_at is not None
    assert sorted(
        Placement.objects.values_list("student_id", "opportunity_id", "source")
    ) == sorted([(a.pk, q.pk, "round"), (b.pk, p.pk, "round")])
    students = {s.user.email for s in (a, b, c)}
    letters = {m.to[0]: m for m in mail.outbox if m.to[0] in students}
    assert sorted(letters) == sorted(students)
    assert "Praktik Q" in letters[a.user.email].body
    assert "Praktik P" in letters[b.user.email].body
    assert danish("You did not get a place in this round.") in letters[c.user.email].body
    assert all(round_.get_absolute_url() in m.body for m in letters.values())
    with pytest.raises(ValidationError):
        allocation.round_publish(actor=None, round_=round_)
    with pytest.raises(ValidationError):
        match(round_)
    assert Placement.objects.count() == 2


def test_publishing_quietly(textbook, emails):
    round_, _opportunities, _students = textbook
    match(round_)
    with emails():
        allocation.round_publish(actor=None, round_=round_, tell_students=False)
    assert mail.outbox == []


def test_the_explanation_names_the_places_a_student_did_not_get_and_why(textbook):
    round_, (p, q), (a, b, c) = textbook
    d = make_student()
    choose(round_, d, p)  # P does not rank d
    match(round_)
    explain = {
        s: [(e.position.opportunity, e.why, e.cutoff_rank)
            for e in allocation.round_explain(round_, s)]
        for s in (a, b, c, d)
    }  # fmt: skip
    full, not_ranked = matching.Why.FULL, matching.Why.NOT_RANKED
    assert explain == {
        a: [(p, full, 1)],  # P went to b, whom P ranked 1
        b: [],  # got the first choice
        c: [(q, full, 1), (p, full, 1)],
        d: [(p, not_ranked, None)],
    }
    assert allocation.round_explain(round_, make_student()) == []


# Mentors ------------------------------------------------------------------------------------


def mentorship(title: str, places: int, skills: str = "") -> Opportunity:
    return make_opportunity(
        make_employer(), kind=Opportunity.Kind.MENTORSHIP, title=title, places=places,
        skills=skills,
    )  # fmt: skip


def apply(student, *opportunities) -> list[Application]:
    return [
        services.application_create(student=student, opportunity=o, message="Hej")
        for o in opportunities
    ]


@pytest.fixture
def mentors():
    """M1 has one place, M2 two, M3 one that is taken. s2 has the skill M1 asks for."""
    m1 = mentorship("Mentor 1", 1, skills="Omsorg")
    m2 = mentorship("Mentor 2", 2)
    m3 = mentorship("Mentor 3", 1)
    (taken,) = apply(make_student(), m3)
    services.application_move(
        actor=None, application=taken, status=Status.OFFERED, by_student=False
    )
    services.application_move(
        actor=None, application=taken, status=Status.ACCEPTED, by_student=True
    )
    s1, s2, s3, s4 = make_student(), make_student(skills="omsorg"), make_student(), make_student()
    applications = {
        "s1": dict(zip(("m1", "m2", "m3"), apply(s1, m1, m2, m3), strict=True)),
        "s2": dict(zip(("m1",), apply(s2, m1), strict=True)),
        "s3": dict(zip(("m1",), apply(s3, m1), strict=True)),
        "s4": dict(zip(("m2",), apply(s4, m2), strict=True)),
    }
    services.application_move(
        actor=None, application=applications["s4"]["m2"], status=Status.DECLINED, by_student=False
    )
    return {"m1": m1, "m2": m2, "m3": m3, "s1": s1, "s2": s2, "s3": s3, "s4": s4} | {
        "applications": applications
    }


def status(application: Application) -> str:
    application.refresh_from_db()
    return application.status


def test_each_student_gets_one_mentor_within_the_mentors_places(editor, mentors, emails):
    with emails(), translation.override("en"):
        outcome = allocation.mentoring_assign(actor=editor)
    assert (outcome.assigned, outcome.unassigned) == (2, 1)
    assert outcome.total_fit > 0
    apps = mentors["applications"]
    assert status(apps["s1"]["m2"]) == Status.ACCEPTED  # M1's one place went to s2
    assert status(apps["s2"]["m1"]) == Status.ACCEPTED  # the better fit for M1
    assert status(apps["s3"]["m1"]) == Status.RECEIVED  # stays open for the next time
    assert status(apps["s4"]["m2"]) == Status.DECLINED  # the organisation said no before
    with translation.override("da"):  # the fit's reason, kept in the site's language
        reason = translation.ngettext(
            "Shares %(count)d of your skills.", "Shares %(count)d of your skills.", 1
        ) % {"count": 1}
    assert apps["s2"]["m1"].events.last().note == reason
    placements = Placement.objects.filter(source=Placement.Source.MENTORING)
    assert sorted(placements.values_list("student_id", "opportunity_id")) == sorted(
        [(mentors["s1"].pk, mentors["m2"].pk), (mentors["s2"].pk, mentors["m1"].pk)]
    )


def test_an_assigned_students_other_mentor_applications_are_declined_with_a_note(editor, mentors):
    allocation.mentoring_assign(actor=editor)
    apps = mentors["applications"]["s1"]
    note = danish("You were given another mentor in the same assignment.")
    with translation.override("da"):
        for key in ("m1", "m3"):  # M3 was full before the assignment began
            assert status(apps[key]) == Status.DECLINED, key
            assert apps[key].events.last().note == note, key


def test_students_are_told_whether_they_got_a_mentor(editor, mentors, emails):
    with emails():
        allocation.mentoring_assign(actor=editor)
    letters = {m.to[0]: m for m in mail.outbox}
    s1, s2, s3 = (mentors[k].user.email for k in ("s1", "s2", "s3"))
    assert set(letters) == {s1, s2, s3}
    assert "Mentor 2" in letters[s1].body
    assert "Mentor 1" in letters[s2].body
    assert letters[s3].subject == danish("No mentor this time")
    taken = "The mentors you applied to were taken by other students this time. Your applications "
    assert (
        danish(
            taken
            + "stay open for the next assignment; apply to more mentors to raise your chances."
        )
        in letters[s3].body
    )


def test_assigning_again_changes_nothing_more(editor, mentors, emails):
    allocation.mentoring_assign(actor=editor)
    before = sorted(Application.objects.values_list("pk", "status"))
    placements = Placement.objects.count()
    events = sum(a.events.count() for a in Application.objects.all())
    with emails():
        outcome = allocation.mentoring_assign(actor=editor)
    assert (outcome.assigned, outcome.total_fit) == (0, 0)
    assert sorted(Application.objects.values_list("pk", "status")) == before
    assert Placement.objects.count() == placements
    assert sum(a.events.count() for a in Application.objects.all()) == events
    assert mail.outbox == []  # the one left waiting applied to a full mentor only
