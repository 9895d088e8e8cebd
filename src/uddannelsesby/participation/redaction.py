"""Remove e-mail addresses, phone numbers and CPR numbers from text before it is published."""

import re

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A CPR number: a valid day and month, two digits for the year, then four digits.
CPR = re.compile(
    r"(?<![\w.,/-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\w]|[.,/-]\d)"
)
# A Danish phone number: eight digits, alone or in pairs or fours, with an optional +45/0045.
PHONE = re.compile(
    r"(?<![\w.,/+-])"
    r"(?P<prefix>(?:\+|00)\s?45[\s-]?)?"
    r"(?P<number>\d{8}|\d{2}(?:[ -]\d{2}){3}|\d{4} \d{4})"
    r"(?![\w]|[.,/-]\d)"
)
YEAR = re.compile(r"(?:19|20)\d\d")


def _phone(match: re.Match) -> str:
    number = match["number"]
    if not match["prefix"] and " " in number and len(number) == 9:
        first, second = number.split(" ")
        if YEAR.fullmatch(first) and YEAR.fullmatch(second):
            return match[0]  # "2008 2009": two years, not a phone number
    return _("[phone number removed]")


def redact(text: str) -> str:
    """The text with every e-mail address, CPR number and phone number replaced by a notice."""
    text = EMAIL.sub(lambda m: _("[e-mail address removed]"), text)
    text = CPR.sub(lambda m: _("[CPR number removed]"), text)
    return PHONE.sub(_phone, text)
