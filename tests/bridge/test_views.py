"""The bridge through the test client: sign-ups, CV uploads, applying, reviewing, rounds."""

import csv
import datetime
import html
import io
import re

import pikepdf
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from uddannelsesby.accounts.models import Role, User
from uddannelsesby.bridge import allocation, services
from uddannelsesby.bridge.models import (
    AllocationRound,
    Application,
    Employer,
    EmployerRanking,
    Opportunity,
    Placement,
    SavedSearch,
    StudentProfile,
)

from ..catalogue.helpers import make_programme
from ..factories import UserFactory
from .helpers import (
    make_employer,
    make_opportunity,
    make_student,
    organisation_member,
    pdf_bytes,
    pdf_upload,
)

pytestmark = pytest.mark.django_db
Status = Application.Status


def da(text: str) -> str:
    """Text as a page in the site's language shows it, escaped as in HTML."""
    with translation.override("da"):
        return html.escape(translation.gettext(text))


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def field_error(response, name: str) -> str:
    """The error message shown beside a field (the DKFDS form-error-message of the field)."""
    found = re.search(
        rf'<span class="form-error-message" id="id_{name}-error">'
        r'<span class="sr-only">[^<]*</span>(.*?)</span>',
        response.content.decode(),
        re.S,
    )
    return found.group(1) if found else ""


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def programme():
    return make_programme(title_da="Datamatiker", level="short_cycle", field="it")


# Students ------------------------------------------------------------------------------------


def signup_data(programme, **changes) -> dict:
    return {
        "first_name": "Amira", "last_name": "Holm", "email": "Amira.Holm@example.dk",
        "password": "lange-kodeord-i-herning", "programme": programme.pk, "semester": "3",
        "skills": "Python, SQL", "interests": "Programmering af web", "hours_per_week": "15",
    } | changes  # fmt: skip


def confirmation_link(address: str) -> str:
    """The link in the sign-up e-mail sent to the address."""
    (letter,) = [m for m in mail.outbox if m.to == [address]]
    return re.search(r"https?://[^/\s]+(/bro/tilmelding/bekraeft/\S+/)", letter.body).group(1)


def test_a_student_signs_up_confirms_the_address_and_is_logged_in(client, programme, emails):
    with emails():
        response = client.post("/bro/studerende/opret/", signup_data(programme))
    assert response.status_code == 302
    assert response["Location"] == "/bro/tilmelding/sendt/"
    assert client.get("/bro/tilmelding/sendt/").status_code == 200
    student = StudentProfile.objects.get()
    assert student.user.email == "amira.holm@example.dk"  # kept in lower case
    assert student.user.check_password("lange-kodeord-i-herning")
    assert (student.programme, student.semester) == (programme, 3)
    assert sorted(s.name for s in student.skills.all()) == ["Python", "SQL"]
    # Not logged in, and cannot log in, until the address is confirmed.
    assert "_auth_user_id" not in client.session
    assert not student.user.is_active
    assert not client.login(username="amira.holm@example.dk", password="lange-kodeord-i-herning")
    link = confirmation_link("amira.holm@example.dk")
    assert client.get(link).status_code == 200  # a button: a mail scanner's visit does nothing
    student.user.refresh_from_db()
    assert not student.user.is_active
    response = client.post(link)
    assert response["Location"] == "/bro/anbefalet/"
    assert int(client.session["_auth_user_id"]) == student.user.pk
    assert client.get("/bro/anbefalet/").status_code == 200
    assert client.get("/bro/studerende/opret/")["Location"] == "/bro/min-profil/"
    client.logout()
    assert client.get(link).status_code == 400  # used once


def test_a_signup_with_errors_answers_400_and_keeps_what_was_typed(client, programme):
    response = client.post(
        "/bro/studerende/opret/", signup_data(programme, email="ikke-en-adresse", semester="0")
    )
    assert response.status_code == 400
    assert title(response).startswith(("Error:", "Fejl:"))
    assert field_error(response, "email")
    assert field_error(response, "semester")
    assert field_error(response, "first_name") == ""
    body = response.content.decode()
    for value in ["Amira", "Holm", "ikke-en-adresse", "Programmering af web", "Python, SQL"]:
        assert f'value="{value}"' in body or f"{value}</textarea>" in body, value
    assert "lange-kodeord-i-herning" not in body  # a password is never written into a page
    assert not User.objects.exists()


