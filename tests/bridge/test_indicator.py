"""Placements published as the indicator brobygning-placeringer, in the indicators module."""

import pytest

from uddannelsesby.bridge.indicator import placements_bulk, placements_publish
from uddannelsesby.bridge.models import Placement
from uddannelsesby.indicators.catalogue import load_catalogue
from uddannelsesby.indicators.models import Fetch, IndicatorValue
from uddannelsesby.indicators.services import statbank_fetch

from .helpers import make_opportunity


def _place(opportunity, year: int, count: int = 1) -> None:
    for _ in range(count):
        Placement.objects.create(
            opportunity=opportunity, year=year, kind=opportunity.kind,
            sector=opportunity.employer.sector, source=Placement.Source.REPORTED,
        )  # fmt: skip


@pytest.fixture
def placements(db):
    job = make_opportunity(kind="study_job")
    internship = make_opportunity(kind="internship")
    _place(job, 2025, 2)
    _place(internship, 2025)
    _place(internship, 2026, 3)


def test_the_counts_are_written_per_year_and_kind_with_a_total(placements):
    lines = placements_bulk("657").splitlines()
    assert lines[0] == "OMRÅDE;ART;TID;INDHOLD"
    assert "657;TOT;2025;3" in lines
    assert "657;study_job;2025;2" in lines
    assert "657;internship;2026;3" in lines
    assert "657;study_job;2026;0" in lines


def test_publishing_computes_the_indicator_for_our_municipality_only(placements):
    result = placements_publish()
    assert result.result.fetch.origin == Fetch.Origin.LOCAL
    values = IndicatorValue.objects.filter(indicator__code="brobygning-placeringer")
    # No region, country or rank is made up from one municipality's own data.
    assert sorted(values.values_list("area", "period", "value", "rank")) == [
        ("657", "2025", 3.0, None),
        ("657", "2026", 3.0, None),
    ]
    assert placements_publish().result.created is False  # the same counts: nothing new


def test_nothing_is_published_without_placements(db):
    assert placements_publish() is None


def test_our_own_table_is_in_the_catalogue_but_never_fetched_from_statbank(db):
    catalogue = load_catalogue()
    assert catalogue.tables["BROBYG"].source == "local"
    with pytest.raises(ValueError, match="not a StatBank table"):
        statbank_fetch(client=None, tables=["BROBYG"])


def test_the_indicator_page_shows_the_counts(client, placements):
    placements_publish()
    response = client.get("/indikatorer/brobygning-placeringer/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Studiejob, praktikker" in page
    # Our own data: not credited to Statistics Denmark, and no neighbours to compare with.
    assert "tabel BROBYG" in page
    assert "statbank.dk/BROBYG" not in page
    assert 'id="comparison-heading"' not in page
    assert "statbank.dk/NEET1" in client.get("/indikatorer/neet-andel/").content.decode()
