"""Danish dates and numbers everywhere, PDFs included: "4. dec. 2026", thousands grouped."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

import uddannelsesby
from uddannelsesby.catalogue.models import Housing
from uddannelsesby.core.templatetags.core import amount
from uddannelsesby.plans import report_views

from ..plans.factories import plan_site

SRC = Path(uddannelsesby.__file__).parent
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
FIXED_DATE_FORMAT = re.compile(r"""\|date:["']([^"']*)["']""")


def test_amounts_are_grouped_in_each_language():
    with translation.override("da"):
        assert amount(125000) == "125.000"
        assert amount("125000.50") == "125.000,50"
        assert amount(None) == "–"
    with translation.override("en"):
        assert amount(1500000) == "1,500,000"


def test_short_dates_are_danish_and_english():
    import datetime

    from django.template.defaultfilters import date

    day = datetime.date(2026, 12, 4)
    with translation.override("da"):
        assert date(day, "SHORT_DATE_FORMAT") == "4. dec. 2026"
    with translation.override("en"):
        assert date(day, "SHORT_DATE_FORMAT") == "4 Dec 2026"


MACHINE_OR_TIME = {"c", "Y-m-d", "H:i", "l", "Y"}  # formats that read the same in any language


def test_templates_name_their_date_formats():
    """A date is written with a format named per language (DATE_FORMAT, SHORT_DATE_FORMAT ...,
    see uddannelsesby/formats), never a fixed one: 'M' wrote "4. Dec 2026" in Danish, and
    "j. F Y" writes "4. December 2026" in English."""
    offenders = []
    for path in SRC.rglob("templates/**/*.*"):
        for fmt in FIXED_DATE_FORMAT.findall(path.read_text()):
            if not fmt.endswith("_FORMAT") and fmt not in MACHINE_OR_TIME:
                offenders.append(f"{path.relative_to(SRC)}: {fmt}")
    assert offenders == []


@pytest.mark.django_db
def test_the_annual_report_and_its_pdf_are_danish(client):
    site = plan_site()
    slug, year = site.policy.slug, site.plan.year
    html = client.get(f"/handleplaner/{slug}/{year}/rapport/").content.decode()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("da"):
        context = report_views._annual_context(request, slug, year)
        pdf_html = render_to_string("plans/reports/annual_pdf.html", context, request=request)
    for page in [html, pdf_html]:
        assert ENGLISH_MONTHS.search(page) is None, ENGLISH_MONTHS.search(page)
        assert "31. marts 2026" in page  # the "End" column of late activities (N: "dec.")
        assert "300.001" in page or "300.000" in page  # budgets with a thousands separator
        assert re.search(r">\s*%", page) is None  # no per cent sign without its number


@pytest.mark.django_db
def test_rents_and_prices_have_thousands_separators(client):
    Housing.objects.create(
        name="Kollegiet", slug="kollegiet", street_address="Vej 1", postal_code="7400",
        city="Herning", rent_min=3450, rent_max=12500, size_min=18, size_max=40,
        waiting_list="Skriv dig op.",
    )  # fmt: skip
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    for url in ["/uddannelser/boliger/", "/uddannelser/boliger/kollegiet/"]:
        html = client.get(url).content.decode()
        assert "3.450–12.500" in html, url
