"""The chart's screen-reader text (SVG title and desc) and summary are in the visitor's language."""

import re

import pytest

from .test_pages import statistics  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(
    r"\b(compared with|the region|the country|The numbers are|per cent|persons|In \d{4}, )"
)


def test_chart_text_is_danish(client, statistics):  # noqa: F811
    client.cookies["django_language"] = "da"
    page = client.get("/indikatorer/ungdomsudd-afbrudt/").content.decode()
    title = re.search(r'<title id="chart-[^"]*-title">([^<]*)</title>', page).group(1)
    desc = re.search(r'<desc id="chart-[^"]*-desc">([^<]*)</desc>', page).group(1)
    for text in [title, desc]:
        assert ENGLISH.search(text) is None, text
    assert "sammenlignet med" in title
    assert "tabellen" in desc
