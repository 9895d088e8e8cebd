"""axe on the pages that refuse to change history: a delete with dependants, an adoption while
a hearing is open (and its error state)."""

import pytest
from django.utils import timezone

from ..participation.helpers import make_hearing
from ..plans.factories import plan_site

pytestmark = pytest.mark.browser


def test_a_delete_with_dependants_lists_them(
    editor_page, live_server, browser_editor, assert_accessible
):
    site = plan_site()
    commitment = site.commitments[0]
    url = f"{live_server.url}/politikker/redaktion/uddannelse/indsats/{commitment.pk}/slet/"
    editor_page.goto(url)
    assert editor_page.locator("main li a", has_text="Mentorordning for unge").is_visible()
    assert editor_page.locator("main button[type=submit]").count() == 0
    assert_accessible(editor_page)


def test_adopting_with_an_open_hearing(editor_page, live_server, browser_editor, assert_accessible):
    hearing = make_hearing()
    policy = hearing.version.policy
    editor_page.goto(f"{live_server.url}/politikker/redaktion/{policy.slug}/vedtag/")
    editor_page.locator("#id_adopted_on").fill(timezone.localdate().isoformat())
    with editor_page.expect_navigation():
        editor_page.locator("main button[type=submit]").click()
    assert editor_page.locator("#error-summary").is_visible()
    assert_accessible(editor_page)
    editor_page.locator("#id_resolve_blockers").check()
    with editor_page.expect_navigation():
        editor_page.locator("main button[type=submit]").click()
    assert editor_page.locator("main .messages .alert-success").first.is_visible()
    hearing.refresh_from_db()
    assert not hearing.is_open()
