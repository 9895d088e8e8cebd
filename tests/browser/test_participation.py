"""axe on the citizen involvement pages, in normal and error states; voting and answering a
hearing with and without JavaScript, on a narrow screen too."""

import pytest

from uddannelsesby.participation import services
from uddannelsesby.participation.models import Response, Vote

from ..participation.helpers import make_hearing, make_meeting, respond
from .conftest import t

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db):
    hearing = make_hearing()
    closed = make_hearing(open_=False)
    services.hearing_memo_publish(actor=None, hearing=closed)
    response = respond(hearing, text="Ring 12 34 56 78 om min søn med ADHD")
    services.response_publish(actor=None, response=response)
    services.response_reply(
        actor=None, response=response, decision="partly", reply="Tak", reply_anchor=""
    )
    survey = services.survey_create(actor=None, title="Spørgeskema")
    services.question_add(actor=None, survey=survey, kind="single", text="Hvad laver du?",
                          choices=["Skole", "Job"])  # fmt: skip
    services.question_add(actor=None, survey=survey, kind="multiple", text="Hvad betyder noget?",
                          choices=["Venner", "Fag", "By"])  # fmt: skip
    services.question_add(actor=None, survey=survey, kind="scale", text="Hvor glad?", choices=[])
    services.question_add(actor=None, survey=survey, kind="text", text="Andet?", choices=[])
    services.survey_set_status(actor=None, survey=survey, status="open")
    dialogue = services.dialogue_create(actor=None, title="Byen", question="Hvad mener du?",
                                        status="open")  # fmt: skip
    statements = [
        services.statement_add(actor=None, dialogue=dialogue, text=f"Udsagn nummer {n}")
        for n in range(4)
    ]
    for n in range(20):
        participant = services.participant_join(dialogue=dialogue)
        for i, statement in enumerate(statements):
            value = 1 if i == 0 else (1 if (n % 2) == (i % 2) else -1)
            services.vote_cast(participant=participant, statement=statement, value=value)
    services.statement_add(actor=None, dialogue=dialogue, text="Forslag", by_participant=True)
    # passages to decide on (a checkbox each), and decisions kept with a published statement
    services.statement_add(
        actor=None,
        dialogue=dialogue,
        text="Spørg Karen Jensen på Vestergade 12",
        by_participant=True,
    )
    services.statement_moderate(
        actor=None,
        statement=services.statement_add(
            actor=None, dialogue=dialogue, text="Mvh Ole Hansen, flere bænke", by_participant=True
        ),
        approve=True,
        blackout=["Ole Hansen"],
    )
    group = services.class_group_create(actor=None, school="Skolen", name="9.a", codes=6)
    meeting = make_meeting(capacity=1)
    pending = respond(hearing, text="Min nabo Birgitte Hansen på Skovvej 12 er syg")
    return {
        "pending": pending.pk,
        "hearing": hearing.pk, "closed": closed.pk, "response": response.pk, "survey": survey.pk,
        "dialogue": dialogue.pk, "meeting": meeting.pk, "group": group.pk,
    }  # fmt: skip


