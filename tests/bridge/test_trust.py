"""Nobody acts for an organisation they have not proven (issue 19, section 3).

An organisation waiting for verification, or refused, writes drafts and nothing else: every
bridge URL is tried by a member of an organisation in each state. Reported placements count
only for verified organisations' published opportunities; a CVR claim blocks nobody until an
editor verifies one; signing up never tells whether an address has an account.
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from uddannelsesby.accounts.models import Role, User
from uddannelsesby.bridge import allocation, indicator, services
from uddannelsesby.bridge.models import Employer, Opportunity, Placement, SavedSearch
from uddannelsesby.indicators.models import IndicatorValue

from ..factories import UserFactory
from .helpers import (
    cvr_for,
    make_employer,
    make_opportunity,
    make_student,
    organisation_member,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

STATES = ("verified", "pending", "refused")
OK, REDIRECT, BAD, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404


def with_state(employer: Employer, state: str) -> Employer:
    Employer.objects.filter(pk=employer.pk).update(status=state)
    employer.refresh_from_db()
    return employer


@pytest.fixture
def world(settings, tmp_path):
    """A member of an organisation that had a published internship, an applicant and a place
    in an open round while verified; the test then sets the organisation's state."""
    settings.MEDIA_ROOT = tmp_path
    employer = make_employer()
    published = make_opportunity(employer, kind="internship", places=2)
    draft = make_opportunity(employer, published=False, title="Kladde", places=500)
    applicant = make_student(cv=pdf_upload())
    application = services.application_create(
        student=applicant, opportunity=published, message="Hej"
    )
    open_student = make_student(open_to_contact=True)
    round_ = allocation.round_create(
        actor=None, name="Forår", ranking_closes_on=published.deadline, positions={published: 1}
    )
    position = round_.positions.get()
    allocation.round_choices_set(round_=round_, student=applicant, ranks={position.pk: 1})
    other = make_opportunity(title="Andres opslag")
    search = SavedSearch.objects.create(user=applicant.user, name="x", query={})
    return {
        "employer": employer, "member": organisation_member(employer), "draft": draft.pk,
        "published": published.pk, "application": application.pk, "applicant": applicant.pk,
        "open_student": open_student.pk, "round": round_.pk, "position": position.pk,
        "other": other.pk, "other_employer": other.employer_id, "search": search.pk,
    }  # fmt: skip


