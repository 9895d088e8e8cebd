"""Playwright against the live server: Debian's Chromium, one browser for the whole run.

Every test here needs ``DJANGO_ALLOW_ASYNC_UNSAFE=1``, because Playwright's sync API runs an
event loop in the same thread as the Django ORM calls of the test.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import translation

from uddannelsesby.accounts.models import Role

from ..factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "secret-pass-123"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DUPLICATE_IDS = """
[...document.querySelectorAll("[id]")]
  .map((el) => el.id)
  .filter((id, index, ids) => ids.indexOf(id) !== index)
"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Danish first, as a citizen meets the site; a fixed viewport keeps results stable.
    return {**browser_context_args, "locale": "da-DK", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _timeouts(request):
    """Fail fast instead of waiting Playwright's default 30 seconds."""
    if "page" in request.fixturenames:
        page = request.getfixturevalue("page")
        page.set_default_timeout(10_000)
        page.set_default_navigation_timeout(15_000)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe with the WCAG 2.1 A and AA rules on the page and fail on any violation."""

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
        # axe 4.7 retired its duplicate-id rules, but links to #anchors still need unique ids.
        duplicates = page.evaluate(DUPLICATE_IDS)
        assert duplicates == [], f"{page.url}: duplicate ids {duplicates}"

    return check


@pytest.fixture
def browser_editor(transactional_db):
    return UserFactory(role=Role.EDITOR, username="redaktoer", first_name="Rikke", last_name="Rød")


def session_cookie(user, url: str) -> dict:
    """A logged-in session for ``user``, as a cookie a browser context can take."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


@pytest.fixture
def editor_page(page, live_server, browser_editor):
    """The default page, logged in as an editor."""
    page.context.add_cookies([session_cookie(browser_editor, live_server.url)])
    return page


def t(msgid: str, **params) -> str:
    """A user-facing text as the site shows it in Danish, its default language.

    Tests find links and buttons by these names, so they keep working as translations change.
    """
    with translation.override("da"):
        text = translation.gettext(msgid)
    return text % params if params else text


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(f"{base_url}/konto/log-ind/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


TREE_TITLES = """
(items) => items.map((li) => [
  li.querySelector("h3").textContent.trim(),
  ...[...li.querySelectorAll(":scope > ol > li")].map((c) => c.firstChild.textContent.trim()),
])
"""


def tree_titles(page) -> list[list[str]]:
    """The editor page's focus areas ("1. Title"), each followed by its commitments."""
    return page.locator("#policy-tree > ol > li").evaluate_all(TREE_TITLES)
