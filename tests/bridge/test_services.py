"""The bridge's services: registration, review, opportunities, applications, notices."""

import datetime
import itertools
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from uddannelsesby.accounts.models import Organisation, Role, User
from uddannelsesby.bridge import services
from uddannelsesby.bridge.models import (
    Application,
    Employer,
    Opportunity,
    Placement,
    SavedSearch,
    Skill,
)
from uddannelsesby.bridge.selectors import Visibility, student_visibility
from uddannelsesby.core.models import HistoryEntry

from ..factories import UserFactory
from .helpers import (
    make_employer,
    make_opportunity,
    make_student,
    organisation_member,
    pdf_bytes,
    pdf_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
Status = Application.Status
TODAY = timezone.localdate


def english(error: ValidationError) -> dict[str, list[str]]:
    with translation.override("en"):
        return {field: [str(m) for m in errors] for field, errors in error.message_dict.items()}


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


# Registration and review ------------------------------------------------------------------


def test_an_anonymous_organisation_gets_a_partner_account_and_waits_for_verification():
    employer = services.employer_register(
        actor=AnonymousUser(), name="Lind Byggeri A/S", cvr="12345674", sector="public",
        city="Lind", website="https://lind.example.dk", email="kontakt@lind.example.dk",
        first_name="Karen", last_name="Lind", password="byggeri-i-lind-2026",
    )  # fmt: skip
    assert employer.status == Employer.Status.PENDING
    assert not employer.is_verified
    organisation = employer.organisation
    assert organisation.name == "Lind Byggeri A/S"
    assert organisation.slug == "lind-byggeri-as"
    assert organisation.kind == Organisation.Kind.MUNICIPAL_UNIT  # a public employer
    assert organisation.website == "https://lind.example.dk"
    contact = organisation.memberships.get()
    assert contact.is_contact
    user = contact.user
    assert (user.username, user.email, user.role) == (
        "kontakt@lind.example.dk", "kontakt@lind.example.dk", Role.PARTNER,
    )  # fmt: skip
    assert user.check_password("byggeri-i-lind-2026")
    assert HistoryEntry.objects.filter(object_id=employer.pk, action="registered").exists()


def test_a_logged_in_user_becomes_the_contact_and_a_partner():
    user = UserFactory(role=Role.REGISTERED)
    editor = UserFactory(role=Role.EDITOR)
    employer = services.employer_register(
        actor=user, name="Sunds Software ApS", cvr="31415926", sector="private", city="Sunds"
    )
    assert employer.organisation.kind == Organisation.Kind.COMPANY
    assert list(employer.organisation.members.all()) == [user]
    user.refresh_from_db()
    assert user.role == Role.PARTNER
    services.employer_register(
        actor=editor, name="Herning Forsyning", cvr="90000012", sector="public", city="Herning"
    )
    editor.refresh_from_db()
    assert editor.role == Role.EDITOR  # only a registered user is made a partner
    assert User.objects.count() == 2


def test_a_verified_cvr_or_a_registered_name_is_refused_beside_its_field():
    make_employer(name="Brunhøj Møbler A/S", cvr="12345674")
    users = User.objects.count()
    account = {
        "actor": None, "sector": "private", "city": "Ikast", "email": "ny@example.dk",
        "first_name": "Ny", "last_name": "Person", "password": "et-godt-kodeord-1",
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.employer_register(name="Anden virksomhed", cvr="12345674", **account)
    assert english(caught.value) == {
        "cvr": ["A verified organisation has this CVR number. Ask its contact person to add you "
                "to it."]
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.employer_register(name="BRUNHØJ MØBLER A/S", cvr="31415926", **account)
    assert list(english(caught.value)) == ["name"]
    assert User.objects.count() == users  # no account was made for the refused organisation
    assert Employer.objects.count() == 1


def test_an_existing_email_address_registers_nothing_and_tells_only_its_owner(emails):
    owner = UserFactory(username="taget@example.dk", email="taget@example.dk")
    with emails():
        result = services.employer_register(
            actor=None, name="Ny ApS", cvr="31415926", sector="private", city="Herning",
            email="TAGET@example.dk", first_name="A", last_name="B", password="kodeord-123-x",
        )  # fmt: skip
    assert result is None
    assert not Organisation.objects.filter(name="Ny ApS").exists()
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_refusing_an_organisation_needs_a_reason_and_tells_its_contact(emails):
    editor = UserFactory(role=Role.EDITOR)
    employer = make_employer(verified=False)
    contact = organisation_member(employer)
    with pytest.raises(ValidationError) as caught:
        services.employer_review(actor=editor, employer=employer, verified=False, reason="  ")
    assert list(english(caught.value)) == ["reason"]
    employer.refresh_from_db()
    assert employer.status == Employer.Status.PENDING
    with emails():
        services.employer_review(
            actor=editor, employer=employer, verified=False, reason=" CVR-nummeret er ophørt. "
        )
    employer.refresh_from_db()
    assert employer.status == Employer.Status.REFUSED
    assert employer.refusal_reason == "CVR-nummeret er ophørt."
    assert (employer.reviewed_by, employer.reviewed_at is not None) == (editor, True)
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert employer.organisation.name in message.subject
    assert "CVR-nummeret er ophørt." in message.body

    mail.outbox.clear()
    with emails():
        services.employer_review(actor=editor, employer=employer, verified=True)
    employer.refresh_from_db()
    assert employer.is_verified
    assert employer.refusal_reason == ""
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert "/bro/organisation/" in message.body


def test_e_mails_go_to_the_contacts_or_else_to_every_member():
    employer = make_employer()
    first = organisation_member(employer)
    second = UserFactory()
    employer.organisation.memberships.create(user=second, is_contact=False)
    assert services.employer_contacts(employer) == [first.email]
    employer.organisation.memberships.update(is_contact=False)
    assert sorted(services.employer_contacts(employer)) == sorted([first.email, second.email])


# Opportunities ------------------------------------------------------------------------------


def test_an_opportunity_is_created_as_a_draft_with_programmes_and_skills():
    from ..catalogue.helpers import make_programme

    programme = make_programme()
    opportunity = make_opportunity(
        published=False, programmes=[programme], skills="Python, excel", levels=["bachelor"]
    )
    assert opportunity.status == Opportunity.Status.DRAFT
    assert list(opportunity.programmes.all()) == [programme]
    assert sorted(s.name for s in opportunity.skills.all()) == ["Python", "excel"]
    with pytest.raises(TypeError, match="Unknown fields"):
        services.opportunity_create(
            actor=None, employer=opportunity.employer, status="published", title="Snyd"
        )


def test_an_opportunity_is_checked_when_saved():
    with pytest.raises(ValidationError) as caught:
        make_opportunity(published=False, places=0, hours_per_week=70)
    assert set(english(caught.value)) == {"places", "hours_per_week"}


def test_changing_a_published_opportunity_sends_it_back_to_review():
    published = make_opportunity(skills="Python")
    member = organisation_member(published.employer)
    services.opportunity_update(actor=member, opportunity=published, title="Nyt navn", skills="SQL")
    published.refresh_from_db()
    assert published.title == "Nyt navn"
    assert published.status == Opportunity.Status.SUBMITTED
    assert [s.name for s in published.skills.all()] == ["SQL"]
    draft = make_opportunity(published.employer, published=False)
    services.opportunity_update(actor=member, opportunity=draft, title="Stadig kladde")
    draft.refresh_from_db()
    assert draft.status == Opportunity.Status.DRAFT


def test_submitting_for_review():
    draft = make_opportunity(published=False)
    member = organisation_member(draft.employer)
    services.opportunity_submit(actor=member, opportunity=draft)
    assert Opportunity.objects.get(pk=draft.pk).status == Opportunity.Status.SUBMITTED
    with pytest.raises(ValidationError):  # waiting already
        services.opportunity_submit(actor=member, opportunity=draft)
    returned = make_opportunity(draft.employer, published=False)
    returned.status = Opportunity.Status.REJECTED
    services.opportunity_submit(actor=member, opportunity=returned)
    assert returned.status == Opportunity.Status.SUBMITTED


def test_an_opportunity_past_its_deadline_cannot_be_submitted():
    late = make_opportunity(published=False, deadline=days(-1))
    with pytest.raises(ValidationError) as caught:
        services.opportunity_submit(actor=None, opportunity=late)
    with translation.override("en"):
        assert caught.value.messages == [
            "The deadline has passed: move it before sending for review."
        ]
    assert Opportunity.objects.get(pk=late.pk).status == Opportunity.Status.DRAFT
    today = make_opportunity(late.employer, published=False, deadline=days(0))
    services.opportunity_submit(actor=None, opportunity=today)  # the last day is still open


def submitted(employer=None, **fields) -> Opportunity:
    opportunity = make_opportunity(employer, published=False, **fields)
    return services.opportunity_submit(actor=None, opportunity=opportunity)


def test_the_review_publishes_or_sends_back_and_tells_the_organisation(emails):
    editor = UserFactory(role=Role.EDITOR)
    opportunity = submitted(title="Praktik i regnskab")
    contact = organisation_member(opportunity.employer)
    with pytest.raises(ValidationError) as caught:
        services.opportunity_review(actor=editor, opportunity=opportunity, approved=False)
    assert list(english(caught.value)) == ["note"]
    with emails():
        services.opportunity_review(
            actor=editor, opportunity=opportunity, approved=False, note="Skriv timetallet."
        )
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.REJECTED
    assert opportunity.published_at is None
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert "Praktik i regnskab" in message.subject
    assert "Skriv timetallet." in message.body
    assert f"/bro/opslag/{opportunity.pk}/rediger/" in message.body

    services.opportunity_submit(actor=None, opportunity=opportunity)
    mail.outbox.clear()
    with emails():
        services.opportunity_review(actor=editor, opportunity=opportunity, approved=True)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    assert opportunity.review_note == ""
    assert opportunity.published_at is not None
    assert opportunity.is_open()
    (message,) = mail.outbox
    assert "Praktik i regnskab" in message.subject
    assert f"/bro/opslag/{opportunity.pk}/" in message.body
    with pytest.raises(ValidationError):  # published: not waiting for review
        services.opportunity_review(actor=editor, opportunity=opportunity, approved=True)


def test_republishing_keeps_the_first_publication_time():
    opportunity = make_opportunity()
    first = opportunity.published_at
    services.opportunity_update(actor=None, opportunity=opportunity, title="Rettet")
    services.opportunity_review(actor=None, opportunity=opportunity, approved=True)
    opportunity.refresh_from_db()
    assert opportunity.published_at == first


def test_an_unverified_organisation_cannot_have_opportunities_published(emails):
    employer = make_employer(verified=False)
    with pytest.raises(ValidationError):  # it cannot send for review
        submitted(employer)
    # Sent while it was verified, and the verification was withdrawn since.
    opportunity = make_opportunity(employer, published=False)
    Opportunity.objects.filter(pk=opportunity.pk).update(status=Opportunity.Status.SUBMITTED)
    opportunity.refresh_from_db()
    with emails(), pytest.raises(ValidationError):
        services.opportunity_review(actor=None, opportunity=opportunity, approved=True)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.SUBMITTED
    assert mail.outbox == []


def test_closing_takes_an_opportunity_off_the_list():
    opportunity = make_opportunity()
    services.opportunity_close(actor=None, opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED
    assert not Opportunity.objects.open().exists()


# Places filled ------------------------------------------------------------------------------


def accepted(opportunity: Opportunity) -> Application:
    """An application taken through offer and acceptance: one placement via the bridge."""
    application = services.application_create(
        student=make_student(), opportunity=opportunity, message="Hej"
    )
    services.application_move(
        actor=None, application=application, status=Status.OFFERED, by_student=False
    )
    return services.application_move(
        actor=None, application=application, status=Status.ACCEPTED, by_student=True
    )


def reported(opportunity: Opportunity) -> int:
    return Placement.objects.filter(
        opportunity=opportunity, source=Placement.Source.REPORTED
    ).count()


def test_reported_places_are_those_not_filled_through_the_bridge():
    opportunity = make_opportunity(places=3, starts_on=days(60))
    accepted(opportunity)
    assert services.opportunity_report_filled(actor=None, opportunity=opportunity, filled=3) == 2
    assert reported(opportunity) == 2
    assert Placement.objects.filter(opportunity=opportunity).count() == 3
    placement = Placement.objects.filter(source=Placement.Source.REPORTED).first()
    assert (placement.year, placement.kind, placement.sector, placement.student) == (
        days(60).year, opportunity.kind, opportunity.employer.sector, None,
    )  # fmt: skip
    # A second answer replaces the first; fewer than the bridge placed never goes below 0.
    assert services.opportunity_report_filled(actor=None, opportunity=opportunity, filled=0) == 0
    assert reported(opportunity) == 0
    assert Placement.objects.filter(opportunity=opportunity).count() == 1
    opportunity.refresh_from_db()
    assert opportunity.filled_places == 0
    assert opportunity.status == Opportunity.Status.PUBLISHED  # the deadline has not passed


def test_more_places_filled_than_offered_is_refused():
    opportunity = make_opportunity(places=2)
    with pytest.raises(ValidationError) as caught:
        services.opportunity_report_filled(actor=None, opportunity=opportunity, filled=3)
    assert english(caught.value) == {"filled": ["There are only 2 places."]}
    assert reported(opportunity) == 0
    assert Opportunity.objects.get(pk=opportunity.pk).filled_places is None


def test_answering_after_the_deadline_closes_the_opportunity():
    opportunity = make_opportunity(places=2, deadline=days(-3))
    services.opportunity_report_filled(actor=None, opportunity=opportunity, filled=1)
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.filled_places) == (Opportunity.Status.CLOSED, 1)
    assert reported(opportunity) == 1


# Applications -------------------------------------------------------------------------------


def test_an_application_copies_the_cv_and_tells_both_sides(emails):
    opportunity = make_opportunity(title="Studiejob i lageret")
    contact = organisation_member(opportunity.employer)
    content = pdf_bytes(pages=2)
    student = make_student(cv=pdf_upload(content=content))
    with emails():
        application = services.application_create(
            student=student, opportunity=opportunity, message="Jeg vil gerne."
        )
    assert application.status == Status.RECEIVED
    with application.cv.open("rb") as copy:
        assert copy.read() == content
    assert application.cv.name != student.cv.name  # a copy: the profile's CV may change
    assert [(e.status, e.actor) for e in application.events.all()] == [
        (Status.RECEIVED, student.user)
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([student.user.email, contact.email])
    assert all("Studiejob i lageret" in m.subject for m in mail.outbox)
    assert all(f"/bro/ansoegninger/{application.pk}/" in m.body for m in mail.outbox)
    to_student = next(m for m in mail.outbox if m.to == [student.user.email])
    assert opportunity.employer.organisation.name in to_student.body


def test_an_application_without_a_cv_has_none():
    application = services.application_create(
        student=make_student(), opportunity=make_opportunity(), message="Hej"
    )
    assert not application.cv


@pytest.mark.parametrize(
    "change",
    [
        {"status": Opportunity.Status.CLOSED},
        {"status": Opportunity.Status.SUBMITTED},
        {"deadline": datetime.date(2020, 1, 1)},
    ],
)
def test_only_open_opportunities_take_applications(change):
    opportunity = make_opportunity()
    Opportunity.objects.filter(pk=opportunity.pk).update(**change)
    opportunity.refresh_from_db()
    with pytest.raises(ValidationError):
        services.application_create(student=make_student(), opportunity=opportunity, message="Hej")
    assert not Application.objects.exists()


def test_an_unverified_organisations_opportunity_takes_no_applications():
    opportunity = make_opportunity(make_employer(verified=False))
    with pytest.raises(ValidationError):
        services.application_create(student=make_student(), opportunity=opportunity, message="Hej")


def test_a_student_applies_once():
    student, opportunity = make_student(), make_opportunity()
    services.application_create(student=student, opportunity=opportunity, message="Hej")
    with pytest.raises(ValidationError) as caught:
        services.application_create(student=student, opportunity=opportunity, message="Igen")
    with translation.override("en"):
        assert caught.value.messages == ["You have applied for this already."]
    assert Application.objects.count() == 1


def test_every_move_is_allowed_or_refused_as_the_tables_say(emails):
    application = services.application_create(
        student=make_student(), opportunity=make_opportunity(places=5), message="Hej"
    )
    student_email = application.student.user.email
    contact = organisation_member(application.opportunity.employer).email
    allowed = 0
    for by_student, start, target in itertools.product([True, False], Status, Status):
        moves = services.STUDENT_MOVES if by_student else services.EMPLOYER_MOVES
        Application.objects.filter(pk=application.pk).update(status=start)
        application.refresh_from_db()
        events = application.events.count()
        mail.outbox.clear()
        case = (by_student, start, target)
        if target in moves.get(start, set()):
            with emails():
                services.application_move(
                    actor=None, application=application, status=target, by_student=by_student,
                    note=" Vi ses. ",
                )  # fmt: skip
            allowed += 1
            assert Application.objects.get(pk=application.pk).status == target, case
            assert application.events.last().note == "Vi ses.", case
            (message,) = mail.outbox
            assert message.to == ([contact] if by_student else [student_email]), case
            if not by_student:
                assert "Vi ses." in message.body
        else:
            with pytest.raises(ValidationError) as caught:
                services.application_move(
                    actor=None, application=application, status=target, by_student=by_student
                )
            assert list(caught.value.message_dict) == ["status"], case
            assert Application.objects.get(pk=application.pk).status == start, case
            assert application.events.count() == events, case
            assert mail.outbox == [], case
    # received/in dialogue -> withdrawn, offered -> accepted/declined; and the organisation's 6
    assert allowed == 4 + 6
    # Only the one acceptance placed the student.
    (placement,) = Placement.objects.all()
    assert placement.source == Placement.Source.APPLICATION
    assert placement.student == application.student


def test_the_refusal_names_both_statuses():
    application = services.application_create(
        student=make_student(), opportunity=make_opportunity(), message="Hej"
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.application_move(
            actor=None, application=application, status=Status.ACCEPTED, by_student=True
        )
    assert english(caught.value) == {
        "status": ["An application that is “Received” cannot become “Accepted”."]
    }


def test_accepting_records_one_placement_with_the_students_programme():
    opportunity = make_opportunity(starts_on=days(40), kind=Opportunity.Kind.INTERNSHIP)
    application = accepted(opportunity)
    (placement,) = Placement.objects.all()
    assert placement.opportunity == opportunity
    assert placement.programme == application.student.programme
    assert (placement.kind, placement.year) == (Opportunity.Kind.INTERNSHIP, days(40).year)
    assert [e.status for e in application.events.all()] == [
        Status.RECEIVED, Status.OFFERED, Status.ACCEPTED,
    ]  # fmt: skip


# Profiles and skills -----------------------------------------------------------------------


def test_releasing_a_profile_shows_the_name_to_one_organisation():
    student = make_student(open_to_contact=True)
    employer, other = make_employer(), make_employer()
    member, other_member = organisation_member(employer), organisation_member(other)
    assert student_visibility(member, student) == Visibility.ANONYMOUS
    services.profile_release(student=student, employer=employer)
    assert list(student.released_to.all()) == [employer]
    assert student_visibility(member, student) == Visibility.FULL
    assert student_visibility(other_member, student) == Visibility.ANONYMOUS
    services.profile_release(student=student, employer=employer, release=False)
    assert not student.released_to.exists()
    assert student_visibility(member, student) == Visibility.ANONYMOUS
    actions = HistoryEntry.objects.filter(
        object_id=student.pk, content_type__model="studentprofile"
    )
    assert list(actions.values_list("action", flat=True).order_by("pk")) == [
        "registered", "released", "withheld",
    ]  # fmt: skip


def test_skills_are_split_tidied_and_reused_whatever_the_case():
    excel = Skill.objects.create(name="Excel")
    skills = services.skills_from_text("python,  EXCEL ;Kunde   service, , Python,excel")
    assert [s.name for s in skills] == ["python", "Excel", "Kunde service"]
    assert skills[1] == excel
    assert Skill.objects.count() == 3
    assert services.skills_from_text("PYTHON") == [skills[0]]
    assert services.skills_from_text("") == []
    assert len(services.skills_from_text("x" * 100)[0].name) == 80


def test_skills_with_danish_and_other_letters_are_reused():
    oekonomi = Skill.objects.create(name="Økonomi")
    strasse = Skill.objects.create(name="Straßenbau")
    assert services.skills_from_text("økonomi, ØKONOMI") == [oekonomi]
    assert services.skills_from_text("Straßenbau") == [strasse]
    assert Skill.objects.count() == 2


# Saved searches and notices -----------------------------------------------------------------


def test_a_saved_search_is_alerted_once_about_each_new_match(emails):
    student = make_student()
    search = services.saved_search_create(
        user=student.user, name="Marketing", query={"q": "marketing", "kind": "study_job"}
    )
    make_opportunity(title="Studiejob i marketing")
    make_opportunity(title="Studiejob i regnskab")  # not matched
    make_opportunity(title="Praktik i marketing", kind=Opportunity.Kind.INTERNSHIP)  # not matched
    now = timezone.now()
    with emails():
        assert services.saved_search_alerts_send(now=now) == 1
    (message,) = mail.outbox
    assert message.to == [student.user.email]
    assert "Marketing" not in message.subject  # not what the (unconfirmed) holder typed
    assert "Studiejob i marketing" in message.body
    assert "regnskab" not in message.body
    assert "Praktik" not in message.body
    search.refresh_from_db()
    assert search.alerted_until == now

    mail.outbox.clear()
    later = now + datetime.timedelta(hours=6)
    with emails():
        assert services.saved_search_alerts_send(now=later) == 0
    assert mail.outbox == []

    newer = make_opportunity(title="Marketing og events")
    Opportunity.objects.filter(pk=newer.pk).update(published_at=later + datetime.timedelta(hours=1))
    with emails():
        assert services.saved_search_alerts_send(now=later + datetime.timedelta(hours=2)) == 1
    (message,) = mail.outbox
    assert "Marketing og events" in message.body
    assert "Studiejob i marketing" not in message.body


def test_opportunities_published_before_the_search_was_saved_are_not_news(emails):
    make_opportunity(title="Studiejob i marketing")
    student = make_student()
    services.saved_search_create(user=student.user, name="Alt", query={})
    with emails():
        assert services.saved_search_alerts_send() == 0
    assert mail.outbox == []


def test_an_alert_leaves_out_opportunities_whose_deadline_passed_in_danish_time(emails):
    """At 23:30 UTC it is already the next day in Denmark: a deadline of the UTC day is past."""
    student = make_student()
    services.saved_search_create(user=student.user, name="Alt", query={})
    night = datetime.datetime.combine(
        days(10), datetime.time(23, 30), tzinfo=datetime.UTC
    )  # 00:30 or 01:30 on the 11th day in Herning
    closed = make_opportunity(title="Lukket i går", deadline=days(10))
    still_open = make_opportunity(title="Åben endnu", deadline=days(11))
    Opportunity.objects.filter(pk__in=[closed.pk, still_open.pk]).update(
        published_at=night - datetime.timedelta(hours=1)
    )
    with emails():
        assert services.saved_search_alerts_send(now=night) == 1
    (message,) = mail.outbox
    assert "Åben endnu" in message.body
    assert "Lukket i går" not in message.body


def test_deleting_a_saved_search():
    student = make_student()
    search = services.saved_search_create(user=student.user, name="Alt", query={})
    services.saved_search_delete(search=search)
    assert not SavedSearch.objects.exists()


def test_the_deadline_reminder_is_sent_once_a_few_days_before(emails):
    employer = make_employer()
    contact = organisation_member(employer)
    near = make_opportunity(employer, title="Snart slut", deadline=days(3))
    later = make_opportunity(employer, title="God tid", deadline=days(4))
    make_opportunity(employer, title="Kladde", deadline=days(1), published=False)
    services.application_create(student=make_student(), opportunity=near, message="Hej")
    services.application_create(student=make_student(), opportunity=near, message="Hej")
    with emails():
        count = services.opportunity_notices_send(today=TODAY())
    assert count == {"reminders": 1, "follow_ups": 0}
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert "Snart slut" in message.subject
    assert " 2 " in message.body  # the applications so far
    near.refresh_from_db()
    assert near.deadline_reminder_sent_on == TODAY()

    mail.outbox.clear()
    with emails():
        assert services.opportunity_notices_send(today=TODAY()) == {
            "reminders": 0, "follow_ups": 0,
        }  # fmt: skip
        tomorrow = services.opportunity_notices_send(today=days(1))
    assert tomorrow == {"reminders": 1, "follow_ups": 0}
    (message,) = mail.outbox
    assert "God tid" in message.subject
    later.refresh_from_db()
    assert later.deadline_reminder_sent_on == days(1)


def test_the_follow_up_asks_once_after_the_deadline_unless_answered(emails):
    employer = make_employer()
    past = make_opportunity(employer, title="Forbi", deadline=days(-1))
    answered = make_opportunity(employer, title="Besvaret", deadline=days(-2))
    services.opportunity_report_filled(actor=None, opportunity=answered, filled=1)
    Opportunity.objects.filter(pk=answered.pk).update(status=Opportunity.Status.PUBLISHED)
    closed = make_opportunity(employer, title="Lukket", deadline=days(-1))
    services.opportunity_close(actor=None, opportunity=closed)
    with emails():
        count = services.opportunity_notices_send(today=TODAY())
    assert count == {"reminders": 0, "follow_ups": 1}
    (message,) = mail.outbox
    assert "Forbi" in message.subject
    assert f"/bro/opslag/{past.pk}/besat/" in message.body
    past.refresh_from_db()
    assert past.follow_up_sent_on == TODAY()
    mail.outbox.clear()
    with emails():
        assert services.opportunity_notices_send(today=days(1))["follow_ups"] == 0
    assert mail.outbox == []


def test_notices_without_anyone_to_tell_are_tried_again():
    opportunity = make_opportunity(deadline=days(2))
    opportunity.employer.organisation.memberships.all().delete()
    assert services.opportunity_notices_send(today=TODAY()) == {"reminders": 0, "follow_ups": 0}
    opportunity.refresh_from_db()
    assert opportunity.deadline_reminder_sent_on is None


def test_a_cv_is_stored_under_a_random_name(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    student = make_student(cv=pdf_upload("Mit CV - Anna Jensen.pdf"))
    application = services.application_create(
        student=student, opportunity=make_opportunity(), message="Hej"
    )
    for stored in (student.cv.name, application.cv.name):
        assert "Anna" not in stored
        assert re.fullmatch(r"bridge/\w+/[0-9a-f]{32}\.pdf", stored)
    assert student.cv.name != application.cv.name
