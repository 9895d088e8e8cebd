"""The indicator catalogue as data: data/catalogue.json, read and checked here.

A selection maps a table's variables to one code or a list of codes; a list is summed. Every
variable of the table except area and time must be given, with its total code where the
indicator does not break down by it, or sums would count the same people twice.

Formulas:
- ``sum``: the sum of one selection (e.g. a number of persons);
- ``ratio``: numerator / denominator * scale (a share in per cent with scale 100);
- ``change``: the selection's sum in a period relative to the first period, in per cent.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

from .models import series_key

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"
FORMAT = "uddannelsesby.indicators/1"
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_CODES = {"api", "data"}
UNITS = {"percent", "persons", "per100"}
DIRECTIONS = {"higher", "lower", "neutral"}
FORMULA_KINDS = {"sum", "ratio", "change"}
SOURCES = {"statbank", "local"}

Selection = dict[str, str | list[str]]


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class TableSpec:
    id: str
    name: dict[str, str]
    area_variable: str
    request: dict[str, list[str]]
    newest_of: str = ""
    source: str = "statbank"  # or "local": our own data, imported by the app that owns it


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    position: int
    name: dict[str, str]
    definition: dict[str, str]
    note: dict[str, str]
    unit: str
    better: str
    table: str
    formula: dict[str, Any]
    baseline: str = ""
    targets: list[dict[str, Any]] = field(default_factory=list)
    headline_period: str = ""
    related: list[str] = field(default_factory=list)
    measures: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Catalogue:
    tables: dict[str, TableSpec]
    indicators: list[IndicatorSpec]


def selection_keys(selection: Selection) -> list[str]:
    """Every series key a selection adds up (lists of codes multiply out)."""
    names = sorted(selection)
    choices = [
        value if isinstance(value, list) else [value] for value in (selection[n] for n in names)
    ]
    return [series_key(dict(zip(names, combo, strict=True))) for combo in product(*choices)]


def formula_selections(formula: dict[str, Any]) -> dict[str, Selection]:
    """The named selections of a formula: numerator and denominator, or one selection."""
    if formula["kind"] == "ratio":
        return {"numerator": formula["numerator"], "denominator": formula["denominator"]}
    return {"selection": formula["selection"]}


def _text(entry: dict, key: str, where: str, required: bool = True) -> dict[str, str]:
    value = entry.get(key, {"da": "", "en": ""})
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("da", "en")):
        raise CatalogueError(f"{where}: {key} needs a Danish and an English text (da, en).")
    if required and not value["da"].strip():
        raise CatalogueError(f"{where}: {key} is empty.")
    return {"da": value["da"], "en": value["en"]}


def _check_selection(selection: Any, where: str) -> None:
    if not isinstance(selection, dict) or not selection:
        raise CatalogueError(f"{where}: a selection maps variables to codes.")
    for variable, codes in selection.items():
        values = codes if isinstance(codes, list) else [codes]
        if not values or not all(isinstance(c, str) and c for c in values):
            raise CatalogueError(f"{where}: the codes of {variable} must be non-empty strings.")


def _indicator(entry: dict, position: int, tables: dict[str, TableSpec]) -> IndicatorSpec:
    code = entry.get("code", "")
    where = f"indicator {code or position}"
    if not isinstance(code, str) or not CODE_PATTERN.match(code) or code in RESERVED_CODES:
        raise CatalogueError(f"{where}: the code must be lower-case words joined by hyphens.")
    if entry.get("unit") not in UNITS:
        raise CatalogueError(f"{where}: unit must be one of {sorted(UNITS)}.")
    if entry.get("better") not in DIRECTIONS:
        raise CatalogueError(f"{where}: better must be one of {sorted(DIRECTIONS)}.")
    if entry.get("table") not in tables:
        raise CatalogueError(f"{where}: the table {entry.get('table')!r} is not in tables.")
    formula = entry.get("formula") or {}
    if formula.get("kind") not in FORMULA_KINDS:
        raise CatalogueError(f"{where}: formula kind must be one of {sorted(FORMULA_KINDS)}.")
    try:
        selections = formula_selections(formula)
    except KeyError as missing:
        raise CatalogueError(f"{where}: the formula has no {missing}.") from None
    for name, selection in selections.items():
        _check_selection(selection, f"{where}, {name}")
    if formula["kind"] == "ratio" and not isinstance(formula.get("scale", 1), int | float):
        raise CatalogueError(f"{where}: scale must be a number.")
    for target in entry.get("targets", []):
        if "period" not in target or not ("value" in target or "factor_of_baseline" in target):
            raise CatalogueError(f"{where}: a target needs a period and a value or a factor.")
        _text(target, "label", f"{where}, target")
    for link in entry.get("measures", []):
        if not {"policy", "anchor"} <= set(link):
            raise CatalogueError(f"{where}: each measured part needs a policy and an anchor.")
    return IndicatorSpec(
        code=code,
        position=position,
        name=_text(entry, "name", where),
        definition=_text(entry, "definition", where),
        note=_text(entry, "note", where, required=False),
        unit=entry["unit"],
        better=entry["better"],
        table=entry["table"],
        formula=formula,
        baseline=str(entry.get("baseline", "")),
        targets=list(entry.get("targets", [])),
        headline_period=str(entry.get("headline_period", "")),
        related=list(entry.get("related", [])),
        measures=list(entry.get("measures", [])),
    )


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    if data.get("format") != FORMAT:
        raise CatalogueError(f"The catalogue's format must be {FORMAT!r}.")
    tables = {}
    for table_id, entry in data.get("tables", {}).items():
        if "area_variable" not in entry or "request" not in entry:
            raise CatalogueError(f"table {table_id}: needs area_variable and request.")
        if entry.get("source", "statbank") not in SOURCES:
            raise CatalogueError(f"table {table_id}: source must be one of {sorted(SOURCES)}.")
        tables[table_id] = TableSpec(
            id=table_id,
            name=_text(entry, "name", f"table {table_id}"),
            area_variable=entry["area_variable"],
            request={k: list(v) for k, v in entry["request"].items()},
            newest_of=entry.get("newest_of", ""),
            source=entry.get("source", "statbank"),
        )
    indicators = [
        _indicator(entry, position, tables)
        for position, entry in enumerate(data.get("indicators", []), start=1)
    ]
    codes = [spec.code for spec in indicators]
    if len(set(codes)) != len(codes):
        raise CatalogueError("Two indicators have the same code.")
    for spec in indicators:
        unknown = set(spec.related) - set(codes)
        if unknown:
            raise CatalogueError(f"indicator {spec.code}: unknown related {sorted(unknown)}.")
    return Catalogue(tables=tables, indicators=indicators)


@cache
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CatalogueError(f"Cannot read the catalogue {path}: {error}") from error
    return parse_catalogue(data)


def table_for(catalogue: Catalogue, table_id: str) -> TableSpec | None:
    """The catalogue's spec for a concrete table id, matching FRKM125 to the FRKM1 family."""
    if table_id in catalogue.tables:
        return catalogue.tables[table_id]
    for spec in catalogue.tables.values():
        if spec.newest_of and re.fullmatch(re.escape(spec.newest_of) + r"\d{2}", table_id):
            return spec
    return None
