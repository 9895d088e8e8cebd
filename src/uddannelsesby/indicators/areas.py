"""The areas indicators are shown for: the country, 5 regions and 98 municipalities.

The list is data (data/areas.json), read once. Codes are Statistics Denmark's, normalised
without leading zeros, so the national total is "0" whether a table calls it "0" or "000".
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

AREAS_FILE = Path(__file__).resolve().parent / "data" / "areas.json"
COUNTRY = "0"


@dataclass(frozen=True)
class Area:
    code: str
    kind: str  # "country", "region" or "municipality"
    names: tuple[tuple[str, str], ...]
    region: str = ""
    neighbours: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        names = dict(self.names)
        return names.get((get_language() or "da")[:2]) or names["da"]

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def __str__(self) -> str:
        return self.name


KIND_LABELS = {
    "country": _("Country"),
    "region": _("Region"),
    "municipality": _("Municipality"),
}


def normalise_code(code: str) -> str:
    """'000' and '0' are the same area; '657' stays '657'."""
    code = code.strip()
    return (code.lstrip("0") or "0") if code.isdigit() else code


@cache
def _areas() -> dict[str, Area]:
    data = json.loads(AREAS_FILE.read_text(encoding="utf-8"))
    country = data["country"]
    areas = {
        COUNTRY: Area(COUNTRY, "country", tuple(country["name"].items())),
    }
    for region in data["regions"]:
        names = (("da", region["name"]), ("en", region["name"]))
        areas[region["code"]] = Area(region["code"], "region", names)
    for item in data["municipalities"]:
        names = (("da", item["name"]), ("en", item["name"]))
        areas[item["code"]] = Area(
            item["code"], "municipality", names, item["region"], tuple(item["neighbours"])
        )
    return areas


def all_areas() -> dict[str, Area]:
    return _areas()


def get_area(code: str) -> Area | None:
    return _areas().get(normalise_code(code))


def municipalities() -> list[Area]:
    return [area for area in _areas().values() if area.kind == "municipality"]


def regions() -> list[Area]:
    return [area for area in _areas().values() if area.kind == "region"]


def region_members() -> dict[str, list[str]]:
    members: dict[str, list[str]] = {region.code: [] for region in regions()}
    for area in municipalities():
        members[area.region].append(area.code)
    return members
