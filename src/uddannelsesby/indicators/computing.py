"""Indicators from observations: sums of selections, ratios, change, and ranks.

Regions and the country come from the table's own rows where it has them (its total rows
include people with an unknown municipality); where it has none, they are the sums of the
municipalities, except for tables of our own data (source "local" in the catalogue), which
cover our municipality only and are neither summed up nor ranked. Codes that are no area
(98, 998, 999: unknown) are left out of everything else.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Max, Sum

from uddannelsesby.core import events

from .areas import COUNTRY, all_areas, municipalities, region_members
from .catalogue import formula_selections, load_catalogue, selection_keys, table_for
from .models import Fetch, Indicator, IndicatorValue, Observation, Series

Cell = tuple[str, str]  # (area, period)


@dataclass
class Sums:
    """Per role (numerator, denominator or selection): area and period -> sum of the cells."""

    values: dict[str, dict[Cell, float]]
    missing: dict[str, set[Cell]]
    fetch: dict[Cell, int]


def concrete_table(indicator: Indicator) -> str | None:
    """The table with data for the indicator: for a family (FRKM1), its newest member."""
    if Series.objects.filter(table=indicator.table).exists():
        return indicator.table
    pattern = re.compile(re.escape(indicator.table) + r"(\d{2})$")
    tables = Series.objects.filter(table__startswith=indicator.table).values_list(
        "table", flat=True
    )
    found = sorted({t for t in tables if pattern.match(t)}, key=lambda t: int(t[-2:]))
    return found[-1] if found else None


def _load(table: str, selections: dict[str, list[str]], *, aggregate: bool = True) -> Sums:
    """Sum each role's cells per area and period in the database (one query per role)."""
    known = all_areas()
    values: dict[str, dict[Cell, float]] = {}
    missing: dict[str, set[Cell]] = {}
    fetch: dict[Cell, int] = {}
    for role, keys in selections.items():
        ids = list(Series.objects.filter(table=table, key__in=keys).values_list("pk", flat=True))
        rows = (
            Observation.objects.filter(series_id__in=ids)
            .values_list("area", "period")
            .annotate(
                total=Sum("value"), cells=Count("*"), known=Count("value"), newest=Max("fetch_id")
            )
            .order_by()
        )
        values[role], missing[role] = {}, set()
        for area, period, total, cells, known_cells, newest in rows:
            if area not in known:
                continue
            cell = (area, period)
            values[role][cell] = total or 0.0
            # A cell the file did not have, or a suppressed one, leaves the sum incomplete.
            if cells < len(keys) or known_cells < cells:
                missing[role].add(cell)
            fetch[cell] = max(fetch.get(cell, 0), newest)
    if aggregate:
        _aggregate(values, missing, fetch)
    return Sums(values, missing, fetch)


def _aggregate(
    values: dict[str, dict[Cell, float]], missing: dict[str, set[Cell]], fetch: dict[Cell, int]
) -> None:
    """Regions and the country as sums of municipalities where the table has no rows."""
    groups = {**region_members(), COUNTRY: [area.code for area in municipalities()]}
    periods = {period for role in values.values() for _area, period in role}
    periods |= {period for role in missing.values() for _area, period in role}
    for role, cells in values.items():
        for period in periods:
            for group, members in groups.items():
                if (group, period) in cells or (group, period) in missing[role]:
                    continue
                present = [(m, period) for m in members if (m, period) in cells]
                if not present:
                    continue
                cells[(group, period)] = sum(cells[cell] for cell in present)
                fetch[(group, period)] = max(fetch.get(cell, 0) for cell in present)


