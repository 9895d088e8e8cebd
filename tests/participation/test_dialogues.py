import pytest
from django.core.exceptions import ValidationError

from uddannelsesby.participation import services
from uddannelsesby.participation.models import Participant, Statement, Vote
from uddannelsesby.participation.selectors import dialogue_result, dialogue_split

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue():
    dialogue = services.dialogue_create(
        actor=None, title="Byen", question="Hvad mener du?", status="open"
    )
    for n in range(6):
        services.statement_add(actor=None, dialogue=dialogue, text=f"Udsagn {n}")
    return dialogue


def test_vote_one_statement_at_a_time_without_javascript(client, dialogue):
    page = client.get(dialogue.get_absolute_url())
    first = page.context["statement"]
    assert first.text == "Udsagn 0"
    assert not Participant.objects.exists()  # looking creates nothing
    response = client.post(dialogue.get_absolute_url(), {"statement": first.pk, "vote": "1"})
    assert response.status_code == 302
    assert Vote.objects.get().value == 1
    assert client.get(dialogue.get_absolute_url()).context["statement"].text == "Udsagn 1"
    client.post(dialogue.get_absolute_url(), {"statement": first.pk, "vote": "-1"})  # change it
    assert Vote.objects.get().value == -1


def test_bad_votes_never_fail(client, dialogue):
    for data in [
        {"statement": "x", "vote": "1"},
        {"statement": "999", "vote": "1"},
        {"statement": dialogue.statements.first().pk, "vote": "7"},
        {"vote": ""},
    ]:
        assert client.post(dialogue.get_absolute_url(), data).status_code == 302
    assert not Vote.objects.exists()


def test_participant_statements_wait_for_approval(client, dialogue, editor_client):
    response = client.post(
        dialogue.get_absolute_url(), {"add": "1", "text": "Mere wifi", "website": ""}
    )
    assert response.status_code == 302
    statement = Statement.objects.get(text="Mere wifi")
    assert statement.status == "pending"
    with pytest.raises(ValidationError):
        services.vote_cast(
            participant=services.participant_join(dialogue=dialogue), statement=statement, value=1
        )
    editor_client.post(
        f"/deltag/redaktion/dialog/{dialogue.pk}/",
        {"moderate": "approve", "statement": statement.pk},
    )
    statement.refresh_from_db()
    assert statement.status == "approved"


def test_too_long_statement_keeps_the_text(client, dialogue):
    response = client.post(dialogue.get_absolute_url(), {"add": "1", "text": "x" * 141})
    assert response.status_code == 400
    assert "x" * 141 in response.content.decode()


def test_results_find_groups_and_show_tables(client, dialogue):
    statements = list(dialogue.statements.all())
    for n in range(40):
        participant = services.participant_join(dialogue=dialogue)
        sign = 1 if n % 2 else -1
        for i, statement in enumerate(statements):
            value = 1 if i == 0 else (sign if i < 3 else -sign)
            services.vote_cast(participant=participant, statement=statement, value=value)
    result = dialogue_result(dialogue)
    assert result.groups.count == 2
    assert result.unite[0][0] == statements[0]
    assert result.divide
    page = client.get(f"/deltag/dialog/{dialogue.pk}/resultater/").content.decode()
    assert "<table" in page
    assert "<canvas" not in page
    assert "Udsagn 0" in page


def test_closed_dialogue_takes_no_votes(client, dialogue):
    services.dialogue_set_status(actor=None, dialogue=dialogue, status="closed")
    statement = dialogue.statements.first()
    client.post(dialogue.get_absolute_url(), {"statement": statement.pk, "vote": "1"})
    assert not Vote.objects.exists()


def test_split_by_class_only_from_five_participants(client, dialogue):
    big = services.class_group_create(actor=None, school="Gymnasiet", name="2.b", codes=5)
    small = services.class_group_create(actor=None, school="Skolen", name="9.a", codes=4)
    statement = dialogue.statements.first()
    for code in list(big.codes.all()) + list(small.codes.all()):
        participant = services.participant_join(dialogue=dialogue, code=code)
        services.vote_cast(participant=participant, statement=statement, value=1)
    # Everyone (9) minus 2.b (5) would give away 9.a's four: 2.b is hidden as well.
    assert dialogue_split(dialogue, by="class").labels == []
    for _n in range(5):
        participant = services.participant_join(dialogue=dialogue)
        services.vote_cast(participant=participant, statement=statement, value=-1)
    split = dialogue_split(dialogue, by="class")
    assert split.labels == ["Gymnasiet, 2.b"]
    assert split.hidden == 1
    assert split.rows[0] == (statement, [100])
    page = client.get(f"/deltag/dialog/{dialogue.pk}/resultater/?opdel=class").content.decode()
    assert "Gymnasiet, 2.b" in page
    assert "9.a" not in page


