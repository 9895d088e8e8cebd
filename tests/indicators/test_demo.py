"""Demo data: deterministic fixture files in the real format, loaded once by `make run`."""

import hashlib

import pytest

from uddannelsesby.indicators import demo
from uddannelsesby.indicators.areas import municipalities
from uddannelsesby.indicators.catalogue import load_catalogue
from uddannelsesby.indicators.fixtures import generate
from uddannelsesby.indicators.models import Fetch, Indicator, IndicatorValue


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_generator_makes_the_committed_files(tmp_path, monkeypatch):
    monkeypatch.setattr(generate, "HERE", tmp_path)
    generate.main()
    made = sorted(p.name for p in tmp_path.glob("*.bulk.csv*"))
    committed = sorted(p.name for p in demo.FIXTURES.glob("*.bulk.csv*"))
    assert made == committed
    for name in made:
        assert digest(tmp_path / name) == digest(demo.FIXTURES / name), name
    for info in (tmp_path / "tableinfo").glob("*.json"):
        assert digest(info) == digest(demo.FIXTURES / "tableinfo" / info.name), info.name


def test_fixture_files_are_in_bulk_format():
    for table, path, info in demo.demo_files():
        from uddannelsesby.indicators.parsing import open_binary

        with open_binary(path) as stream:
            header = stream.readline().decode("utf-8").strip()
        assert not header.startswith("\ufeff")
        assert header.endswith(";TID;INDHOLD"), table
        assert info.id == table


@pytest.mark.django_db
def test_load_demo_once(capsys):
    assert demo.load_demo() is True
    assert set(Fetch.objects.values_list("origin", flat=True)) == {Fetch.Origin.DEMO}
    codes = {m.code for m in municipalities()}
    for indicator in statbank_indicators():
        values = IndicatorValue.objects.filter(indicator=indicator, value__isnull=False)
        assert codes <= set(values.values_list("area", flat=True)), indicator.code
        assert len(set(values.values_list("period", flat=True))) >= 15, indicator.code
        assert all(values.values_list("is_demo", flat=True))
    assert demo.load_demo() is False


def statbank_indicators():
    """The indicators from StatBank tables (not our own data, such as the bridge's placements)."""
    tables = load_catalogue().tables
    return Indicator.objects.exclude(
        table__in=[name for name, spec in tables.items() if spec.source == "local"]
    )
