"""Danish CVR numbers: eight digits, the first not 0, with a modulus-11 check.

The weights 2, 7, 6, 5, 4, 3, 2, 1 times the digits must add up to a multiple of 11.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


# What precedes the number on a letterhead or in a web site's footer: "CVR-nr.:", "DK-".
_PREFIX = re.compile(r"^(?:CVR(?:-?NR)?\.?:?)?(?:DK-?)?")


def normalise_cvr(value: str) -> str:
    """Spaces and a prefix, as on invoices ("DK", "DK-", "CVR-nr."), are dropped."""
    value = re.sub(r"\s", "", value or "").upper()
    return _PREFIX.sub("", value, count=1)


def is_valid_cvr(value: str) -> bool:
    if not re.fullmatch(r"[1-9][0-9]{7}", value):
        return False
    return sum(w * int(d) for w, d in zip(WEIGHTS, value, strict=True)) % 11 == 0


def validate_cvr(value: str) -> None:
    if not re.fullmatch(r"[0-9]{8}", value):  # \d would take other scripts' digits
        raise ValidationError(_("A CVR number has eight digits."), code="format")
    if not is_valid_cvr(value):
        raise ValidationError(
            _("This is not a valid CVR number: check the digits."), code="check_digit"
        )
