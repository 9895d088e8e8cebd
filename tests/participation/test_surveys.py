import pytest
from django.core.exceptions import ValidationError

from uddannelsesby.participation import services
from uddannelsesby.participation.models import Submission
from uddannelsesby.participation.selectors import survey_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = services.survey_create(actor=None, title="Hvad synes du?")
    services.question_add(
        actor=None, survey=survey, kind="single", text="Alder", choices=["Ung", "Ældre"]
    )
    services.question_add(
        actor=None, survey=survey, kind="multiple", text="Hvad", choices=["A", "B", "C"]
    )
    services.question_add(actor=None, survey=survey, kind="scale", text="Hvor meget", choices=[])
    services.question_add(
        actor=None, survey=survey, kind="text", text="Andet", choices=[], required=False
    )
    services.survey_set_status(actor=None, survey=survey, status="open")
    return survey


def answers(survey, single=0, multiple=(0, 2), scale=4, text="Mere"):
    q = list(survey.questions.all())
    return {f"q{q[0].pk}": single, f"q{q[1].pk}": list(multiple), f"q{q[2].pk}": scale,
            f"q{q[3].pk}": text}  # fmt: skip


def test_answer_and_results(client, survey):
    response = client.post(survey.get_absolute_url(), answers(survey))
    assert response.status_code == 302
    client.post(survey.get_absolute_url(), answers(survey, single=1, multiple=[2], scale=2))
    overall, groups, hidden = survey_results(survey)
    single, multiple, scale, text = overall
    assert [row[1] for row in single.rows] == [1, 1]
    assert [row[1] for row in multiple.rows] == [1, 0, 2]
    assert scale.mean == 3.0
    assert text.texts == ["Mere", "Mere"]
    assert groups == []
    assert hidden == 0


def test_required_answers_and_bad_input_keep_the_form(client, survey):
    data = answers(survey, text="Behold mig")
    q = list(survey.questions.all())
    data[f"q{q[0].pk}"] = ""
    data[f"q{q[2].pk}"] = "9"
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 400
    assert "Behold mig" in response.content.decode()
    assert not Submission.objects.exists()


def test_results_split_by_class_only_from_five_answers(client, survey):
    big = services.class_group_create(actor=None, school="Gymnasiet", name="2.b", codes=6)
    small = services.class_group_create(actor=None, school="Skolen", name="9.a", codes=6)
    for code in list(big.codes.all())[:5] + list(small.codes.all())[:4]:
        response = client.post(
            survey.get_absolute_url(), answers(survey) | {"code": code.code.lower()}
        )
        assert response.status_code == 302
    overall, groups, hidden = survey_results(survey, by="class")
    assert [g.label for g in groups] == ["Gymnasiet, 2.b"]
    assert hidden == 1
    assert overall[0].answers == 9
    page = client.get(
        f"/deltag/undersoegelser/{survey.pk}/resultater/?opdel=class"
    ).content.decode()
    assert "2.b" in page
    assert "9.a" not in page
    overall, groups, hidden = survey_results(survey, by="school")
    assert [g.label for g in groups] == ["Gymnasiet"]


def test_a_code_answers_once_and_unknown_codes_are_refused(client, survey):
    group = services.class_group_create(actor=None, school="S", name="K", codes=1)
    code = group.codes.get().code
    assert (
        client.post(survey.get_absolute_url(), answers(survey) | {"code": code}).status_code == 302
    )
    assert (
        client.post(survey.get_absolute_url(), answers(survey) | {"code": code}).status_code == 400
    )
    assert (
        client.post(survey.get_absolute_url(), answers(survey) | {"code": "NOPE"}).status_code
        == 400
    )
    assert Submission.objects.count() == 1


def test_closed_and_draft_surveys(client, survey):
    services.survey_set_status(actor=None, survey=survey, status="closed")
    with pytest.raises(ValidationError):
        services.survey_submit(survey=survey, answers={})
    draft = services.survey_create(actor=None, title="Kladde")
    assert client.get(draft.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError):
        services.survey_set_status(actor=None, survey=draft, status="open")  # no questions


def test_choice_question_needs_two_choices(survey):
    with pytest.raises(ValidationError):
        services.question_add(actor=None, survey=survey, kind="single", text="X", choices=["A"])
