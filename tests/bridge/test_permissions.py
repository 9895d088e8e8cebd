"""Every bridge URL times every role; organisations see only their own applicants."""

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.bridge import allocation, services

from ..conftest import ROLES
from ..test_permissions import EDITORS_ONLY, FORBIDDEN, NOT_FOUND, OK, PUBLIC, REDIRECT
from .helpers import make_employer, make_opportunity, make_student, pdf_upload

ANON, REG, PARTNER, EDITOR, COUNCIL, ADMIN = ROLES
LOGGED_IN = dict.fromkeys(ROLES, OK) | {ANON: REDIRECT}
# The partner of this matrix is a member of the verified employer that posted {own}.
OWN_EMPLOYER = {ANON: REDIRECT, REG: FORBIDDEN, PARTNER: OK, EDITOR: FORBIDDEN,
                COUNCIL: FORBIDDEN, ADMIN: FORBIDDEN}  # fmt: skip
NOBODY = {ANON: REDIRECT} | dict.fromkeys(ROLES[1:], FORBIDDEN)
STUDENTS_ONLY = NOBODY  # no role of the matrix has a student profile
HIDDEN = dict.fromkeys(ROLES, NOT_FOUND) | {PARTNER: OK, EDITOR: OK, ADMIN: OK}

MATRIX = [
    ("/bro/", PUBLIC),
    ("/bro/?q=marketing&kind=study_job&paid=on", PUBLIC),
    ("/bro/opslag/{own}/", PUBLIC),
    ("/bro/opslag/{draft}/", HIDDEN),
    ("/bro/opslag/{other_draft}/", dict.fromkeys(ROLES, NOT_FOUND) | {EDITOR: OK, ADMIN: OK}),
    ("/bro/studerende/opret/", PUBLIC),
    ("/bro/tilmelding/sendt/", PUBLIC),
    ("/bro/tilmelding/bekraeft/MQ/forkert/", dict.fromkeys(ROLES, 400)),
    ("/bro/organisation/opret/", PUBLIC | {ANON: OK, PARTNER: REDIRECT}),
    ("/bro/min-profil/", LOGGED_IN | dict.fromkeys(ROLES[1:], REDIRECT)),
    ("/bro/anbefalet/", STUDENTS_ONLY),
    ("/bro/mine/", STUDENTS_ONLY),
    ("/bro/ansoegninger/{own_application}/", OWN_EMPLOYER),
    ("/bro/ansoegninger/{own_application}/cv/", OWN_EMPLOYER),
    ("/bro/ansoegninger/{other_application}/", NOBODY),
    ("/bro/ansoegninger/{other_application}/cv/", NOBODY),
    ("/bro/studerende/{applicant}/", OWN_EMPLOYER),
    ("/bro/studerende/{applicant}/cv/", OWN_EMPLOYER),
    ("/bro/studerende/{open_student}/", OWN_EMPLOYER),  # anonymised: opted in, not released
    ("/bro/studerende/{open_student}/cv/", NOBODY),
    ("/bro/studerende/{private_student}/", NOBODY),
    ("/bro/studerende/{other_applicant}/", NOBODY),
    ("/bro/runder/{round}/", LOGGED_IN),
    ("/bro/organisation/", OWN_EMPLOYER),
    ("/bro/organisation/opslag/nyt/", OWN_EMPLOYER),
    ("/bro/opslag/{own}/rediger/", OWN_EMPLOYER),
    ("/bro/opslag/{own}/ansoegninger/", OWN_EMPLOYER),
    ("/bro/opslag/{own}/besat/", OWN_EMPLOYER),
    ("/bro/opslag/{other}/rediger/", NOBODY),
    ("/bro/opslag/{other}/ansoegninger/", NOBODY),
    ("/bro/opslag/{other}/besat/", NOBODY),
    ("/bro/pladser/{own_position}/rangering/", OWN_EMPLOYER),
    ("/bro/pladser/{other_position}/rangering/", NOBODY),
    ("/bro/redaktion/", EDITORS_ONLY),
    ("/bro/redaktion/organisationer/{other_employer}/", EDITORS_ONLY),
    ("/bro/redaktion/opslag/{other_draft}/", EDITORS_ONLY),
    ("/bro/redaktion/runder/ny/", EDITORS_ONLY),
    ("/bro/redaktion/runder/{round}/", EDITORS_ONLY),
    ("/bro/redaktion/placeringer/", EDITORS_ONLY),
    ("/bro/redaktion/placeringer/?efter=programme&format=csv", EDITORS_ONLY),
    ("/bro/redaktion/placeringer/?efter=source", EDITORS_ONLY),
    ("/bro/redaktion/placeringer/opslag/{reported}/", EDITORS_ONLY),
    (
        "/bro/redaktion/placeringer/opslag/{own}/",
        EDITORS_ONLY | {EDITOR: NOT_FOUND, ADMIN: NOT_FOUND},
    ),
]


