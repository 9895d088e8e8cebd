"""axe (WCAG 2.1 A and AA) on every page, in normal and error states."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from uddannelsesby.policies import services
from uddannelsesby.policies.models import Policy

from ..factories import OrganisationFactory, PolicyFactory, adopted_policy, policy_with_parts
from .conftest import t

pytestmark = pytest.mark.browser


@dataclass
class Site:
    policy: Policy
    draft: Policy
    archived: Policy
    reset_path: str

    @property
    def area(self):
        return self.policy.focus_areas.order_by("position").first()

    @property
    def commitment(self):
        return self.area.commitments.order_by("position").first()


def build_site(editor) -> Site:
    """A policy with everything a page can show: owner, references, related, two versions."""
    policy = adopted_policy(areas=2, commitments=2, title="Uddannelsespolitik", slug="uddannelse")
    other = adopted_policy(areas=1, commitments=1, title="Erhvervspolitik", slug="erhverv")
    services.policy_update(
        actor=editor,
        policy=policy,
        related=[other],
        owner=OrganisationFactory(name="Børn og Unge"),
        sdg_targets=["4.3", "4.4"],
        municipal_plan_ref="Kommuneplan 2025, afsnit 3",
        agenda21_ref="Agenda 21, mål 2",
        background="Flere unge skal have en uddannelse.\n\n- Første punkt\n- Andet punkt",
        vision="**Alle** unge i gang.",
    )
    area = policy.focus_areas.order_by("position").first()
    services.focus_area_update(
        actor=editor, focus_area=area, introduction="En ny indledning med *nye* ord."
    )
    services.policy_send_to_hearing(actor=editor, policy=policy)
    draft = PolicyFactory(title="Kladde uden fokusområder", slug="kladde")
    archived = adopted_policy(areas=1, commitments=1, title="Gammel politik", slug="gammel")
    services.policy_archive(actor=editor, policy=archived)
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    return Site(policy, draft, archived, f"/konto/nulstil/{uid}/{token}/")


def editor_url(site: Site, name: str) -> str:
    base = f"/politikker/redaktion/{site.policy.slug}"
    return {
        "editor-list": "/politikker/redaktion/",
        "editor-detail": f"{base}/",
        "editor-detail-empty-draft": f"/politikker/redaktion/{site.draft.slug}/",
        "editor-detail-archived": f"/politikker/redaktion/{site.archived.slug}/",
        "policy-create": "/politikker/redaktion/ny/",
        "policy-edit": f"{base}/rediger/",
        "focus-area-create": f"{base}/fokusomraader/ny/",
        "focus-area-edit": f"{base}/fokusomraader/{site.area.pk}/",
        "commitment-create": f"{base}/fokusomraader/{site.area.pk}/indsatser/ny/",
        "commitment-edit": f"{base}/indsatser/{site.commitment.pk}/",
        "delete-focus-area": f"{base}/fokusomraade/{site.area.pk}/slet/",
        "delete-commitment": f"{base}/indsats/{site.commitment.pk}/slet/",
        "hearing": f"{base}/hoering/",
        "adopt": f"{base}/vedtag/",
        "archive": f"{base}/arkiver/",
        "history": f"{base}/historik/",
        "import": "/politikker/redaktion/importer/",
        "preview": f"{base}/forhaandsvisning/",
    }[name]


def public_url(site: Site, name: str) -> str:
    slug = site.policy.slug
    return {
        "home": "/",
        "policy-list": "/politikker/",
        "policy": f"/politikker/{slug}/",
        "policy-archived": f"/politikker/{site.archived.slug}/",
        "versions": f"/politikker/{slug}/versioner/",
        "version": f"/politikker/{slug}/versioner/1/",
        "compare": f"/politikker/{slug}/sammenlign/?old=1&new=2",
        "accessibility": "/tilgaengelighed/",
        "login": "/konto/log-ind/",
        "password-reset": "/konto/nulstil/",
        "password-reset-done": "/konto/nulstil/sendt/",
        "password-reset-confirm": site.reset_path,
        "password-reset-invalid-link": "/konto/nulstil/MQ/ugyldig-noegle/",
        "password-reset-complete": "/konto/nulstil/faerdig/",
    }[name]


PUBLIC_PAGES = [
    "home",
    "policy-list",
    "policy",
    "policy-archived",
    "versions",
    "version",
    "compare",
    "accessibility",
    "login",
    "password-reset",
    "password-reset-done",
    "password-reset-confirm",
    "password-reset-invalid-link",
    "password-reset-complete",
]
EDITOR_PAGES = [
    "editor-list",
    "editor-detail",
    "editor-detail-empty-draft",
    "editor-detail-archived",
    "policy-create",
    "policy-edit",
    "focus-area-create",
    "focus-area-edit",
    "commitment-create",
    "commitment-edit",
    "delete-focus-area",
    "delete-commitment",
    "hearing",
    "adopt",
    "archive",
    "history",
    "import",
    "preview",
]
PUBLIC_FORMS = ["login", "password-reset", "password-reset-confirm"]
EDITOR_FORMS = [
    "policy-create",
    "policy-edit",
    "focus-area-create",
    "focus-area-edit",
    "commitment-create",
    "commitment-edit",
    "adopt",
    "import",
]


def open_page(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"{url}: {response.status}"
    # Let DKFDS finish enhancing the page (it adds menus and buttons) before axe looks.
    page.wait_for_load_state("load")


def submit_empty(page) -> None:
    """Empty every field the user can type in and submit the form, to show its errors."""
    form = page.locator("main form").first
    for field in form.locator(
        "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea"
    ).all():
        field.fill("")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible(), f"no error summary on {page.url}"
    # The title tells there are errors too: it is the first thing a screen reader reads.
    assert page.title().startswith(t("Error:")), page.title()
    # The summary takes the focus, so a screen reader reads it first.
    assert summary.evaluate("el => el === document.activeElement")


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page(name, page, live_server, browser_editor, assert_accessible):
    site = build_site(browser_editor)
    open_page(page, live_server.url + public_url(site, name))
    assert_accessible(page)


@pytest.mark.parametrize("name", EDITOR_PAGES)
def test_editor_page(name, editor_page, live_server, browser_editor, assert_accessible):
    site = build_site(browser_editor)
    open_page(editor_page, live_server.url + editor_url(site, name))
    assert_accessible(editor_page)


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_public_form_errors(name, page, live_server, browser_editor, assert_accessible):
    site = build_site(browser_editor)
    open_page(page, live_server.url + public_url(site, name))
    submit_empty(page)
    assert_accessible(page)


@pytest.mark.parametrize("name", EDITOR_FORMS)
def test_editor_form_errors(name, editor_page, live_server, browser_editor, assert_accessible):
    site = build_site(browser_editor)
    open_page(editor_page, live_server.url + editor_url(site, name))
    submit_empty(editor_page)
    assert_accessible(editor_page)


def test_compare_errors(page, live_server, browser_editor, assert_accessible):
    site = build_site(browser_editor)
    response = page.goto(f"{live_server.url}/politikker/{site.policy.slug}/sammenlign/?old=9&new=1")
    assert response.status == 400
    assert page.locator("#error-summary").is_visible()
    assert page.title().startswith(t("Error:"))
    assert_accessible(page)


def test_adopt_without_focus_areas_errors(
    editor_page, live_server, browser_editor, assert_accessible
):
    """A form error that is not about one field (non-field error) is accessible too."""
    site = build_site(browser_editor)
    open_page(editor_page, live_server.url + f"/politikker/redaktion/{site.draft.slug}/vedtag/")
    editor_page.locator("#id_adopted_on").fill(datetime.date(2026, 3, 1).isoformat())
    with editor_page.expect_navigation():
        editor_page.locator("main button[type=submit]").click()
    assert editor_page.locator("#error-summary").is_visible()
    assert_accessible(editor_page)


def test_editor_page_with_message(editor_page, live_server, browser_editor, assert_accessible):
    """The status message shown after a change passes too, and is inside main."""
    site = build_site(browser_editor)
    open_page(editor_page, live_server.url + f"/politikker/redaktion/{site.policy.slug}/hoering/")
    with editor_page.expect_navigation():
        editor_page.locator("main button[type=submit]").click()
    assert editor_page.locator("main .messages .alert").first.is_visible()
    assert_accessible(editor_page)


def test_focus_areas_named_like_page_sections(
    editor_page, live_server, browser_editor, assert_accessible
):
    """A focus area's anchor never takes an id the page itself uses ("#vision", "#main-content")."""
    policy = policy_with_parts(areas=0, title="Politik", slug="politik")
    titles = ["Baggrund", "Vision", "Main content", "Policy tree", "Error summary", "Toc heading"]
    for title in titles:
        area = services.focus_area_create(actor=browser_editor, policy=policy, title=title)
        services.commitment_create(actor=browser_editor, focus_area=area, title=title)
    services.policy_send_to_hearing(actor=browser_editor, policy=policy)
    for url in [policy.get_absolute_url(), policy.get_editor_url()]:
        open_page(editor_page, live_server.url + url)
        assert_accessible(editor_page)
    # The skip link still leads to the main content.
    assert editor_page.locator("#main-content").evaluate("el => el.tagName") == "MAIN"


