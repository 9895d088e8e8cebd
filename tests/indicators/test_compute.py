"""Indicators from observations: ratios, sums, change, totals, regions and ranks."""

import copy
import json

import pytest

from uddannelsesby.indicators import services
from uddannelsesby.indicators.areas import all_areas, municipalities, region_members
from uddannelsesby.indicators.catalogue import (
    CATALOGUE_FILE,
    CatalogueError,
    load_catalogue,
    parse_catalogue,
    selection_keys,
)
from uddannelsesby.indicators.models import Indicator, IndicatorLink, IndicatorValue

from .conftest import STATUSU6_HEADER

REQUIRED = [
    "ungdomsudd-fuldfoert", "ungdomsudd-afbrudt", "ungdomsudd-igang", "ungdomsudd-ingen",
    "videregaaende-fuldfoert", "befolkning-videregaaende", "befolkning-uden-ungdomsudd",
    "tilgang-videregaaende", "neet-andel", "arbejdsstyrke-fremskrivning",
]  # fmt: skip


def value(code: str, area: str, period: str) -> IndicatorValue:
    return IndicatorValue.objects.get(indicator__code=code, area=area, period=period)


def test_catalogue_has_every_indicator_of_the_issue():
    catalogue = load_catalogue()
    specs = {spec.code: spec for spec in catalogue.indicators}
    assert set(REQUIRED) <= set(specs)
    for spec in specs.values():
        assert spec.name["da"]
        assert spec.name["en"]
        assert spec.definition["da"]
        assert spec.definition["en"]
    afbrudt = specs["ungdomsudd-afbrudt"].formula
    assert afbrudt["numerator"] == {"UDDSTAT": "AFBRUDT", "UDDANNELSE": "TOT"}
    assert afbrudt["denominator"] == {"UDDSTAT": "AA_TOTAL", "UDDANNELSE": "TOT"}
    assert specs["tilgang-videregaaende"].formula["selection"]["FSTATUS"] == "T"
    assert specs["arbejdsstyrke-fremskrivning"].table == "FRKM1"
    assert catalogue.tables["FRKM1"].newest_of == "FRKM1"
    assert any(t["value"] == 90 for t in specs["ungdomsudd-fuldfoert"].targets)


def test_catalogue_is_checked():
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    parse_catalogue(data)
    for change, message in [
        (lambda d: d["indicators"][0].update(code="Not A Code"), "lower-case"),
        (lambda d: d["indicators"][0].update(unit="kg"), "unit"),
        (lambda d: d["indicators"][0].update(table="NOPE"), "not in tables"),
        (lambda d: d["indicators"][0]["formula"].pop("denominator"), "no 'denominator'"),
        (lambda d: d["indicators"][1].update(code=d["indicators"][0]["code"]), "same code"),
        (lambda d: d["indicators"][0].update(related=["nope"]), "unknown related"),
        (lambda d: d.update(format="other"), "format"),
    ]:
        broken = copy.deepcopy(data)
        change(broken)
        with pytest.raises(CatalogueError, match=message):
            parse_catalogue(broken)


def test_selection_keys_multiply_lists():
    assert selection_keys({"UDDSTAT": "AFBRUDT", "UDDANNELSE": "TOT"}) == [
        "UDDANNELSE=TOT|UDDSTAT=AFBRUDT"
    ]
    assert len(selection_keys({"A": ["1", "2"], "B": ["x", "y", "z"]})) == 6


@pytest.mark.django_db
def test_catalogue_sync_links_and_removes(catalogue):
    assert Indicator.objects.count() == len(load_catalogue().indicators)
    link = IndicatorLink.objects.get(indicator__code="ungdomsudd-afbrudt")
    assert link.anchor.endswith("--mindre-frafald")
    Indicator.objects.create(
        code="gammel", name_da="x", name_en="x", definition_da="x", definition_en="x",
        unit="percent", better="higher", table="X", formula={},
    )  # fmt: skip
    services.catalogue_sync()
    assert not Indicator.objects.filter(code="gammel").exists()


