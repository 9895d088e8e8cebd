"""An editor writes and adopts a policy with the keyboard alone."""

import datetime

import pytest

from uddannelsesby.policies.models import Policy

from ..factories import adopted_policy
from .conftest import session_cookie, t

pytestmark = pytest.mark.browser

MAX_TABS = 80

# A focused control must show it (WCAG 2.4.7): an outline or a box shadow.
FOCUS_VISIBLE = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator) -> None:
    """Press Tab until ``locator`` has the focus, and check that the focus can be seen."""
    locator.wait_for(state="attached")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if is_focused(locator):
            assert locator.evaluate(FOCUS_VISIBLE), f"no visible focus on {locator}"
            return
    focused = page.evaluate("document.activeElement.outerHTML")
    raise AssertionError(f"{locator} not reached in {MAX_TABS} tabs; focus is on {focused}")


def activate(page, locator) -> None:
    """Tab to a link or button and press Enter, which loads the next page."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def test_create_and_adopt_with_keyboard(page, live_server, browser_editor):
    page.context.add_cookies([session_cookie(browser_editor, live_server.url)])
    page.goto(f"{live_server.url}/politikker/redaktion/")

    main = page.locator("main")
    # The skip link comes first and moves the focus into the main content.
    page.keyboard.press("Tab")
    assert is_focused(page.locator("a.skipnav"))
    page.keyboard.press("Enter")
    assert is_focused(main)

    activate(page, main.get_by_role("link", name=t("New policy"), exact=True))
    type_into(page, page.locator("#id_title"), "Ungdomspolitik")
    type_into(page, page.locator("#id_summary"), "Alle unge skal i gang.")
    activate(page, main.get_by_role("button", name=t("Save")))

    policy = Policy.objects.get(title="Ungdomspolitik")
    assert page.url.endswith(policy.get_editor_url())
    area = "Flere unge i uddannelse"
    activate(page, main.get_by_role("link", name=t("Add a focus area")))
    type_into(page, page.locator("#id_title"), area)
    type_into(page, page.locator("#id_introduction"), "Vi vil løfte flere unge.")
    activate(page, main.get_by_role("button", name=t("Save")))

    add_commitment = t("Add a commitment") + " " + t("under %(title)s", title=area)
    activate(page, main.get_by_role("link", name=add_commitment))
    type_into(page, page.locator("#id_title"), "Mentorer til alle")
    type_into(page, page.locator("#id_text"), "Hver ung får en mentor.")
    activate(page, main.get_by_role("button", name=t("Save")))

    activate(page, main.get_by_role("link", name=t("Adopt"), exact=True))
    # The date field starts at today; the keyboard only has to submit.
    date = page.locator("#id_adopted_on")
    assert date.input_value() == datetime.date.today().isoformat()
    activate(page, main.get_by_role("button", name=t("Adopt"), exact=True))
    assert (
        main.locator(".messages")
        .get_by_text(t("Version %(number)s was adopted and is now the published policy.", number=1))
        .is_visible()
    )

    activate(page, main.get_by_role("link", name=policy.get_absolute_url(), exact=True))
    assert page.url == live_server.url + policy.get_absolute_url()
    assert main.get_by_role("heading", name="Ungdomspolitik", level=1).is_visible()
    assert main.get_by_role("heading", name=area).first.is_visible()
    assert main.get_by_role("heading", name="Mentorer til alle").is_visible()
    assert main.get_by_text("Hver ung får en mentor.").is_visible()


# Where the focused element ends up, once its transitions (the skip link slides in) are done.
FOCUS_BOX = """async el => {
  await Promise.all(el.getAnimations().map((animation) => animation.finished));
  const box = el.getBoundingClientRect();
  return {width: box.width, height: box.height, top: box.top, bottom: box.bottom};
}"""
PAGES = [
    "/",
    "/politikker/uddannelse/",
    "/politikker/redaktion/uddannelse/",
    "/politikker/redaktion/ny/",
]


@pytest.mark.parametrize("path", PAGES)
def test_focus_is_visible_on_every_stop(path, editor_page, live_server):
    """Tab through the whole page: every stop shows its focus and is on screen."""
    page = editor_page
    adopted_policy(areas=2, commitments=2, title="Uddannelsespolitik", slug="uddannelse")
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    seen = []
    height = page.viewport_size["height"]
    for _ in range(150):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        description = element.evaluate("el => el.outerHTML.slice(0, 120)")
        if element.evaluate("el => el === document.body") or description in seen:
            break
        seen.append(description)
        assert element.evaluate(FOCUS_VISIBLE), f"no visible focus: {description}"
        box = element.evaluate(FOCUS_BOX)
        assert box["width"] > 0, f"focus on something invisible: {description}"
        assert box["height"] > 0, f"focus on something invisible: {description}"
        # At least partly in view (a tall text area may stick out at the bottom).
        assert box["bottom"] > 0, f"focus off screen: {description}"
        assert box["top"] < height, f"focus off screen: {description}"
    assert len(seen) > 10
