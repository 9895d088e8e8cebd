"""Every write of the indicators app: catalogue, fetch, import, compute."""

import json
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware

from uddannelsesby.core.pagecache import pages_touch

from .catalogue import Catalogue, TableSpec, load_catalogue, table_for
from .computing import compute_all
from .importing import AREA_VARIABLES, ImportResult, import_file, statbank_dir
from .models import Fetch, Indicator, IndicatorLink
from .statbank import StatbankClient, TableInfo

INDICATOR_FIELDS = (
    "unit", "better", "table", "formula", "baseline", "targets", "headline_period", "related",
)  # fmt: skip


@dataclass(frozen=True)
class TableImport:
    table: str
    result: ImportResult
    computed: dict[str, int]


@transaction.atomic
def catalogue_sync(*, catalogue: Catalogue | None = None) -> int:
    """Make the Indicator rows match the catalogue file (added, changed, removed)."""
    catalogue = catalogue or load_catalogue()
    codes = [spec.code for spec in catalogue.indicators]
    Indicator.objects.exclude(code__in=codes).delete()
    for spec in catalogue.indicators:
        fields: dict[str, Any] = {name: getattr(spec, name) for name in INDICATOR_FIELDS}
        for name in ("name", "definition", "note"):
            fields[f"{name}_da"] = getattr(spec, name)["da"]
            fields[f"{name}_en"] = getattr(spec, name)["en"]
        indicator, _created = Indicator.objects.update_or_create(
            code=spec.code, defaults={**fields, "position": spec.position}
        )
        indicator.links.all().delete()
        IndicatorLink.objects.bulk_create(
            IndicatorLink(indicator=indicator, policy_slug=link["policy"], anchor=link["anchor"])
            for link in spec.measures
        )
    return len(codes)


def indicators_compute(*, codes: list[str] | None = None) -> dict[str, int]:
    """Load the catalogue and recompute every indicator (or the given ones)."""
    catalogue_sync()
    computed = compute_all(codes)
    pages_touch("indicators")  # the values are written with SQL of their own: no signal
    return computed


def _table_updated(info: TableInfo | None) -> datetime | None:
    moment = parse_datetime(info.updated) if info and info.updated else None
    if moment and is_naive(moment):
        moment = make_aware(moment)
    return moment


def _indicators_of(table: str, catalogue: Catalogue) -> list[str]:
    spec = table_for(catalogue, table)
    return [i.code for i in catalogue.indicators if spec and i.table == spec.id]


def cached_tableinfo(table: str) -> TableInfo | None:
    """The /tableinfo answer saved with the last fetch of the table, if there is one."""
    path = statbank_dir() / table / "tableinfo.json"
    if not path.exists():
        return None
    return TableInfo.from_json(json.loads(path.read_text(encoding="utf-8")))


def observations_import(
    *,
    table: str,
    path: Path,
    origin: str = Fetch.Origin.FILE,
    request: dict[str, Any] | None = None,
    url: str = "",
    tableinfo: TableInfo | None = None,
    compute: bool = True,
) -> TableImport:
    """Import a saved BULK or CSV file and recompute the indicators that use its table."""
    table = table.upper()
    catalogue = load_catalogue()
    spec = table_for(catalogue, table)
    area_variables = (spec.area_variable, *AREA_VARIABLES) if spec else AREA_VARIABLES
    tableinfo = tableinfo or cached_tableinfo(table)
    result = import_file(
        table=table,
        path=path,
        origin=origin,
        request=request,
        url=url,
        allowed_codes=tableinfo.allowed_codes() if tableinfo else None,
        table_updated=_table_updated(tableinfo),
        area_variables=area_variables,
    )
    computed: dict[str, int] = {}
    if compute and result.changed:
        catalogue_sync(catalogue=catalogue)
        computed = compute_all(_indicators_of(table, catalogue))
    if result.changed:
        pages_touch("indicators")  # written with SQL of its own: no model signal says so
    return TableImport(table, result, computed)


def _request_for(spec: TableSpec, areas: list[str] | None) -> dict[str, list[str]]:
    request = dict(spec.request)
    if areas:
        request[spec.area_variable] = areas
    return request


def statbank_fetch(
    *, client: StatbankClient, tables: list[str] | None = None, areas: list[str] | None = None
) -> list[TableImport]:
    """Fetch the catalogue's tables (or some) from StatBank, keep them raw, import them."""
    catalogue = load_catalogue()
    statbank = [t for t, spec in catalogue.tables.items() if spec.source == "statbank"]
    wanted = [t.upper() for t in tables] if tables else statbank
    results = []
    for name in wanted:
        spec = table_for(catalogue, name) or catalogue.tables.get(name)
        if spec is None or spec.source != "statbank":
            raise ValueError(
                f"{name} is not a StatBank table of the catalogue ({', '.join(statbank)})."
            )
        table = client.newest_table(spec.newest_of) if spec.newest_of else spec.id
        info = client.tableinfo(table)
        request = _request_for(spec, areas)
        content = client.data(table, request, info=info)
        (statbank_dir() / table).mkdir(parents=True, exist_ok=True)
        (statbank_dir() / table / "tableinfo.json").write_text(
            json.dumps(info.raw, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / f"{table}.csv"
            path.write_bytes(content)
            results.append(
                observations_import(
                    table=table,
                    path=path,
                    origin=Fetch.Origin.API,
                    request={"table": table, "format": "BULK", "variables": request},
                    url=f"{client.base_url}/data/{table}/BULK",
                    tableinfo=info,
                )
            )
    return results