def test_checkbox_list_looks_like_checkboxes(editor_page, live_server, browser_editor):
    """A multiple choice is drawn as checkboxes (DKFDS form-checkbox), not as radio buttons."""
    site = build_site(browser_editor)
    open_page(editor_page, live_server.url + editor_url(site, "policy-edit"))
    boxes = editor_page.locator("input[name=related]")
    for box in boxes.all():
        assert box.get_attribute("class") == "form-checkbox"
    # More than one can be chosen, with the keyboard.
    assert boxes.count() == 3
    assert [box.is_checked() for box in boxes.all()] == [True, False, False]
    boxes.nth(1).focus()
    editor_page.keyboard.press("Space")
    editor_page.keyboard.press("Tab")
    editor_page.keyboard.press("Space")
    assert [box.is_checked() for box in boxes.all()] == [True, True, True]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "/"),
        ("/politikker/uddannelse/", "/politikker/"),
        ("/politikker/redaktion/", "/politikker/redaktion/"),
        ("/politikker/redaktion/uddannelse/", "/politikker/redaktion/"),
    ],
)
def test_main_menu_marks_one_section(path, current, editor_page, live_server, browser_editor):
    build_site(browser_editor)
    open_page(editor_page, live_server.url + path)
    marked = editor_page.locator(".mainmenu a[aria-current]")
    assert marked.count() == 1
    assert marked.get_attribute("href") == current


@pytest.mark.parametrize("name", ["home", "policy"])
def test_narrow_viewport(name, page, live_server, browser_editor, assert_accessible):
    site = build_site(browser_editor)
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, live_server.url + public_url(site, name))
    # Nothing may scroll sideways at 390 px (WCAG 1.4.10 reflow).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_english(page, live_server, browser_editor, assert_accessible):
    site = build_site(browser_editor)
    open_page(page, live_server.url + public_url(site, "policy"))
    page.locator(".language-bar").get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert page.url == live_server.url + public_url(site, "policy")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".language-bar [aria-current=true]").inner_text() == "English"
    assert_accessible(page)