def test_joining_with_a_class_code(client, dialogue):
    group = services.class_group_create(actor=None, school="S", name="K", codes=1)
    response = client.post(
        dialogue.get_absolute_url(), {"join": "1", "code": group.codes.get().code}
    )
    assert response.status_code == 302
    assert Participant.objects.get().code.class_group == group
    assert client.post(dialogue.get_absolute_url(), {"join": "1", "code": "XX"}).status_code == 400
    # Joining without a code does not claim that the votes count for a class.
    assert client.post(dialogue.get_absolute_url(), {"join": "1", "code": ""}).status_code == 400


def test_one_code_in_many_browsers_is_one_participant(client, dialogue):
    """One code used in six browser sessions made a class of two look like six."""
    from django.test import Client

    group = services.class_group_create(actor=None, school="S", name="K", codes=2)
    code = group.codes.first().code
    statement = dialogue.statements.first()
    said = []
    for _n in range(6):
        browser = Client()
        browser.post(dialogue.get_absolute_url(), {"statement": statement.pk, "vote": "1"})
        response = browser.post(
            dialogue.get_absolute_url(), {"join": "1", "code": code}, follow=True
        )
        said.append("tæller nu med for din klasse" in response.content.decode())
    assert said == [True] + [False] * 5  # the message is shown only where it is true
    assert Participant.objects.filter(code__class_group=group).count() == 1
    assert Participant.objects.count() == 6  # the others' votes count, not for the class


def test_a_participant_who_voted_first_can_add_the_code(client, dialogue):
    group = services.class_group_create(actor=None, school="S", name="K", codes=1)
    statement = dialogue.statements.first()
    client.post(dialogue.get_absolute_url(), {"statement": statement.pk, "vote": "1"})
    client.post(dialogue.get_absolute_url(), {"join": "1", "code": group.codes.get().code})
    assert Participant.objects.get().code.class_group == group


def test_expired_codes_do_not_join(client, dialogue):
    import datetime

    from django.utils import timezone

    group = services.class_group_create(
        actor=None, school="S", name="K", codes=1, expires_on=timezone.localdate()
    )
    group.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    group.save()
    with pytest.raises(ValidationError):
        services.participant_join(dialogue=dialogue, code=group.codes.get())
    response = client.post(
        dialogue.get_absolute_url(), {"join": "1", "code": group.codes.get().code}
    )
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_dashboard_counts_pending_statements(editor_client, dialogue):
    services.statement_add(actor=None, dialogue=dialogue, text="Ny", by_participant=True)
    for _ in range(3):
        services.participant_join(dialogue=dialogue)
    shown = editor_client.get("/deltag/redaktion/").context["dialogues"].get(pk=dialogue.pk)
    assert (shown.pending, shown.voters) == (1, 3)


def test_the_class_form_declares_size_and_expiry(editor_client):
    import re

    from uddannelsesby.participation.models import ClassGroup

    page = editor_client.get("/deltag/redaktion/klasser/ny/").content.decode()
    expires = re.search(r'name="expires_on" value="(\d{4}-\d\d-\d\d)"', page)
    assert expires  # a date input shows only yyyy-mm-dd
    response = editor_client.post(
        "/deltag/redaktion/klasser/ny/",
        {"school": "Skolen", "name": "9.c", "codes": "22", "expires_on": expires.group(1)},
    )
    assert response.status_code == 302
    group = ClassGroup.objects.get(name="9.c")
    assert (group.size, group.codes.count(), str(group.expires_on)) == (22, 22, expires.group(1))
    page = editor_client.get(response["Location"]).content.decode()
    assert "22 elever" in page


def test_a_statement_sent_after_the_dialogue_closed_is_refused_and_kept(client, dialogue):
    assert client.get(dialogue.get_absolute_url()).status_code == 200
    services.dialogue_set_status(actor=None, dialogue=dialogue, status="closed")
    before = dialogue.statements.count()
    response = client.post(
        dialogue.get_absolute_url(), {"text": "Flere cykelstier til skolerne", "add": "1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Flere cykelstier til skolerne" in page
    assert dialogue.statements.count() == before


@pytest.mark.parametrize("written", ["{a} {b}", "{a}-{b}", " {a}.{b} ", "{lower}", "{spaced}"])
def test_a_class_code_is_read_as_the_class_writes_it(client, dialogue, written):
    """A code copied from the board as "abcd efgh" or "ABCD-EFGH" (or one letter at a time,
    over the field's twelve characters) joins as the code itself."""
    group = services.class_group_create(actor=None, school="S", name="K", codes=1)
    code = group.codes.get().code
    typed = written.format(a=code[:4], b=code[4:], lower=code.lower(), spaced=" ".join(code))
    response = client.post(dialogue.get_absolute_url(), {"join": "1", "code": typed})
    assert response.status_code == 302, typed
    assert Participant.objects.get().code.class_group == group
