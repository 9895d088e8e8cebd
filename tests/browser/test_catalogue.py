"""axe on the catalogue pages (Danish and English, normal and error states, 390 px), the
programme search with and without JavaScript, and the JSON-LD blocks under the strict CSP."""

import json

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.catalogue import services

from ..catalogue.helpers import make_event, make_institution, make_programme
from ..factories import UserFactory
from .conftest import session_cookie, t

pytestmark = pytest.mark.browser

COLLECT_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def site(transactional_db):
    via = make_institution(name="VIA University College Herning", accessibility="Elevator.")
    eamv = make_institution(name="Erhvervsakademi MidtVest", kind="business_academy")
    nurse = make_programme(
        via, title_da="Sygeplejerske", title_en="Nursing", level="professional_bachelor",
        field="health", admission="En gymnasial eksamen.", description_da="Om **faget**.",
    )  # fmt: skip
    make_programme(eamv, title_da="Datamatiker", field="it", language="en")
    make_programme(eamv, title_da="Korte uddannelser i økonomi")
    event = make_event(title="Introfest", institution=via)
    housing = services.housing_create(
        actor=None, name="Kollegiet", street_address="Vej 1", postal_code="7400",
        city="Herning", rent_min=3000, rent_max=4000, size_min=20, size_max=30,
        waiting_list="Skriv dig op.",
    )  # fmt: skip
    services.offer_create(actor=None, name="Svømning", category="sport", description="Vand.")
    page = services.page_create(actor=None, language="da", title="Studer i Herning",
                                is_published=True)  # fmt: skip
    services.block_create(actor=None, page=page, kind="text", heading="Hvorfor", text="Fordi.")
    services.block_create(actor=None, page=page, kind="programmes", programmes=[nurse])
    services.block_create(actor=None, page=page, kind="events", heading="Det sker",
                          events=[event])  # fmt: skip
    return {"programme": nurse, "institution": via, "event": event, "housing": housing,
            "page": page}  # fmt: skip


def pages(site) -> dict[str, str]:
    return {
        "search": "/uddannelser/",
        "search-filtered": "/uddannelser/?q=uddannelse&level=short_cycle",
        "programme": site["programme"].get_absolute_url(),
        "institutions": "/uddannelser/institutioner/",
        "institution": site["institution"].get_absolute_url(),
        "student-life": "/uddannelser/studieliv/",
        "housing-list": "/uddannelser/boliger/",
        "housing": site["housing"].get_absolute_url(),
        "events": "/uddannelser/begivenheder/",
        "event": site["event"].get_absolute_url(),
        "offers": "/uddannelser/fritid/",
        "pages": "/uddannelser/studer-i-herning/",
        "page": site["page"].get_absolute_url(),
        "open-data": "/uddannelser/data/",
    }


EDITOR_FORMS = {
    "programme-create": "/uddannelser/uddannelse/ny/",
    "institution-create": "/uddannelser/institutioner/ny/",
    "housing-create": "/uddannelser/boliger/ny/",
    "event-create": "/uddannelser/begivenheder/ny/",
    "offer-create": "/uddannelser/fritid/ny/",
    "page-create": "/uddannelser/studer-i-herning/ny/",
    "import": "/uddannelser/importer/uddannelser/",
}


@pytest.fixture
def catalogue_editor(page, live_server, transactional_db):
    editor = UserFactory(role=Role.EDITOR, username="katalogredaktoer")
    page.context.add_cookies([session_cookie(editor, live_server.url)])
    return page


@pytest.mark.parametrize("language", ["da", "en"])
def test_public_pages_are_accessible(page, live_server, site, assert_accessible, language):
    if language == "en":
        page.goto(live_server.url + "/sprog/en/")
    for url in pages(site).values():
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)


def test_pages_are_accessible_at_390_px_and_for_editors(
    catalogue_editor, live_server, site, assert_accessible
):
    for name in ["search", "programme", "page", "events"]:
        catalogue_editor.goto(live_server.url + pages(site)[name])
        assert_accessible(catalogue_editor)
    catalogue_editor.set_viewport_size({"width": 390, "height": 800})
    for name in ["search", "programme", "events"]:
        catalogue_editor.goto(live_server.url + pages(site)[name])
        assert_accessible(catalogue_editor)


