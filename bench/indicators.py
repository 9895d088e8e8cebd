"""Benchmarks of the indicators: importing a million StatBank rows, and computing.

Run with `make bench` (or `.venv/bin/python bench/indicators.py`). Needs PostgreSQL (by default
postgres://postgres@127.0.0.1:5432): the script creates a scratch database, points Django at it,
and drops it at the end.

1. Import: a generated BULK file of 1,000,000 rows (FOLK1A's shape: area, sex, age, marital
   status, quarter), imported with `import_file` into empty tables, as rows per second and as a
   ratio to PostgreSQL's own COPY of the same file into a plain table, in the same run
   (target: within 3x). Then a newer release of the same file with 1 in 10 values changed
   (history kept), for information.
2. `indicators compute` over the demo tables: 98 municipalities, 5 regions and the country,
   15 years (target: under 10 s).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SCRATCH = f"uddannelsesby_bench_{os.getpid()}"
ROWS = 1_000_000
RUNS = 3
COPY_TARGET = 3.0
COMPUTE_TARGET_S = 10.0
HEADER = "OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD\n"


def write_bulk(path: Path, *, changed_every: int = 0) -> None:
    """A BULK file in FOLK1A's shape; with changed_every, every n-th value differs."""
    areas = ["000", "081", "082", "083", "084", "085"] + [str(c) for c in range(101, 199)]
    quarters = [f"{year}K{q}" for year in range(2017, 2025) for q in range(1, 5)]
    lines, count = [HEADER], 0
    for area in areas:
        for sex in ("TOT", "1", "2"):
            for age in ["IALT", *(str(a) for a in range(100))]:
                for quarter in quarters:
                    if count == ROWS:
                        break
                    value = (count * 7919) % 100000
                    if changed_every and count % changed_every == 0:
                        value += 1
                    lines.append(f"{area};{sex};{age};TOT;{quarter};{value}\n")
                    count += 1
    assert count == ROWS, count
    path.write_text("".join(lines), encoding="utf-8")


def create_scratch() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{SCRATCH}"')


def drop_scratch() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def copy_seconds(path: Path) -> float:
    """PostgreSQL's own COPY of the file into a plain table of text columns."""
    with psycopg.connect(f"{SERVER}/{SCRATCH}") as connection, connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(
            "CREATE TABLE bench_copy (omraade text, koen text, alder text, civilstand text, "
            "tid text, indhold text)"
        )
        connection.commit()
        start = time.perf_counter()
        with (
            open(path, "rb") as stream,
            cursor.copy(
                "COPY bench_copy FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)"
            ) as copy,
        ):
            while chunk := stream.read(1 << 20):
                copy.write(chunk)
        connection.commit()
        elapsed = time.perf_counter() - start
        cursor.execute("SELECT count(*) FROM bench_copy")
        assert cursor.fetchone()[0] == ROWS
        cursor.execute("DROP TABLE bench_copy")
        connection.commit()
    return elapsed


def main() -> int:
    try:
        create_scratch()
    except psycopg.OperationalError as error:
        print(f"indicators bench skipped: PostgreSQL is not reachable at {SERVER} ({error})")
        return 0
    home = tempfile.mkdtemp(prefix="uddannelsesby-bench-")
    os.environ["DATABASE_URL"] = f"{SERVER}/{SCRATCH}"
    os.environ["UDDANNELSESBY_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uddannelsesby.config.settings.dev")
    os.environ["DEBUG"] = "0"
    try:
        import django

        django.setup()
        return run(Path(home))
    finally:
        from django.db import connections

        connections.close_all()
        drop_scratch()


def run(home: Path) -> int:
    from django.core.management import call_command
    from django.db import connection

    from uddannelsesby.indicators import demo, services
    from uddannelsesby.indicators.importing import import_file
    from uddannelsesby.indicators.models import (
        AreaSeries,
        Fetch,
        IndicatorValue,
        Observation,
        Series,
    )

    call_command("migrate", verbosity=0)
    first, newer = home / "folk1a.csv", home / "folk1a-newer.csv"
    write_bulk(first)
    write_bulk(newer, changed_every=10)
    size_mb = first.stat().st_size / 1e6

    def empty() -> None:
        with connection.cursor() as cursor:
            for model in (AreaSeries, Series, Fetch):
                cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")

    copies, imports, updates = [], [], []
    for _ in range(RUNS):
        copies.append(copy_seconds(first))
        empty()
        start = time.perf_counter()
        result = import_file(table="FOLK1A", path=first)
        imports.append(time.perf_counter() - start)
        assert result.rows == ROWS
        assert Observation.objects.count() == ROWS
        start = time.perf_counter()
        result = import_file(table="FOLK1A", path=newer)
        updates.append(time.perf_counter() - start)
        assert result.changed == ROWS // 10, result.changed
    empty()
    copy_s, import_s, update_s = map(statistics.median, (copies, imports, updates))
    ratio = import_s / copy_s
    print(f"Import of a BULK file of {ROWS:,} rows ({size_mb:.0f} MB), median of {RUNS} runs")
    print(f"{'':<34}{'seconds':>9}{'rows/s':>12}")
    print(f"{'PostgreSQL COPY, plain table':<34}{copy_s:>9.2f}{ROWS / copy_s:>12,.0f}")
    print(f"{'indicators import (empty)':<34}{import_s:>9.2f}{ROWS / import_s:>12,.0f}")
    print(f"{'newer release, 10 % changed':<34}{update_s:>9.2f}{ROWS / update_s:>12,.0f}")
    verdict = "met" if ratio <= COPY_TARGET else "NOT met"
    print(f"import / COPY: {ratio:.2f}x (target within {COPY_TARGET:.0f}x: {verdict})")

    services.catalogue_sync()
    for table, path, info in demo.demo_files():
        services.observations_import(
            table=table, path=path, origin=Fetch.Origin.DEMO, tableinfo=info, compute=False
        )
    computes = []
    for _ in range(RUNS):
        start = time.perf_counter()
        counts = services.indicators_compute()
        computes.append(time.perf_counter() - start)
    compute_s = statistics.median(computes)
    areas = IndicatorValue.objects.values("area").distinct().count()
    periods = IndicatorValue.objects.values("period").distinct().count()
    verdict = "met" if compute_s < COMPUTE_TARGET_S else "NOT met"
    print(
        f"\nindicators compute: {len(counts)} indicators, {sum(counts.values()):,} values "
        f"({areas} areas, {periods} periods), median of {RUNS}: {compute_s:.2f} s "
        f"(target < {COMPUTE_TARGET_S:.0f} s: {verdict})"
    )
    return 0 if ratio <= COPY_TARGET and compute_s < COMPUTE_TARGET_S else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
