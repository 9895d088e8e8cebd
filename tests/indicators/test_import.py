"""Storing observations: provenance, idempotence, history of replaced values."""

import json

import pytest

from uddannelsesby.indicators import services
from uddannelsesby.indicators.importing import statbank_dir
from uddannelsesby.indicators.models import Fetch, Observation, ObservationHistory, Series
from uddannelsesby.indicators.parsing import ParseError

from .conftest import STATUSU6_HEADER

pytestmark = pytest.mark.django_db

FIRST = f"""{STATUSU6_HEADER}
AA_TOTAL;TOT;000;2024;1000
AFBRUDT;TOT;000;2024;70
AA_TOTAL;TOT;657;2024;100
AFBRUDT;TOT;657;2024;8
AA_TOTAL;TOT;825;2024;10
AFBRUDT;TOT;825;2024;..
"""


def cells() -> dict[tuple[str, str, str], float | None]:
    keys = dict(Series.objects.values_list("pk", "key"))
    return {
        (keys[s], a, p): v
        for s, a, p, v in Observation.objects.values_list("series_id", "area", "period", "value")
    }


def test_import_stores_cells_with_provenance(write_file, catalogue):
    item = services.observations_import(table="statusu6", path=write_file("s.csv", FIRST))
    assert item.table == "STATUSU6"
    assert (item.result.rows, item.result.changed, item.result.replaced) == (6, 6, 0)
    assert cells() == {
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "0", "2024"): 1000.0,
        ("UDDANNELSE=TOT|UDDSTAT=AFBRUDT", "0", "2024"): 70.0,
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657", "2024"): 100.0,
        ("UDDANNELSE=TOT|UDDSTAT=AFBRUDT", "657", "2024"): 8.0,
        ("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "825", "2024"): 10.0,
        ("UDDANNELSE=TOT|UDDSTAT=AFBRUDT", "825", "2024"): None,
    }
    fetch = Fetch.objects.get()
    assert set(Observation.objects.values_list("fetch_id", flat=True)) == {fetch.pk}
    raw = statbank_dir() / fetch.path
    assert raw.read_text() == FIRST
    meta = json.loads(raw.with_name(raw.name + ".json").read_text())
    assert meta["table"] == "STATUSU6"
    assert meta["request"] == {"file": "s.csv"}
    assert meta["sha256"] == fetch.sha256
    assert meta["fetched_at"] == fetch.fetched_at.isoformat()
    # The indicators of the table were computed at once.
    assert set(item.computed) == {
        "ungdomsudd-fuldfoert", "ungdomsudd-afbrudt", "ungdomsudd-igang", "ungdomsudd-ingen",
    }  # fmt: skip


def test_the_same_file_twice_changes_nothing(write_file, catalogue):
    path = write_file("s.csv", FIRST)
    services.observations_import(table="STATUSU6", path=path)
    before = cells()
    again = services.observations_import(table="STATUSU6", path=path)
    assert not again.result.created
    assert again.result.changed == 0
    assert cells() == before
    assert Fetch.objects.count() == 1
    assert not ObservationHistory.objects.exists()


def test_a_newer_release_replaces_values_and_keeps_the_old(write_file, catalogue):
    services.observations_import(table="STATUSU6", path=write_file("a.csv", FIRST))
    first = Fetch.objects.get()
    newer = FIRST.replace("657;2024;8", "657;2024;9").replace("825;2024;..", "825;2024;1")
    newer += "AA_TOTAL;TOT;657;2025;101\n"
    item = services.observations_import(table="STATUSU6", path=write_file("b.csv", newer))
    assert (item.result.rows, item.result.changed, item.result.replaced) == (7, 3, 2)
    now = cells()
    assert now[("UDDANNELSE=TOT|UDDSTAT=AFBRUDT", "657", "2024")] == 9.0
    assert now[("UDDANNELSE=TOT|UDDSTAT=AFBRUDT", "825", "2024")] == 1.0
    assert now[("UDDANNELSE=TOT|UDDSTAT=AA_TOTAL", "657", "2025")] == 101.0
    history = {
        (h.area, h.value, h.fetch_id, h.replaced_by_id) for h in ObservationHistory.objects.all()
    }
    second = item.result.fetch
    assert history == {("657", 8.0, first.pk, second.pk), ("825", None, first.pk, second.pk)}
    # Unchanged cells keep the fetch they came from; changed ones name the new one.
    fetch_of = dict(
        Observation.objects.filter(period="2024", area__in=["0", "657"]).values_list(
            "area", "fetch_id"
        )
    )
    assert fetch_of["0"] == first.pk
    # The same newer file again: nothing more.
    again = services.observations_import(table="STATUSU6", path=write_file("c.csv", newer))
    assert again.result.changed == 0
    assert ObservationHistory.objects.count() == 2


def test_a_file_with_the_same_cell_twice_is_refused(write_file, catalogue):
    twice = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;0;2024;1\nAA_TOTAL;TOT;000;2024;2\n"
    with pytest.raises(ParseError, match="same cell"):
        services.observations_import(table="STATUSU6", path=write_file("t.csv", twice))
    assert not Fetch.objects.exists()
    services.observations_import(table="STATUSU6", path=write_file("s.csv", FIRST))
    with pytest.raises(ParseError, match="same cell"):
        services.observations_import(table="STATUSU6", path=write_file("t2.csv", twice))
    assert Fetch.objects.count() == 1


@pytest.mark.parametrize("first", [True, False])
def test_a_file_with_the_same_line_twice_is_refused(write_file, catalogue, first):
    if not first:
        services.observations_import(table="STATUSU6", path=write_file("s.csv", FIRST))
    twice = (
        f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2023;1\nAA_TOTAL;TOT;657;2024;2\n"
        "AA_TOTAL;TOT;657;2024;2\n"
    )
    with pytest.raises(ParseError, match="same cell"):
        services.observations_import(table="STATUSU6", path=write_file("t.csv", twice))
    assert Fetch.objects.count() == (0 if first else 1)
    assert Observation.objects.count() == (0 if first else 6)


def test_a_refused_file_is_not_kept(write_file, catalogue):
    with pytest.raises(ParseError):
        services.observations_import(
            table="STATUSU6", path=write_file("bad.csv", f"{STATUSU6_HEADER}\nA;B;C;D;x\n")
        )
    assert not list(statbank_dir().rglob("*.csv"))


def test_table_without_area_variable_is_the_country(write_file, catalogue):
    services.observations_import(
        table="BEF5", path=write_file("b.csv", "KØN;TID;INDHOLD\nTOT;2024;5961249\n")
    )
    assert cells() == {("KØN=TOT", "0", "2024"): 5961249.0}


def test_large_import_in_batches(write_file, catalogue):
    lines = [STATUSU6_HEADER] + [
        f"AA_TOTAL;TOT;{area};{year};{area * 10 + year}"
        for area in range(101, 900)
        for year in range(2000, 2015)
    ]
    item = services.observations_import(
        table="STATUSU6", path=write_file("big.csv", "\n".join(lines) + "\n")
    )
    assert item.result.rows == Observation.objects.count() == 799 * 15


def test_table_with_area_and_time_only_has_one_series(write_file, catalogue):
    content = "OMRÅDE;TID;INDHOLD\n000;2024;5961249\n657;2024;89000\n657;2025;89100\n"
    services.observations_import(table="BEF5", path=write_file("o.csv", content))
    assert cells() == {
        ("", "0", "2024"): 5961249.0,
        ("", "657", "2024"): 89000.0,
        ("", "657", "2025"): 89100.0,
    }
    assert Series.objects.count() == 1