PUBLIC = {
    "index": "/deltag/",
    "hearing": "/deltag/hoeringer/{hearing}/",
    "respond": "/deltag/hoeringer/{hearing}/svar/",
    "thanks": "/deltag/hoeringer/{hearing}/tak/",
    "memo": "/deltag/hoeringer/{closed}/hoeringsnotat/",
    "meetings": "/deltag/borgermoeder/",
    "meeting": "/deltag/borgermoeder/{meeting}/",
    "survey": "/deltag/undersoegelser/{survey}/",
    "survey-results": "/deltag/undersoegelser/{survey}/resultater/",
    "survey-by-class": "/deltag/undersoegelser/{survey}/resultater/?opdel=class",
    "dialogue": "/deltag/dialog/{dialogue}/",
    "dialogue-results": "/deltag/dialog/{dialogue}/resultater/",
    "privacy": "/deltag/privatlivspolitik/",
    "my-data": "/deltag/mine-data/",
}
EDITOR = {
    "dashboard": "/deltag/redaktion/",
    "hearing-create": "/deltag/redaktion/hoeringer/ny/",
    "hearing-manage": "/deltag/redaktion/hoeringer/{hearing}/",
    "summaries": "/deltag/redaktion/hoeringer/{hearing}/opsummering/",
    "response": "/deltag/redaktion/svar/{response}/",
    "pending-response": "/deltag/redaktion/svar/{pending}/",
    "memo-draft": "/deltag/hoeringer/{hearing}/hoeringsnotat/",
    "meeting-create": "/deltag/redaktion/borgermoeder/ny/",
    "meeting-edit": "/deltag/redaktion/borgermoeder/{meeting}/",
    "survey-manage": "/deltag/redaktion/undersoegelser/{survey}/",
    "survey-create": "/deltag/redaktion/undersoegelser/ny/",
    "dialogue-manage": "/deltag/redaktion/dialog/{dialogue}/",
    "dialogue-create": "/deltag/redaktion/dialog/ny/",
    "class-create": "/deltag/redaktion/klasser/ny/",
    "class": "/deltag/redaktion/klasser/{group}/",
}
# Pages with a form, and the submit button that shows its error state when fields are empty.
FORMS = {
    "respond": "main form button[type=submit]",
    "meeting": "main form button[type=submit]",
    "survey": "main form button[type=submit]",
    "my-data": "main form button[type=submit]",
}
EDITOR_FORMS = {
    "hearing-create": "main form button[type=submit]",
    "meeting-create": "main form button[type=submit]",
    "survey-create": "main form button[type=submit]",
    "class-create": "main form button[type=submit]",
    "response": "button[value=reply]",
    "survey-manage": "button[name=add]",
    "dialogue-manage": "button[name=add]",
}


@pytest.mark.parametrize("name", PUBLIC)
def test_public_page_is_accessible(page, live_server, site, assert_accessible, name):
    page.goto(live_server.url + PUBLIC[name].format(**site))
    assert_accessible(page)


@pytest.mark.parametrize("name", EDITOR)
def test_editor_page_is_accessible(editor_page, live_server, site, assert_accessible, name):
    editor_page.goto(live_server.url + EDITOR[name].format(**site))
    assert_accessible(editor_page)


def _empty_and_submit(page, button: str) -> None:
    for field in page.locator("main form input[type=text], main form input[type=email], "
                              "main form textarea").all():  # fmt: skip
        if field.is_visible():
            field.fill("")
    with page.expect_navigation():
        page.locator(button).last.click()


@pytest.mark.parametrize("name", FORMS)
def test_form_error_state_is_accessible(page, live_server, site, assert_accessible, name):
    page.goto(live_server.url + PUBLIC[name].format(**site))
    _empty_and_submit(page, FORMS[name])
    assert page.locator("#error-summary").first.is_visible()
    assert page.title().startswith(t("Error:"))
    assert_accessible(page)


@pytest.mark.parametrize("name", EDITOR_FORMS)
def test_editor_form_error_state_is_accessible(
    editor_page, live_server, site, assert_accessible, name
):
    editor_page.goto(live_server.url + EDITOR[name].format(**site))
    _empty_and_submit(editor_page, EDITOR_FORMS[name])
    assert editor_page.locator("#error-summary").first.is_visible()
    assert editor_page.title().startswith(t("Error:"))
    assert_accessible(editor_page)


@pytest.mark.parametrize("javascript", [True, False])
def test_answer_a_hearing_with_and_without_javascript(browser, live_server, site, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="da-DK")
    page = context.new_page()
    page.goto(live_server.url + PUBLIC["respond"].format(**site))
    page.locator("#id_name").fill("Maja Madsen")
    page.locator("#id_email").fill("maja@example.dk")
    page.locator("#id_text").fill("Jeg vil gerne have et studenterhus.")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("h1").inner_text() == t("Thank you for your response")
    assert Response.objects.filter(name="Maja Madsen").exists()
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_vote_with_the_keyboard_with_and_without_javascript(
    browser, live_server, site, assert_accessible, javascript
):
    context = browser.new_context(
        java_script_enabled=javascript, locale="da-DK", viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    page.goto(live_server.url + PUBLIC["dialogue"].format(**site))
    if javascript:  # axe itself needs JavaScript
        assert_accessible(page)
    first = page.locator(".statement-text").inner_text()
    page.get_by_role("button", name=t("Agree"), exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".statement-text").inner_text() != first
    assert Vote.objects.filter(value=1).count() >= 1
    if javascript:
        assert_accessible(page)
    context.close()


def test_narrow_screen(page, live_server, site, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 800})
    for name in ["respond", "hearing", "dialogue-results", "survey"]:
        page.goto(live_server.url + PUBLIC[name].format(**site))
        assert_accessible(page)