@pytest.mark.parametrize("name", list(EDITOR_FORMS))
def test_forms_are_accessible_also_with_errors(
    catalogue_editor, live_server, site, assert_accessible, name
):
    catalogue_editor.goto(live_server.url + EDITOR_FORMS[name])
    assert_accessible(catalogue_editor)
    catalogue_editor.locator("main form button[type=submit]").last.click()
    catalogue_editor.wait_for_load_state()
    assert catalogue_editor.locator("#error-summary").is_visible()
    assert catalogue_editor.title().startswith(t("Error:"))
    assert_accessible(catalogue_editor)


@pytest.mark.parametrize("javascript", [True, False])
def test_search_works_with_and_without_javascript(browser, live_server, site, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="da-DK")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/uddannelser/")
    page.fill("#id_q", "uddannelse")
    page.locator("#programme-search button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#programme-results li h3').length === 1"
    )
    assert "økonomi" in page.locator("#programme-results li h3").inner_text()
    page.locator("#programme-search input[name=q]").fill("")
    page.locator("#programme-search button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#programme-results li h3').length === 3"
    )
    page.check("input[name=field][value=it]")
    if not javascript:
        page.locator("#programme-search button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#programme-results li h3').length === 1"
    )
    assert "Datamatiker" in page.locator("#programme-results").inner_text()
    assert "field=it" in page.url  # every filtered view has its own address
    assert errors == []
    context.close()


def test_json_ld_parses_and_the_csp_reports_no_violation(page, live_server, site):
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.add_init_script(COLLECT_CSP_VIOLATIONS)
    for name, expected in [("programme", "EducationalOccupationalProgram"),
                           ("institution", "CollegeOrUniversity"), ("event", "Event")]:  # fmt: skip
        response = page.goto(live_server.url + pages(site)[name])
        assert "script-src 'self'" in response.headers["content-security-policy"]
        blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
        assert [json.loads(block)["@type"] for block in blocks] == [expected]
        assert page.evaluate("window.__cspViolations") == []
    assert not [m for m in messages if "Content Security Policy" in m]


def test_housing_and_an_event_typed_as_people_type_them(editor_page, live_server):
    """In a real browser: "7400 Herning" typed in the postal code field (its maxlength was the
    column's ten, and the server refused it for its length), the town left empty; an event
    whose price is "Gratis", a website typed "www.herning.dk"."""
    from uddannelsesby.catalogue.models import Event, Housing

    page = editor_page
    page.goto(f"{live_server.url}/uddannelser/boliger/ny/")
    page.fill("#id_name", "Kollegiet ved Åen")
    page.fill("#id_street_address", "Åvej 1")
    page.fill("#id_postal_code", "7400 Herning")
    page.fill("#id_rent_min", "3.200 kr.")
    page.fill("#id_rent_max", "4.500,-")
    page.fill("#id_size_min", "18")
    page.fill("#id_size_max", "30")
    page.fill("#id_waiting_list", "Skriv dig op.")
    page.fill("#id_website", "www.herning.dk")
    if page.locator("#id_kind").count():
        page.select_option("#id_kind", index=1)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    housing = Housing.objects.get(name="Kollegiet ved Åen")
    assert (housing.postal_code, housing.city) == ("7400", "Herning")
    assert (housing.rent_min, housing.rent_max) == (3200, 4500)
    assert housing.website == "https://www.herning.dk"

    page.goto(f"{live_server.url}/uddannelser/begivenheder/ny/")
    page.fill("#id_title", "Studiestart på Torvet")
    page.fill("#id_starts_at", "2030-09-01T19:30")
    page.fill("#id_ends_at", "2030-09-01T22:00")
    page.fill("#id_place", "Torvet")
    page.fill("#id_price", "Gratis")
    page.select_option("#id_organiser", index=1)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert Event.objects.get(title="Studiestart på Torvet").price == 0
