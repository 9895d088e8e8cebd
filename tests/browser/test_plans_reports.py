"""axe (WCAG 2.1 A and AA) on the import, report, calendar and review pages, errors included."""

import datetime
from pathlib import Path

import pytest

from uddannelsesby.plans import services

from ..plans.factories import plan_site, review_of
from .conftest import t

pytestmark = pytest.mark.browser


def build(editor) -> dict[str, str]:
    """The pages, by name: a plan year with activities, a review in progress, a completed one."""
    site = plan_site()
    in_progress = services.review_create(actor=editor, policy=site.policy, title="Eftersyn 2028")
    services.review_set_verdict(
        actor=editor,
        review=in_progress,
        commitment=site.commitments[0],
        verdict="adjust",
        reason="Flere **mentorer** og færre møder.",
    )
    completed = review_of(site.policy, completed_on=datetime.date(2028, 3, 1))
    slug, commitment = site.policy.slug, site.commitments[0].pk
    return {
        "report": f"/handleplaner/{slug}/2026/rapport/",
        "calendar": f"/handleplaner/{slug}/kalender/",
        "reviews": f"/handleplaner/{slug}/eftersyn/",
        "review": f"/handleplaner/eftersyn/nr-{completed.pk}/",
        "review-evidence": f"/handleplaner/eftersyn/nr-{completed.pk}/indsats/{commitment}/",
        "import": f"/handleplaner/{slug}/2026/importer/",
        "review-create": f"/handleplaner/{slug}/eftersyn/nyt/",
        "review-in-progress": f"/handleplaner/eftersyn/nr-{in_progress.pk}/",
        "verdict": f"/handleplaner/eftersyn/nr-{in_progress.pk}/indsats/{commitment}/",
        "complete": f"/handleplaner/eftersyn/nr-{in_progress.pk}/afslut/",
    }


PUBLIC_PAGES = ["report", "calendar", "reviews", "review", "review-evidence"]
EDITOR_PAGES = [
    "import",
    "review-create",
    "review-in-progress",
    "verdict",
    "complete",
    "reviews",
    "report",
]
EDITOR_FORMS = ["review-create", "verdict", "complete"]


def open_page(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"{url}: {response.status}"
    page.wait_for_load_state("load")


def submit(page) -> None:
    form = page.locator("main form[method=post]").first
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible(), f"no error summary on {page.url}"
    assert summary.evaluate("el => el === document.activeElement")
    assert page.title().startswith(t("Error:"))


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page(name, page, live_server, browser_editor, assert_accessible):
    urls = build(browser_editor)
    open_page(page, live_server.url + urls[name])
    assert_accessible(page)


@pytest.mark.parametrize("name", EDITOR_PAGES)
def test_editor_page(name, editor_page, live_server, browser_editor, assert_accessible):
    urls = build(browser_editor)
    open_page(editor_page, live_server.url + urls[name])
    assert_accessible(editor_page)


@pytest.mark.parametrize("name", EDITOR_FORMS)
def test_editor_form_errors(name, editor_page, live_server, browser_editor, assert_accessible):
    urls = build(browser_editor)
    open_page(editor_page, live_server.url + urls[name])
    form = editor_page.locator("main form[method=post]").first
    for field in form.locator("input[type=text], input[type=date], textarea").all():
        field.fill("")
    submit(editor_page)
    assert_accessible(editor_page)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ("title;commitments;responsible\r\nMesse;findes--ikke;Ingen\r\nGod;x;y\r\n", "fejl.csv"),
        ("%PDF-1.7 not a spreadsheet", "rapport.pdf"),
    ],
    ids=["row-errors", "wrong-type"],
)
def test_import_errors(
    content, name, editor_page, live_server, browser_editor, assert_accessible, tmp_path: Path
):
    """The import form in its error state: the summary, the field and the list of row errors."""
    urls = build(browser_editor)
    open_page(editor_page, live_server.url + urls["import"])
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    editor_page.locator("input[type=file]").set_input_files(path)
    submit(editor_page)
    if name == "fejl.csv":
        rows = editor_page.locator("#row-errors-heading + div table tbody tr")
        assert rows.count() >= 4
    assert_accessible(editor_page)


def test_import_without_a_file(editor_page, live_server, browser_editor, assert_accessible):
    urls = build(browser_editor)
    open_page(editor_page, live_server.url + urls["import"])
    submit(editor_page)
    assert_accessible(editor_page)


@pytest.mark.parametrize("name", ["report", "calendar", "review"])
def test_narrow_viewport(name, page, live_server, browser_editor, assert_accessible):
    urls = build(browser_editor)
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, live_server.url + urls[name])
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_the_report_works_without_javascript(
    browser, browser_context_args, live_server, browser_editor
):
    urls = build(browser_editor)
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        open_page(page, live_server.url + urls["report"])
        link = page.get_by_role("link", name=t("Download as PDF"))
        with page.expect_response(lambda r: r.url.endswith("/rapport.pdf")) as response:
            link.click()
        assert response.value.status == 200
        assert response.value.headers["content-type"] == "application/pdf"
    finally:
        context.close()


def test_import_preview_and_confirm(
    editor_page, live_server, browser_editor, assert_accessible, tmp_path: Path
):
    """Importing the plan's own export: the preview says nothing is new, and confirming it
    leaves the plan as it was."""
    urls = build(browser_editor)
    export_url = live_server.url + urls["import"].replace("importer/", "eksport.csv")
    export = editor_page.request.get(export_url)
    assert export.ok
    path = tmp_path / "eksport.csv"
    path.write_bytes(export.body())
    open_page(editor_page, live_server.url + urls["import"])
    editor_page.locator("input[type=file]").set_input_files(path)
    with editor_page.expect_navigation():
        editor_page.locator("main form button[type=submit]").click()
    summary = editor_page.locator("#import-summary").inner_text()
    assert "0 nye aktiviteter" in summary
    assert_accessible(editor_page)
    with editor_page.expect_navigation():
        editor_page.locator("main form button[type=submit]").click()
    assert "/importer/" not in editor_page.url
