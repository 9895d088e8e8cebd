"""The moderator's page in a browser: passages that may be personal are highlighted with their
reason in words (for screen readers too), the moderator blacks out some and keeps others, and
the decision is shown with the response. axe on every state."""

import pytest

from uddannelsesby.participation.models import Response

from ..participation.helpers import make_hearing, respond
from .conftest import t

pytestmark = pytest.mark.browser

TEXT = (
    "Jeg hedder Ingolf Bundgaard og bor på Bøgildvej 14, 2. tv. Min søn har ADHD. "
    "Ring 20 30 40 50 eller skriv til ingolf (at) herning.dk.\n\n"
    "Med venlig hilsen\nIngolf Bundgaard"
)


@pytest.fixture
def pending(transactional_db):
    return respond(make_hearing(), text=TEXT, name="I. B.")


def test_moderator_sees_marked_passages_and_decides(
    editor_page, live_server, pending, assert_accessible
):
    page = editor_page
    page.goto(f"{live_server.url}/deltag/redaktion/svar/{pending.pk}/")
    preview = page.locator(".preview")
    # removed automatically: the phone number and the e-mail address
    assert "20 30 40 50" not in preview.inner_text()
    assert "herning.dk" not in preview.inner_text()
    marks = preview.locator("mark.mark-sensitive")
    texts = [m.inner_text() for m in marks.all()]
    assert any("Ingolf Bundgaard" in text for text in texts)
    assert any("Bøgildvej 14" in text for text in texts)
    # Each mark starts with a label a screen reader reads; hidden from sight, not from them.
    label = marks.first.locator(".sr-only").first
    assert label.text_content().startswith(t("Possibly personal (%(reason)s):", reason="")[:6])
    box = label.bounding_box()
    assert box is None or box["width"] <= 1
    assert_accessible(page)

    # Publishing without a decision is refused, next to the field.
    with page.expect_navigation():
        page.locator("button[value=publish]").click()
    assert page.locator("#id_checked").is_visible()
    assert page.locator(".form-error").count() > 0, page.locator("main").inner_text()[:3000]
    assert_accessible(page)

    # Black out the name and the address, keep the rest, look at the preview, publish.
    for passage in ("Ingolf Bundgaard", "Bøgildvej 14, 2. tv."):
        page.get_by_role("checkbox", name=passage).check()
    page.locator("#id_checked").check()
    with page.expect_navigation():
        page.locator("button[value=preview]").click()
    assert "Ingolf" not in page.locator(".preview").inner_text()
    page.locator("#id_checked").check()
    with page.expect_navigation():
        page.locator("button[value=publish]").click()
    pending.refresh_from_db()
    assert pending.status == Response.Status.PUBLISHED
    decided = {d["text"]: d["decision"] for d in pending.passage_decisions}
    assert decided["Ingolf Bundgaard"] == "remove"
    assert decided["ADHD"] == "keep"
    decisions = page.locator(".passage-decisions")
    assert "Ingolf Bundgaard" in decisions.inner_text()
    assert t("kept") in decisions.inner_text()
    assert_accessible(page)


def test_a_removed_tag_stays_on_one_line_on_a_phone(editor_page, live_server, assert_accessible):
    # Tags at many places in the lines, so that some would otherwise be cut at the line's end.
    text = " ".join(f"{'Hej' * n} skriv til person{n}@example.dk." for n in range(1, 13))
    response = respond(make_hearing(), text=text, name="A. B.")
    page = editor_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/deltag/redaktion/svar/{response.pk}/")
    marks = page.locator(".preview mark.mark-removed")
    assert marks.count() == 12
    lines = marks.evaluate_all("marks => marks.map((mark) => mark.getClientRects().length)")
    assert lines == [1] * 12
    assert_accessible(page)
