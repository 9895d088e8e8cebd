"""axe on the import pages (upload, its error state, the review page and its error state), and
the whole flow in a browser: a real Word file in, a draft policy out."""

import pytest

from uddannelsesby.policies.models import Policy

from ..policies import import_documents as documents
from .conftest import t

pytestmark = pytest.mark.browser

IMPORT = "/politikker/redaktion/importer/dokument/"
REVIEW = "/politikker/redaktion/importer/dokument/gennemse/"


@pytest.fixture(autouse=True)
def _warm(browser_editor, client):
    """The first request loads the whole project (URLs, views, the readers): do it here, in
    the same process as the live server, rather than inside a page load's time limit."""
    client.force_login(browser_editor)
    client.get(IMPORT)
    client.get(REVIEW)


def test_upload_page_and_its_error_state_are_accessible(
    editor_page, live_server, browser_editor, assert_accessible, tmp_path
):
    page = editor_page
    page.goto(f"{live_server.url}{IMPORT}")
    assert_accessible(page)
    # A text file named .docx: refused next to the field, nothing kept.
    fake = tmp_path / "politik.docx"
    fake.write_text("Dette er ikke et Word-dokument")
    page.locator("#id_file").set_input_files(str(fake))
    with page.expect_navigation():
        page.get_by_role("button", name=t("Read the document")).click()
    assert page.url.endswith(IMPORT)
    assert page.locator(".form-error").first.is_visible()
    assert "Word-dokument" in page.locator(".form-error").first.inner_text()
    assert_accessible(page)
    # Nothing chosen at all: a message too.
    with page.expect_navigation():
        page.get_by_role("button", name=t("Read the document")).click()
    assert page.locator(".form-error").count() >= 1
    assert_accessible(page)


def test_import_a_word_file_check_it_and_save_a_draft(
    editor_page, live_server, browser_editor, assert_accessible, tmp_path
):
    page = editor_page
    document = tmp_path / "herning.docx"
    document.write_bytes(documents.docx_file("headings"))
    page.goto(f"{live_server.url}{IMPORT}")
    page.locator("#id_file").set_input_files(str(document))
    with page.expect_navigation():
        page.get_by_role("button", name=t("Read the document")).click()
    assert page.url.endswith(REVIEW)
    assert page.locator("#id_title").input_value() == documents.expected_tree().title
    assert page.locator(".import-row").count() == 5 + 23
    assert_accessible(page)

    # Rename the first commitment, then move it down: the change is kept and the order changes.
    page.locator("#id_rows-1-title").fill("Nye uddannelser")
    with page.expect_navigation():
        page.locator("#row-1").get_by_role("button", name=t("Move down")).click()
    assert page.locator("#id_rows-2-title").input_value() == "Nye uddannelser"

    # An empty title: the error state, with the error next to the field.
    page.locator("#id_rows-3-title").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Apply changes")).first.click()
    assert page.locator("#row-3 .form-error").count() == 1
    assert_accessible(page)
    page.locator("#id_rows-3-title").fill("Forskning")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Save as a new draft")).first.click()
    policy = Policy.objects.get()
    assert policy.status == Policy.Status.DRAFT
    assert page.url.split("#")[0].endswith(policy.get_editor_url())
    first_area = policy.focus_areas.order_by("position").first()
    assert list(first_area.commitments.values_list("title", flat=True)[:2]) == [
        "Eliteuddannelsesmiljøer",
        "Nye uddannelser",
    ]


def test_review_page_without_an_import_is_accessible(
    editor_page, live_server, browser_editor, assert_accessible
):
    editor_page.goto(f"{live_server.url}{REVIEW}")
    assert_accessible(editor_page)
