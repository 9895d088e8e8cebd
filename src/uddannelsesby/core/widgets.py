"""The widgets every form of the product uses for dates, times and amounts of money.

A browser's `<input type="date">` shows only a value written `yyyy-mm-dd` and
`<input type="datetime-local">` only `yyyy-mm-ddThh:mm[:ss]`. Django's widgets render with the
active locale's format (`15.01.2026` in Danish), which the browser shows as empty: saving the
form unchanged then loses the date. These widgets always write the ISO form.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone, translation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return value  # what the user typed, shown again when the form is refused


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            date = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
            text = f"{date}T{value.hour:02d}:{value.minute:02d}"
            if value.second or value.microsecond:
                text += f":{value.second:02d}"
            return text
        return value


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format="%H:%M")


def format_amount(value) -> str:
    """An amount as the money field reads it back: no thousands separator, the language's
    decimal mark, decimals only when there are øre (125000,5 -> "125000,50")."""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return str(int(amount))
    text = f"{amount.quantize(Decimal('0.01')):f}"
    if translation.get_language() and translation.get_language().startswith("da"):
        text = text.replace(".", ",")
    return text


class MoneyInput(forms.TextInput):
    """A text input, not type=number: a number input drops "125.000,50" and misreads
    "1.500.000" as 1.5, so the server reads what was typed (see core.fields.parse_amount)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_amount(value)
        return super().format_value(value)