def privacy_note(body: str) -> str:
    """The sentence just before a form's buttons that links to the privacy policy, or ""."""
    note = r'<p class="form-hint privacy-note">(.*?)</p>\s*<div class="action-bar">'
    found = re.search(note, body)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("language", "text"),
    [("da", "hvordan vi behandler dine personoplysninger"), ("en", "how we handle your")],
    ids=["da", "en"],
)
@pytest.mark.parametrize("who", ["anonymous", "logged-in"])
@pytest.mark.parametrize("url", ["/bro/studerende/opret/", "/bro/organisation/opret/"])
def test_a_signup_form_links_to_the_privacy_policy_beside_its_button(
    client, programme, url, who, language, text
):
    if who == "logged-in":
        client.force_login(UserFactory())
    with translation.override(language):
        client.cookies["django_language"] = language
        body = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        note = privacy_note(body)
        assert f'<a href="{reverse("participation:privacy")}">' in note
    assert text in note


def test_a_cleared_cv_box_on_signup_leaves_the_profile_without_a_cv(client, programme):
    response = client.post("/bro/studerende/opret/", signup_data(programme, **{"cv-clear": "on"}))
    assert response.status_code == 302
    assert not StudentProfile.objects.get().cv


def test_a_weak_password_is_refused_beside_its_field(client, programme):
    response = client.post("/bro/studerende/opret/", signup_data(programme, password="12345678"))
    assert response.status_code == 400
    assert field_error(response, "password")
    assert not StudentProfile.objects.exists()


def profile_data(student, **changes) -> dict:
    return {
        "programme": student.programme_id, "semester": str(student.semester), "skills": "Excel",
        "interests": "Regnskab", "hours_per_week": "", "available_from": "",
    } | changes  # fmt: skip


def encrypted_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(buffer, encryption=pikepdf.Encryption(owner="x", user="y"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.docx", b"PK\x03\x04 not a pdf", "The CV must be a PDF file."),
        ("cv.pdf", b"Hello, I am a text file called .pdf", "The CV must be a PDF file."),
        ("cv.pdf", b"%PDF-1.7\n1 0 obj garbage", "The PDF cannot be read; it may be damaged."),
        ("cv.pdf", pdf_bytes()[:200], "The PDF cannot be read; it may be damaged."),
        ("cv.pdf", encrypted_pdf(), "The PDF is protected by a password; upload one without."),
    ],
    ids=["docx", "text", "garbage", "cut-off", "encrypted"],
)
def test_a_cv_that_is_no_readable_pdf_is_refused(client, name, content, message):
    student = make_student()
    logged_in(client, student.user)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post("/bro/min-profil/", profile_data(student, cv=upload))
    assert response.status_code == 400
    assert field_error(response, "cv") == da(message)
    student.refresh_from_db()
    assert not student.cv
    assert student.interests == ""  # nothing was saved


