"""Set a site up for a municipality: its settings, the indicator catalogue, its policies."""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uddannelsesby.core.services import site_settings_save
from uddannelsesby.core.site import site_settings
from uddannelsesby.indicators.areas import Area, all_areas, get_area
from uddannelsesby.indicators.models import IndicatorValue
from uddannelsesby.indicators.services import catalogue_sync
from uddannelsesby.policies.models import Policy

# Christiansø has a code of its own in some of Statistics Denmark's tables, but it is no
# municipality: the state (the Ministry of Defence) runs it, and it belongs to no council.
CHRISTIANSOE = "411"


# Names people type that are not in Statistics Denmark's list: old spellings, English, the
# names of municipalities merged in 2007.
ALIASES = {
    "kjøbenhavn": "101",
    "copenhagen": "101",
    "brønderslev-dronninglund": "810",
    "nordfyn": "480",
    "christiansø": CHRISTIANSOE,
    "ertholmene": CHRISTIANSOE,
}
_SUFFIX = re.compile(r"\s*(regionskommune|kommune|municipality)s?$")
_NOT_LETTER = re.compile(r"[^\wæøå]+")


def _name_key(name: str) -> str:
    """A municipality's name as compared: case, "Kommune", hyphens, spaces and the old
    spellings aa, ae and oe for å, æ and ø do not count ("høje taastrup kommune" is
    Høje-Taastrup, "Åbenrå" is Aabenraa, "Fanoe" is Fanø)."""
    text = _SUFFIX.sub("", unicodedata.normalize("NFC", name).casefold().strip())
    text = text.replace("aa", "å").replace("ae", "æ").replace("oe", "ø")
    return _NOT_LETTER.sub("", text)


def _by_name() -> dict[str, str]:
    names = {_name_key(alias): code for alias, code in ALIASES.items()}
    for area in all_areas().values():
        if area.kind == "municipality":
            for _language, name in area.names:
                names[_name_key(name)] = area.code
                names.setdefault(_name_key(name).removesuffix("s"), area.code)  # Nordfyn
    return names


def municipality_for(text: str) -> Area:
    """The municipality named or coded in `text` ("657", "0657", "Høje-Taastrup", "lyngby
    taarbæk kommune", "Åbenrå"); a clear ValidationError if it is none (Christiansø, a region,
    the country, a typing error)."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(
            _("Enter the municipality's name or code, for example Herning or 657."),
            code="required",
        )
    if text.replace(" ", "").isdigit():  # a code, perhaps mistyped ("65 7")
        return municipality_for_code(text)
    key = _name_key(text)
    names = _by_name()
    code = names.get(key) or names.get(key.removesuffix("s"))  # "Bornholms Regionskommune"
    if code is None:
        raise ValidationError(
            _(
                "“%(name)s” is not the name of one of Denmark's 98 municipalities. Check the "
                "spelling, or enter Statistics Denmark's code, for example 657 for Herning."
            )
            % {"name": text},
            code="unknown_name",
        )
    return municipality_for_code(code)


def municipality_for_code(code: str) -> Area:
    """The municipality of a kommune code from the shipped list; a clear ValidationError if the
    code is not one (Christiansø, a region, the country, a typing error)."""
    text = (code or "").strip()
    if not text.isdigit() or len(text.lstrip("0")) > 3:
        raise ValidationError(
            _("Enter the municipality code as up to three digits, for example 657 for Herning."),
            code="format",
        )
    if text.lstrip("0") == CHRISTIANSOE:  # also written 0411
        raise ValidationError(
            _(
                "411 is Christiansø, which is not a municipality: it is run by the state and has "
                "no city council of its own. Bornholm's code is 400."
            ),
            code="christiansoe",
        )
    area = get_area(text)
    if area is None or area.kind != "municipality":
        raise ValidationError(
            _(
                "%(code)s is not the code of one of Denmark's 98 municipalities. Statistics "
                "Denmark's list has the codes, for example 101 for Copenhagen and 657 for Herning."
            )
            % {"code": text},
            code="unknown",
        )
    return area


# Official names that are not the list's name followed by "Kommune".
OFFICIAL_NAMES = {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}


def official_name(name: str, area: Area) -> str:
    """The name as typed, but written as the municipality writes it when typed all in lower
    case ("høje-taastrup kommune" is Høje-Taastrup Kommune)."""
    name = " ".join(name.split())
    key = _name_key(name)
    if name == name.lower() and _name_key(area.names[0][1]) in (key, key.removesuffix("s")):
        return OFFICIAL_NAMES.get(area.code, f"{area.names[0][1]} Kommune")
    return name


@dataclass
class Comparison:
    """Whom the indicators compare the municipality with, from the shipped list."""

    area: Area
    region: Area
    neighbours: list[Area]


def comparison_for(area: Area) -> Comparison:
    areas = all_areas()
    return Comparison(area, areas[area.region], [areas[code] for code in area.neighbours])


@dataclass
class Onboarded:
    comparison: Comparison
    indicators: int
    with_values: int
    policies: list[Policy] = field(default_factory=list)


def site_onboard(
    *,
    actor,
    code: str,
    name: str,
    place_name: str = "",
    policies: list[Any] = (),
    **settings_fields: Any,
) -> Onboarded:
    """Set the site up for a municipality in one transaction: the settings, the indicator
    catalogue, and `policies` (trees read by policies.importing.read_policy) as drafts.

    Read the policy files before calling: nothing is written if one cannot be read."""
    area = municipality_for(code)
    name = official_name(name, area)
    if not name:
        raise ValidationError({"name": _("Enter the name of the municipality.")})
    if site_settings().code != area.code:
        # Another municipality's address, e-mail, phone and logo (the environment's defaults,
        # or the site set up before) must not stand in this one's footer.
        settings_fields = {"address": "", "email": "", "phone": "", "logo": False} | dict(
            settings_fields
        )
    with transaction.atomic():
        site_settings_save(
            actor=actor,
            code=area.code,
            name=name,
            place_name=place_name.strip() or area.names[0][1],
            **settings_fields,
        )
        indicators = catalogue_sync()
        drafts = []
        if policies:
            from uddannelsesby.policies.services import policy_import_draft

            drafts = [policy_import_draft(tree=tree, by=actor) for tree in policies]
    with_values = (
        IndicatorValue.objects.filter(area=area.code).values("indicator").distinct().count()
    )
    return Onboarded(comparison_for(area), indicators, with_values, drafts)


def policy_files_read(files: list[tuple[bytes, str]]) -> list[Any]:
    """Read policy files with the importer (policies.importing.read_policy); a ValidationError
    naming the file if one cannot be read."""
    from uddannelsesby.policies.importing import PolicyImportError, read_policy

    trees = []
    for data, filename in files:
        try:
            trees.append(read_policy(data, filename))
        except PolicyImportError as error:
            raise ValidationError(
                _("%(file)s: %(error)s") % {"file": filename, "error": error.message},
                code="unreadable",
            ) from error
    return trees
