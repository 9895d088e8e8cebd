"""`uddannelsesby indicators fetch|import|compute|value`."""

import csv
import json

import httpx
import pytest
from django.core.management import CommandError, call_command

from uddannelsesby.indicators.areas import municipalities
from uddannelsesby.indicators.management.commands import indicators as command
from uddannelsesby.indicators.models import Fetch, IndicatorValue, Observation

from .conftest import fixture_file, fixture_tableinfo, mock_client

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue().strip()


def expected_dropout(path) -> dict[str, float]:
    """AFBRUDT over AA_TOTAL in 2024, straight from the file, for every area in it."""
    with open(path, encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    cells = {(r[0], r[2], r[3]): float(r[4]) for r in rows[1:] if r[3] == "2024"}
    areas = {area for _status, area, _year in cells}
    return {
        area: cells[("AFBRUDT", area, "2024")] * 100 / cells[("AA_TOTAL", area, "2024")]
        for area in areas
    }


def test_value_after_importing_statusu6_for_every_municipality_and_the_country():
    path = fixture_file("STATUSU6")
    output = run("import", "STATUSU6", str(path))
    assert "7,500 rows read" in output
    assert "computed ungdomsudd-afbrudt" in output
    expected = expected_dropout(path)
    for area in [m.code for m in municipalities()] + ["0"]:
        printed = run("value", "ungdomsudd-afbrudt", "--area", area, "--period", "2024")
        assert float(printed) == expected[area], area
        assert printed == repr(expected[area])
    assert run("value", "ungdomsudd-afbrudt", "--area", "000", "--period", "2024") == repr(
        expected["0"]
    )


def test_value_as_json():
    run("import", "STATUSU6", str(fixture_file("STATUSU6")))
    data = json.loads(
        run("value", "ungdomsudd-afbrudt", "--area", "657", "--period", "2024", "--json")
    )
    assert list(data) == [
        "code", "area", "period", "value", "numerator", "denominator", "unit", "source",
    ]  # fmt: skip
    assert data["code"] == "ungdomsudd-afbrudt"
    assert data["area"] == "657"
    assert data["unit"] == "percent"
    assert data["value"] == data["numerator"] * 100 / data["denominator"]
    assert data["source"]["table"] == "STATUSU6"
    assert data["source"]["url"] == "https://www.statbank.dk/STATUSU6"
    assert data["source"]["origin"] == "file"


def test_value_defaults_to_the_latest_period():
    run("import", "STATUSU6", str(fixture_file("STATUSU6")))
    assert run("value", "ungdomsudd-afbrudt", "--area", "657") == run(
        "value", "ungdomsudd-afbrudt", "--area", "657", "--period", "2024"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["value", "nope", "--area", "657"], "No indicator 'nope'"),
        (["value", "ungdomsudd-afbrudt", "--area", "9999"], "Unknown area"),
        (["value", "ungdomsudd-afbrudt", "--area", "657", "--period", "1999"], "Periods: 2010"),
        (["value", "ungdomsudd-afbrudt", "--area", "825", "--period", "2016"], "suppressed"),
        (["import", "STATUSU6", "/no/such/file.csv"], "No such file"),
    ],
)
def test_command_errors(args, message):
    run("import", "STATUSU6", str(fixture_file("STATUSU6")))
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_import_refuses_a_bad_file(write_file):
    path = write_file("bad.csv", "OMRÅDE;TID;INDHOLD\n657;2024;x\n")
    with pytest.raises(CommandError, match="Line 2: Not a number"):
        run("import", "FOLK1A", str(path))


def test_import_twice_says_nothing_changed():
    run("import", "STATUSU6", str(fixture_file("STATUSU6")))
    assert "nothing changed" in run("import", "STATUSU6", str(fixture_file("STATUSU6")))


def test_compute_recomputes_everything():
    run("import", "NEET1", str(fixture_file("NEET1")))
    IndicatorValue.objects.all().delete()
    output = run("compute")
    assert "neet-andel: 1,560 values" in output
    assert "ungdomsudd-afbrudt: 0 values" in output


def test_fetch_says_clearly_when_statbank_cannot_be_reached(monkeypatch):
    def handler(request):
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(command, "make_client", lambda: mock_client(handler))
    with pytest.raises(CommandError, match="could not be reached.*Nothing was changed"):
        run("fetch", "--table", "STATUSU6")
    assert not Fetch.objects.exists()


def test_fetch_from_statbank(monkeypatch):
    """A recorded answer: the demo file for STATUSU6 plays the API's part."""
    info = fixture_tableinfo("STATUSU6").raw
    bodies = []

    def handler(request):
        if request.url.path.endswith("/tableinfo/STATUSU6"):
            return httpx.Response(200, json=info)
        bodies.append(json.loads(request.content))
        return httpx.Response(200, content=fixture_file("STATUSU6").read_bytes())

    monkeypatch.setattr(command, "make_client", lambda: mock_client(handler))
    output = run("fetch", "--table", "statusu6", "--area", "0,657")
    assert "STATUSU6: 7,500 rows read" in output
    variables = {v["code"]: v["values"] for v in bodies[0]["variables"]}
    assert variables["GRUNDBEL"] == ["0", "657"]
    assert variables["UDDSTAT"] == ["AA_TOTAL", "FULDFOERT", "IGANG", "AFBRUDT", "INGENREG"]
    fetch = Fetch.objects.get()
    assert fetch.origin == Fetch.Origin.API
    assert fetch.url.endswith("/data/STATUSU6/BULK")
    assert fetch.table_updated is not None
    assert Observation.objects.count() == 7500


def test_fetch_unknown_table():
    with pytest.raises(CommandError, match="not a StatBank table of the catalogue"):
        run("fetch", "--table", "NOPE")