# (method, url, status when verified, status when waiting or refused). Every URL of the bridge;
# the POSTs that change something come last, so the GETs see the world as it was made.
MATRIX = [
    ("get", "/bro/", OK, OK),
    ("get", "/bro/opslag/{other}/", OK, OK),
    ("get", "/bro/opslag/{other}/ansoeg/", REDIRECT, REDIRECT),  # no student profile
    ("post", "/bro/opslag/{other}/vis-profil/", FORBIDDEN, FORBIDDEN),
    ("post", "/bro/soegninger/gem/", REDIRECT, REDIRECT),
    ("post", "/bro/soegninger/{search}/slet/", NOT_FOUND, NOT_FOUND),  # another's search
    ("get", "/bro/studerende/opret/", OK, OK),
    ("get", "/bro/tilmelding/sendt/", OK, OK),
    ("get", "/bro/tilmelding/bekraeft/MQ/forkert/", BAD, BAD),
    ("get", "/bro/min-profil/", REDIRECT, REDIRECT),
    ("get", "/bro/anbefalet/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/mine/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/runder/{round}/", OK, OK),
    ("get", "/bro/organisation/opret/", REDIRECT, REDIRECT),
    ("get", "/bro/organisation/", OK, OK),
    ("get", "/bro/organisation/opslag/nyt/", OK, OK),
    ("get", "/bro/opslag/{draft}/", OK, OK),
    ("get", "/bro/opslag/{draft}/rediger/", OK, OK),
    ("get", "/bro/opslag/{published}/", OK, OK),  # its own page, with no actions
    # What needs a verified organisation:
    ("get", "/bro/opslag/{published}/rediger/", OK, FORBIDDEN),
    ("get", "/bro/opslag/{published}/besat/", OK, FORBIDDEN),
    ("get", "/bro/opslag/{draft}/besat/", FORBIDDEN, FORBIDDEN),  # a draft fills no place
    ("get", "/bro/opslag/{published}/ansoegninger/", OK, FORBIDDEN),  # applicants, candidates
    ("get", "/bro/ansoegninger/{application}/", OK, FORBIDDEN),
    ("get", "/bro/ansoegninger/{application}/cv/", OK, FORBIDDEN),
    ("get", "/bro/studerende/{applicant}/", OK, FORBIDDEN),
    ("get", "/bro/studerende/{applicant}/cv/", OK, FORBIDDEN),
    ("get", "/bro/studerende/{open_student}/", OK, FORBIDDEN),  # alias, programme, semester
    ("get", "/bro/pladser/{position}/rangering/", OK, FORBIDDEN),
    # Another organisation's and the editors' pages: nobody of an organisation.
    ("get", "/bro/opslag/{other}/rediger/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/opslag/{other}/besat/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/redaktion/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/redaktion/organisationer/{other_employer}/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/redaktion/opslag/{other}/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/redaktion/runder/ny/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/redaktion/runder/{round}/", FORBIDDEN, FORBIDDEN),
    ("post", "/bro/redaktion/runder/{round}/match/", FORBIDDEN, FORBIDDEN),
    ("post", "/bro/redaktion/mentorer/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/redaktion/placeringer/", FORBIDDEN, FORBIDDEN),
    ("get", "/bro/redaktion/placeringer/opslag/{published}/", FORBIDDEN, FORBIDDEN),
    ("post", "/bro/redaktion/placeringer/offentliggoer/", FORBIDDEN, FORBIDDEN),
    # Changes, last.
    ("post", "/bro/pladser/{position}/rangering/", REDIRECT, FORBIDDEN),
    ("post", "/bro/opslag/{published}/besat/", REDIRECT, FORBIDDEN),
    ("post", "/bro/opslag/{draft}/send/", REDIRECT, FORBIDDEN),
    ("post", "/bro/opslag/{published}/luk/", REDIRECT, FORBIDDEN),
    ("post", "/bro/organisation/opslag/nyt/", OK, OK),  # the form again (nothing posted)
]
POST_DATA = {
    "/bro/pladser/{position}/rangering/": lambda w: {f"rank-{w['applicant']}": "1"},
    "/bro/opslag/{published}/besat/": lambda w: {"filled": "2"},
}


@pytest.mark.parametrize("state", STATES)
def test_an_organisation_acts_only_as_far_as_it_is_proven(client, world, state):
    with_state(world["employer"], state)
    client.force_login(world["member"])
    wrong = []
    for method, url, verified, unproven in MATRIX:
        data = POST_DATA.get(url, lambda _w: {})(world)
        response = getattr(client, method)(url.format(**world), data)
        expected = verified if state == "verified" else unproven
        if response.status_code != expected:
            wrong.append((method, url, response.status_code, expected))
    assert wrong == []
    # Its own page links to nothing it may not open; what it tried changed nothing.
    home = client.get("/bro/organisation/").content.decode()
    assert ("/ansoegninger/" in home) == (state == "verified")
    if state != "verified":
        draft = client.get(f"/bro/opslag/{world['draft']}/").content.decode()
        assert f"/bro/opslag/{world['draft']}/rediger/" in draft
        assert "/send/" not in draft
        assert "/besat/" not in draft
        assert not Placement.objects.exists()
        assert Opportunity.objects.get(pk=world["draft"]).status == Opportunity.Status.DRAFT
        assert Opportunity.objects.get(pk=world["published"]).filled_places is None


def test_the_matrix_covers_every_bridge_url(world):
    def names(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns, f"{prefix}{pattern.namespace or ''}:")
            elif isinstance(pattern, URLPattern) and prefix == "bridge:":
                yield f"bridge:{pattern.name}"

    bridge = set(names(get_resolver().url_patterns))
    tried = {resolve(url.format(**world).split("?")[0]).view_name for _m, url, *_ in MATRIX}
    assert len(bridge) > 30
    assert bridge - tried == set()