@pytest.fixture
def objects(db, user_for_role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partner = user_for_role(Role.PARTNER)
    partner.memberships.all().delete()
    own_employer = make_employer(member=partner)
    other_employer = make_employer(verified=False)
    own = make_opportunity(own_employer, kind="internship")
    other = make_opportunity(make_employer(), kind="internship")
    draft = make_opportunity(own_employer, published=False)
    other_draft = make_opportunity(other_employer, published=False)
    applicant = make_student(cv=pdf_upload())
    other_applicant = make_student(cv=pdf_upload())
    own_application = services.application_create(student=applicant, opportunity=own, message="Hej")
    other_application = services.application_create(
        student=other_applicant, opportunity=other, message="Hej"
    )
    open_student = make_student(open_to_contact=True, cv=pdf_upload())
    private_student = make_student()
    round_ = allocation.round_create(
        actor=None, name="Forår", ranking_closes_on=own.deadline, positions={own: 1, other: 1}
    )
    own_position, other_position = (round_.positions.get(opportunity=o) for o in (own, other))
    reported = make_opportunity(make_employer())
    services.opportunity_report_filled(actor=None, opportunity=reported, filled=1)
    return {
        "partner": partner,
        "own": own.pk, "other": other.pk, "draft": draft.pk, "other_draft": other_draft.pk,
        "own_application": own_application.pk, "other_application": other_application.pk,
        "applicant": applicant.pk, "other_applicant": other_applicant.pk,
        "open_student": open_student.pk, "private_student": private_student.pk,
        "round": round_.pk, "own_position": own_position.pk, "other_position": other_position.pk,
        "other_employer": other_employer.pk, "reported": reported.pk,
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
def test_status_by_role(client, objects, user_for_role, url, expected, role):
    user = objects["partner"] if role == PARTNER else user_for_role(role)
    if user:
        client.force_login(user)
    assert client.get(url.format(**objects)).status_code == expected[role]


def test_the_matrix_lists_every_role():
    assert all(set(expected) == set(ROLES) for _url, expected in MATRIX)


def test_a_student_sees_their_own_application_and_cv_but_not_anothers(client, objects):
    from uddannelsesby.bridge.models import StudentProfile

    student = StudentProfile.objects.get(pk=objects["applicant"])
    client.force_login(student.user)
    assert client.get(f"/bro/ansoegninger/{objects['own_application']}/").status_code == OK
    assert client.get(f"/bro/ansoegninger/{objects['own_application']}/cv/").status_code == OK
    assert client.get(f"/bro/ansoegninger/{objects['other_application']}/").status_code == FORBIDDEN
    assert client.get(f"/bro/studerende/{objects['other_applicant']}/").status_code == FORBIDDEN
    assert client.get("/bro/anbefalet/").status_code == OK
    assert client.get("/bro/mine/").status_code == OK


def test_an_opted_in_profile_is_anonymous_until_released(client, objects):
    from uddannelsesby.bridge.models import Employer, StudentProfile

    student = StudentProfile.objects.get(pk=objects["open_student"])
    client.force_login(objects["partner"])
    page = client.get(f"/bro/studerende/{student.pk}/").content.decode()
    assert student.user.last_name not in page
    assert student.user.email not in page
    services.profile_release(
        student=student, employer=Employer.objects.get(organisation__members=objects["partner"])
    )
    page = client.get(f"/bro/studerende/{student.pk}/").content.decode()
    assert student.user.last_name in page
    assert client.get(f"/bro/studerende/{student.pk}/cv/").status_code == OK


def test_an_organisation_cannot_answer_another_organisations_application(client, objects):
    client.force_login(objects["partner"])
    url = f"/bro/ansoegninger/{objects['other_application']}/"
    assert client.post(url, {"status": "offered"}).status_code == FORBIDDEN


def test_the_applicant_list_shows_only_own_applicants(client, objects):
    from uddannelsesby.bridge.models import StudentProfile

    client.force_login(objects["partner"])
    page = client.get(f"/bro/opslag/{objects['own']}/ansoegninger/").content.decode()
    mine = StudentProfile.objects.get(pk=objects["applicant"]).user
    theirs = StudentProfile.objects.get(pk=objects["other_applicant"]).user
    assert mine.get_full_name() in page
    assert theirs.get_full_name() not in page
