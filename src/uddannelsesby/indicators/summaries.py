"""The one-sentence summary beside each chart, as translatable format strings.

Each indicator has two sentences: one for a municipality or region compared with the country,
and one for the country itself. Indicators without their own sentences use the generic ones.
Placeholders: period, value, area, national, base (the first year of a projection).
"""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "ungdomsudd-fuldfoert": (
        _("In %(period)s, %(value)s of the 18-25-year-olds from %(area)s had completed a youth "
          "education; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 18-25-year-olds in Denmark had completed a youth "
          "education."),
    ),
    "ungdomsudd-afbrudt": (
        _("In %(period)s, %(value)s of the 18-25-year-olds from %(area)s had dropped out of a "
          "youth education; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 18-25-year-olds in Denmark had dropped out of a youth "
          "education."),
    ),
    "ungdomsudd-igang": (
        _("In %(period)s, %(value)s of the 18-25-year-olds from %(area)s were enrolled in a youth "
          "education; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 18-25-year-olds in Denmark were enrolled in a youth "
          "education."),
    ),
    "ungdomsudd-ingen": (
        _("In %(period)s, %(value)s of the 18-25-year-olds from %(area)s had never started a "
          "youth education; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 18-25-year-olds in Denmark had never started a youth "
          "education."),
    ),
    "videregaaende-fuldfoert": (
        _("In %(period)s, %(value)s of the 25-45-year-olds from %(area)s had completed a higher "
          "education; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 25-45-year-olds in Denmark had completed a higher "
          "education."),
    ),
    "befolkning-videregaaende": (
        _("In %(period)s, %(value)s of the 25-64-year-olds living in %(area)s had a higher "
          "education; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 25-64-year-olds in Denmark had a higher education."),
    ),
    "befolkning-uden-ungdomsudd": (
        _("In %(period)s, %(value)s of the 25-64-year-olds living in %(area)s had no education "
          "beyond primary school; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 25-64-year-olds in Denmark had no education beyond "
          "primary school."),
    ),
    "tilgang-videregaaende": (
        _("In %(period)s, %(value)s residents of %(area)s started a higher education; in the "
          "whole country %(national)s did."),
        _("In %(period)s, %(value)s residents of Denmark started a higher education."),
    ),
    "neet-andel": (
        _("In %(period)s, %(value)s of the 16-24-year-olds living in %(area)s were neither in "
          "education nor in work; the national figure was %(national)s."),
        _("In %(period)s, %(value)s of the 16-24-year-olds in Denmark were neither in education "
          "nor in work."),
    ),
    "arbejdsstyrke-fremskrivning": (
        _("From %(base)s to %(period)s, the number of 16-66-year-olds in %(area)s is projected "
          "to change by %(value)s; for the whole country the change is %(national)s."),
        _("From %(base)s to %(period)s, the number of 16-66-year-olds in Denmark is projected "
          "to change by %(value)s."),
    ),
    "aeldre-forhold-fremskrivning": (
        _("In %(period)s, %(area)s is projected to have %(value)s people aged 67 or over for "
          "every 100 aged 16-66; the national figure is %(national)s."),
        _("In %(period)s, Denmark is projected to have %(value)s people aged 67 or over for "
          "every 100 aged 16-66."),
    ),
}  # fmt: skip
SENTENCES["brobygning-placeringer"] = (
    _("In %(period)s, %(value)s students from %(area)s's programmes got a study job, an "
      "internship, a mentor or a project through the bridge."),
    _("In %(period)s, %(value)s students got a study job, an internship, a mentor or a project "
      "through the bridge."),
)  # fmt: skip
GENERIC = (
    _("In %(period)s, the figure for %(area)s was %(value)s; the national figure was "
      "%(national)s."),
    _("In %(period)s, the figure for Denmark was %(value)s."),
)  # fmt: skip
NO_VALUE = _(
    "There is no figure for %(area)s in %(period)s: Statistics Denmark does not publish numbers "
    "about very few people, or the figure has not been fetched yet."
)
NO_DATA = _("There are no figures for this indicator yet.")


def summary_sentence(
    *,
    code: str,
    is_country: bool,
    period: str | None,
    value: str | None,
    area: str,
    national: str,
    base: str = "",
) -> str:
    if period is None:
        return str(NO_DATA)
    if value is None:
        return str(NO_VALUE) % {"area": area, "period": period}
    sentence = SENTENCES.get(code, GENERIC)[1 if is_country else 0]
    params = {"period": period, "value": value, "area": area, "national": national, "base": base}
    return str(sentence) % params