@pytest.mark.parametrize("state", ["pending", "refused"])
def test_the_case_seen_a_500_place_draft_cannot_move_the_indicator(client, state):
    """Seen: register, draft with 500 places, report them filled, indicator 14 -> 515."""
    honest = make_opportunity(kind="internship", places=14)
    services.opportunity_report_filled(actor=None, opportunity=honest, filled=14)
    rogue = make_employer(verified=False)
    with_state(rogue, state)
    draft = make_opportunity(rogue, published=False, places=500)
    with pytest.raises(ValidationError):
        services.opportunity_report_filled(actor=None, opportunity=draft, filled=500)
    # Even a row that came in before this rule is not counted.
    Placement.objects.bulk_create(
        Placement(opportunity=draft, year=honest.deadline.year, kind="internship",
                  sector="private", source=Placement.Source.REPORTED)
        for _ in range(500)
    )  # fmt: skip
    indicator.placements_publish()
    values = IndicatorValue.objects.filter(indicator__code="brobygning-placeringer")
    assert list(values.values_list("value", flat=True)) == [14.0]
    assert f"657;REPORTED;{honest.deadline.year};14" in indicator.placements_bulk("657")


def test_a_verified_organisation_reports_no_more_than_its_places_and_an_editor_corrects_it(
    client,
):
    opportunity = make_opportunity(places=3)
    member = organisation_member(opportunity.employer)
    with pytest.raises(ValidationError):
        services.opportunity_report_filled(actor=member, opportunity=opportunity, filled=4)
    services.opportunity_report_filled(actor=member, opportunity=opportunity, filled=3)
    assert Placement.objects.counted().count() == 3
    editor = UserFactory(role=Role.EDITOR)
    client.force_login(editor)
    page = client.get("/bro/redaktion/placeringer/").content.decode()
    assert opportunity.title in page
    assert f"/bro/redaktion/placeringer/opslag/{opportunity.pk}/" in page
    url = f"/bro/redaktion/placeringer/opslag/{opportunity.pk}/"
    assert client.post(url, {"filled": "9"}).status_code == 400  # never more than the places
    assert client.post(url, {"filled": "1"})["Location"] == "/bro/redaktion/placeringer/"
    opportunity.refresh_from_db()
    assert opportunity.filled_places == 1
    assert Placement.objects.filter(source="reported").count() == 1
    by_source = client.get("/bro/redaktion/placeringer/?efter=source&format=csv").content.decode()
    assert "1" in by_source


# CVR claims -----------------------------------------------------------------------------------


def test_a_pending_claim_blocks_nobody_and_verification_decides_which_stands(emails):
    cvr = cvr_for(4242)
    squatter = make_employer(verified=False, name="Falsk Firma", cvr=cvr)
    real = make_employer(verified=False, name="Ægte Firma A/S", cvr=cvr)  # not blocked
    editor = UserFactory(role=Role.EDITOR)
    with emails():
        services.employer_review(actor=editor, employer=real, verified=True)
    squatter.refresh_from_db()
    assert (real.status, squatter.status) == ("verified", "refused")
    assert squatter.refusal_reason  # says why
    assert organisation_member(squatter).email in [m.to[0] for m in mail.outbox]
    # A second verification of the number is refused; a new claim is refused beside the field.
    with pytest.raises(ValidationError):
        services.employer_review(actor=editor, employer=squatter, verified=True)
    with pytest.raises(ValidationError) as caught:
        make_employer(verified=False, name="Tredje", cvr=cvr)
    assert "cvr" in caught.value.message_dict