@pytest.mark.django_db
def test_ratio_uses_total_rows_and_sums_regions(write_file, catalogue):
    # The country row (0) includes people with an unknown municipality (98), so it is not the
    # sum of the municipalities; regions are not in the table and are summed.
    content = f"""{STATUSU6_HEADER}
AA_TOTAL;TOT;0;2024;1000
AFBRUDT;TOT;0;2024;70
AA_TOTAL;TOT;657;2024;300
AFBRUDT;TOT;657;2024;30
AA_TOTAL;TOT;661;2024;200
AFBRUDT;TOT;661;2024;10
AA_TOTAL;TOT;101;2024;400
AFBRUDT;TOT;101;2024;20
AA_TOTAL;TOT;98;2024;100
AFBRUDT;TOT;98;2024;10
AA_TOTAL;TOT;H20;2024;5
"""
    content = content.replace("AA_TOTAL;TOT;H20;2024;5\n", "AA_TOTAL;H20;657;2024;5\n")
    services.observations_import(table="STATUSU6", path=write_file("s.csv", content))
    assert value("ungdomsudd-afbrudt", "657", "2024").value == 30 * 100 / 300
    country = value("ungdomsudd-afbrudt", "0", "2024")
    assert (country.value, country.numerator, country.denominator) == (7.0, 70, 1000)
    region = value("ungdomsudd-afbrudt", "82", "2024")  # Herning and Holstebro
    assert (region.numerator, region.denominator) == (40, 500)
    assert not IndicatorValue.objects.filter(area="98").exists()
    ranks = dict(
        IndicatorValue.objects.filter(indicator__code="ungdomsudd-afbrudt").values_list(
            "area", "rank"
        )
    )
    # Lower is better for dropout: Copenhagen 5 %, Holstebro 5 %, Herning 10 %.
    assert (ranks["101"], ranks["661"], ranks["657"]) == (1, 1, 3)
    assert ranks["0"] is None


@pytest.mark.django_db
def test_suppressed_and_missing_cells_give_no_value(write_file, catalogue):
    content = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;825;2024;10\nAFBRUDT;TOT;825;2024;..\n"
    content += "AA_TOTAL;TOT;657;2024;10\n"
    services.observations_import(table="STATUSU6", path=write_file("s.csv", content))
    assert value("ungdomsudd-afbrudt", "825", "2024").value is None
    assert value("ungdomsudd-afbrudt", "657", "2024").value is None


@pytest.mark.django_db
def test_every_indicator_for_every_area_from_the_demo(import_fixture):
    for table in ["STATUSU6", "STATUSV5", "HFUDD11", "UDDAKT10", "NEET1", "FRKM125"]:
        import_fixture(table)
    codes = {area.code for area in all_areas().values()}
    for indicator in statbank_indicators():
        areas = set(
            IndicatorValue.objects.filter(indicator=indicator, value__isnull=False).values_list(
                "area", flat=True
            )
        )
        assert areas == codes, indicator.code
    projection = value("arbejdsstyrke-fremskrivning", "657", "2025")
    assert projection.value == 0.0
    assert projection.fetch.table == "FRKM125"
    later = value("arbejdsstyrke-fremskrivning", "657", "2040")
    assert later.value == (later.numerator / later.denominator - 1) * 100
    intake = value("tilgang-videregaaende", "0", "2024")
    assert intake.numerator is None
    assert intake.value > 1000
    ratio = value("befolkning-videregaaende", "82", "2024")
    members = region_members()["82"]
    summed = IndicatorValue.objects.filter(
        indicator__code="befolkning-videregaaende", area__in=members, period="2024"
    )
    assert ratio.denominator == sum(v.denominator for v in summed)
    assert len(municipalities()) == 98


def statbank_indicators():
    """The indicators from StatBank tables (not our own data, such as the bridge's placements)."""
    tables = load_catalogue().tables
    return Indicator.objects.exclude(
        table__in=[name for name, spec in tables.items() if spec.source == "local"]
    )
