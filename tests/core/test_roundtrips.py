"""Every export that has an import comes back in: downloaded, edited and saved the way Danish
Excel does (semicolons, Windows-1252 without a BOM, dates as 31-03-2026, a notes column added),
imported through its page, and downloaded again: the same rows, but for the one cell edited.

The walk: ``PAIRS`` names every import of the product; a new import without a round trip here
fails ``test_every_import_has_a_round_trip``."""

import csv
import datetime
import io as stdlib_io
import re
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from django.utils import timezone

from uddannelsesby.catalogue import io as catalogue_io
from uddannelsesby.catalogue import services as catalogue_services
from uddannelsesby.catalogue.models import Event, Programme
from uddannelsesby.plans.models import Activity

from ..catalogue.helpers import make_institution, make_programme
from ..plans.factories import plan_site

pytestmark = pytest.mark.django_db

NOTE_COLUMN = "Noter fra mødet"
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def saved_by_danish_excel(data: bytes, edit: Callable[[dict[str, str]], None]) -> bytes:
    """What Excel writes as "CSV (semikolonsepareret)" after someone opened the export, added
    a notes column, changed a cell of the first row and saved."""
    table = list(
        csv.reader(stdlib_io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    )
    header, rows = table[0], table[1:]
    records = [dict(zip(header, row, strict=True)) for row in rows]
    edit(records[0])
    out = stdlib_io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*header, NOTE_COLUMN])
    for record in records:
        cells = [ISO_DATE.sub(r"\3-\2-\1", record[name]) for name in header]
        writer.writerow([*cells, "ring til Jens, 1.000 kr."])
    return out.getvalue().encode("cp1252")


