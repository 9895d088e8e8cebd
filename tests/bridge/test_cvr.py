"""CVR numbers: eight digits, the first not 0, weights 2 7 6 5 4 3 2 1 adding up to 0 mod 11."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from uddannelsesby.bridge.cvr import is_valid_cvr, normalise_cvr, validate_cvr

# Worked by hand: the weighted sum of the first seven digits, then the last digit that makes
# the whole sum a multiple of 11.
#   1 2 3 4 5 6 7: 2 + 14 + 18 + 20 + 20 + 18 + 14 = 106; 106 + 4 = 110 = 10 * 11
#   3 1 4 1 5 9 2: 6 + 7 + 24 + 5 + 20 + 27 + 4 = 93; 93 + 6 = 99 = 9 * 11
#   9 0 0 0 0 0 1: 18 + 0 + 0 + 0 + 0 + 0 + 2 = 20; 20 + 2 = 22 = 2 * 11
#   2 0 0 0 0 0 0: 4; 4 + 7 = 11
#   1 0 0 0 0 0 0: 2; 2 + 9 = 11
VALID = ["12345674", "31415926", "90000012", "20000007", "10000009"]


def message(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)


@pytest.mark.parametrize("number", VALID)
def test_numbers_with_the_right_check_digit_are_valid(number):
    assert is_valid_cvr(number)
    validate_cvr(number)  # does not raise


@pytest.mark.parametrize(
    "number",
    [
        "12345675",  # 106 + 5 = 111
        "12345670",  # 106
        "31415925",  # 93 + 5 = 98
        "20000008",  # 4 + 8 = 12
        "10000001",  # 2 + 1 = 3
        "10000000",  # 2
    ],
)
def test_numbers_with_a_wrong_check_digit_are_refused(number):
    assert not is_valid_cvr(number)
    with pytest.raises(ValidationError) as caught:
        validate_cvr(number)
    assert caught.value.error_list[0].code == "check_digit"
    assert message(caught.value) == "This is not a valid CVR number: check the digits."


def test_the_first_digit_cannot_be_0_even_when_the_sum_is_right():
    # 0 1 2 3 4 5 6: 0 + 7 + 12 + 15 + 16 + 15 + 12 = 77 = 7 * 11, so the last digit is 0.
    assert not is_valid_cvr("01234560")
    with pytest.raises(ValidationError):
        validate_cvr("01234560")


@pytest.mark.parametrize(
    "value", ["", "1234567", "123456745", "1234567a", "1234-567", "12 345674", "DK12345674"]
)
def test_anything_but_eight_digits_is_a_format_error(value):
    assert not is_valid_cvr(value)
    with pytest.raises(ValidationError) as caught:
        validate_cvr(value)
    assert caught.value.error_list[0].code == "format"
    assert message(caught.value) == "A CVR number has eight digits."


def test_digits_of_other_scripts_are_a_format_error():
    """Full-width or Arabic-Indic digits that int() reads are not digits of a CVR number."""
    full_width = "1" + "２３４５６７４"  # 12345674, valid in ASCII
    arabic_indic = "1" + "٢٣٤٥٦٧٤"
    for value in (full_width, arabic_indic):
        assert not is_valid_cvr(value)
        with pytest.raises(ValidationError) as caught:
            validate_cvr(value)
        assert caught.value.error_list[0].code == "format"


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("DK 12 34 56 74", "12345674"),
        ("dk12345674", "12345674"),
        ("  1234 5674\n", "12345674"),
        ("DK\t31 41 59 26", "31415926"),
        ("12345674", "12345674"),
        ("", ""),
        (None, ""),
        ("12-34-56-74", "12-34-56-74"),  # only spaces and the prefix are dropped
        # As copied from a letterhead or a web site's footer:
        ("DK-12345674", "12345674"),
        ("CVR 12345674", "12345674"),
        ("CVR-nr. 12 34 56 74", "12345674"),
        ("CVR-nr.: 12345674", "12345674"),
        ("cvr: DK12345674", "12345674"),
    ],
)
def test_normalising_drops_spaces_and_the_dk_prefix(typed, normalised):
    assert normalise_cvr(typed) == normalised


def test_normalised_invoice_numbers_validate():
    validate_cvr(normalise_cvr("DK 31 41 59 26"))
    with pytest.raises(ValidationError):
        validate_cvr(normalise_cvr("DK 31 41 59 27"))
