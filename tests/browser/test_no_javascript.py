"""Every form works without JavaScript: plain HTML forms, links and redirects."""

from urllib.parse import urlsplit

import pytest

from uddannelsesby.policies.models import Policy

from .conftest import log_in, t, tree_titles

pytestmark = pytest.mark.browser


@pytest.fixture
def nojs_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name, exact=True).click()


def follow(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=name, exact=True).click()


def test_editor_workflow_without_javascript(nojs_page, live_server, browser_editor):
    page = nojs_page
    log_in(page, live_server.url, browser_editor.username)
    # No script ran: DKFDS would have added its overflow menu to the main menu.
    assert page.locator(".more-option").count() == 0
    assert page.locator(".portal-user .user").is_visible()

    page.goto(f"{live_server.url}/politikker/redaktion/")
    follow(page, t("New policy"))

    # Errors: the title is missing, what was typed elsewhere stays.
    page.locator("#id_summary").fill("Alle unge skal i gang.")
    page.locator("#id_sdg_targets").fill("4.3, fire")
    submit(page, t("Save"))
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("link").count() == 2
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_title-error").is_visible()
    assert page.locator("#id_summary").input_value() == "Alle unge skal i gang."
    assert page.locator("#id_sdg_targets").input_value() == "4.3, fire"
    assert page.title().startswith(t("Error:"))
    # The summary's links lead to the fields.
    summary.get_by_role("link").first.click()
    assert page.url.endswith("#id_title")

    page.locator("#id_title").fill("Ungdomspolitik")
    page.locator("#id_sdg_targets").fill("4.3")
    submit(page, t("Save"))
    policy = Policy.objects.get(title="Ungdomspolitik")
    assert urlsplit(page.url).path == policy.get_editor_url()
    assert policy.summary == "Alle unge skal i gang."

    for area in ["Første område", "Andet område"]:
        follow(page, t("Add a focus area"))
        page.locator("#id_title").fill(area)
        submit(page, t("Save"))
    first_area = t("Add a commitment") + " " + t("under %(title)s", title="Første område")
    for commitment in ["Indsats A", "Indsats B"]:
        follow(page, first_area)
        page.locator("#id_title").fill(commitment)
        page.locator("#id_text").fill(f"Teksten til {commitment}.")
        submit(page, t("Save"))
    assert tree_titles(page) == [
        ["1. Første område", "Indsats A", "Indsats B"],
        ["2. Andet område"],
    ]

    # The move buttons are small POST forms.
    submit(page, f"{t('Move up')} Indsats B")
    assert tree_titles(page)[0] == ["1. Første område", "Indsats B", "Indsats A"]
    submit(page, f"{t('Move up')} Andet område")
    assert tree_titles(page) == [
        ["1. Andet område"],
        ["2. Første område", "Indsats B", "Indsats A"],
    ]
    submit(page, f"{t('Move down')} Andet område")
    assert [titles[0] for titles in tree_titles(page)] == ["1. Første område", "2. Andet område"]

    # Editing keeps what is typed when there is an error.
    follow(page, f"{t('Edit')} Indsats A")
    page.locator("#id_title").fill("")
    page.locator("#id_text").fill("Ny tekst, som ikke må gå tabt.")
    submit(page, t("Save"))
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_text").input_value() == "Ny tekst, som ikke må gå tabt."
    page.locator("#id_title").fill("Indsats A, rettet")
    submit(page, t("Save"))
    assert "Indsats A, rettet" in tree_titles(page)[0]

    follow(page, t("Send to hearing"))
    submit(page, t("Send to hearing"))
    message = t(
        "Version %(number)s was sent to public hearing and is published as a draft.", number=1
    )
    assert page.locator(".messages").get_by_text(message).is_visible()
    policy.refresh_from_db()
    assert policy.status == Policy.Status.HEARING

    follow(page, t("Adopt"))
    page.locator("#id_adopted_on").fill("")
    submit(page, t("Adopt"))
    assert page.locator("#id_adopted_on-error").is_visible()
    page.locator("#id_adopted_on").fill("2026-11-26")
    submit(page, t("Adopt"))
    message = t("Version %(number)s was adopted and is now the published policy.", number=2)
    assert page.locator(".messages").get_by_text(message).is_visible()
    policy.refresh_from_db()
    assert policy.status == Policy.Status.ADOPTED
    assert str(policy.adopted_on) == "2026-11-26"

    page.goto(live_server.url + policy.get_absolute_url())
    main = page.locator("main")
    assert main.get_by_role("heading", name="Første område").first.is_visible()
    assert main.get_by_role("heading", name="Indsats A, rettet").is_visible()

    page.goto(live_server.url + policy.get_editor_url())
    follow(page, t("Archive"))
    submit(page, t("Archive"))
    policy.refresh_from_db()
    assert policy.status == Policy.Status.ARCHIVED
    assert page.get_by_text(t("This policy is archived and can no longer be changed.")).is_visible()

    # Log out is a POST form too.
    with page.expect_navigation():
        page.locator(".portal-user").get_by_role("button").click()
    assert not page.locator(".portal-user .user").is_visible()


def test_language_switch_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server.url}/tilgaengelighed/")
    assert page.locator("html").get_attribute("lang") == "da"
    with page.expect_navigation():
        page.locator(".language-bar").get_by_role("link", name="English").click()
    assert page.url == f"{live_server.url}/tilgaengelighed/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Accessibility statement"
    # The choice sticks on the next page.
    page.goto(f"{live_server.url}/politikker/")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.locator(".language-bar").get_by_role("link", name="Dansk").click()
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.url == f"{live_server.url}/politikker/"


def test_login_errors_without_javascript(nojs_page, live_server, browser_editor):
    page = nojs_page
    log_in(page, live_server.url, browser_editor.username, password="wrong-password")
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_username").input_value() == browser_editor.username
    assert page.locator(".portal-user .user").count() == 0


@pytest.mark.parametrize("javascript", [True, False])
def test_a_phone_reaches_the_main_menu_and_the_log_in(browser, live_server, javascript):
    """The design system hides both on small screens behind a drawer that needs a script;
    here they stay in view, and with a script the menu folds into "More"."""
    context = browser.new_context(
        viewport={"width": 390, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name=t("Main menu"))
    assert menu.get_by_role("link", name=t("Policies")).is_visible()
    if javascript:
        assert menu.get_by_role("button", name="Mere").is_visible()  # the design system's word
    else:
        assert menu.get_by_role("link", name=t("Jobs and internships")).is_visible()
    assert page.get_by_role("link", name=t("Log in")).is_visible()
    context.close()
