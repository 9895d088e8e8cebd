"""A student's profile on the personal-data page: shown, exported and deleted with its CVs."""

import itertools
import json
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from uddannelsesby.accounts.models import Membership, User
from uddannelsesby.bridge import services
from uddannelsesby.bridge.models import (
    Application,
    Opportunity,
    Placement,
    SavedSearch,
    StudentProfile,
)
from uddannelsesby.core.scheduling import JobRun
from uddannelsesby.participation.tokens import data_token

from .helpers import (
    make_employer,
    make_opportunity,
    make_student,
    organisation_member,
    pdf_upload,
)

pytestmark = pytest.mark.django_db(transaction=True)  # the CV files go when the delete commits


def stored(*names: str) -> list[bool]:
    return [default_storage.exists(name) for name in names]


def test_the_page_shows_exports_and_deletes_a_students_profile(client):
    student = make_student(email="Sara@example.dk", cv=pdf_upload(), interests="Grafisk design")
    opportunity = make_opportunity(title="Studiejob i kommunikation")
    application = services.application_create(
        student=student, opportunity=opportunity, message="Hej!"
    )
    services.saved_search_create(user=student.user, name="Design", query={"q": "design"})
    Placement.objects.create(
        opportunity=opportunity, student=student, year=2026, kind=opportunity.kind,
        sector=opportunity.employer.sector, source=Placement.Source.APPLICATION,
    )  # fmt: skip
    # The profile's CV and the copy sent with the application.
    cvs = (student.cv.name, application.cv.name)
    assert stored(*cvs) == [True, True]
    token = data_token("sara@example.dk")

    exported = json.loads(client.get(f"/deltag/mine-data/{token}/?format=json").content)
    (profile,) = exported["other"]["student_profiles"]
    assert profile["interests"] == "Grafisk design"
    assert profile["cv"] is True
    assert profile["saved_searches"] == ["Design"]
    assert [a["opportunity"] for a in profile["applications"]] == ["Studiejob i kommunikation"]
    page = client.get(f"/deltag/mine-data/{token}/").content.decode()
    assert "Studiejob i kommunikation" in page
    assert "Din profil som studerende slettes" in page

    response = client.post(f"/deltag/mine-data/{token}/")
    assert "Din profil som studerende er slettet." in response.content.decode()
    assert not StudentProfile.objects.exists()
    assert not Application.objects.exists()
    assert not SavedSearch.objects.exists()
    assert not User.objects.filter(email__iexact="sara@example.dk").exists()
    assert stored(*cvs) == [False, False]
    assert Placement.objects.get().student is None  # the follow-up still counts the placement


def test_an_account_used_for_more_than_a_profile_stays(client):
    student = make_student(email="mentor@example.dk", cv=pdf_upload())
    employer = make_employer()
    Membership.objects.create(user=student.user, organisation=employer.organisation)
    client.post(f"/deltag/mine-data/{data_token('mentor@example.dk')}/")
    assert not StudentProfile.objects.exists()
    assert User.objects.filter(email="mentor@example.dk").exists()
    assert stored(student.cv.name) == [False]


def test_the_privacy_policy_names_student_profiles(client, db):
    page = client.get("/deltag/privatlivspolitik/").content.decode()
    assert "Profiler for studerende" in page


def test_a_withdrawn_application_no_longer_shows_the_student_to_the_organisation(client):
    """Withdrawing takes back what was sent: the organisation keeps that an application came
    and went (its list, its history), not the student's name, e-mail, message or CV."""
    student = make_student(
        first_name="Sara", last_name="Kjær", email="sara@example.dk", cv=pdf_upload()
    )
    opportunity = make_opportunity(title="Studiejob i kommunikation")
    application = services.application_create(
        student=student, opportunity=opportunity, message="Jeg hedder Sara og kan InDesign."
    )
    member = User.objects.create_user(username="hr", email="hr@example.dk", password="x")
    Membership.objects.create(user=member, organisation=opportunity.employer.organisation)
    client.force_login(member)
    assert "Sara Kjær" in client.get(application.get_absolute_url()).content.decode()
    cv = application.cv.name

    services.application_move(
        actor=student.user, application=application, status=Application.Status.WITHDRAWN,
        note="Jeg har fået et andet job.", by_student=True,
    )  # fmt: skip
    assert stored(cv) == [False]
    pages = [
        client.get(url).content.decode()
        for url in (
            application.get_absolute_url(),
            reverse("bridge:opportunity_applications", args=[opportunity.pk]),
        )
    ]
    for page, name in itertools.product(pages, ["Sara", "Kjær", "InDesign"]):
        assert name not in page
    assert "Trukket tilbage" in pages[0]
    assert "Jeg har fået et andet job." in pages[0]
    assert client.get(reverse("bridge:student", args=[student.pk])).status_code == 403
    assert client.get(reverse("bridge:application_cv", args=[application.pk])).status_code == 404


def test_an_application_that_led_to_no_place_loses_the_students_details_in_time(client, settings):
    """Six months (a setting) after the deadline and the last answer, an application that led
    to no place keeps no message, CV or name; an accepted one stays, and so does a newer one.
    The privacy page states the period the job uses."""
    settings.BRIDGE_APPLICATION_RETENTION_DAYS = 30
    now = timezone.now()
    old = make_opportunity(title="Studiejob i foråret")
    new = make_opportunity(title="Studiejob nu")
    students = [make_student(first_name=name, cv=pdf_upload()) for name in ("Ali", "Bo", "Cy")]
    declined, accepted, recent = (
        services.application_create(student=student, opportunity=opportunity, message="Hej!")
        for student, opportunity in zip(students, (old, old, new), strict=True)
    )
    Application.objects.filter(pk=declined.pk).update(status=Application.Status.DECLINED)
    Application.objects.filter(pk=accepted.pk).update(status=Application.Status.ACCEPTED)
    Application.objects.update(updated_at=now - timedelta(days=35))
    Opportunity.objects.filter(pk=old.pk).update(deadline=now.date() - timedelta(days=40))
    Opportunity.objects.filter(pk=new.pk).update(deadline=now.date() - timedelta(days=5))
    cvs = [a.cv.name for a in (declined, accepted, recent)]

    assert services.applications_expire(now=now, run=JobRun("test")) == 1
    declined.refresh_from_db()
    assert (declined.message, declined.cv.name, declined.expired_at) == ("", "", now)
    assert stored(*cvs) == [False, True, True]
    assert Application.objects.filter(message="Hej!").count() == 2
    member = organisation_member(old.employer)
    client.force_login(member)
    page = client.get(declined.get_absolute_url()).content.decode()
    assert "Ali" not in page
    assert "Slettet, da opbevaringsperioden udløb." in page
    assert client.get(reverse("bridge:student", args=[students[0].pk])).status_code == 403
    assert services.applications_expire(now=now, run=JobRun("test")) == 0  # once
    privacy = client.get(reverse("participation:privacy")).content.decode()
    assert "i 30 dage efter ansøgningsfristen" in privacy
