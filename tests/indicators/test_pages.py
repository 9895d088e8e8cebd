"""Public pages: overview, indicator pages with chart and table, CSV, the policy panel."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uddannelsesby.indicators import services
from uddannelsesby.indicators.models import Fetch, Indicator, IndicatorLink

from ..factories import adopted_policy
from .conftest import fixture_file, fixture_tableinfo

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """English, so the tests do not depend on the Danish catalogue (msgids are English)."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def statistics(catalogue):
    for table in ["STATUSU6", "NEET1", "UDDAKT10"]:
        services.observations_import(
            table=table,
            path=fixture_file(table),
            origin=Fetch.Origin.DEMO,
            tableinfo=fixture_tableinfo(table),
        )


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_csp_clean(page: str) -> None:
    """Nothing the strict Content Security Policy would block."""
    assert not re.search(r"<[^>]+\sstyle=", page)
    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\ssrc=)", page)
    assert not re.search(r"\son[a-z]+=", page)


def test_overview_lists_every_indicator_with_values(client, statistics):
    page = html(client.get("/indikatorer/"))
    for indicator in Indicator.objects.all():
        assert indicator.get_absolute_url() in page
    assert "8.6\u00a0%" in page  # Herning's dropout in 2024
    assert "Demo" in page
    assert_csp_clean(page)


def test_indicator_page_has_chart_table_summary_and_source(client, statistics):
    page = html(client.get("/indikatorer/ungdomsudd-afbrudt/"))
    match = re.search(r"<svg[^>]*>", page)
    assert match, page[page.find("indicator-figures") :][:600]
    svg = match.group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-ungdomsudd-afbrudt-title"' in svg
    assert '<title id="chart-ungdomsudd-afbrudt-title">' in page
    assert '<desc id="chart-ungdomsudd-afbrudt-desc">' in page
    assert "<table" in page
    assert "<caption" in page
    assert "https://www.statbank.dk/STATUSU6" in page
    assert "Holstebro" in page
    assert "Region Midtjylland" in page
    assert re.search(r"number \d+ of 98 municipalities", page)
    assert_csp_clean(page)


def test_summary_sentence_in_english(client, statistics):
    page = html(client.get("/indikatorer/ungdomsudd-afbrudt/"))
    assert (
        "In 2024, 8.6\u00a0% of the 18-25-year-olds from Herning had dropped out of a youth "
        "education; the national figure was 7.0\u00a0%." in page
    )


def test_another_area_and_the_country(client, statistics):
    page = html(client.get("/indikatorer/ungdomsudd-afbrudt/?omraade=101"))
    assert "København" in page
    assert "Frederiksberg" in page
    country = html(client.get("/indikatorer/ungdomsudd-afbrudt/?omraade=0"))
    assert "In 2024, 7.0\u00a0% of the 18-25-year-olds in Denmark had dropped out" in country


@pytest.mark.parametrize("area", ["xx", "9999", "", "<script>", "657'"])
def test_bad_area_is_a_400_with_a_message(client, statistics, area):
    response = client.get("/indikatorer/ungdomsudd-afbrudt/", {"omraade": area})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()


def test_page_without_data(client, catalogue):
    page = html(client.get("/indikatorer/arbejdsstyrke-fremskrivning/"))
    assert "There are no figures for this indicator yet." in page
    assert "<svg" not in page


def test_unknown_indicator_is_404(client, catalogue):
    assert client.get("/indikatorer/findes-ikke/").status_code == 404
    assert client.get("/indikatorer/findes-ikke/data.csv").status_code == 404


def test_demo_notice_goes_when_real_data_replaces_it(client, write_file, statistics):
    notice = "made up for the demonstration"
    assert notice in html(client.get("/indikatorer/neet-andel/"))
    lines = fixture_file("NEET1").read_text().splitlines()
    same = "\r\n".join(lines) + "\r\n"  # another file with the same numbers
    services.observations_import(table="NEET1", path=write_file("same.csv", same))
    assert notice in html(client.get("/indikatorer/neet-andel/"))
    real = [lines[0]] + [
        f"{line.rsplit(';', 1)[0]};{int(line.rsplit(';', 1)[1]) + 1}" for line in lines[1:]
    ]
    services.observations_import(table="NEET1", path=write_file("real.csv", "\n".join(real) + "\n"))
    page = html(client.get("/indikatorer/neet-andel/"))
    assert notice not in page
    assert "(imported file)" in page


def test_csv_downloads(client, statistics):
    response = client.get("/indikatorer/ungdomsudd-afbrudt/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    herning = next(r for r in rows if r["area"] == "657" and r["period"] == "2024")
    assert herning["area_name"] == "Herning"
    assert float(herning["value"]) == float(herning["numerator"]) * 100 / float(
        herning["denominator"]
    )
    everything = b"".join(client.get("/indikatorer/data.csv").streaming_content)
    assert everything.decode("utf-8-sig").count("\n") > len(rows)


def test_policy_page_shows_indicators_beside_commitments_in_constant_queries(client, statistics):
    small = adopted_policy(areas=1, commitments=1)
    large = adopted_policy(areas=4, commitments=3)

    def link(policy, count):
        anchors = [
            f"{area.slug}--{c.slug}"
            for area in policy.focus_areas.all()
            for c in area.commitments.all()
        ]
        indicators = list(Indicator.objects.all()[:count])
        for anchor, indicator in zip(anchors, indicators, strict=False):
            IndicatorLink.objects.create(
                indicator=indicator, policy_slug=policy.slug, anchor=anchor
            )
        return anchors[0]

    anchor = link(small, 1)
    link(large, 11)

    def queries(policy) -> int:
        with CaptureQueriesContext(connection) as captured:
            page = html(client.get(policy.get_absolute_url()))
        assert "Measured by" in page
        return len(captured)

    assert queries(small) == queries(large)
    page = html(client.get(small.get_absolute_url()))
    assert f'id="{anchor}"' in page
    assert Indicator.objects.first().get_absolute_url() in page


def test_indicator_page_links_to_the_commitments_it_measures(client, statistics):
    policy = adopted_policy(areas=1, commitments=1)
    area = policy.focus_areas.get()
    commitment = area.commitments.get()
    indicator = Indicator.objects.get(code="ungdomsudd-afbrudt")
    anchor = f"{area.slug}--{commitment.slug}"
    IndicatorLink.objects.create(indicator=indicator, policy_slug=policy.slug, anchor=anchor)
    page = html(client.get(indicator.get_absolute_url()))
    assert f"{policy.get_absolute_url()}#{anchor}" in page
    assert commitment.title in page


def test_danish_numbers(client, statistics):
    client.cookies["django_language"] = "da"
    page = html(client.get("/indikatorer/"))
    assert "8,6\u00a0%" in page
