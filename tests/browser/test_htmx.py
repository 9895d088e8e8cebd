"""With JavaScript on, htmx reorders the editor's tree in place, within the strict CSP."""

import re

import pytest

from uddannelsesby.policies.models import FocusArea

from ..factories import policy_with_parts
from .conftest import t
from .conftest import tree_titles as numbered_tree_titles

pytestmark = pytest.mark.browser

# Report CSP violations as console errors too, whatever the browser itself logs.
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def console_errors(editor_page):
    errors = []
    editor_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    editor_page.on("pageerror", lambda error: errors.append(str(error)))
    editor_page.add_init_script(REPORT_CSP)
    return errors


def tree_titles(page) -> list[list[str]]:
    """The titles without the focus areas' numbers, which change as they move."""
    return [[re.sub(r"^\d+\. ", "", row[0]), *row[1:]] for row in numbered_tree_titles(page)]


def move(page, name: str) -> None:
    """Press a move button and wait until htmx has swapped in the new tree."""
    old_tree = page.locator("#policy-tree").element_handle()
    with page.expect_response(lambda response: "/flyt/" in response.url) as response_info:
        page.locator("#policy-tree").get_by_role("button", name=name, exact=True).press("Enter")
    response = response_info.value
    assert response.status == 200
    assert response.request.headers.get("hx-request") == "true"
    page.wait_for_function("tree => !tree.isConnected", arg=old_tree)
    page.locator("#policy-tree").wait_for()


def focused(page) -> tuple[str | None, str | None]:
    """The id of the focused element and of the list item it belongs to."""
    page.wait_for_function("document.activeElement !== document.body", timeout=2_000)
    return tuple(
        page.evaluate("[document.activeElement.id, document.activeElement.closest('li')?.id]")
    )


def test_move_with_htmx(editor_page, live_server, console_errors):
    page = editor_page
    policy = policy_with_parts(areas=2, commitments=3, title="Ungdomspolitik", slug="ungdom")
    areas = list(policy.focus_areas.order_by("position"))
    first, second = (list(area.commitments.order_by("position")) for area in areas)
    loads = []
    page.on("load", lambda _page: loads.append(page.url))

    page.goto(live_server.url + policy.get_editor_url())
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.sameDocument = true")
    assert tree_titles(page) == [
        [areas[0].title, first[0].title, first[1].title, first[2].title],
        [areas[1].title, second[0].title, second[1].title, second[2].title],
    ]

    move(page, f"{t('Move down')} {first[0].title}")
    assert tree_titles(page)[0] == [areas[0].title, first[1].title, first[0].title, first[2].title]
    # The focus stays on the button, so the keyboard user can press it again.
    assert focused(page) == (f"move-indsats-{first[0].pk}-down", f"c-{first[0].pk}")
    move(page, f"{t('Move down')} {first[0].title}")
    assert tree_titles(page)[0] == [areas[0].title, first[1].title, first[2].title, first[0].title]
    # Now last, it has no "Move down" button: the focus goes to its "Move up".
    assert focused(page) == (f"move-indsats-{first[0].pk}-up", f"c-{first[0].pk}")

    move(page, f"{t('Move up')} {areas[1].title}")
    assert [titles[0] for titles in tree_titles(page)] == [areas[1].title, areas[0].title]
    assert tree_titles(page)[0] == [areas[1].title, *(c.title for c in second)]
    assert focused(page) == (f"move-fokusomraade-{areas[1].pk}-down", areas[1].slug)

    # No full page load happened: the document is the same one.
    assert page.evaluate("window.sameDocument") is True
    assert loads == [live_server.url + policy.get_editor_url()]
    assert [area.title for area in FocusArea.objects.filter(policy=policy)] == [
        areas[1].title,
        areas[0].title,
    ]
    # A reload shows the stored order.
    page.reload()
    assert tree_titles(page)[1] == [areas[0].title, first[1].title, first[2].title, first[0].title]
    assert console_errors == []


def test_no_console_errors_on_editor_pages(editor_page, live_server, console_errors):
    """The scripts run cleanly under the CSP on the editor's pages."""
    page = editor_page
    policy = policy_with_parts(areas=2, commitments=1, title="Ungdomspolitik", slug="ungdom")
    for path in [policy.get_editor_url(), "/politikker/redaktion/ny/", policy.get_absolute_url()]:
        page.goto(live_server.url + path)
        page.wait_for_function("window.htmx !== undefined && window.DKFDS !== undefined")
    assert console_errors == []

    # A form with errors answers 400, which Chrome logs; the error summary takes the focus.
    page.goto(live_server.url + "/politikker/redaktion/ny/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert [error for error in console_errors if "status of 400" not in error] == []