def test_a_real_pdf_is_kept_as_the_cv(client):
    student = make_student()
    logged_in(client, student.user)
    content = pdf_bytes(pages=2)
    response = client.post(
        "/bro/min-profil/", profile_data(student, cv=pdf_upload(content=content))
    )
    assert response.status_code == 302
    student.refresh_from_db()
    with student.cv.open("rb") as cv:
        assert cv.read() == content
    download = client.get(f"/bro/studerende/{student.pk}/cv/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == content


def test_the_profile_is_edited(client, programme):
    student = make_student(skills="Python")
    logged_in(client, student.user)
    page = client.get("/bro/min-profil/").content.decode()
    assert 'value="Python"' in page  # the skills as text
    response = client.post(
        "/bro/min-profil/",
        profile_data(student, programme=programme.pk, semester="5", skills="SQL, Excel",
                     open_to_contact="on"),
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/bro/min-profil/"
    student.refresh_from_db()
    assert (student.programme, student.semester, student.open_to_contact) == (programme, 5, True)
    assert sorted(s.name for s in student.skills.all()) == ["Excel", "SQL"]


def test_the_cv_can_be_removed_from_the_profile(client):
    student = make_student(cv=pdf_upload())
    logged_in(client, student.user)
    response = client.post("/bro/min-profil/", profile_data(student, **{"cv-clear": "on"}))
    assert response.status_code == 302
    student.refresh_from_db()
    assert not student.cv
    assert client.get(f"/bro/studerende/{student.pk}/cv/").status_code == 404
    application = services.application_create(
        student=student, opportunity=make_opportunity(), message="Hej"
    )
    assert not application.cv


def test_applying_needs_a_profile(client):
    opportunity = make_opportunity()
    logged_in(client, UserFactory())
    response = client.get(f"/bro/opslag/{opportunity.pk}/ansoeg/")
    assert response.status_code == 302
    assert response["Location"] == "/bro/studerende/opret/"


def test_a_student_applies_once(client, emails):
    opportunity = make_opportunity(title="Studiejob i marketing")
    student = make_student(cv=pdf_upload())
    logged_in(client, student.user)
    page = client.get(f"/bro/opslag/{opportunity.pk}/ansoeg/")
    assert page.status_code == 200
    assert opportunity.employer.organisation.name in page.content.decode()
    with emails():
        response = client.post(f"/bro/opslag/{opportunity.pk}/ansoeg/", {"message": "Jeg er klar."})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bro/ansoegninger/{application.pk}/"
    assert (application.student, application.message) == (student, "Jeg er klar.")
    assert application.cv
    assert len(mail.outbox) == 2
    again = client.post(f"/bro/opslag/{opportunity.pk}/ansoeg/", {"message": "Igen."})
    assert again.status_code == 400
    assert da("You have applied for this already.") in again.content.decode()
    assert Application.objects.count() == 1
    empty = client.post(f"/bro/opslag/{opportunity.pk}/ansoeg/", {"message": ""})
    assert empty.status_code == 400
    assert field_error(empty, "message")


def test_a_closed_opportunity_cannot_be_applied_for(client):
    opportunity = make_opportunity()
    logged_in(client, make_student().user)
    url = f"/bro/opslag/{opportunity.pk}/ansoeg/"
    assert client.get(url).status_code == 200
    # The deadline passes while the student writes: the application is refused, and the
    # text is kept on the page with the reason, not lost behind "page not found".
    Opportunity.objects.filter(pk=opportunity.pk).update(deadline=days(-1))
    assert client.get(url).status_code == 404
    response = client.post(url, {"message": "Jeg har skrevet længe på dette."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Jeg har skrevet længe på dette." in page
    assert da("This opportunity no longer takes applications.") in page
    assert 'id="error-summary"' in page
    assert not Application.objects.exists()
    # A draft never published is not there to apply for.
    draft = make_opportunity(published=False)
    response = client.post(f"/bro/opslag/{draft.pk}/ansoeg/", {"message": "x"})
    assert response.status_code == 404


def test_a_student_shows_and_hides_the_profile_to_an_organisation(client):
    opportunity = make_opportunity()
    student = make_student()
    logged_in(client, student.user)
    url = f"/bro/opslag/{opportunity.pk}/vis-profil/"
    assert client.get(url).status_code == 405
    assert client.post(url, {"show": "1"})["Location"] == f"/bro/opslag/{opportunity.pk}/"
    assert list(student.released_to.all()) == [opportunity.employer]
    client.post(url, {"show": "0"})
    assert not student.released_to.exists()


# Organisations -------------------------------------------------------------------------------


def employer_data(**changes) -> dict:
    return {
        "name": "Fjordvind Energi A/S", "cvr": "12345674", "sector": "private",
        "industry": "Vindenergi", "city": "Herning", "website": "fjordvind.example.dk",
        "description": "", "first_name": "Ole", "last_name": "Vind",
        "email": "ole@fjordvind.example.dk", "password": "vindmoeller-i-vest",
    } | changes  # fmt: skip


def test_an_organisation_with_a_wrong_check_digit_is_refused_beside_the_cvr_field(client):
    response = client.post("/bro/organisation/opret/", employer_data(cvr="12345675"))
    assert response.status_code == 400
    assert title(response).startswith(("Error:", "Fejl:"))
    assert field_error(response, "cvr") == da("This is not a valid CVR number: check the digits.")
    response = client.post("/bro/organisation/opret/", employer_data(cvr="1234"))
    assert field_error(response, "cvr") == da("A CVR number has eight digits.")
    assert "vindmoeller-i-vest" not in response.content.decode()  # passwords are not echoed
    assert not Employer.objects.exists()


def test_an_organisation_signs_up_with_the_cvr_as_on_an_invoice(client, emails):
    with emails():
        response = client.post("/bro/organisation/opret/", employer_data(cvr="DK 12 34 56 74"))
    assert response.status_code == 302, field_error(response, "cvr")
    assert response["Location"] == "/bro/tilmelding/sendt/"
    employer = Employer.objects.get()
    assert (employer.cvr, employer.status) == ("12345674", Employer.Status.PENDING)
    assert employer.organisation.website == "https://fjordvind.example.dk"
    user = User.objects.get(email="ole@fjordvind.example.dk")
    assert not user.is_active
    assert "_auth_user_id" not in client.session
    response = client.post(confirmation_link("ole@fjordvind.example.dk"))
    assert response["Location"] == "/bro/organisation/"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/bro/organisation/").status_code == 200
    # A second claim on the same number blocks nobody: the editor's verification decides.
    client.logout()
    response = client.post(
        "/bro/organisation/opret/", employer_data(name="Anden A/S", email="a@example.dk")
    )
    assert response.status_code == 302
    assert Employer.objects.filter(cvr="12345674").count() == 2


def test_a_logged_in_user_registers_an_organisation_without_a_new_account(client):
    user = UserFactory(role=Role.REGISTERED)
    logged_in(client, user)
    data = {k: v for k, v in employer_data().items() if k in {"name", "cvr", "sector", "city"}}
    response = client.post("/bro/organisation/opret/", data)
    assert response.status_code == 302
    assert list(Employer.objects.get().organisation.members.all()) == [user]


@pytest.fixture
def employer():
    return make_employer(name="Sunds Software ApS")


@pytest.fixture
def partner_client(client, employer):
    return logged_in(client, organisation_member(employer))


def opportunity_data(**changes) -> dict:
    return {
        "title": "Studentermedhjælper i IT", "kind": "study_job",
        "description": "Drift af vores servere.", "place": "Sunds", "hours_per_week": "15",
        "paid": "on", "deadline": days(20).isoformat(), "starts_on": days(30).isoformat(),
        "places": "2", "skills": "Linux, Python", "levels": ["short_cycle"],
    } | changes  # fmt: skip


def test_the_opportunity_form_checks_its_dates(partner_client):
    response = partner_client.post(
        "/bro/organisation/opslag/nyt/", opportunity_data(deadline=days(-1).isoformat())
    )
    assert response.status_code == 400
    assert field_error(response, "deadline") == da("The deadline cannot be in the past.")
    response = partner_client.post(
        "/bro/organisation/opslag/nyt/", opportunity_data(starts_on=days(10).isoformat())
    )
    assert response.status_code == 400
    assert field_error(response, "starts_on") == da(
        "The start cannot be before the application deadline."
    )
    assert 'value="Studentermedhjælper i IT"' in response.content.decode()
    assert not Opportunity.objects.exists()


def test_an_organisation_creates_a_draft(partner_client, employer, programme):
    response = partner_client.post(
        "/bro/organisation/opslag/nyt/", opportunity_data(programmes=[programme.pk])
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bro/opslag/{opportunity.pk}/"
    assert (opportunity.employer, opportunity.status) == (employer, Opportunity.Status.DRAFT)
    assert opportunity.levels == ["short_cycle"]
    assert list(opportunity.programmes.all()) == [programme]
    assert sorted(s.name for s in opportunity.skills.all()) == ["Linux", "Python"]
    assert partner_client.get(f"/bro/opslag/{opportunity.pk}/").status_code == 200


def test_submit_review_and_publish(partner_client, employer, editor, emails):
    opportunity = make_opportunity(employer, published=False, title="Praktik i drift")
    url = f"/bro/opslag/{opportunity.pk}/"
    assert partner_client.post(url + "send/")["Location"] == url
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.SUBMITTED
    partner_client.logout()
    assert partner_client.get(url).status_code == 404  # not public yet

    reviewer = logged_in(partner_client, editor)
    review = f"/bro/redaktion/opslag/{opportunity.pk}/"
    assert "Praktik i drift" in reviewer.get("/bro/redaktion/").content.decode()
    response = reviewer.post(review, {"decision": "no", "reason": ""})
    assert response.status_code == 400
    assert field_error(response, "reason") == da("Give a reason when you say no.")
    with emails():
        response = reviewer.post(review, {"decision": "no", "reason": "Skriv lønnen."})
    assert response["Location"] == "/bro/redaktion/"
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.review_note) == ("rejected", "Skriv lønnen.")
    assert "Skriv lønnen." in mail.outbox[0].body

    logged_in(partner_client, organisation_member(employer))
    partner_client.post(url + "send/")
    logged_in(partner_client, editor)
    with emails():
        assert partner_client.post(review, {"decision": "yes", "reason": ""}).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    partner_client.logout()
    assert partner_client.get(url).status_code == 200
    assert "Praktik i drift" in partner_client.get("/bro/").content.decode()


def test_an_opportunity_past_its_deadline_is_not_sent_for_review(partner_client, employer):
    opportunity = make_opportunity(employer, published=False, deadline=days(-2))
    response = partner_client.post(f"/bro/opslag/{opportunity.pk}/send/")
    assert response.status_code == 302
    assert flashed(response) == [
        html.unescape(da("The deadline has passed: move it before sending for review."))
    ]
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.DRAFT


def test_an_editor_verifies_an_organisation(editor_client, emails):
    employer = make_employer(verified=False)
    url = f"/bro/redaktion/organisationer/{employer.pk}/"
    assert editor_client.post(url, {"decision": "no"}).status_code == 400
    with emails():
        assert editor_client.post(url, {"decision": "yes"}).status_code == 302
    employer.refresh_from_db()
    assert employer.is_verified
    assert mail.outbox[0].to == [organisation_member(employer).email]


def test_a_changed_published_opportunity_is_reviewed_again(partner_client, employer):
    opportunity = make_opportunity(employer, title="Gammel titel")
    response = partner_client.post(
        f"/bro/opslag/{opportunity.pk}/rediger/",
        opportunity_data(title="Ny titel", deadline=opportunity.deadline.isoformat()),
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.status) == ("Ny titel", Opportunity.Status.SUBMITTED)


def test_the_organisation_reports_the_places_filled(partner_client, employer):
    opportunity = make_opportunity(employer, places=2, deadline=days(-1))
    url = f"/bro/opslag/{opportunity.pk}/besat/"
    response = partner_client.post(url, {"filled": "3"})
    assert response.status_code == 400
    assert field_error(response, "filled")
    assert partner_client.post(url, {"filled": "2"}).status_code == 302
    assert Placement.objects.filter(source=Placement.Source.REPORTED).count() == 2


# Applications --------------------------------------------------------------------------------


@pytest.fixture
def application(employer):
    return services.application_create(
        student=make_student(), opportunity=make_opportunity(employer), message="Hej"
    )


def test_the_organisation_answers_through_the_form(partner_client, application, emails):
    url = f"/bro/ansoegninger/{application.pk}/"
    page = partner_client.get(url).content.decode()
    assert application.student.user.get_full_name() in page
    assert 'value="offered"' in page
    assert 'value="withdrawn"' not in page  # the student's move, not the organisation's
    refused = partner_client.post(url, {"status": "accepted"})
    assert refused.status_code == 400
    assert field_error(refused, "status")
    with emails():
        response = partner_client.post(url, {"status": "offered", "note": "Kom til samtale."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.OFFERED
    (message,) = mail.outbox
    assert message.to == [application.student.user.email]
    assert "Kom til samtale." in message.body


def test_the_student_accepts_an_offer(client, application):
    services.application_move(
        actor=None, application=application, status=Status.OFFERED, by_student=False
    )
    logged_in(client, application.student.user)
    url = f"/bro/ansoegninger/{application.pk}/"
    assert 'value="accepted"' in client.get(url).content.decode()
    assert client.post(url, {"status": "accepted"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    (placement,) = Placement.objects.all()
    assert (placement.student, placement.source) == (application.student, "application")
    # A final application has no form; an answer posted to it (from a page drawn before) is
    # refused with the reason, on the page.
    assert 'name="status"' not in client.get(url).content.decode()
    refused = client.post(url, {"status": "withdrawn", "note": "Alligevel ikke."})
    assert refused.status_code == 400
    assert "Alligevel ikke." in refused.content.decode()
    assert 'id="error-summary"' in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


# Saved searches and the search page ----------------------------------------------------------


def test_a_search_is_saved_and_deleted(client):
    user = UserFactory()
    logged_in(client, user)
    response = client.post(
        "/bro/soegninger/gem/",
        {"name": "Marketing", "q": " marketing ", "kind": "study_job", "paid": "", "x": "y"},
    )
    search = SavedSearch.objects.get()
    assert (search.user, search.name) == (user, "Marketing")
    assert search.query == {"q": "marketing", "kind": "study_job"}
    assert response["Location"] == "/bro/?q=marketing&kind=study_job"
    nameless = client.post("/bro/soegninger/gem/", {"name": "", "q": "salg"})
    assert nameless["Location"] == "/bro/?q=salg"
    assert SavedSearch.objects.count() == 1
    other = logged_in(client, UserFactory())
    assert other.post(f"/bro/soegninger/{search.pk}/slet/").status_code == 404
    logged_in(client, user)
    assert client.post(f"/bro/soegninger/{search.pk}/slet/")["Location"] == "/bro/mine/"
    assert not SavedSearch.objects.exists()


@pytest.fixture
def listed(programme):
    fields = {"deadline": days(10)}
    return {
        "marketing": make_opportunity(title="Studiejob i marketing", paid=True, **fields),
        "unpaid": make_opportunity(title="Frivillig marketing", **fields),
        "internship": make_opportunity(
            title="Praktik i marketing", kind="internship", programmes=[programme], **fields
        ),
        "other": make_opportunity(title="Lagerarbejde", description="Truck og paller", **fields),
        "draft": make_opportunity(title="Kladde om marketing", published=False, **fields),
        "past": make_opportunity(title="Gammel marketing", deadline=days(-1)),
    }


TITLES = [
    "Studiejob i marketing", "Frivillig marketing", "Praktik i marketing", "Lagerarbejde",
    "Kladde om marketing", "Gammel marketing",
]  # fmt: skip


def titles(response) -> set[str]:
    body = response.content.decode()
    return {t for t in TITLES if t in body}


def test_the_search_filters(client, listed, programme):
    assert titles(client.get("/bro/")) == {
        "Studiejob i marketing", "Frivillig marketing", "Praktik i marketing", "Lagerarbejde",
    }  # fmt: skip
    assert titles(client.get("/bro/?q=marketing")) == {
        "Studiejob i marketing", "Frivillig marketing", "Praktik i marketing",
    }  # fmt: skip
    assert titles(client.get("/bro/?q=marketing&paid=on")) == {"Studiejob i marketing"}
    assert titles(client.get("/bro/?kind=internship")) == {"Praktik i marketing"}
    assert titles(client.get(f"/bro/?programme={programme.pk}")) == {"Praktik i marketing"}
    assert titles(client.get("/bro/?q=paller+truck")) == {"Lagerarbejde"}
    for odd in ["?kind=x&programme=abc", "?side=99", "?side=x", "?q=" + "a" * 500]:
        assert client.get("/bro/" + odd).status_code == 200


def test_htmx_gets_only_the_results(client, listed):
    full = client.get("/bro/?q=marketing").content.decode()
    response = client.get("/bro/?q=marketing", HTTP_HX_REQUEST="true")
    part = response.content.decode()
    assert response.status_code == 200
    assert "<html" in full
    assert "<html" not in part
    assert "<title" not in part
    assert len(part) < len(full) / 2
    assert titles(response) == {
        "Studiejob i marketing",
        "Frivillig marketing",
        "Praktik i marketing",
    }


# Allocation rounds ---------------------------------------------------------------------------


@pytest.fixture
def round_(employer):
    internships = [
        make_opportunity(employer, kind="internship", title=f"Praktik {n}") for n in (1, 2)
    ]
    return allocation.round_create(
        actor=None, name="Praktik, efterår", ranking_closes_on=days(5),
        positions=dict.fromkeys(internships, 1),
    )  # fmt: skip


def test_a_student_ranks_the_rounds_internships(client, round_):
    first, second = round_.positions.order_by("opportunity__title")
    student = make_student()
    logged_in(client, student.user)
    url = f"/bro/runder/{round_.pk}/"
    assert f'name="rank-{first.pk}"' in client.get(url).content.decode()
    response = client.post(url, {f"rank-{first.pk}": "1", f"rank-{second.pk}": "1"})
    assert response.status_code == 400
    assert title(response).startswith(("Error:", "Fejl:"))
    assert da("Give each choice its own number: two have the same.") in response.content.decode()
    assert response.content.decode().count('value="1"') >= 2  # what was typed is kept
    assert not student.choices.exists()
    response = client.post(url, {f"rank-{first.pk}": "2", f"rank-{second.pk}": "1"})
    assert response.status_code == 302
    assert [c.position for c in student.choices.all()] == [second, first]


def test_a_list_sent_after_the_ranking_closed_is_refused_and_kept(client, round_):
    """The page was drawn while the round was open; the list is sent after it closed. The
    student is told it was not saved, and sees the numbers typed: not a page saying nothing."""
    first, second = round_.positions.order_by("opportunity__title")
    student = make_student()
    logged_in(client, student.user)
    url = f"/bro/runder/{round_.pk}/"
    assert f'name="rank-{first.pk}"' in client.get(url).content.decode()
    AllocationRound.objects.filter(pk=round_.pk).update(ranking_closes_on=days(-1))
    response = client.post(url, {f"rank-{first.pk}": "2", f"rank-{second.pk}": "7"})
    assert response.status_code == 400
    assert title(response).startswith(("Error:", "Fejl:"))
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'value="7"' in page  # what was typed is kept
    assert "Save the list" not in page
    assert "Gem listen" not in page  # nothing to send it to
    assert not student.choices.exists()


def test_an_organisation_ranks_its_applicants_with_ties(partner_client, round_):
    position = round_.positions.order_by("opportunity__title").first()
    a, b = make_student(), make_student()
    for student in (a, b):
        allocation.round_choices_set(round_=round_, student=student, ranks={position.pk: 1})
    url = f"/bro/pladser/{position.pk}/rangering/"
    page = partner_client.get(url).content.decode()
    assert a.user.get_full_name() in page
    assert f'href="/bro/studerende/{a.pk}/"' in page  # each applicant's profile, to rank by
    response = partner_client.post(url, {f"rank-{a.pk}": "0", f"rank-{b.pk}": "1"})
    assert response.status_code == 400
    assert field_error(response, f"rank-{a.pk}")
    assert 'value="0"' in response.content.decode()
    response = partner_client.post(url, {f"rank-{a.pk}": "1", f"rank-{b.pk}": "1"})
    assert response.status_code == 302
    assert sorted(EmployerRanking.objects.values_list("student_id", "rank")) == [
        (a.pk, 1), (b.pk, 1),
    ]  # fmt: skip


def test_an_editor_creates_matches_and_publishes_a_round(editor_client, employer, emails):
    internship = make_opportunity(employer, kind="internship", title="Praktik i IT", places=1)
    response = editor_client.post(
        "/bro/redaktion/runder/ny/",
        {
            "name": "Forår",
            "ranking_closes_on": days(7).isoformat(),
            "opportunities": [internship.pk],
        },
    )
    round_ = AllocationRound.objects.get()
    assert response["Location"] == f"/bro/redaktion/runder/{round_.pk}/"
    position = round_.positions.get()
    a, b = make_student(), make_student()
    for student in (a, b):
        allocation.round_choices_set(round_=round_, student=student, ranks={position.pk: 1})
    allocation.round_rankings_set(actor=None, position=position, ranks={b.pk: 1, a.pk: 2})

    manage = f"/bro/redaktion/runder/{round_.pk}/"
    early = editor_client.post(manage + "match/")  # ranking is still open
    assert early["Location"] == manage
    round_.refresh_from_db()
    assert round_.status == AllocationRound.Status.OPEN
    assert any(f"{days(7).day}." in m for m in flashed(early))  # says until when it is open
    AllocationRound.objects.filter(pk=round_.pk).update(ranking_closes_on=days(-1))
    assert editor_client.post(manage + "match/")["Location"] == manage
    round_.refresh_from_db()
    assert round_.status == AllocationRound.Status.MATCHED
    assert editor_client.get(manage).status_code == 200
    with emails():
        editor_client.post(manage + "publish/")
    round_.refresh_from_db()
    assert round_.status == AllocationRound.Status.PUBLISHED
    assert list(Placement.objects.values_list("student_id", flat=True)) == [b.pk]
    contact = employer.organisation.members.get().email  # told whom it was allocated
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.user.email, b.user.email, contact])
    allocated = next(m for m in mail.outbox if m.to == [contact])
    assert b.user.get_full_name() in allocated.body
    assert a.user.get_full_name() not in allocated.body
    again = editor_client.post(manage + "publish/")
    assert html.unescape(da("Match the round before publishing it.")) in flashed(again)
    assert Placement.objects.count() == 1
    # The student sees the result.
    logged_in(editor_client, b.user)
    assert "Praktik i IT" in editor_client.get(f"/bro/runder/{round_.pk}/").content.decode()


def test_an_unknown_round_step_does_nothing(editor_client, round_):
    allocation.round_match(actor=None, round_=round_, today=days(6))
    response = editor_client.post(f"/bro/redaktion/runder/{round_.pk}/publicer/")
    assert response.status_code == 404
    round_.refresh_from_db()
    assert round_.status == AllocationRound.Status.MATCHED


def test_an_editor_assigns_mentors(editor_client, emails):
    mentor = make_opportunity(kind="mentorship", title="Mentor i energi", places=1)
    application = services.application_create(
        student=make_student(), opportunity=mentor, message="Hej"
    )
    assert editor_client.get("/bro/redaktion/mentorer/").status_code == 405
    with emails():
        response = editor_client.post("/bro/redaktion/mentorer/")
    assert response["Location"] == "/bro/redaktion/"
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert Placement.objects.get().source == Placement.Source.MENTORING


# Placements ----------------------------------------------------------------------------------


def test_the_placements_page_and_its_csv(editor_client, employer):
    study_job = make_opportunity(employer, places=3, deadline=days(-1), starts_on=days(20))
    services.opportunity_report_filled(actor=None, opportunity=study_job, filled=3)
    internship = make_opportunity(kind="internship", starts_on=days(20))
    application = services.application_create(
        student=make_student(), opportunity=internship, message="Hej"
    )
    services.application_move(
        actor=None, application=application, status=Status.OFFERED, by_student=False
    )
    services.application_move(
        actor=None, application=application, status=Status.ACCEPTED, by_student=True
    )
    year = days(20).year
    with translation.override("da"):
        study, practice = (str(Opportunity.Kind(k).label) for k in ("study_job", "internship"))
    page = editor_client.get("/bro/redaktion/placeringer/?efter=kind")
    assert page.status_code == 200
    cells = r"<tr>\s*<td>(\d+)</td>\s*<td>([^<]*)</td>\s*<td[^>]*>(\d+)</td>\s*</tr>"
    rows = re.findall(cells, page.content.decode())
    assert sorted(rows) == sorted([(str(year), study, "3"), (str(year), practice, "1")])
    response = editor_client.get("/bro/redaktion/placeringer/?efter=kind&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="placeringer-kind.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["year", "kind", "placements"]
    assert sorted(rows[1:]) == sorted([[str(year), study, "3"], [str(year), practice, "1"]])
    by_programme = editor_client.get("/bro/redaktion/placeringer/?efter=programme&format=csv")
    rows = list(csv.reader(io.StringIO(by_programme.content.decode("utf-8-sig")), delimiter=";"))
    with translation.override("da"):
        unknown = translation.gettext("Not known")
    assert sorted(rows[1:]) == sorted(
        [[str(year), unknown, "3"], [str(year), application.student.programme.title_da, "1"]]
    )
    odd = editor_client.get("/bro/redaktion/placeringer/?efter=nonsense")
    assert odd.status_code == 200


def test_a_logged_in_user_without_a_profile_gets_one_on_the_same_account(client, db):
    from uddannelsesby.bridge.models import StudentProfile

    from ..catalogue.helpers import make_programme
    from ..factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    page = client.get("/bro/studerende/opret/").content.decode()
    assert 'name="password"' not in page  # no second account
    programme = make_programme()
    response = client.post(
        "/bro/studerende/opret/", {"programme": programme.pk, "semester": 2, "skills": "Excel"}
    )
    assert response.status_code == 302
    assert StudentProfile.objects.get().user == user


def test_recommendations_leave_out_what_has_nothing_in_common(client):
    from ..catalogue.helpers import make_programme

    nurse = make_student(programme=make_programme(title_da="Sygeplejerske", level="master"))
    make_opportunity(title="Lagerjob", levels=["vocational"], programmes=[make_programme()])
    make_opportunity(title="For alle", description="Alle uddannelser er velkomne.")
    client.force_login(nurse.user)
    page = client.get("/bro/anbefalet/").content.decode()
    assert "For alle" in page
    assert "Lagerjob" not in page


def test_only_possible_students_are_invited_to_a_round(client, round_):
    invitation = da("Create a student profile")
    url = f"/bro/runder/{round_.pk}/"
    logged_in(client, UserFactory(role=Role.REGISTERED))
    assert invitation in client.get(url).content.decode()  # no profile yet, ranking open
    AllocationRound.objects.filter(pk=round_.pk).update(ranking_closes_on=days(-1))
    assert invitation not in client.get(url).content.decode()  # closed: too late to join
    AllocationRound.objects.filter(pk=round_.pk).update(ranking_closes_on=days(5))
    logged_in(client, UserFactory(role=Role.EDITOR))
    assert invitation not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("url", "button"),
    [
        ("/bro/studerende/opret/", "Opret profil"),
        ("/bro/organisation/opret/", "Registrér organisationen"),
    ],
    ids=["student", "organisation"],
)
def test_a_signup_form_says_what_its_button_does(client, programme, url, button):
    """The sign-up buttons read "Gem" (Save), as on an edit form."""
    body = client.get(url).content.decode()
    assert f'<button class="button button-primary" type="submit">{button}</button>' in body


def test_a_cv_with_a_long_file_name_is_kept(client):
    """The name the student gave the file is never stored (a random one is), so its length
    is no reason to refuse it."""
    student = make_student()
    logged_in(client, student.user)
    name = (
        "Curriculum vitae - Åse Øberg-Kristensen - ansøgning om praktikplads i "
        "marketing og kommunikation forår 2027 (endelig version).pdf"
    )
    assert len(name) > 100
    response = client.post("/bro/min-profil/", profile_data(student, cv=pdf_upload(name=name)))
    assert response.status_code == 302, field_error(response, "cv")
    student.refresh_from_db()
    assert student.cv.name.startswith("bridge/studentprofile/")
    assert len(student.cv.name) <= 100


def test_a_new_cv_asks_to_be_chosen_again_when_another_field_is_wrong(client):
    """The semester was wrong: the page comes back, and the CV chosen with it is not there."""
    student = make_student()
    logged_in(client, student.user)
    data = profile_data(student, cv=pdf_upload(), semester="99")
    response = client.post("/bro/min-profil/", data)
    assert response.status_code == 400
    assert field_error(response, "semester")
    assert "Vælg filen igen" in field_error(response, "cv")