def test_a_name_held_by_an_unproven_claim_blocks_nobody_and_verification_gives_it(emails):
    squatter = make_employer(verified=False, name="Vestas Herning", cvr=cvr_for(31))
    real = make_employer(verified=False, name="VESTAS HERNING", cvr=cvr_for(32))
    assert real.organisation.name == f"VESTAS HERNING (CVR {real.cvr})"
    services.employer_review(actor=UserFactory(role=Role.EDITOR), employer=real, verified=True)
    real.organisation.refresh_from_db()
    squatter.organisation.refresh_from_db()
    assert real.organisation.name == "VESTAS HERNING"
    assert squatter.organisation.name == f"Vestas Herning (CVR {squatter.cvr})"
    # A verified organisation's name is refused beside the field, as any proven one.
    with pytest.raises(ValidationError) as caught:
        make_employer(verified=False, name="Vestas herning", cvr=cvr_for(33))
    assert "name" in caught.value.message_dict


def test_the_editor_sees_the_other_claims_on_a_cvr_number(client):
    cvr = cvr_for(777)
    first = make_employer(verified=False, name="Første ApS", cvr=cvr)
    make_employer(verified=False, name="Anden ApS", cvr=cvr)
    client.force_login(UserFactory(role=Role.EDITOR))
    assert "Anden ApS" in client.get(f"/bro/redaktion/organisationer/{first.pk}/").content.decode()


# Signing up never tells whether an address has an account --------------------------------------


def signup_forms():
    """Every sign-up form of the product: the pages that ask an anonymous visitor for a new
    password beside an e-mail address. Found by walking every URL without parameters."""
    from django.test import Client

    found = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif "<" not in str(pattern.pattern) and "(?P" not in str(pattern.pattern):
                yield "/" + prefix + str(pattern.pattern).lstrip("^").rstrip("$")

    client = Client()
    for url in walk(get_resolver().url_patterns):
        if "admin" in url or "static" in url or "media" in url:
            continue
        try:
            response = client.get(url)
        except Exception:  # a page that needs data is not a sign-up form
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        if re.search(r'autocomplete="new-password"', body) and re.search(r'type="email"', body):
            found.add(url)
    return found


def student_data(programme, email):
    return {
        "first_name": "Amira", "last_name": "Holm", "email": email,
        "password": "lange-kodeord-i-herning", "programme": programme.pk, "semester": "3",
    }  # fmt: skip


def employer_data(email, n):
    return {
        "name": f"Firma {n} ApS", "cvr": cvr_for(9000 + n), "sector": "private",
        "city": "Herning", "first_name": "Ole", "last_name": "Vind", "email": email,
        "password": "vindmoeller-i-vest",
    }  # fmt: skip


SIGNUP_FORMS = {
    "/bro/studerende/opret/": lambda programme, email, n: student_data(programme, email),
    "/bro/organisation/opret/": lambda programme, email, n: employer_data(email, n),
}


def test_every_signup_form_is_known_here(db):
    assert signup_forms() == set(SIGNUP_FORMS)


@pytest.mark.parametrize("url", list(SIGNUP_FORMS))
def test_a_signup_answers_the_same_for_a_new_and_a_taken_address(client, url, emails):
    from ..catalogue.helpers import make_programme

    programme = make_programme(title_da="Datamatiker")
    owner = UserFactory(username="taget@example.dk", email="taget@example.dk")
    pages = []
    for n, email in enumerate(["ny@example.dk", "TAGET@example.dk"]):
        with emails():
            response = client.post(url, SIGNUP_FORMS[url](programme, email, n))
        followed = client.get(response["Location"]).content.decode()
        # The same page, but for the per-request CSRF token and CSP nonce.
        followed = re.sub(r'(content|value|nonce)="[A-Za-z0-9+/=_-]{20,}"', "", followed)
        pages.append((response.status_code, response["Location"], followed))
        client.logout()
    assert pages[0] == pages[1]
    # The owner of the taken address is told, and nobody is logged in or created for it.
    assert User.objects.filter(email__iexact="taget@example.dk").count() == 1
    told = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(told) == 1
    assert "/konto/nulstil/" in told[0].body


# A place is counted once -------------------------------------------------------------------


