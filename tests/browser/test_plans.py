"""axe on the action plan pages, in normal and error states, and the filters with and without JS."""

import datetime

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.plans import services

from ..factories import UserFactory
from ..plans.helpers import make_activity, make_plan
from .conftest import session_cookie, t

pytestmark = pytest.mark.browser


@pytest.fixture
def plan_site(transactional_db):
    plan = make_plan(year=2026, areas=3)
    first = plan.policy.focus_areas.order_by("position").first()
    activities = [
        make_activity(plan, title=f"Aktivitet {n}", status=status, progress=progress)
        for n, (status, progress) in enumerate([("delayed", 30), ("done", 100), ("on_track", 50)])
    ]
    services.activity_post_update(
        actor=None,
        activity=activities[0],
        text="Forsinket af vejret",
        status="delayed",
        date=datetime.date(2026, 3, 1),
    )
    return {"plan": plan, "activity": activities[0], "area": first}


def pages(site) -> dict[str, str]:
    plan, activity = site["plan"], site["activity"]
    base = f"/handleplaner/{plan.policy.slug}"
    return {
        "plan-list": "/handleplaner/",
        "plan": f"{base}/{plan.year}/",
        "plan-filtered": f"{base}/{plan.year}/?status=delayed",
        "coverage": f"{base}/daekning/",
        "activity": f"/handleplaner/aktivitet/{activity.pk}/",
        "dashboard": "/handleplaner/oversigt/",
        "plan-create": f"{base}/ny/",
        "plan-edit": f"{base}/{plan.year}/rediger/",
        "plan-close": f"{base}/{plan.year}/luk/",
        "activity-create": f"{base}/{plan.year}/aktiviteter/ny/",
        "activity-edit": f"/handleplaner/aktivitet/{activity.pk}/rediger/",
        "activity-update": f"/handleplaner/aktivitet/{activity.pk}/opdater/",
        "activity-delete": f"/handleplaner/aktivitet/{activity.pk}/slet/",
    }


FORMS = ["plan-create", "activity-create", "activity-edit", "activity-update"]


@pytest.fixture
def plan_editor(page, live_server, transactional_db):
    editor = UserFactory(role=Role.EDITOR, username="planredaktoer")
    page.context.add_cookies([session_cookie(editor, live_server.url)])
    return page


PAGE_NAMES = [
    "plan-list", "plan", "plan-filtered", "coverage", "activity", "dashboard", "plan-create",
    "plan-edit", "plan-close", "activity-create", "activity-edit", "activity-update",
    "activity-delete",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_is_accessible(plan_editor, live_server, plan_site, assert_accessible, name):
    plan_editor.goto(live_server.url + pages(plan_site)[name])
    assert_accessible(plan_editor)


@pytest.mark.parametrize("name", FORMS)
def test_form_error_state_is_accessible(
    plan_editor, live_server, plan_site, assert_accessible, name
):
    plan_editor.goto(live_server.url + pages(plan_site)[name])
    fields = "main form input[type=text], main form input[type=number], main form textarea"
    for field in plan_editor.locator(fields).all():
        field.fill("")
    plan_editor.locator("main form button[type=submit]").last.click()
    plan_editor.wait_for_load_state()
    assert plan_editor.locator("#error-summary").is_visible()
    assert plan_editor.title().startswith(t("Error:"))
    assert_accessible(plan_editor)


def test_public_pages_as_a_citizen(page, live_server, plan_site, assert_accessible):
    for name in ["plan", "coverage", "activity"]:
        page.goto(live_server.url + pages(plan_site)[name])
        assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + pages(plan_site)["plan"])
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_filters_work_with_and_without_javascript(browser, live_server, plan_site, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="da-DK")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + pages(plan_site)["plan"])
    page.select_option("#id_status", "delayed")
    if not javascript:
        page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#activity-results tbody tr').length === 1"
    )
    assert page.locator("#activity-results tbody tr").inner_text().startswith("Aktivitet 0")
    assert "status=delayed" in page.url  # the filtered view has its own address
    assert errors == []
    context.close()


# For each item of the breadcrumb trail: does it start a line, and what does it draw before and
# after itself? A line that starts with an item drawing "›" first starts with the separator.
BREADCRUMB_LINES = """
(list) => {
  const left = list.getBoundingClientRect().left;
  return [...list.children].map((item) => ({
    text: item.innerText,
    startsLine: Math.abs(item.getBoundingClientRect().left - left) < 2,
    before: getComputedStyle(item, "::before").content,
    after: getComputedStyle(item, "::after").content,
  }));
}
"""


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_a_long_breadcrumb_trail_never_starts_a_line_with_the_separator(
    page, live_server, plan_site, assert_accessible, width
):
    activity = make_activity(
        plan_site["plan"],
        title="Fælles brobygningsforløb mellem erhvervsskolerne, gymnasierne og virksomhederne",
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/handleplaner/aktivitet/{activity.pk}/")
    items = page.locator("nav.breadcrumbs ol").evaluate(BREADCRUMB_LINES)
    assert len(items) == 4
    starting_lines = sum(item["startsLine"] for item in items)
    # On a phone the trail wraps; on a desktop it has the page's width, not a text column's.
    assert starting_lines >= 2 if width == 375 else starting_lines == 1, items
    for item in items:
        assert "›" not in item["before"], item
    for item in items[:-1]:
        assert "›" in item["after"], item  # the separator ends the item before it
    assert "›" not in items[-1]["after"]
    assert_accessible(page)
