"""The fit of a student and an opportunity: its four parts, the reason, the ranking."""

import pytest
from django.utils import translation

from uddannelsesby.bridge.fit import (
    SIMILAR_WORDS,
    WEIGHTS,
    Fit,
    Offer,
    Seeker,
    fit_matrix,
    rank_offers,
    rank_seekers,
    stems,
)

NURSE, ENGINEER = 1, 2


def fit(seeker: Seeker, offer: Offer) -> Fit:
    ((only,),) = fit_matrix([seeker], [offer])
    return only


def seeker(**fields) -> Seeker:
    return Seeker(**({"key": "s", "programme": NURSE, "level": "bachelor"} | fields))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_weights_add_up_to_one():
    assert sum(WEIGHTS.values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("programmes", "expected"),
    [({NURSE}, 1.0), ({NURSE, ENGINEER}, 1.0), (set(), 0.5), ({ENGINEER}, 0.0)],
)
def test_the_programme_part(programmes, expected):
    assert fit(seeker(), Offer(key="o", programmes=frozenset(programmes))).programme == expected


@pytest.mark.parametrize(
    ("levels", "expected"),
    [({"bachelor"}, 1.0), (set(), 0.5), ({"master", "phd"}, 0.0)],
)
def test_the_level_part(levels, expected):
    assert fit(seeker(), Offer(key="o", levels=frozenset(levels))).level == expected


def test_the_skills_part_is_the_share_of_the_skills_asked_for():
    student = seeker(skills=frozenset({"python", "excel", "sql", "salg"}))
    asked = Offer(key="o", skills=frozenset({"python", "excel", "tysk", "cad"}))
    result = fit(student, asked)
    assert result.shared_skills == ("excel", "python")  # sorted
    assert result.asked_skills == 4
    # programme 0.5 (none named), level 0.5, skills 2 of 4, no words
    assert result.score == pytest.approx(0.35 * 0.5 + 0.15 * 0.5 + 0.30 * 0.5)
    none_asked = fit(student, Offer(key="o"))
    assert none_asked.shared_skills == ()
    assert none_asked.score == pytest.approx(0.4)  # neutral parts, no words in common


def test_a_perfect_fit_scores_one():
    student = seeker(skills=frozenset({"python"}), text="programmering af robotter")
    offer = Offer(
        key="o", programmes=frozenset({NURSE}), levels=frozenset({"bachelor"}),
        skills=frozenset({"python"}), text="programmering af robotter",
    )  # fmt: skip
    result = fit(student, offer)
    assert result.similarity == pytest.approx(1)
    assert result.score == pytest.approx(1)


def test_the_word_part_is_a_cosine_between_0_and_1():
    student = seeker(text="Jeg vil arbejde med regnskab og bogføring")
    close = Offer(key="close", text="Studiejob i regnskab: bogføring for små virksomheder")
    far = Offer(key="far", text="Svejsning og montage på værkstedet")
    close_fit, far_fit = fit_matrix([student], [close, far])[0]
    assert 0 < close_fit.similarity <= 1
    assert far_fit.similarity == 0
    assert close_fit.score - far_fit.score == pytest.approx(0.20 * close_fit.similarity, abs=1e-3)


def test_danish_stemming_makes_inflections_the_same_word():
    assert stems("programmering")[0] == stems("programmerer")[0] == stems("programmere")[0]
    assert stems("Markedsføring")[0] == stems("markedsfører")[0]
    student = seeker(text="programmering")
    offer = Offer(key="o", text="Vi søger en, der programmerer")
    assert fit(student, offer).similarity >= SIMILAR_WORDS


def test_stems_are_lower_case_and_skip_numbers_and_single_letters():
    assert stems("Python 3 x 2026 SQL") == ["python", "sql"]


def test_words_every_text_has_do_not_make_texts_alike():
    assert stems("Jeg vil arbejde med salg og at lære") == stems("arbejde salg lære")
    student = seeker(text="Jeg vil gerne arbejde med regnskab og det er på vej")
    offer = Offer(key="o", text="Vi har svejsning og montage med dig, der er på værkstedet")
    result = fit(student, offer)
    assert result.similarity == 0
    assert "words" not in result.reason()


@pytest.mark.parametrize(
    ("student_text", "offer_text"), [("", ""), ("", "Studiejob"), ("2026 !!", "12 - 14")]
)
def test_empty_or_wordless_texts_give_no_similarity(student_text, offer_text):
    result = fit(seeker(text=student_text), Offer(key="o", text=offer_text))
    assert result.similarity == 0
    assert result.score == pytest.approx(0.35 * 0.5 + 0.15 * 0.5 + 0.30 * 0.5)


