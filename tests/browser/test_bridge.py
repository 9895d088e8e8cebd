"""axe on every page of the bridge (/bro/), as the user who sees it, in normal and error states,
after an htmx update of the search, and at 390 px for the list, an opportunity and the pages
with tables; searching, applying and answering an application without JavaScript.

The live server empties the database after each test, so each test checks many pages on one
set of data instead of one page per test.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from uddannelsesby.accounts.models import Role
from uddannelsesby.bridge import allocation, services
from uddannelsesby.bridge.models import Application

from ..bridge.helpers import make_employer, make_opportunity, make_student, pdf_upload
from ..catalogue.helpers import make_institution, make_programme
from ..factories import UserFactory
from .conftest import DUPLICATE_IDS, session_cookie, t

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def build_world() -> dict:
    """Two verified organisations and one waiting, open and closed opportunities, students
    who applied, opened or showed their profile, an open and a published allocation round."""
    today = timezone.localdate()
    via = make_institution(name="VIA University College Herning")
    marketing = make_programme(via, title_da="Markedsføringsøkonom")
    computing = make_programme(via, title_da="Datamatiker", field="it")
    member = UserFactory(role=Role.PARTNER, username="tekstil", first_name="Ole", last_name="Olsen")
    employer = make_employer(
        member=member, name="Midtjysk Tekstil A/S", website="https://example.dk/"
    )
    other = make_employer(name="Fjordvind Energi A/S", sector="public")
    pending = make_employer(verified=False, name="Ny Rådgivning ApS", description="Vi rådgiver.")
    job = make_opportunity(
        employer, title="Studiejob i marketing", programmes=[marketing], paid=True,
        hours_per_week=15, skills="Excel, sociale medier",
        starts_on=today + datetime.timedelta(days=30),
    )  # fmt: skip
    internship = make_opportunity(
        employer, title="Praktik i dataanalyse", kind="internship", credit_giving=True,
        programmes=[computing], skills="Python",
    )  # fmt: skip
    other_internship = make_opportunity(
        other, title="Praktik i energiplanlægning", kind="internship", levels=["short_cycle"]
    )
    make_opportunity(other, title="Mentor i energibranchen", kind="mentorship", places=2)
    make_opportunity(employer, published=False, title="Sommerjob på lageret")
    submitted = make_opportunity(employer, published=False, title="Studiejob i kundeservice")
    services.opportunity_submit(actor=member, opportunity=submitted)

    anna = make_student(
        first_name="Anna", last_name="Andersen", programme=computing, skills="Python, Excel",
        interests="Data og vindenergi.", cv=pdf_upload(),
    )  # fmt: skip
    dan = make_student(first_name="Dan", last_name="Dahl", programme=computing)
    anonymous = make_student(programme=marketing, open_to_contact=True, skills="Excel")
    released = make_student(first_name="Rie", last_name="Ravn", programme=marketing)
    services.profile_release(student=released, employer=employer)
    application = services.application_create(
        student=anna, opportunity=job, message="Jeg kan lide tal og tekstiler."
    )
    services.saved_search_create(
        user=anna.user, name="Betalte studiejob", query={"kind": "study_job", "paid": "on"}
    )

    open_round = allocation.round_create(
        actor=None, name="Praktik, efterår", ranking_closes_on=today + datetime.timedelta(days=9),
        positions={internship: 1, other_internship: 1},
    )  # fmt: skip
    position = open_round.positions.get(opportunity=internship)
    allocation.round_choices_set(round_=open_round, student=anna, ranks={position.pk: 1})
    # Published: Anna's first choice went to Dan, whom the organisation ranked higher.
    past_round = allocation.round_create(
        actor=None, name="Praktik, forår", ranking_closes_on=today - datetime.timedelta(days=9),
        positions={internship: 1, other_internship: 1},
    )  # fmt: skip
    first, second = (
        past_round.positions.get(opportunity=o) for o in (internship, other_internship)
    )
    closed = past_round.ranking_closes_on  # ranked on its last day
    for student in (anna, dan):
        ranks = {first.pk: 1, second.pk: 2}
        allocation.round_choices_set(round_=past_round, student=student, ranks=ranks, today=closed)
    allocation.round_rankings_set(
        actor=member, position=first, ranks={dan.pk: 1, anna.pk: 2}, today=closed
    )
    allocation.round_rankings_set(actor=None, position=second, ranks={anna.pk: 1}, today=closed)
    allocation.round_match(actor=None, round_=past_round)
    allocation.round_publish(actor=None, round_=past_round, tell_students=False)
    return {
        "member": member, "anna": anna, "job": job, "other_internship": other_internship,
        "submitted": submitted, "pending": pending, "application": application,
        "anonymous": anonymous, "released": released, "open_round": open_round,
        "past_round": past_round, "position": position,
    }  # fmt: skip


def as_user(page, live_server, user) -> None:
    page.context.clear_cookies()
    if user is not None:
        page.context.add_cookies([session_cookie(user, live_server.url)])


def submit(page, name: str = "") -> None:
    """Click the form's submit button (by its name, or the last one in main)."""
    main = page.locator("main")
    button = main.get_by_role("button", name=name, exact=True) if name else None
    with page.expect_navigation():
        (button or main.locator("form button[type=submit]").last).click()


