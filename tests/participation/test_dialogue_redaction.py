"""Statements participants write in a dialogue are published redacted, from a preview
(issue 19 §1: every field that is published goes through the same redaction)."""

import pytest
from django.test import Client

from uddannelsesby.participation.models import Statement

from .helpers import dialogue_manage_url, open_dialogue, write_statement

pytestmark = pytest.mark.django_db

PERSONAL = [
    "22334455",
    "22 33 44 55",
    "22.33.44.55",
    "+45 22 33 44 55",
    "010190-1234",
    "010190\u20131234",  # an en dash
    "0101901234",
    "karen@example.dk",
    "karen (at) example (dot) dk",
]
TEXTS = [  # statements are at most 140 characters
    "Ring tlf. 22334455, 22 33 44 55, 22.33.44.55 eller +45 22 33 44 55.",
    "CPR 010190-1234, 010190\u20131234 og 0101901234.",
    "Skriv til karen@example.dk eller karen (at) example (dot) dk.",
]


@pytest.fixture
def dialogue():
    return open_dialogue()


def test_the_moderator_sees_the_redacted_preview_and_publishes_it(dialogue, editor_client):
    written = [write_statement(dialogue, text) for text in TEXTS]
    page = editor_client.get(dialogue_manage_url(dialogue))
    assert page.status_code == 200
    previews = page.context["pending"]
    assert [p.statement for p in previews] == written
    html = page.content.decode()
    assert html.count('class="mark-removed"') == len(PERSONAL)
    for preview in previews:
        for value in PERSONAL:
            assert value not in preview.public_text
        editor_client.post(
            dialogue_manage_url(dialogue),
            {
                "moderate": "approve",
                "statement": preview.statement.pk,
                "public_text": preview.public_text,
            },
        )
        statement = Statement.objects.get(pk=preview.statement.pk)
        assert statement.status == "approved"
        assert statement.text == preview.public_text  # only the published text is kept
    public = Client()
    for url in (dialogue.get_absolute_url(), f"{dialogue.get_absolute_url()}resultater/"):
        body = public.get(url).content.decode()
        if url == dialogue.get_absolute_url():
            assert "Ring tlf. " in body  # the first statement is shown, redacted
        for value in PERSONAL:
            assert value not in body, (url, value)


def test_approving_without_the_preview_still_redacts(dialogue, editor_client):
    statement = write_statement(dialogue, "Min søn har tlf. 22 33 44 55")
    editor_client.post(
        dialogue_manage_url(dialogue), {"moderate": "approve", "statement": statement.pk}
    )
    statement.refresh_from_db()
    assert statement.status == "approved"
    assert "22 33 44 55" not in statement.text


def test_the_moderators_edit_is_redacted_again_and_highlighted(dialogue, editor_client):
    statement = write_statement(dialogue, "Mere wifi")
    edit = "Mere wifi, spørg Karen Jensen på 22334455"
    page = editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "preview", "statement": statement.pk, "public_text": edit},
    )
    html = page.content.decode()
    assert 'class="mark-sensitive"' in html  # another person's name is highlighted
    assert edit in html  # what was typed stays in the box
    editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "approve", "statement": statement.pk, "public_text": edit},
    )
    statement.refresh_from_db()
    assert statement.text.startswith("Mere wifi, spørg Karen Jensen på ")
    assert "22334455" not in statement.text


def test_too_long_after_redaction_keeps_the_edit_and_says_why(dialogue, editor_client):
    statement = write_statement(dialogue, "Kort")
    edit = "tlf. 22334455 " * 21  # under 300 characters, far over once the notices are in
    assert len(edit) < 300
    page = editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "approve", "statement": statement.pk, "public_text": edit},
    )
    assert page.status_code == 400
    assert edit.strip() in page.content.decode()
    assert page.context["pending"][0].errors
    statement.refresh_from_db()
    assert statement.status == "pending"
    assert statement.text == "Kort"


def test_statements_published_before_are_redacted_by_the_migration(dialogue):
    from uddannelsesby.participation.redaction import redact_published_statements

    old = Statement.objects.create(
        dialogue=dialogue, text=TEXTS[0], status="approved", submitted_by_participant=True
    )
    waiting = Statement.objects.create(
        dialogue=dialogue, text=TEXTS[1], status="pending", submitted_by_participant=True
    )
    own = Statement.objects.create(dialogue=dialogue, text="Ring 22334455", status="approved")
    assert redact_published_statements(Statement) == 1
    for statement in (old, waiting, own):
        statement.refresh_from_db()
    assert "22334455" not in old.text
    assert "[telefonnummer fjernet]" in old.text
    assert waiting.text == TEXTS[1]  # redacted when an editor approves it
    assert own.text == "Ring 22334455"  # written by an editor


@pytest.mark.parametrize("typed", ["Flere\x00busser", "Flere\x1b[31mbusser"], ids=["nul", "escape"])
def test_a_moderators_text_with_control_characters_is_refused_beside_it(
    dialogue, editor_client, typed
):
    """The moderator's edit goes through the same check as every text typed in a form: a NUL
    was a server error, other control characters were published."""
    statement = write_statement(dialogue, "Flere busser")
    response = editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "approve", "statement": statement.pk, "public_text": typed},
    )
    assert response.status_code == 400
    statement.refresh_from_db()
    assert (statement.status, statement.text) == ("pending", "Flere busser")
