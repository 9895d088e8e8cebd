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
    # Two answers are a group under five: not shown, not even to everyone at once.
    assert survey_results(survey).overall is None
    page = client.get(f"/deltag/undersoegelser/{survey.pk}/resultater/").content.decode()
    assert "Mere" not in page
    assert "<table" not in page
    for _n in range(3):
        client.post(survey.get_absolute_url(), answers(survey))
    overall, groups, hidden = survey_results(survey)
    single, multiple, scale, text = overall
    assert [row[1] for row in single.rows] == [4, 1]
    assert [row[1] for row in multiple.rows] == [4, 0, 5]
    assert scale.mean == 3.6
    assert text.texts == ["Mere"] * 5
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
    # Everyone (9) minus the visible class (5) would give away the four of 9.a: hidden too.
    overall, groups, hidden = survey_results(survey, by="class")
    assert (groups, hidden) == ([], 2)
    for _n in range(5):
        services.survey_submit(survey=survey, answers={})  # five more, without a code
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


def test_a_school_minus_its_visible_class_does_not_reveal_the_other(survey):
    """The issue's case: a school of 7 answers, a class of 5 and a class of 2."""
    five = services.class_group_create(actor=None, school="Skolen", name="9.a", codes=5)
    two = services.class_group_create(actor=None, school="Skolen", name="9.b", codes=2)
    other = services.class_group_create(actor=None, school="Gymnasiet", name="1.x", codes=9)
    q = list(survey.questions.all())
    for code in list(five.codes.all()) + list(two.codes.all()) + list(other.codes.all()):
        bus = 1 if code.class_group == two else 4
        services.survey_submit(
            survey=survey, answers={q[0].pk: 0, q[1].pk: [0], q[2].pk: bus}, code=code
        )
    by_school = survey_results(survey, by="school")
    by_class = survey_results(survey, by="class")
    shown = {g.label: g.answers for g in by_school.groups + by_class.groups}
    # Either the school or its class of 5 may be shown, never both.
    assert not ("Skolen" in shown and "Skolen, 9.a" in shown)
    assert "Skolen, 9.b" not in shown
    # Everyone (16) minus the shown groups leaves 0 or at least 5.
    for group in (by_school.groups, by_class.groups):
        left = 16 - sum(g.answers for g in group)
        assert left == 0 or left >= 5


def test_a_class_never_counts_more_than_its_size_and_codes_expire(client, survey):
    import datetime

    from django.utils import timezone

    group = services.class_group_create(actor=None, school="S", name="K", codes=2)
    codes = list(group.codes.all())
    assert group.size == 2
    group.size = 1  # the teacher declared one pupil fewer than there are codes
    group.save()
    services.survey_submit(survey=survey, answers={}, code=codes[0])
    with pytest.raises(ValidationError):
        services.survey_submit(survey=survey, answers={}, code=codes[1])
    group.size = 2
    group.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    group.save()
    response = client.post(survey.get_absolute_url(), answers(survey) | {"code": codes[1].code})
    assert response.status_code == 400
    assert Submission.objects.count() == 1


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


def test_answers_sent_after_the_survey_closed_are_refused_and_kept(client, survey):
    """The survey was open when the page was drawn and closed before the answers arrived:
    the person is told they were not sent, and sees what they wrote."""
    assert client.get(survey.get_absolute_url()).status_code == 200
    services.survey_set_status(actor=None, survey=survey, status="closed")
    data = answers(survey, text="Flere busser om natten")
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Flere busser om natten" in page
    assert "Send dine svar" not in page  # nothing to send them to
    assert not Submission.objects.exists()
