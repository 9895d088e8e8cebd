"""axe on the site-wide search page (results, nothing found with "Did you mean", an error),
reached from the header, in Danish and English, and the search without JavaScript."""

import pytest

from ..catalogue.helpers import make_event, make_programme

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db):
    make_programme(title_da="Sygeplejerskeuddannelsen", title_en="Nursing")
    make_programme(title_da="Pædagoguddannelsen", title_en="Social Education")
    for n in range(25):
        make_event(title=f"Introfest for sygeplejersker {n}")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_search_page_is_accessible(page, live_server, site, assert_accessible, language):
    if language == "en":
        page.goto(live_server.url + "/sprog/en/")
    page.goto(live_server.url + "/")
    page.locator("header nav a[href='/soeg/']").click()
    assert_accessible(page)  # empty
    page.fill("#id_q", "sygeplejersker")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".search-results li").count() == 20
    assert page.locator(".pagination").is_visible()
    assert_accessible(page)  # results, facets, pages
    page.check("input[name=kind][value=programme]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".search-results li").count() == 1
    assert_accessible(page)
    page.goto(live_server.url + "/soeg/?q=sygplejeske")  # nothing found
    assert page.locator(".search-suggestions a").count() >= 1
    assert_accessible(page)
    page.goto(live_server.url + "/soeg/?q=" + "x" * 300)  # an error next to the field
    assert page.title().startswith("Fejl:" if language == "da" else "Error:")
    assert page.locator("#id_q_error").is_visible()
    assert_accessible(page)


def test_the_search_works_without_javascript(browser, live_server, site):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    page.goto(live_server.url + "/soeg/")
    page.fill("#id_q", "nurse")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "sygeplejersk" in page.locator(".search-results").inner_text().lower()  # synonym
    assert "q=nurse" in page.url
    context.close()