def assert_error_page(page) -> None:
    assert page.locator("#error-summary").is_visible()
    assert page.title().startswith(t("Error:"))


def test_public_and_student_pages_are_accessible(page, live_server, world, assert_accessible):
    base = live_server.url
    job = world["job"].get_absolute_url()
    for url in ["/bro/", "/bro/?q=praktik&kind=internship&credit=on", job,
                "/bro/tilmelding/sendt/", "/bro/studerende/opret/"]:  # fmt: skip
        page.goto(base + url)
        assert_accessible(page)
    submit(page)
    assert_error_page(page)
    assert_accessible(page)

    page.goto(base + "/bro/organisation/opret/")
    for field, value in {
        "name": "Ny Virksomhed ApS", "cvr": "12345678", "city": "Herning",
        "first_name": "Eva", "last_name": "Eriksen", "email": "eva@example.dk",
        "password": "hemmelig-adgang-2026",
    }.items():  # fmt: skip
        page.locator(f"#id_{field}").fill(value)
    page.locator("#id_sector").select_option("private")
    submit(page)
    assert_error_page(page)
    assert page.locator("#id_cvr-error").is_visible()
    assert page.locator("#error-summary li").count() == 1
    assert_accessible(page)

    # With JavaScript, a changed filter replaces the results in place.
    page.goto(base + "/bro/")
    page.locator("#id_kind").select_option("internship")
    page.wait_for_url(re.compile(r"kind=internship"))
    page.wait_for_function("() => document.querySelectorAll('.bridge-list h3').length === 2")
    # The count is announced by a live region that stays on the page.
    expect(page.locator("#bridge-status")).to_contain_text("2")
    assert page.locator("#id_kind").input_value() == "internship"
    assert_accessible(page)
    assert page.evaluate(DUPLICATE_IDS) == []  # the header menu is not built twice

    page.set_viewport_size({"width": 390, "height": 800})
    for url in ["/bro/", job]:
        page.goto(base + url)
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    as_user(page, live_server, world["anna"].user)
    page.goto(base + world["other_internship"].get_absolute_url())
    main = page.locator("main")
    assert main.get_by_role("link", name=t("Apply"), exact=True).is_visible()
    show = main.get_by_role("button", name=t("Show my profile to the organisation"))
    assert show.is_visible()
    assert_accessible(page)
    page.goto(base + f"/bro/opslag/{world['other_internship'].pk}/ansoeg/")
    assert_accessible(page)
    submit(page)  # no message
    assert_error_page(page)
    assert_accessible(page)

    page.goto(base + "/bro/min-profil/")
    assert page.get_by_label(t("Remove the CV")).count() == 1  # she has a CV
    assert_accessible(page)
    page.locator("#id_cv").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}]
    )
    submit(page)
    assert_error_page(page)
    assert page.locator("#id_cv-error").is_visible()
    assert_accessible(page)

    page.goto(base + "/bro/mine/")
    assert page.locator("main").get_by_role("link", name="Betalte studiejob").is_visible()
    for url in ["/bro/anbefalet/", "/bro/mine/", world["application"].get_absolute_url(),
                world["past_round"].get_absolute_url()]:  # fmt: skip
        page.goto(base + url)
        assert_accessible(page)
    assert page.locator("main h3").count() == 1  # why not higher on the list

    page.goto(base + world["open_round"].get_absolute_url())
    assert_accessible(page)
    ranks = page.locator("main form input[type=number]")
    assert ranks.count() == 2
    ranks.nth(0).fill("1")
    ranks.nth(1).fill("1")
    submit(page)
    assert_error_page(page)
    assert_accessible(page)


