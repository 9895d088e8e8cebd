"""axe on the set-up pages (site settings, onboarding) in normal and error states, and on the
site in each design theme; the policy overview with listed-only policies."""

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.core.services import site_settings_save
from uddannelsesby.policies import services

from ..factories import UserFactory, adopted_policy
from .conftest import session_cookie, t

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _patient(page):
    """The machine may be busy: a minute for a page rather than the usual 15 seconds."""
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


@pytest.fixture
def admin_page(page, live_server, transactional_db):
    admin = UserFactory(role=Role.ADMIN, username="admin")
    page.context.add_cookies([session_cookie(admin, live_server.url)])
    return page


@pytest.mark.parametrize("language", ["da", "en"])
def test_settings_page_is_accessible_also_with_errors(
    admin_page, live_server, assert_accessible, language
):
    if language == "en":
        admin_page.goto(live_server.url + "/sprog/en/")
    admin_page.goto(live_server.url + "/opsaetning/")
    assert_accessible(admin_page)
    admin_page.locator("#id_code").fill("411")
    admin_page.locator("#id_email").fill("ikke-en-adresse")
    admin_page.locator("main form button[type=submit]").click()
    admin_page.wait_for_load_state()
    assert admin_page.locator("#error-summary").is_visible()
    assert admin_page.locator("#id_code-error").is_visible()
    assert "Christiansø" in admin_page.locator("#id_code-error").inner_text()
    assert admin_page.locator("#id_code").input_value() == "411"  # what was typed is kept
    assert_accessible(admin_page)


def test_onboarding_page_is_accessible_and_sets_the_site_up(
    admin_page, live_server, assert_accessible
):
    admin_page.goto(live_server.url + "/opsaetning/ny-kommune/")
    assert_accessible(admin_page)
    admin_page.locator("main form button[type=submit]").click()
    admin_page.wait_for_load_state()
    assert admin_page.title().startswith(t("Error:"))
    assert_accessible(admin_page)
    admin_page.locator("#id_code").fill("400")
    admin_page.locator("#id_name").fill("Bornholms Regionskommune")
    admin_page.locator("main form button[type=submit]").click()
    admin_page.wait_for_load_state()
    assert admin_page.url.endswith("/opsaetning/")
    assert "Bornholms Regionskommune" in admin_page.locator("header").inner_text()
    assert_accessible(admin_page)


def test_the_message_after_onboarding_links_to_the_imported_policy(
    admin_page, live_server, assert_accessible
):
    admin_page.goto(live_server.url + "/opsaetning/ny-kommune/")
    admin_page.locator("#id_code").fill("400")
    admin_page.locator("#id_name").fill("Bornholms Regionskommune")
    text = "Kulturpolitik\n\nVision\n\nKulturen samler os.\n\n1. Kulturliv\n\nVi vil mere.\n"
    admin_page.locator("#id_policies").set_input_files(
        files=[{"name": "kultur.txt", "mimeType": "text/plain", "buffer": text.encode()}]
    )
    admin_page.locator("main form button[type=submit]").click()
    admin_page.wait_for_load_state()
    assert admin_page.url.endswith("/opsaetning/")
    link = admin_page.locator(".messages a", has_text="Kulturpolitik")
    assert link.count() == 1
    assert_accessible(admin_page)
    link.click()
    admin_page.wait_for_load_state()
    assert "/politikker/redaktion/" in admin_page.url
    assert admin_page.locator("h1").inner_text().startswith("Kulturpolitik")


@pytest.mark.parametrize("theme", ["neutral", "borgerdk", "virkdk"])
def test_every_theme_is_accessible(page, live_server, transactional_db, assert_accessible, theme):
    site_settings_save(actor=None, theme=theme, name="Fanø Kommune", code="563")
    policy = adopted_policy(areas=1, commitments=1, title="Uddannelsespolitik", slug="udd")
    listed = services.policy_create(
        actor=None, title="Kulturpolitik", listed_only=True, external_url="https://example.dk/"
    )
    services.policy_update(actor=None, policy=policy, related=[listed])
    for url in ["/", "/politikker/", f"/politikker/{listed.slug}/", f"/politikker/{policy.slug}/"]:
        page.goto(live_server.url + url)
        assert f"dkfds{'' if theme == 'neutral' else '-' + theme}.min.css" in page.content()
        assert_accessible(page)