def _value(indicator: Indicator, sums: Sums, cell: Cell, base: dict[str, str]):
    """(value, numerator, denominator) of one cell, None where it cannot be computed."""
    formula = indicator.formula

    def get(role: str, at: Cell) -> float | None:
        return None if at in sums.missing[role] else sums.values[role].get(at)

    if formula["kind"] == "ratio":
        numerator, denominator = get("numerator", cell), get("denominator", cell)
        if numerator is None or not denominator:
            return None, numerator, denominator
        return numerator * formula.get("scale", 1) / denominator, numerator, denominator
    total = get("selection", cell)
    if formula["kind"] == "sum":
        return total, None, None
    first = get("selection", (cell[0], base.get(cell[0], "")))
    if total is None or not first:
        return None, total, first
    return (total / first - 1) * 100, total, first


def _ranks(indicator: Indicator, values: dict[Cell, float | None]) -> dict[Cell, int]:
    """Rank 1 is the best municipality (the highest, unless lower is better)."""
    codes = {area.code for area in municipalities()}
    by_period: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (area, period), value in values.items():
        if area in codes and value is not None:
            by_period[period].append((value, area))
    ranks: dict[Cell, int] = {}
    descending = indicator.better != Indicator.Better.LOWER
    for period, items in by_period.items():
        ordered = sorted((v for v, _a in items), reverse=descending)
        first_place = {}
        for place, value in enumerate(ordered, start=1):
            first_place.setdefault(value, place)
        for value, area in items:
            ranks[(area, period)] = first_place[value]
    return ranks


def compute_indicator(indicator: Indicator) -> int:
    """Recompute every area and period of one indicator; returns the number of values."""
    table = concrete_table(indicator)
    before = _periods(indicator)
    IndicatorValue.objects.filter(indicator=indicator).delete()
    if table is None:
        return 0
    selections = {
        role: selection_keys(selection)
        for role, selection in formula_selections(indicator.formula).items()
    }
    # Our own data covers only our municipality: no regions, country or ranks made up from it.
    spec = table_for(load_catalogue(), indicator.table)
    local = spec is not None and spec.source == "local"
    sums = _load(table, selections, aggregate=not local)
    cells = set().union(*(set(v) for v in sums.values.values()), *sums.missing.values())
    base: dict[str, str] = {}
    if indicator.formula["kind"] == "change":
        for area, period in sorted(sums.values["selection"], key=lambda c: c[1]):
            base.setdefault(area, period)
    results = {cell: _value(indicator, sums, cell, base) for cell in cells}
    ranks = {} if local else _ranks(indicator, {c: result[0] for c, result in results.items()})
    demo = set(
        Fetch.objects.filter(pk__in=set(sums.fetch.values()), origin=Fetch.Origin.DEMO).values_list(
            "pk", flat=True
        )
    )
    rows = [
        (
            indicator.pk, area, period, value, numerator, denominator,
            ranks.get((area, period)), sums.fetch.get((area, period)),
            sums.fetch.get((area, period)) in demo,
        )
        for (area, period), (value, numerator, denominator) in results.items()
    ]  # fmt: skip
    _insert_values(rows)
    new = _periods(indicator) - before
    if new:
        latest = max(new, key=lambda period: (len(period), period))  # 2024M10 after 2024M9
        events.event_announce(
            kind=events.INDICATOR_VALUE,
            targets=[indicator],
            title=indicator.name,
            url=indicator.get_absolute_url(),
            payload={"period": latest},
            key=f"indicator_value:{indicator.pk}:{latest}",
        )
    return len(rows)


def _periods(indicator: Indicator) -> set[str]:
    """The periods with a value: one that was not there before is news to followers."""
    return set(
        IndicatorValue.objects.filter(indicator=indicator, value__isnull=False)
        .values_list("period", flat=True)
        .distinct()
    )


def _insert_values(rows: list[tuple]) -> None:
    """Plain INSERTs: thousands of values at a time, without building model instances."""
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    columns = "indicator_id, area, period, value, numerator, denominator, rank, fetch_id, is_demo"
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 9)})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


@transaction.atomic
def compute_all(codes: list[str] | None = None) -> dict[str, int]:
    indicators = Indicator.objects.all()
    if codes:
        indicators = indicators.filter(code__in=codes)
    return {indicator.code: compute_indicator(indicator) for indicator in indicators}