def offer_accepted(opportunity, student):
    application = services.application_create(
        student=student, opportunity=opportunity, message="Hej"
    )
    member = organisation_member(opportunity.employer)
    services.application_move(
        actor=member, application=application, status="offered", by_student=False
    )
    services.application_move(
        actor=student.user, application=application, status="accepted", by_student=True
    )


def page_of(client, url: str) -> str:
    return client.get(url).content.decode()


def after(round_) -> datetime.date:
    return round_.ranking_closes_on + datetime.timedelta(days=1)


def test_an_accepted_offer_and_a_round_on_the_same_posting_count_one_placement():
    internship = make_opportunity(kind="internship", places=2)
    student = make_student()
    round_ = allocation.round_create(
        actor=None, name="Forår", ranking_closes_on=timezone.localdate(),
        positions={internship: 2},
    )  # fmt: skip
    position = round_.positions.get()
    allocation.round_choices_set(round_=round_, student=student, ranks={position.pk: 1})
    allocation.round_rankings_set(actor=None, position=position, ranks={student.pk: 1})
    offer_accepted(internship, student)  # during the round
    allocation.round_match(actor=None, round_=round_, today=after(round_))
    allocation.round_publish(actor=None, round_=round_, tell_students=False)
    assert Placement.objects.filter(opportunity=internship).count() == 1
    position.refresh_from_db()
    assert position.capacity == 1  # the place taken since the round began has left it
    # The service never makes a second one, and the database refuses it too.
    assert (
        services.placement_record(opportunity=internship, student=student, source="round") is None
    )
    assert Placement.objects.count() == 1


def test_a_filled_internship_leaves_later_rounds():
    from uddannelsesby.bridge.forms import RoundForm

    full = make_opportunity(kind="internship", places=1, title="Fyldt")
    offer_accepted(full, make_student())
    reported = make_opportunity(kind="internship", places=2, title="Oplyst fyldt")
    services.opportunity_report_filled(actor=None, opportunity=reported, filled=2)
    free = make_opportunity(kind="internship", places=2, title="Ledig")
    offer_accepted(free, make_student())
    choices = {o.title for o in RoundForm().fields["opportunities"].queryset}
    assert choices == {"Ledig"}
    round_ = allocation.round_create(
        actor=None, name="Efterår", ranking_closes_on=timezone.localdate(),
        positions={full: 1, reported: 2, free: 2},
    )  # fmt: skip
    assert [(p.opportunity, p.capacity) for p in round_.positions.all()] == [(free, 1)]
    with pytest.raises(ValidationError):
        allocation.round_create(
            actor=None, name="Tom", ranking_closes_on=timezone.localdate(), positions={full: 1}
        )


def test_a_place_reported_filled_then_given_by_a_round_is_counted_once():
    internship = make_opportunity(kind="internship", places=2)
    services.opportunity_report_filled(actor=None, opportunity=internship, filled=1)
    student = make_student()
    offer_accepted(internship, student)
    # The organisation counted that place in its report: still 1 + nothing more reported.
    assert Placement.objects.filter(opportunity=internship).count() == 1


# Allocation rounds: deadline, order of steps, employers told ------------------------------------


@pytest.fixture
def closing_round():
    internship = make_opportunity(kind="internship", places=1, title="Praktik i IT")
    student = make_student()
    round_ = allocation.round_create(
        actor=None, name="Forår", ranking_closes_on=timezone.localdate(),
        positions={internship: 1},
    )  # fmt: skip
    return round_, round_.positions.get(), student


