"""Cells stored as arrays (one AreaSeries row per series and area): the merge of re-imports."""

import pytest

from uddannelsesby.indicators import services
from uddannelsesby.indicators.models import AreaSeries, Observation, ObservationHistory

from .conftest import STATUSU6_HEADER, fixture_file, fixture_tableinfo

pytestmark = pytest.mark.django_db


def rows() -> dict[tuple[str, str], list[tuple[str, float | None, int]]]:
    """(series key, area) -> [(period, value, fetch id)] as stored in the arrays."""
    return {
        (row.series.key, row.area): list(zip(row.periods, row.values, row.fetches, strict=True))
        for row in AreaSeries.objects.select_related("series")
    }


def test_one_row_per_series_and_area_with_sorted_aligned_arrays(write_file, catalogue):
    content = (
        f"{STATUSU6_HEADER}\n"
        "AA_TOTAL;TOT;657;2025;12\nAA_TOTAL;TOT;657;2023;10\nAA_TOTAL;TOT;657;2024;..\n"
        "AA_TOTAL;TOT;000;2024;100\n"
    )
    item = services.observations_import(table="STATUSU6", path=write_file("a.csv", content))
    fetch = item.result.fetch.pk
    assert rows() == {
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657"): [
            ("2023", 10.0, fetch), ("2024", None, fetch), ("2025", 12.0, fetch),
        ],
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "0"): [("2024", 100.0, fetch)],
    }  # fmt: skip
    assert Observation.objects.count() == 4


def test_merge_keeps_unchanged_cells_and_cells_the_newer_file_lacks(write_file, catalogue):
    first = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2023;10\nAA_TOTAL;TOT;657;2024;11\n"
    a = services.observations_import(table="STATUSU6", path=write_file("a.csv", first))
    # The newer file restates 2024 (changed), adds 2025 and 2022, and lacks 2023.
    newer = (
        f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2025;13\nAA_TOTAL;TOT;657;2024;12\n"
        "AA_TOTAL;TOT;657;2022;9\n"
    )
    b = services.observations_import(table="STATUSU6", path=write_file("b.csv", newer))
    assert (b.result.changed, b.result.replaced) == (3, 1)
    one, two = a.result.fetch.pk, b.result.fetch.pk
    assert rows() == {
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657"): [
            ("2022", 9.0, two), ("2023", 10.0, one), ("2024", 12.0, two), ("2025", 13.0, two),
        ]
    }  # fmt: skip
    history = ObservationHistory.objects.values_list(
        "period", "value", "fetch_id", "replaced_by_id"
    )
    assert list(history) == [("2024", 11.0, one, two)]


def test_merge_touches_only_rows_with_a_change(write_file, catalogue):
    first = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2024;10\nAFBRUDT;TOT;657;2024;1\n"
    a = services.observations_import(table="STATUSU6", path=write_file("a.csv", first))
    newer = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2024;10\nAFBRUDT;TOT;657;2024;2\n"
    b = services.observations_import(table="STATUSU6", path=write_file("b.csv", newer))
    assert (b.result.changed, b.result.replaced) == (1, 1)
    stored = rows()
    assert stored[("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657")] == [("2024", 10.0, a.result.fetch.pk)]
    assert stored[("UDDANNELSE=TOT|UDDSTAT=AFBRUDT", "657")] == [("2024", 2.0, b.result.fetch.pk)]


def test_area_codes_written_differently_share_a_row(write_file, catalogue):
    services.observations_import(
        table="STATUSU6", path=write_file("a.csv", f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;000;2023;5\n")
    )
    services.observations_import(
        table="STATUSU6", path=write_file("b.csv", f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;0;2024;6\n")
    )
    assert [(p, v) for p, v, _f in rows()[("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "0")]] == [
        ("2023", 5.0),
        ("2024", 6.0),
    ]


def test_a_suppressed_value_that_stays_suppressed_is_no_change(write_file, catalogue):
    content = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2024;..\n"
    services.observations_import(table="STATUSU6", path=write_file("a.csv", content))
    again = services.observations_import(
        table="STATUSU6", path=write_file("b.csv", content + "AFBRUDT;TOT;657;2024;..\n")
    )
    assert (again.result.changed, again.result.replaced) == (1, 0)
    assert not ObservationHistory.objects.exists()


def test_area_codes_written_differently_in_one_file_share_a_row(write_file, catalogue):
    # The first import groups on the codes as written; `000` and `0` are one area, one row.
    content = (
        f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;000;2023;5\nAA_TOTAL;TOT;657;2023;1\n"
        "AA_TOTAL;TOT;0;2024;6\nAA_TOTAL;TOT;0657;2022;2\n"
    )
    item = services.observations_import(table="STATUSU6", path=write_file("a.csv", content))
    fetch = item.result.fetch.pk
    assert (item.result.rows, item.result.changed) == (4, 4)
    assert rows() == {
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "0"): [("2023", 5.0, fetch), ("2024", 6.0, fetch)],
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657"): [("2022", 2.0, fetch), ("2023", 1.0, fetch)],
    }


def test_first_import_sorts_periods_listed_in_any_order(write_file, catalogue):
    content = (
        f"{STATUSU6_HEADER}\n"
        "AA_TOTAL;TOT;657;2024;3\nAA_TOTAL;TOT;657;2023;2\nAA_TOTAL;TOT;657;2022;1\n"
        "AA_TOTAL;TOT;825;2022;7\nAA_TOTAL;TOT;825;2023;8\n"
    )
    services.observations_import(table="STATUSU6", path=write_file("a.csv", content))
    assert {key: [(p, v) for p, v, _f in cells] for key, cells in rows().items()} == {
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657"): [("2022", 1.0), ("2023", 2.0), ("2024", 3.0)],
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "825"): [("2022", 7.0), ("2023", 8.0)],
    }


def test_values_in_every_written_form(write_file, catalogue):
    values = ["42955,60", "-3,5", "-4", "12", "0,25", "..", "7.5", "9 ", " 8", " .."]
    content = (
        STATUSU6_HEADER
        + "\n"
        + "".join(f"AA_TOTAL;TOT;657;{2000 + i};{value}\n" for i, value in enumerate(values))
    )
    services.observations_import(table="STATUSU6", path=write_file("a.csv", content))
    stored = [v for _p, v, _f in rows()[("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657")]]
    assert stored == [42955.6, -3.5, -4.0, 12.0, 0.25, None, 7.5, 9.0, 8.0, None]


def test_a_first_import_never_reads_the_cells_of_other_tables(write_file, catalogue):
    """A table's first import has nothing to merge with: it never joins the observations view,
    which on SQLite unnests every stored row with no index to help (the demo's six tables took
    minutes), and its cells and the other table's stay as they were."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other = services.observations_import(
        table="NEET1", path=fixture_file("NEET1"), tableinfo=fixture_tableinfo("NEET1")
    )
    stored = rows()
    content = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2024;11\nAA_TOTAL;TOT;657;2023;10\n"
    with CaptureQueriesContext(connection) as queries:
        item = services.observations_import(table="STATUSU6", path=write_file("a.csv", content))
    view = f'"{Observation._meta.db_table}"'
    merges = [q["sql"] for q in queries if "indicators_stage" in q["sql"]]
    assert merges
    assert not [sql for sql in merges if view in sql]
    fetch = item.result.fetch.pk
    assert rows() == {
        **stored,
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657"): [("2023", 10.0, fetch), ("2024", 11.0, fetch)],
    }
    assert other.result.rows
    assert not ObservationHistory.objects.exists()
