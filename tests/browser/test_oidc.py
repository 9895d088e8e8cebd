"""Logging in through OpenID Connect in Chromium, through the test provider's login page
(tests/oidc_provider), without JavaScript; and the login pages' states checked with axe."""

import pytest
import requests

from uddannelsesby.accounts.models import Role, User

from ..factories import UserFactory
from ..oidc_provider import fixtures
from .conftest import t

pytestmark = pytest.mark.browser

oidc_provider = fixtures.oidc_provider
oidc = fixtures.oidc


@pytest.fixture(autouse=True)
def _warm(live_server):
    """The server's first answer imports the whole URL conf, which can outlast a page timeout."""
    requests.get(f"{live_server.url}/konto/log-ind/", timeout=120)


@pytest.fixture
def nojs_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def provider_login(page, base_url: str, link_name: str, username: str, next_url: str = "/"):
    page.goto(f"{base_url}/konto/log-ind/?next={next_url}")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=link_name).click()
    assert page.url.startswith("http://127.0.0.1:")  # the provider's own login page
    page.get_by_label("Brugernavn").fill(username)
    with page.expect_navigation():
        page.get_by_role("button", name="Log ind").click()


@pytest.mark.django_db(transaction=True)
def test_a_new_staff_member_logs_in_with_the_work_account(nojs_page, live_server, oidc):
    page = nojs_page
    staff = t("Log in with %(name)s", name=t("your work account"))
    provider_login(page, live_server.url, staff, "rikke", next_url="/handleplaner/")
    assert page.url == f"{live_server.url}/handleplaner/"
    user = User.objects.get(oidc_identities__provider="staff")
    assert user.role == Role.EDITOR
    header = page.locator(".portal-user .user").inner_text()
    assert "Rikke Redaktør" in header
    assert t("Editor") in header


@pytest.mark.django_db(transaction=True)
def test_a_citizen_logs_in_with_mitid(nojs_page, live_server, oidc):
    page = nojs_page
    provider_login(page, live_server.url, t("Log in with %(name)s", name="MitID"), "mads")
    assert page.url == f"{live_server.url}/"
    assert User.objects.get().role == Role.REGISTERED
    assert "Mads Borger" in page.locator(".portal-user .user").inner_text()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("tampered", "The answer from the login service could not be verified. Try again."),
        ("wrong_audience", "The login was issued for another service. Try again."),
        ("expired", "The login has expired. Try again."),
    ],
)
def test_a_bad_token_is_refused_with_a_clear_message(
    mode, message, page, live_server, oidc, assert_accessible
):
    fixtures.provider_mode(oidc, mode)
    provider_login(page, live_server.url, t("Log in with %(name)s", name="MitID"), "mads")
    assert page.locator("#error-summary").inner_text().strip() == t(message)
    assert page.locator(".portal-user .user").count() == 0
    assert not User.objects.exists()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_replayed_state_is_refused(page, live_server, oidc, assert_accessible):
    answers = []
    page.on("request", lambda request: "/svar/?" in request.url and answers.append(request.url))
    provider_login(page, live_server.url, t("Log in with %(name)s", name="MitID"), "mads")
    assert len(answers) == 1
    with page.expect_navigation():
        page.get_by_role("button", name=t("Log out")).click()
    page.goto(answers[0])  # the provider's answer, sent again
    expected = "This login has already been used or has expired. Start again from the login page."
    assert page.locator("#error-summary").inner_text().strip() == t(expected)
    assert page.locator(".portal-user .user").count() == 0
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_login_page_states_are_accessible(page, live_server, oidc, assert_accessible):
    UserFactory(username="ane")
    page.goto(f"{live_server.url}/konto/log-ind/")
    assert page.locator("main").get_by_role("link", name=t("Log in with %(name)s", name="MitID"))
    assert_accessible(page)
    for attempt in range(5):
        page.locator("#id_username").fill("ane")
        page.locator("#id_password").fill("forkert-kode")
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        if attempt < 4:
            assert page.locator("#error-summary").is_visible()
            assert_accessible(page)  # the wrong-password state
    assert page.get_by_role("heading", level=1).inner_text() == t("Logging in is paused")
    assert_accessible(page)  # the locked state


@pytest.mark.django_db(transaction=True)
def test_an_administrator_lifts_a_pause_in_the_browser(page, live_server, assert_accessible):
    from axes.models import AccessAttempt

    from .conftest import session_cookie

    AccessAttempt.objects.create(  # as five failed logins leave it (see test_lockout.py)
        username="ane", ip_address="127.0.0.1", user_agent="", http_accept="", path_info="/",
        get_data="", post_data="", failures_since_start=5,
    )  # fmt: skip
    admin = UserFactory(role=Role.ADMIN)
    page.context.add_cookies([session_cookie(admin, live_server.url)])
    page.goto(f"{live_server.url}/handleplaner/oversigt/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Paused logins")).click()
    assert page.get_by_role("cell", name="127.0.0.1", exact=True).is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=t("Lift the pause"), exact=False).click()
    assert page.get_by_text(t("The pause is lifted: the user can log in again.")).is_visible()
    assert_accessible(page)
    assert not AccessAttempt.objects.exists()
