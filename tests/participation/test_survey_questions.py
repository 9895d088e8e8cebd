"""Survey questions: edited and moved freely until the first answer, then only reworded."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from uddannelsesby.core.models import HistoryEntry
from uddannelsesby.participation import services
from uddannelsesby.participation.models import Dialogue, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = services.survey_create(actor=None, title="Hvad synes du?")
    services.question_add(
        actor=None, survey=survey, kind="single", text="Alder", choices=["Ung", "Ældre"]
    )
    services.question_add(actor=None, survey=survey, kind="scale", text="Hvor glad", choices=[])
    services.question_add(actor=None, survey=survey, kind="text", text="Andet", choices=[])
    return survey


def texts(survey):
    return [q.text for q in survey.questions.all()]


def answer(survey):
    services.survey_set_status(actor=None, survey=survey, status="open")
    q = list(survey.questions.all())
    services.survey_submit(survey=survey, answers={q[0].pk: 0, q[1].pk: 4, q[2].pk: "Godt"})


def edit_url(question):
    return f"/deltag/redaktion/spoergsmaal/{question.pk}/"


def manage_url(survey):
    return f"/deltag/redaktion/undersoegelser/{survey.pk}/"


def test_before_answers_everything_can_change(editor_client, survey):
    question = survey.questions.first()
    page = editor_client.get(edit_url(question)).content.decode()
    assert "Ung\nÆldre" in page
    assert "disabled" not in page
    data = {"kind": "multiple", "text": "Hvor gammel?", "choices": "Ung\nMidt\nÆldre"}
    response = editor_client.post(edit_url(question), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.text, question.choices, question.required) == (
        "multiple", "Hvor gammel?", ["Ung", "Midt", "Ældre"], False,
    )  # fmt: skip
    assert HistoryEntry.objects.filter(action__contains="Hvor gammel?").exists()


def test_errors_are_shown_next_to_the_field_and_the_input_is_kept(editor_client, survey):
    question = survey.questions.first()
    with translation.override("da"):
        response = editor_client.post(
            edit_url(question), {"kind": "single", "text": "Behold mig", "choices": "Kun én"}
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Behold mig" in page
    assert 'id="id_choices_error"' in page or "id_choices" in page
    assert response.context["form"].errors["choices"]


def test_move_up_and_down_without_javascript(editor_client, survey):
    first, second, third = survey.questions.all()
    before = HistoryEntry.objects.count()
    page = editor_client.get(manage_url(survey)).content.decode()
    assert f'name="down" value="{first.pk}"' in page
    assert f'name="up" value="{first.pk}"' not in page  # the first cannot move up
    response = editor_client.post(manage_url(survey), {"down": first.pk})
    assert response.status_code == 302
    assert texts(survey) == ["Hvor glad", "Alder", "Andet"]
    editor_client.post(manage_url(survey), {"up": third.pk})
    assert texts(survey) == ["Hvor glad", "Andet", "Alder"]
    editor_client.post(manage_url(survey), {"up": second.pk})  # the first: nothing happens
    assert texts(survey) == ["Hvor glad", "Andet", "Alder"]
    assert HistoryEntry.objects.count() == before + 2


def test_a_question_of_another_survey_cannot_be_moved_here(editor_client, survey):
    other = services.survey_create(actor=None, title="Anden")
    assert (
        editor_client.post(manage_url(other), {"up": survey.questions.last().pk}).status_code == 404
    )


def test_after_an_answer_nothing_moves(editor_client, survey):
    answer(survey)
    first = survey.questions.first()
    page = editor_client.get(manage_url(survey)).content.decode()
    assert 'name="down"' not in page
    assert "Ret formuleringen" in page
    editor_client.post(manage_url(survey), {"down": first.pk})
    assert texts(survey) == ["Alder", "Hvor glad", "Andet"]
    with pytest.raises(ValidationError):
        services.question_move(actor=None, question=first, up=False)


def test_after_an_answer_the_other_fields_are_locked_and_say_why(editor_client, survey):
    answer(survey)
    page = editor_client.get(edit_url(survey.questions.first())).content.decode()
    assert page.count("disabled") >= 3
    assert "Låst: Undersøgelsen har svar" in page
    assert "Hver rettelse af formuleringen skrives i undersøgelsens historik" in page


def test_after_an_answer_a_post_changing_the_type_is_refused(editor_client, survey):
    answer(survey)
    question = survey.questions.first()
    with translation.override("da"):
        response = editor_client.post(
            edit_url(question), {"kind": "text", "text": "Alder nu", "choices": "Ung\nÆldre"}
        )
    assert response.status_code == 400
    assert response.context["form"].errors["kind"]
    question.refresh_from_db()
    assert (question.kind, question.text) == ("single", "Alder")
    for change in ({"choices": ["Ung", "Gammel"]}, {"required": False}, {"kind": "text"}):
        fields = {"kind": "single", "text": "Alder", "choices": ["Ung", "Ældre"], "required": True}
        with pytest.raises(ValidationError) as refused:
            services.question_update(actor=None, question=question, **(fields | change))
        assert set(change) <= set(refused.value.message_dict)


def test_after_an_answer_a_wording_fix_is_saved_and_logged(editor_client, survey, editor):
    answer(survey)
    question = survey.questions.first()
    # A browser sends no disabled fields: only the wording.
    response = editor_client.post(edit_url(question), {"text": "Hvor gammel er du?"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.kind, question.choices) == (
        "Hvor gammel er du?", "single", ["Ung", "Ældre"],
    )  # fmt: skip
    entry = HistoryEntry.objects.order_by("-pk").first()
    assert entry.object_id == survey.pk
    assert entry.actor == editor
    assert "Alder" in entry.action
    assert "Hvor gammel er du?" in entry.action
    assert entry.changes == {"text": ["Alder", "Hvor gammel er du?"]}


def test_saving_unchanged_writes_no_history(editor_client, survey):
    answer(survey)
    question = survey.questions.first()
    before = HistoryEntry.objects.count()
    assert editor_client.post(edit_url(question), {"text": "Alder"}).status_code == 302
    assert HistoryEntry.objects.count() == before


def test_only_editors_edit_questions(client, survey):
    question = survey.questions.first()
    response = client.post(edit_url(question), {"text": "Hack"})
    assert response.status_code == 302
    assert "log-ind" in response["Location"]
    question.refresh_from_db()
    assert question.text == "Alder"


def test_survey_and_dialogue_share_one_header(policy):
    from uddannelsesby.participation.models import Engagement

    assert issubclass(Survey, Engagement)
    assert issubclass(Dialogue, Engagement)
    survey = services.survey_create(actor=None, title="S", policy=policy)
    dialogue = services.dialogue_create(actor=None, title="D", question="?", policy=policy)
    assert list(policy.surveys.all()) == [survey]
    assert list(policy.dialogues.all()) == [dialogue]
    assert Survey.Status.OPEN == Dialogue.Status.OPEN == "open"
    for model in (Survey, Dialogue):
        assert {"title", "policy", "status", "created_at"} <= {f.name for f in model._meta.fields}