def test_organisation_pages_are_accessible(page, live_server, world, assert_accessible):
    base = live_server.url
    as_user(page, live_server, world["member"])
    job, application = world["job"], world["application"]
    page.goto(base + job.get_absolute_url())
    assert page.locator("main").get_by_role("link", name=t("Apply"), exact=True).count() == 0
    for url in [job.get_absolute_url(), "/bro/organisation/",
                f"/bro/opslag/{job.pk}/ansoegninger/", f"/bro/opslag/{job.pk}/besat/",
                f"/bro/opslag/{job.pk}/rediger/", f"/bro/pladser/{world['position'].pk}/rangering/",
                f"/bro/studerende/{world['anonymous'].pk}/",
                f"/bro/studerende/{world['released'].pk}/",
                world["past_round"].get_absolute_url(),  # the students it was allocated
                "/bro/organisation/opslag/nyt/"]:  # fmt: skip
        page.goto(base + url)
        assert_accessible(page)
    submit(page)
    assert_error_page(page)
    assert_accessible(page)

    page.goto(base + application.get_absolute_url())
    assert page.locator("main input[type=radio]").count() == 3
    assert_accessible(page)
    submit(page, t("Save"))  # no status chosen
    assert_error_page(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 800})
    for url in ["/bro/organisation/", f"/bro/opslag/{job.pk}/ansoegninger/"]:
        page.goto(base + url)
        assert_accessible(page)


def test_editor_pages_are_accessible(editor_page, live_server, world, assert_accessible):
    page, base = editor_page, live_server.url
    for url in ["/bro/redaktion/", f"/bro/redaktion/opslag/{world['submitted'].pk}/",
                "/bro/redaktion/runder/ny/", f"/bro/redaktion/runder/{world['open_round'].pk}/",
                f"/bro/redaktion/runder/{world['past_round'].pk}/",
                "/bro/redaktion/placeringer/", "/bro/redaktion/placeringer/?efter=programme",
                f"/bro/redaktion/organisationer/{world['pending'].pk}/"]:  # fmt: skip
        page.goto(base + url)
        assert_accessible(page)
    page.locator("main input[name=decision][value=no]").check()
    submit(page)
    assert_error_page(page)
    assert page.locator("#id_reason-error").is_visible()
    assert_accessible(page)

    page.goto(base + "/bro/redaktion/runder/ny/")
    submit(page)
    assert_error_page(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 800})
    for url in [f"/bro/redaktion/runder/{world['past_round'].pk}/", "/bro/redaktion/placeringer/"]:
        page.goto(base + url)
        assert_accessible(page)


@pytest.fixture
def nojs_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_search_apply_and_answer_work_without_javascript(nojs_page, live_server, world):
    page, base = nojs_page, live_server.url
    page.goto(base + "/bro/")
    assert page.locator(".bridge-list h3").count() == 4
    page.locator("#id_q").fill("praktik")
    page.locator("#id_kind").select_option("internship")
    page.locator("#id_credit").check()
    submit(page, t("Search"))
    assert "kind=internship" in page.url
    assert "credit=on" in page.url
    assert page.locator(".bridge-list h3").all_inner_texts() == ["Praktik i dataanalyse"]

    # The student applies for the other organisation's internship.
    anna = world["anna"]
    as_user(page, live_server, anna.user)
    page.goto(base + world["other_internship"].get_absolute_url())
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=t("Apply"), exact=True).click()
    page.locator("#id_message").fill("Jeg vil gerne lære om energiplanlægning.")
    submit(page, t("Send the application"))
    application = Application.objects.get(student=anna, opportunity=world["other_internship"])
    assert page.url.endswith(application.get_absolute_url())
    assert t("Your application is sent.") in page.locator(".messages").inner_text()

    # The organisation answers an application.
    as_user(page, live_server, world["member"])
    page.goto(base + world["application"].get_absolute_url())
    page.locator("main").get_by_label(t("In dialogue")).check()
    page.locator("#id_note").fill("Kom til en snak på tirsdag.")
    submit(page, t("Save"))
    world["application"].refresh_from_db()
    assert world["application"].status == Application.Status.IN_DIALOGUE
    assert "Kom til en snak på tirsdag." in page.locator("main").inner_text()