def test_empty_lists():
    assert fit_matrix([], []) == []
    assert fit_matrix([seeker()], []) == [[]]
    assert fit_matrix([], [Offer(key="o")]) == []
    assert rank_offers(seeker(), []) == []
    assert rank_seekers(Offer(key="o"), []) == []


@pytest.mark.parametrize(
    ("result", "for_student", "for_organisation"),
    [
        (
            Fit(score=0.8, programme=1, level=1, shared_skills=("a", "b", "c"), asked_skills=3),
            "Matches your programme and 3 of your skills.",
            "Studies a programme you named and has 3 of the skills you ask for.",
        ),
        (
            Fit(score=0.8, programme=1, level=1, shared_skills=("a", "b"), similarity=0.3),
            "Matches your programme and 2 of your skills. "
            "The description is close to your interests.",
            "Studies a programme you named and has 2 of the skills you ask for. "
            "Their interests are close to your description.",
        ),
        (
            Fit(score=0.3, programme=0, level=1),
            "Suits your level.",
            "Studies at a level you named.",
        ),
        (
            Fit(score=0.3, programme=0.5, level=0.5, shared_skills=("a",)),
            "Shares 1 of your skills.",
            "Has 1 of the skills you ask for.",
        ),
        (
            Fit(score=0.3, programme=0.5, level=0.5, similarity=SIMILAR_WORDS),
            "The description is close to your interests.",
            "Their interests are close to your description.",
        ),
        (
            Fit(score=0.3, programme=0.5, level=0.5, similarity=SIMILAR_WORDS - 0.01),
            "Open to every programme.",
            "Open to every programme.",
        ),
        (Fit(score=0.1, programme=0, level=0), "Little in common.", "Little in common."),
    ],
)
def test_the_reason_is_whole_sentences(result, for_student, for_organisation):
    assert result.reason() == for_student
    assert result.reason_for_organisation == for_organisation


def test_the_reason_of_a_computed_fit():
    student = seeker(skills=frozenset({"python", "sql", "excel", "tysk"}))
    offer = Offer(
        key="o", programmes=frozenset({NURSE}), skills=frozenset({"python", "sql", "excel"})
    )
    assert fit(student, offer).reason() == "Matches your programme and 3 of your skills."


def test_offers_are_ranked_best_first_ties_in_the_given_order():
    student = seeker(skills=frozenset({"python", "sql"}), text="data og programmering")
    offers = [
        Offer(key="other programme", programmes=frozenset({ENGINEER})),
        Offer(key="tie a"),
        Offer(key="skills", skills=frozenset({"python", "sql"})),
        Offer(key="tie b"),
        Offer(key="all", programmes=frozenset({NURSE}), skills=frozenset({"python"}),
              text="programmering af data"),
    ]  # fmt: skip
    ranked = rank_offers(student, offers)
    assert [offer.key for offer, _fit in ranked] == [
        "all", "skills", "tie a", "tie b", "other programme",
    ]  # fmt: skip
    scores = [f.score for _offer, f in ranked]
    assert scores == sorted(scores, reverse=True)


def test_students_are_ranked_best_first_for_an_offer():
    offer = Offer(key="o", programmes=frozenset({NURSE}), skills=frozenset({"omsorg"}))
    students = [
        seeker(key="engineer", programme=ENGINEER),
        seeker(key="nurse", skills=frozenset({"omsorg"})),
        seeker(key="nurse without skill"),
    ]
    ranked = rank_seekers(offer, students)
    assert [s.key for s, _fit in ranked] == ["nurse", "nurse without skill", "engineer"]
    assert ranked[0][1].reason_for_organisation == (
        "Studies a programme you named and has 1 of the skills you ask for."
    )


def test_the_matrix_has_a_row_per_student_and_a_column_per_offer():
    students = [seeker(key=n, text=t) for n, t in enumerate(["salg", "svejsning", ""])]
    offers = [Offer(key="a", text="salg og service"), Offer(key="b", text="svejsning")]
    matrix = fit_matrix(students, offers)
    assert [len(row) for row in matrix] == [2, 2, 2]
    assert matrix[0][0].similarity > 0
    assert matrix[0][1].similarity == 0
    assert matrix[1][1].similarity > 0
    assert matrix[1][0].similarity == 0
    assert matrix[2][0].similarity == matrix[2][1].similarity == 0


def test_a_fit_with_nothing_in_common_is_weak():
    assert Fit(score=0.1, programme=0, level=0).is_weak
    assert not Fit(score=0.3, programme=0, level=1).is_weak
    assert not Fit(score=0.3, programme=0, level=0, shared_skills=("excel",)).is_weak
    assert not Fit(score=0.3, programme=0, level=0, similarity=SIMILAR_WORDS).is_weak
    assert not Fit(score=0.3, programme=0.5, level=0.5).is_weak  # open to every programme
