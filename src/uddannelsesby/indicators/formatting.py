"""Numbers as people read them, in the active language (8,1 % in Danish, 8.1 % in English)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

DECIMALS = {"percent": 1, "per100": 1, "persons": 0}


def format_number(value: float | None, unit: str, decimals: int | None = None) -> str:
    if value is None:
        return "–"
    places = DECIMALS.get(unit, 1) if decimals is None else decimals
    return number_format(round(value, places), places, force_grouping=True)


def format_value(value: float | None, unit: str) -> str:
    """The number with its unit: '8,1 %', '859', '28,7'."""
    if value is None:
        return "–"
    number = format_number(value, unit)
    return f"{number}\u00a0%" if unit == "percent" else number  # no line break before %


def format_change(value: float | None, unit: str) -> str:
    """A change in percentage points or per cent, always with its sign."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{format_value(abs(value), unit)}"


def unit_label(unit: str) -> str:
    labels = {"percent": _("per cent"), "persons": _("persons"), "per100": _("per 100")}
    return labels.get(unit, unit)
