"""Demo data: the made-up StatBank tables in fixtures/, imported and computed.

They are marked as demo data (Fetch.origin "demo") and the pages say so, until real data has
been fetched. Regenerate the files with fixtures/generate.py.
"""

import json
from pathlib import Path

from . import services
from .models import Fetch
from .statbank import TableInfo

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def demo_files() -> list[tuple[str, Path, TableInfo]]:
    files = []
    for path in sorted(FIXTURES.glob("*.bulk.csv*")):
        table = path.name.split(".")[0]
        info = json.loads((FIXTURES / "tableinfo" / f"{table}.json").read_text(encoding="utf-8"))
        files.append((table, path, TableInfo.from_json(info)))
    return files


def load_demo(*, stdout=None) -> bool:
    """Import the demo tables and compute the indicators; False if statistics exist already."""
    if Fetch.objects.exists():
        return False
    services.catalogue_sync()
    for table, path, info in demo_files():
        item = services.observations_import(
            table=table,
            path=path,
            origin=Fetch.Origin.DEMO,
            request={"demo": path.name},
            tableinfo=info,
            compute=False,
        )
        if stdout is not None:
            stdout.write(f"Statistics (demo): {table}, {item.result.rows:,} rows")
    computed = services.indicators_compute()
    if stdout is not None:
        stdout.write(f"Indicators: {len(computed)} computed")
    return True
