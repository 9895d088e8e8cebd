"""axe on the follow pages, in normal and error states; following with one click. (Following
without JavaScript and by e-mail are tested with Django's client in tests/follow.)"""

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.follow import services
from uddannelsesby.follow.models import Subscription

from ..factories import UserFactory, adopted_policy
from ..participation.helpers import make_hearing, make_meeting
from .conftest import session_cookie, t

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db):
    hearing = make_hearing()
    meeting = make_meeting(hearing=hearing)
    policy = adopted_policy(title="Uddannelsespolitik")
    pending = services.subscription_request(email="ane@example.dk", obj=hearing, frequency="weekly")
    return {
        "hearing": hearing.pk, "meeting": meeting.pk, "policy": policy.pk, "slug": policy.slug,
        "token": pending.token,
    }  # fmt: skip


PAGES = {
    "follow-hearing": "/folg/hoering/{hearing}/",
    "follow-meetings": "/folg/moede/0/",
    "requested": "/folg/sendt/",
    "confirm": "/folg/bekraeft/{token}/",
    "unsubscribe": "/folg/afmeld/{token}/",
    "policy-mail": "/folg/politik/{slug}/send/",
    "policy-mail-sent": "/folg/politik/{slug}/sendt/",
    "policy": "/politikker/{slug}/",
    "hearing": "/deltag/hoeringer/{hearing}/",
    "meetings": "/deltag/borgermoeder/",
}
FORMS = {"follow-hearing", "policy-mail"}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(page, live_server, site, assert_accessible, name):
    page.goto(live_server.url + PAGES[name].format(**site))
    assert_accessible(page)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_error_state_is_accessible(page, live_server, site, assert_accessible, name):
    page.goto(live_server.url + PAGES[name].format(**site))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    assert page.locator("#error-summary").first.is_visible()
    assert page.title().startswith(t("Error:"))
    assert_accessible(page)


def test_one_click_follow_with_an_account(browser, live_server, site, assert_accessible):
    user = UserFactory(role=Role.REGISTERED, email="kim@example.dk")
    context = browser.new_context(locale="da-DK")
    context.add_cookies([session_cookie(user, live_server.url)])
    page = context.new_page()
    page.goto(f"{live_server.url}/politikker/{site['slug']}/")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Follow"), exact=True).click()
    assert Subscription.objects.filter(user=user).count() == 1
    assert page.get_by_role("button", name=t("Stop following")).is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/folg/")
    assert_accessible(page)
    context.close()
