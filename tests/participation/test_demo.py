import pytest
from django.core.management import call_command

from uddannelsesby.participation.demo import load_demo
from uddannelsesby.participation.models import Dialogue, Hearing, Meeting, Response, Survey
from uddannelsesby.participation.selectors import dialogue_result, dialogue_split, hearing_memo


@pytest.mark.django_db
def test_demo_loads_once(client):
    call_command("demo")
    hearing = Hearing.objects.get()
    assert hearing.version.kind == "hearing"
    assert hearing.is_closed()
    assert Response.objects.filter(status="published").exclude(decision="").count() >= 20
    assert not Response.objects.filter(public_text__contains="@").exists()
    assert Meeting.objects.count() == 2
    assert sorted(m.is_past for m in Meeting.objects.all()) == [False, True]
    assert Survey.objects.get().status == "open"
    result = dialogue_result(Dialogue.objects.get())
    assert result.groups is not None
    assert result.groups.count >= 2
    assert hearing_memo(hearing).total >= 20
    assert load_demo() is False
    assert Hearing.objects.count() == 1
    for url in [
        "/deltag/",
        hearing.get_absolute_url(),
        f"/deltag/hoeringer/{hearing.pk}/hoeringsnotat/",
    ]:
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_demo_dialogue_splits_by_class(client):
    call_command("demo")
    dialogue = Dialogue.objects.get()
    split = dialogue_split(dialogue, by="class")
    assert split.labels == ["Herning Gymnasium, 2.b", "Herning Gymnasium, 2.c"]
    assert split.hidden == 1
    page = client.get(f"/deltag/dialog/{dialogue.pk}/resultater/?opdel=class").content.decode()
    assert page.count('id="split-heading"') == 1
