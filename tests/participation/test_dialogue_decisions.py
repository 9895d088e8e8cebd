"""The moderator's decision on each passage of a participant's statement that may be personal
is kept with the statement, as for hearing responses; and the gaps of the same class in the
dialogue (late decisions, posts to a closed dialogue, votes on statements no longer open)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from uddannelsesby.core.models import HistoryEntry
from uddannelsesby.participation import services
from uddannelsesby.participation.models import Statement, Vote

from .helpers import dialogue_manage_url, open_dialogue, write_statement

pytestmark = pytest.mark.django_db

WRITTEN = "Jeg hedder Karen Jensen og bor på Vestergade 12"


@pytest.fixture
def dialogue():
    return open_dialogue()


def test_the_moderator_decides_each_passage_and_the_decision_is_kept(dialogue, editor_client):
    statement = write_statement(dialogue, WRITTEN)
    page = editor_client.get(dialogue_manage_url(dialogue)).content.decode()
    # every passage is offered as a choice, without JavaScript
    assert 'name="blackout" value="Karen Jensen"' in page
    assert 'name="blackout" value="Vestergade 12"' in page
    preview = editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "preview", "statement": statement.pk, "blackout": ["Vestergade 12"]},
    )
    assert "Vestergade 12" not in preview.context["pending"][0].public_text
    assert 'value="Vestergade 12" id="blackout-' in preview.content.decode()
    assert "checked" in preview.content.decode()
    response = editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "approve", "statement": statement.pk, "blackout": ["Vestergade 12"]},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == "approved"
    assert "Vestergade 12" not in statement.text
    assert "Karen Jensen" in statement.text
    assert {d["text"]: d["decision"] for d in statement.passage_decisions} == {
        "Karen Jensen": "keep",
        "Vestergade 12": "remove",
    }
    assert {d["category"] for d in statement.passage_decisions} == {"person", "address"}
    # shown again when the statement is opened later
    html = editor_client.get(dialogue_manage_url(dialogue)).content.decode()
    assert "“Vestergade 12” (" in html
    assert "<strong>bevaret</strong>" in html
    assert "<strong>fjernet</strong>" in html
    # the history keeps the categories only
    entry = HistoryEntry.objects.filter(object_id=dialogue.pk).latest("pk")
    assert "address: remove" in str(entry.changes)
    assert "Vestergade" not in str(entry.changes)


def test_a_passage_edited_away_is_recorded_as_removed(dialogue, editor_client):
    statement = write_statement(dialogue, "Mvh Ole Hansen, mere wifi")
    editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "approve", "statement": statement.pk, "public_text": "Mere wifi"},
    )
    statement.refresh_from_db()
    assert statement.text == "Mere wifi"
    assert statement.passage_decisions == [
        {"text": "Ole Hansen", "category": "person", "decision": "remove"}
    ]


def test_a_blackout_that_is_no_passage_is_ignored(dialogue, editor_client):
    statement = write_statement(dialogue, "Flere busser til Vestergade 12")
    editor_client.post(
        dialogue_manage_url(dialogue),
        {"moderate": "approve", "statement": statement.pk, "blackout": ["busser", ""]},
    )
    statement.refresh_from_db()
    assert statement.text == "Flere busser til Vestergade 12"


@pytest.mark.parametrize("first", [True, False], ids=["approved", "rejected"])
@pytest.mark.parametrize("second", [True, False], ids=["approve", "reject"])
def test_the_service_refuses_a_statement_decided_already(dialogue, first, second):
    statement = write_statement(dialogue, WRITTEN)
    late = Statement.objects.get(pk=statement.pk)  # a second moderator's copy, drawn before
    services.statement_moderate(actor=None, statement=statement, approve=first)
    decided = Statement.objects.get(pk=statement.pk)
    with translation.override("en"), pytest.raises(ValidationError, match="Someone else has"):
        services.statement_moderate(
            actor=None, statement=late, approve=second, public_text="Noget andet"
        )
    after = Statement.objects.get(pk=statement.pk)
    assert (after.status, after.text, after.passage_decisions) == (
        decided.status,
        decided.text,
        decided.passage_decisions,
    )


def test_a_late_decision_through_the_page_is_refused_and_the_edit_shown(dialogue, editor_client):
    statement = write_statement(dialogue, WRITTEN)
    real = services.statement_moderate

    def other_moderator_first(**kwargs):  # the other decision lands after the page's check
        real(actor=None, statement=Statement.objects.get(pk=statement.pk), approve=False)
        return real(**kwargs)

    with mock.patch.object(services, "statement_moderate", other_moderator_first):
        response = editor_client.post(
            dialogue_manage_url(dialogue),
            {"moderate": "approve", "statement": statement.pk, "public_text": "Mit eget udkast"},
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "En anden har allerede taget stilling til udsagnet: Afvist" in html
    assert "Mit eget udkast" in html
    assert Statement.objects.get(pk=statement.pk).status == "rejected"


def _closed(dialogue):
    services.statement_add(actor=None, dialogue=dialogue, text="Flere cykelstier")
    client = Client()
    client.get(dialogue.get_absolute_url())
    services.dialogue_set_status(actor=None, dialogue=dialogue, status="closed")
    return client


def test_a_vote_to_a_closed_dialogue_is_said_on_the_page(dialogue):
    client = _closed(dialogue)
    statement = dialogue.statements.get()
    response = client.post(
        dialogue.get_absolute_url(),
        {"statement": statement.pk, "vote": "1"},
    )
    assert response.status_code == 200
    assert "Dialogen er lukket, så din stemme blev ikke talt med." in response.content.decode()
    assert not Vote.objects.exists()


def test_joining_a_closed_dialogue_is_said_on_the_page(dialogue):
    client = _closed(dialogue)
    group = services.class_group_create(actor=None, school="S", name="K", codes=1)
    response = client.post(
        dialogue.get_absolute_url(),
        {"join": "1", "code": group.codes.get().code},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dialogen er lukket" in html


def test_a_statement_arriving_as_the_dialogue_closes_is_kept_not_a_500(dialogue):
    client = Client()
    client.get(dialogue.get_absolute_url())

    def closes_meanwhile(**kwargs):
        services.dialogue_set_status(actor=None, dialogue=dialogue, status="closed")
        raise ValidationError("The dialogue is not open.")

    with mock.patch.object(services, "statement_add", closes_meanwhile):
        response = client.post(
            dialogue.get_absolute_url(), {"add": "1", "text": "Flere cykelstier", "website": ""}
        )
    assert response.status_code == 400
    assert "Flere cykelstier" in response.content.decode()


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_a_vote_on_a_statement_no_longer_open_is_said(dialogue, status):
    statement = services.statement_add(actor=None, dialogue=dialogue, text="Flere cykelstier")
    Statement.objects.filter(pk=statement.pk).update(status=status)
    client = Client()
    response = client.post(
        dialogue.get_absolute_url(), {"statement": statement.pk, "vote": "1"}, follow=True
    )
    assert response.status_code == 200
    assert "Der kan ikke stemmes om udsagnet." in response.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_on_a_removed_statement_is_said(dialogue):
    statement = services.statement_add(actor=None, dialogue=dialogue, text="Flere cykelstier")
    pk = statement.pk
    statement.delete()
    response = Client().post(
        dialogue.get_absolute_url(), {"statement": pk, "vote": "1"}, follow=True
    )
    assert response.status_code == 200
    assert "Udsagnet blev ikke fundet." in response.content.decode()


def test_a_vote_posted_twice_counts_once(dialogue):
    statement = services.statement_add(actor=None, dialogue=dialogue, text="Flere cykelstier")
    client = Client()
    for _ in range(2):
        client.post(dialogue.get_absolute_url(), {"statement": statement.pk, "vote": "1"})
    assert Vote.objects.count() == 1


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\u00a0\u00a0", "\u200b", "\t\n", "x" * 141, "👍" * 141],
    ids=["empty", "spaces", "nbsp", "zero-width", "tab", "too-long", "too-many-emoji"],
)
def test_an_empty_or_over_long_statement_is_refused_and_kept(dialogue, text):
    response = Client().post(dialogue.get_absolute_url(), {"add": "1", "text": text, "website": ""})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert not Statement.objects.exists()


@pytest.mark.parametrize("text", ["👍", "🚲🚲🚲", "!!!", "..."])
def test_a_statement_of_no_words_is_refused(dialogue, text):
    response = Client().post(dialogue.get_absolute_url(), {"add": "1", "text": text, "website": ""})
    assert response.status_code == 400
    assert not Statement.objects.exists()


@pytest.mark.parametrize("text", ["Flere 🚲-stier!", "Ja tak til æbler", "Wi-Fi på 2. sal"])
def test_short_real_statements_pass(dialogue, text):
    write_statement(dialogue, text)
    assert Statement.objects.get().text == text


def test_the_same_statement_posted_twice_is_kept_once(dialogue):
    client = Client()
    client.get(dialogue.get_absolute_url())
    for _ in range(2):
        client.post(
            dialogue.get_absolute_url(), {"add": "1", "text": "Flere cykelstier", "website": ""}
        )
    assert Statement.objects.count() == 1