def saved_by_excel_as_xlsx(data: bytes, edit: Callable[[dict[str, str]], None]) -> bytes:
    workbook = openpyxl.load_workbook(stdlib_io.BytesIO(data))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    first = {name: cell.value for name, cell in zip(header, sheet[2], strict=True)}
    edit(first)
    for name, cell in zip(header, sheet[2], strict=True):
        cell.value = first[name]
    sheet.cell(row=1, column=len(header) + 1, value=NOTE_COLUMN)
    sheet.cell(row=2, column=len(header) + 1, value="ring til Jens")
    out = stdlib_io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_records(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(stdlib_io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def xlsx_records(data: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(stdlib_io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@dataclass
class Pair:
    export: str
    import_: str
    records: Callable[[bytes], list]
    resave: Callable[[bytes, Callable], bytes]
    edit_column: str
    edit_value: str
    count: Callable[[], int]
    confirm: bool = False  # the import shows a preview first


def catalogue_data():
    via = make_institution(name="VIA University College")
    make_programme(
        via,
        title_da="Design & Business",
        title_en="Design and Business",
        description_da="Uddannelsen – med “praktik” i 2. semester.\n\nSe www.via.dk.",
        intake_months=[2, 9],
    )
    make_programme(via, title_da="Sygeplejerske", title_en="", ects=210, duration_months=42)
    starts = timezone.make_aware(datetime.datetime(2027, 3, 31, 19, 30))
    for title in ("Åbent hus på VIA", "Fredagsbar"):
        catalogue_services.event_create(
            actor=None,
            title=title,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2, minutes=15),
            place="Birk Centerpark 15",
            organiser="institution",
            institution=via,
            price=50,
            description="Tilmelding på kontakt@via.dk",
        )


def plans_data():
    return plan_site()


PAIRS = {
    "catalogue programmes": Pair(
        "/uddannelser/data/uddannelser.csv",
        "/uddannelser/importer/uddannelser/",
        csv_records,
        saved_by_danish_excel,
        "title_en",
        "Nursing",
        Programme.objects.count,
    ),
    "catalogue events": Pair(
        "/uddannelser/data/begivenheder.csv",
        "/uddannelser/importer/begivenheder/",
        csv_records,
        saved_by_danish_excel,
        "place",
        "Studenterhuset, Nørregade 2",
        Event.objects.count,
    ),
    "action plan csv": Pair(
        "/handleplaner/uddannelse/2026/eksport.csv",
        "/handleplaner/uddannelse/2026/importer/",
        csv_records,
        saved_by_danish_excel,
        "budget",
        "12500,50",
        Activity.objects.count,
        confirm=True,
    ),
    "action plan xlsx": Pair(
        "/handleplaner/uddannelse/2026/eksport.xlsx",
        "/handleplaner/uddannelse/2026/importer/",
        xlsx_records,
        saved_by_excel_as_xlsx,
        "title",
        "Praktikpladsmesse i Messecenter Herning",
        Activity.objects.count,
        confirm=True,
    ),
    "action plan open data csv": Pair(
        "/handleplaner/uddannelse/2026/aktiviteter.csv",
        "/handleplaner/uddannelse/2026/importer/",
        csv_records,
        saved_by_danish_excel,
        "description",
        "Ny beskrivelse, skrevet i Excel.",
        Activity.objects.count,
        confirm=True,
    ),
}


# Imports whose round trip is tested elsewhere, or that read no export of ours.
ELSEWHERE = {
    "policies:import": "a policy's JSON export into another site: tests/policies/test_export.py",
    "policies:import_document": "reads a Word file, PDF or web page, no export of ours",
    "policies:import_review": "the second step of the document import",
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            inner = pattern.namespace or ""
            yield from _walk(pattern.url_patterns, ":".join(filter(None, [namespace, inner])))
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_import_has_a_round_trip():
    from django.urls import get_resolver

    imports = {name for name in _walk(get_resolver().url_patterns) if "import" in name}
    covered = {"plans:import", "catalogue:import"} | set(ELSEWHERE)
    assert imports <= covered, f"an import without a round trip in PAIRS: {imports - covered}"
    assert {f"/uddannelser/importer/{kind}/" for kind in catalogue_io.IMPORTS} <= {
        pair.import_ for pair in PAIRS.values()
    }, "a catalogue import without a round trip in PAIRS"


@pytest.mark.parametrize("name", PAIRS, ids=list(PAIRS))
def test_export_edit_in_excel_and_import_again(editor_client, name):
    pair = PAIRS[name]
    (plans_data if name.startswith("action plan") else catalogue_data)()
    exported = editor_client.get(pair.export)
    assert exported.status_code == 200
    before, count = pair.records(exported.content), pair.count()
    assert before

    def edit(record):
        record[pair.edit_column] = pair.edit_value

    data = pair.resave(exported.content, edit)
    filename = "eksport.xlsx" if name.endswith("xlsx") else "eksport.csv"
    response = editor_client.post(
        pair.import_, {"file": _upload(filename, data)}, follow=not pair.confirm
    )
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Noter fra mødet" in page  # the notice names the column it left out
    if pair.confirm:
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        response = editor_client.post(pair.import_, {"token": token})
        assert response.status_code == 302

    assert pair.count() == count  # updated in place, nothing doubled
    after = pair.records(editor_client.get(pair.export).content)
    expected = [dict(row) for row in before]
    expected[0][pair.edit_column] = pair.edit_value
    key = next(k for k in ("id", "page") if k in before[0])
    assert sorted(after, key=lambda r: str(r[key])) == sorted(expected, key=lambda r: str(r[key]))


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_misspelt_column_is_an_error_not_left_out():
    """ "budjet" left out would lose every budget in the file: it is asked about instead."""
    from uddannelsesby.core.tabular import ImportFileError, read_header

    with pytest.raises(ImportFileError) as error:
        read_header(["title", "Budjet", "Noter"], ("title", "budget"), ("title",))
    assert [(e.row, e.column) for e in error.value.errors] == [(1, "Budjet")]
    assert "budget" in error.value.errors[0].message
    names, ignored = read_header(["title", "Noter", ""], ("title", "budget"), ("title",))
    assert (names, ignored) == (["title", None, ""], ("Noter",))
