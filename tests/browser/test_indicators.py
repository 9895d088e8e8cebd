"""Indicator pages in Chromium: axe (WCAG 2.1 A and AA) on every page, wide and narrow,
in error states, in English, on the policy page's panels, and without JavaScript."""

import pytest

from uddannelsesby.bridge.indicator import placements_publish
from uddannelsesby.bridge.models import Placement
from uddannelsesby.indicators import demo, services
from uddannelsesby.indicators.models import Fetch, Indicator, IndicatorLink

from ..bridge.helpers import make_opportunity
from ..factories import adopted_policy

pytestmark = pytest.mark.browser


@pytest.fixture
def statistics(transactional_db, settings, tmp_path):
    """The demo statistics (every indicator, 98 municipalities, 15 years), and placements
    through the bridge for its own indicator (our municipality only)."""
    settings.VAR_DIR = tmp_path / "var"
    services.catalogue_sync()
    for table, path, info in demo.demo_files():
        services.observations_import(
            table=table, path=path, origin=Fetch.Origin.DEMO, tableinfo=info, compute=False
        )
    services.indicators_compute()
    for year, kind in [(2025, "study_job"), (2026, "internship"), (2026, "study_job")]:
        opportunity = make_opportunity(kind=kind)
        Placement.objects.create(
            opportunity=opportunity, year=year, kind=kind, sector=opportunity.employer.sector,
            source=Placement.Source.REPORTED,
        )  # fmt: skip
    placements_publish()
    return list(Indicator.objects.values_list("code", flat=True))


def open_page(page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url}: {response.status}"
    page.wait_for_load_state("load")


def assert_chart_is_described(page) -> None:
    chart = page.locator("svg[role=img]")
    assert chart.count() == 1
    name = chart.get_attribute("aria-labelledby")
    assert page.locator(f"[id='{name}']").text_content().strip()
    assert page.locator(f"[id='{chart.get_attribute('aria-describedby')}']").text_content().strip()
    assert page.locator("main table caption").first.inner_text().strip()


@pytest.mark.parametrize("width", [1280, 390], ids=["wide", "narrow"])
def test_every_indicator_page(page, live_server, statistics, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    urls = ["/indikatorer/"] + [f"/indikatorer/{code}/" for code in statistics]
    for url in urls:
        open_page(page, live_server.url + url)
        if url != "/indikatorer/":
            assert_chart_is_described(page)
        # Nothing may scroll sideways at 390 px (WCAG 1.4.10 reflow).
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
        assert_accessible(page)


def test_other_areas_and_the_country(page, live_server, statistics, assert_accessible):
    for area in ["101", "825", "400", "84", "0"]:
        open_page(page, f"{live_server.url}/indikatorer/ungdomsudd-afbrudt/?omraade={area}")
        assert_chart_is_described(page)
        assert_accessible(page)


def test_area_error_state(page, live_server, statistics, assert_accessible):
    open_page(page, f"{live_server.url}/indikatorer/neet-andel/?omraade=nope", status=400)
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_omraade[aria-invalid=true]").count() == 1
    assert_accessible(page)


def test_api_page_and_english(page, live_server, statistics, assert_accessible):
    open_page(page, f"{live_server.url}/indikatorer/api/")
    assert_accessible(page)
    open_page(page, f"{live_server.url}/indikatorer/ungdomsudd-afbrudt/")
    page.locator(".language-bar").get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "of the 18-25-year-olds from Herning" in page.locator(".indicator-summary").inner_text()
    assert_accessible(page)


def test_policy_page_with_indicator_panels(page, live_server, statistics, assert_accessible):
    policy = adopted_policy(areas=2, commitments=2, title="Uddannelsespolitik", slug="uddannelse")
    for area in policy.focus_areas.all():
        for commitment, code in zip(area.commitments.all(), statistics, strict=False):
            IndicatorLink.objects.create(
                indicator=Indicator.objects.get(code=code),
                policy_slug=policy.slug,
                anchor=f"{area.slug}--{commitment.slug}",
            )
    open_page(page, f"{live_server.url}/politikker/{policy.slug}/")
    assert page.locator("aside.indicator-panel").count() == 4
    assert_accessible(page)


def test_works_without_javascript(browser, live_server, statistics):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    open_page(page, f"{live_server.url}/indikatorer/ungdomsudd-afbrudt/")
    box = page.locator("svg[role=img]").bounding_box()
    assert box["width"] > 250
    assert box["height"] > 150
    page.locator("#id_omraade").select_option("661")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "omraade=661" in page.url
    assert "Holstebro" in page.locator(".indicator-summary").inner_text()
    context.close()