def test_ranking_closes_at_its_deadline_for_everybody(client, closing_round):
    round_, position, student = closing_round
    today = round_.ranking_closes_on
    allocation.round_choices_set(round_=round_, student=student, ranks={position.pk: 1})
    late = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        allocation.round_choices_set(
            round_=round_, student=student, ranks={position.pk: None}, today=late
        )
    with pytest.raises(ValidationError):
        allocation.round_rankings_set(
            actor=None, position=position, ranks={student.pk: 1}, today=late
        )
    # Through the pages, once the day has passed: no form, and a post changes nothing.
    round_.ranking_closes_on = today - datetime.timedelta(days=1)
    round_.save()
    client.force_login(student.user)
    page = client.get(f"/bro/runder/{round_.pk}/").content.decode()
    assert f'name="rank-{position.pk}"' not in page
    client.post(f"/bro/runder/{round_.pk}/", {f"rank-{position.pk}": ""})
    assert student.choices.count() == 1
    member = organisation_member(position.opportunity.employer)
    client.force_login(member)
    response = client.post(f"/bro/pladser/{position.pk}/rangering/", {f"rank-{student.pk}": "1"})
    assert response.status_code == 400
    assert not position.rankings.exists()
    assert "pladser/" not in client.get("/bro/organisation/").content.decode()


def test_matching_runs_only_after_ranking_closed(client, closing_round):
    round_, _position, _student = closing_round
    client.force_login(UserFactory(role=Role.EDITOR))
    page = page_of(client, f"/bro/redaktion/runder/{round_.pk}/")
    assert "/match/" not in page  # no button while students and organisations still rank
    with pytest.raises(ValidationError):
        allocation.round_match(actor=None, round_=round_, today=round_.ranking_closes_on)
    round_.refresh_from_db()
    assert round_.status == "open"
    allocation.round_match(actor=None, round_=round_, today=after(round_))
    round_.refresh_from_db()
    assert round_.status == "matched"


def test_employers_are_told_by_email_and_on_a_page_whom_they_were_allocated(
    client, closing_round, emails
):
    round_, position, student = closing_round
    allocation.round_choices_set(round_=round_, student=student, ranks={position.pk: 1})
    allocation.round_rankings_set(actor=None, position=position, ranks={student.pk: 1})
    member = organisation_member(position.opportunity.employer)
    client.force_login(member)
    assert (
        student.user.get_full_name() not in client.get(round_.get_absolute_url()).content.decode()
    )
    allocation.round_match(actor=None, round_=round_, today=after(round_))
    with emails():
        allocation.round_publish(actor=None, round_=round_)
    (letter,) = [m for m in mail.outbox if m.to == [member.email]]
    assert student.user.get_full_name() in letter.body
    assert "Praktik i IT" in letter.body
    assert "&amp;" not in letter.body
    page = client.get(round_.get_absolute_url()).content.decode()
    assert student.user.get_full_name() in page
    assert round_.get_absolute_url() in client.get("/bro/organisation/").content.decode()
    # An organisation the round gave nobody is told so, and sees no one else's students.
    other = make_employer()
    client.force_login(organisation_member(other))
    assert (
        student.user.get_full_name() not in client.get(round_.get_absolute_url()).content.decode()
    )


def test_an_organisation_refused_after_publishing_is_asked_nothing_and_mentors_nobody(emails):
    today = timezone.localdate()
    past = make_opportunity(deadline=today - datetime.timedelta(days=1))
    mentorship = make_opportunity(past.employer, kind="mentorship", places=1)
    services.application_create(student=make_student(), opportunity=mentorship, message="Hej")
    with_state(past.employer, "refused")
    with emails():
        count = services.opportunity_notices_send(today=today)
    assert count == {"reminders": 0, "follow_ups": 0}  # it could not report anyway
    assert mail.outbox == []
    assert allocation.mentoring_assign(actor=UserFactory(role=Role.EDITOR)).assigned == 0
    assert not Placement.objects.exists()


def test_an_organisation_refused_during_a_round_is_allocated_nobody(closing_round, emails):
    round_, position, student = closing_round
    allocation.round_choices_set(round_=round_, student=student, ranks={position.pk: 1})
    allocation.round_rankings_set(actor=None, position=position, ranks={student.pk: 1})
    employer = with_state(position.opportunity.employer, "refused")
    allocation.round_match(actor=None, round_=round_, today=after(round_))
    with emails():
        assert allocation.round_publish(actor=None, round_=round_) == 0
    assert not Placement.objects.exists()
    assert organisation_member(employer).email not in [m.to[0] for m in mail.outbox]
