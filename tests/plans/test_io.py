"""Import and export of a plan's activities: CSV and XLSX, round trip, all or nothing."""

import codecs
import csv
import io as stdlib_io
import json
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uddannelsesby.core import tabular
from uddannelsesby.core.models import HistoryEntry
from uddannelsesby.plans import io, services
from uddannelsesby.plans.models import Activity

from .factories import plan_for, plan_site

HEADER = "title;commitments;responsible;starts_on;budget;status"


@pytest.fixture
def site(db):
    return plan_site()


@pytest.fixture
def target(site):
    """An empty plan of the same policy to import into."""
    return plan_for(site.policy, 2028, "draft")


def anchors(site) -> list[str]:
    return [c.anchor for c in site.commitments]


def csv_file(*lines: str, bom: bool = False, encoding: str = "utf-8") -> bytes:
    data = "\r\n".join(lines).encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def upload(client, site, data: bytes, name: str = "aktiviteter.csv", plan=None):
    plan = plan or site.plan
    return client.post(
        f"/handleplaner/{plan.policy.slug}/{plan.year}/importer/",
        {"file": SimpleUploadedFile(name, data)},
    )


def without_ids(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def confirm(client, plan, preview):
    """Press "Import" on the preview page."""
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    return client.post(f"/handleplaner/{plan.policy.slug}/{plan.year}/importer/", {"token": token})


# --- export ---


def test_export_rows_hold_every_column_in_a_stable_order(site):
    rows = io.export_rows(site.plan)
    assert [r["title"] for r in rows] == [
        "=Formel i titlen",
        "Mentorordning for unge",
        "Praktikpladsmesse",
    ]
    mentor = rows[1]
    assert set(mentor) == set(io.COLUMNS)
    assert mentor["commitments"] == "|".join(anchors(site)[:2])
    assert mentor["partners"] == "Erhvervsskolen Herning|Tekstil & Design A/S"
    assert mentor["contact"] == "kontakt"
    assert mentor["budget"] == Decimal("250000.50")
    assert mentor["sdg_targets"] == "4.3|4.4"


def test_csv_is_for_danish_excel_and_defuses_formulas(site):
    data = tabular.to_csv(io.export_rows(site.plan), io.COLUMNS)
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(stdlib_io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(io.COLUMNS)
    assert rows[1][rows[0].index("title")] == "'=Formel i titlen"
    mentor = dict(zip(rows[0], rows[2], strict=True))
    assert mentor["budget"] == "250000,50"
    assert mentor["starts_on"] == "2026-01-01"


def test_xlsx_cells_are_typed_and_never_formulas(site):
    data = io.to_xlsx(io.export_rows(site.plan), title="Eksport")
    sheet = openpyxl.load_workbook(stdlib_io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == list(io.COLUMNS)
    assert sheet["B2"].value == "=Formel i titlen"
    assert sheet["B2"].data_type == "s"
    budget = sheet.cell(row=3, column=header.index("budget") + 1).value
    assert budget == pytest.approx(250000.50)


# --- round trip ---


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_round_trip_into_another_year_gives_the_same_rows(site, target, kind):
    rows = io.export_rows(site.plan)
    data = tabular.to_csv(rows, io.COLUMNS) if kind == "csv" else io.to_xlsx(rows)
    parsed = io.parse_upload(f"eksport.{kind}", data)
    result = io.import_activities(actor=None, plan=target, rows=parsed)
    assert result.ok, result.errors
    assert len(result.created) == 3
    assert without_ids(io.export_rows(target)) == without_ids(rows)


def test_round_trip_through_the_pages(editor_client, site, target):
    exported = editor_client.get(f"/handleplaner/{site.policy.slug}/2026/eksport.xlsx")
    assert exported.status_code == 200
    assert exported["Content-Type"] == io.XLSX_CONTENT_TYPE
    response = upload(editor_client, site, exported.content, "eksport.xlsx", plan=target)
    assert response.status_code == 200  # the preview; nothing is saved yet
    assert not target.activities.exists()
    response = confirm(editor_client, target, response)
    assert response.status_code == 302
    assert response["Location"] == target.get_absolute_url()
    assert without_ids(io.export_rows(target)) == without_ids(io.export_rows(site.plan))


# --- all or nothing ---


def test_one_bad_row_changes_nothing_and_names_row_and_column(editor_client, site):
    first, second = anchors(site)[:2]
    data = csv_file(
        HEADER,
        f"God aktivitet;{first};Erhvervsskolen Herning;2026-02-01;1000;planned",
        f"Dårlig aktivitet;{second};Erhvervsskolen Herning;31-02-2026;1000;planned",
        f"Også god;{first}|{second};Herning Kommune, Børn og Unge;;2500,50;started",
    )
    before = Activity.objects.count()
    response = upload(editor_client, site, data)
    assert response.status_code == 400
    assert Activity.objects.count() == before
    html = response.content.decode()
    assert "<title>Fejl:" in html or "<title>Error:" in html
    table = html.split('id="row-errors-heading"')[1]
    assert '<th scope="row">3</th><td><code>starts_on</code></td>' in table
    assert '<th scope="row">2</th>' not in table


def test_every_error_is_listed_not_only_the_first(site, target):
    data = csv_file(
        "title;commitments;responsible;contact;partners;ends_on;budget;spent;status;progress;"
        "weight;sdg_targets;cadence",
        ";findes--ikke;Ukendt organisation;ingen;Heller ikke;2026-13-01;-5;1,2,3;halvt;101;0;x4;5",
    )
    rows = io.parse_csv(data)
    result = io.import_activities(actor=None, plan=target, rows=rows)
    assert not result.ok
    assert {e.column for e in result.errors} == {
        "title", "commitments", "responsible", "contact", "partners", "ends_on", "budget",
        "spent", "status", "progress", "weight", "sdg_targets", "cadence",
    }  # fmt: skip
    assert {e.row for e in result.errors} == {2}
    assert target.activities.count() == 0


def test_model_limits_are_found_in_the_same_pass(site, target):
    first = anchors(site)[0]
    data = csv_file(
        "title;commitments;responsible;budget_account",
        f"{'x' * 201};{first};Erhvervsskolen Herning;",
        f"Fin;{first};Erhvervsskolen Herning;{'y' * 101}",
    )
    result = io.import_activities(actor=None, plan=target, rows=io.parse_csv(data))
    assert {(e.row, e.column) for e in result.errors} == {(2, "title"), (3, "budget_account")}
    assert target.activities.count() == 0


def test_ends_before_start_is_an_error_of_the_end_column(site, target):
    data = csv_file(
        "title;commitments;responsible;starts_on;ends_on",
        f"Baglæns;{anchors(site)[0]};Erhvervsskolen Herning;2026-05-01;2026-04-01",
    )
    result = io.import_activities(actor=None, plan=target, rows=io.parse_csv(data))
    assert [(e.row, e.column) for e in result.errors] == [(2, "ends_on")]


def test_a_closed_plan_takes_no_import(site):
    closed = plan_for(site.policy, 2024, "closed")
    data = csv_file("title;commitments;responsible", f"X;{anchors(site)[0]};Erhvervsskolen Herning")
    result = io.import_activities(actor=None, plan=closed, rows=io.parse_csv(data))
    assert not result.ok
    assert closed.activities.count() == 0


# --- Danish spreadsheets ---


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_separators_and_bom(site, target, delimiter, bom):
    first = anchors(site)[0]
    line = delimiter.join(["Messe", first, "Erhvervsskolen Herning", '"1.234,50"', '"12,5"'])
    data = csv_file(
        delimiter.join(["title", "commitments", "responsible", "budget", "spent"]), line, bom=bom
    )
    result = io.import_activities(actor=None, plan=target, rows=io.parse_csv(data))
    assert result.ok, result.errors
    created = target.activities.get()
    assert created.budget == Decimal("1234.50")
    assert created.spent == Decimal("12.50")


def test_windows_1252_csv_from_danish_excel(site, target):
    data = csv_file(
        "title;commitments;responsible;starts_on;status",
        f"Bøger til årgang;{anchors(site)[0]};Herning Kommune, Børn og Unge;15.01.2026;Forsinket",
        encoding="cp1252",
    )
    result = io.import_activities(actor=None, plan=target, rows=io.parse_csv(data))
    assert result.ok, result.errors
    created = target.activities.get()
    assert created.title == "Bøger til årgang"
    assert created.starts_on.isoformat() == "2026-01-15"
    assert created.status == "delayed"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234", Decimal(1234)),
        ("1234,5", Decimal("1234.5")),
        ("1.234", Decimal(1234)),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234.56", Decimal("1234.56")),
        ("1 234,00", Decimal("1234.00")),
        ("12.50", Decimal("12.50")),
        # As people write kroner, read as the forms read them.
        ("kr. 1.000", Decimal(1000)),
        ("1.000,-", Decimal(1000)),
        ("1.000 kr.", Decimal(1000)),
        ("DKK 1.000", Decimal(1000)),
        ("1000,50 kr.", Decimal("1000.50")),
        ("Gratis", Decimal(0)),
    ],
)
def test_amounts(text, amount):
    assert io.parse_amount(text) == amount


@pytest.mark.parametrize("text", ["abc", "1,2,3", "-5", "1,234", "1e5", "12,345"])
def test_bad_amounts(text):
    with pytest.raises(io.CellError):
        io.parse_amount(text)


def test_blank_rows_are_skipped_but_rows_keep_their_numbers(site, target):
    first = anchors(site)[0]
    data = csv_file(
        "title;commitments;responsible",
        f"A;{first};Erhvervsskolen Herning",
        ";;",
        "B;nej;Erhvervsskolen Herning",
    )
    result = io.import_activities(actor=None, plan=target, rows=io.parse_csv(data))
    assert [(e.row, e.column) for e in result.errors] == [(4, "commitments")]


# --- bad files: a clear message, never a 500 ---


def _bomb() -> bytes:
    buffer = stdlib_io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (io.MAX_UNPACKED_BYTES + 1))
    return buffer.getvalue()


BAD_FILES = {
    "empty": (b"", "tom.csv"),
    "whitespace": (b"  \r\n ", "tom.csv"),
    "only a heading": (b"title;commitments;responsible\r\n", "a.csv"),
    "missing columns": (b"title;budget\r\nX;1\r\n", "a.csv"),
    "unknown column": (b"title;commitments;responsible;budjet\r\nX;a--b;C;1\r\n", "a.csv"),
    "duplicate column": (b"title;title;commitments;responsible\r\n", "a.csv"),
    "too many values": (b"title;commitments;responsible\r\nX;a--b;C;D;E\r\n", "a.csv"),
    "pdf": (b"%PDF-1.7\n" + bytes(range(256)), "a.csv"),
    "png named xlsx": (b"\x89PNG\r\n\x1a\n" + bytes(100), "a.xlsx"),
    "broken zip": (b"PK\x03\x04" + b"garbage" * 50, "a.xlsx"),
    "old excel": (b"\xd0\xcf\x11\xe0" + bytes(100), "a.xls"),
    "text named xlsx": (b"title;commitments\r\n", "a.xlsx"),
    "binary": (bytes(range(256)) * 10, "a.csv"),
    "utf-16 without heading": ("\ufeffhej".encode("utf-16"), "a.csv"),
    "zip bomb": (_bomb(), "a.xlsx"),
    "unterminated quote": (b'title;commitments;responsible\r\n"X;a--b;C\r\n', "a.csv"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_get_a_message_and_a_400(editor_client, site, case):
    data, name = BAD_FILES[case]
    before = Activity.objects.count()
    response = upload(editor_client, site, data, name)
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert Activity.objects.count() == before


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1.234,5", "31-02-2026", "2026-01-01", "fokus-0--indsats-0", '"', "=1+1"]),
)
csv_text = st.lists(st.lists(cell, max_size=8), max_size=6).map(
    lambda rows: "\r\n".join([";".join(io.COLUMNS[:8])] + [";".join(row) for row in rows])
)


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_any_bytes_give_rows_or_a_file_error(data, name):
    try:
        rows = io.parse_upload(name, data)
    except io.ImportFileError as error:
        errors = error.errors
        rows = []
    else:
        errors = []
    assert errors or rows
    assert all(isinstance(row, io.SourceRow) for row in rows)


@FUZZ
@given(text=csv_text, encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_any_csv_imports_or_lists_errors(target, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        rows = io.parse_upload("a.csv", data)
    except io.ImportFileError:
        return
    result = io.import_activities(actor=None, plan=target, rows=rows)
    assert result.ok or all(e.message for e in result.errors)
    assert not result.errors or not result.created


def test_a_file_over_5_mb_is_refused(editor_client, site):
    data = b"title;commitments;responsible\r\n" + b"x" * (io.MAX_BYTES + 10)
    response = upload(editor_client, site, data)
    assert response.status_code == 400
    assert "5 MB" in response.content.decode()


def test_missing_columns_are_named(site):
    with pytest.raises(io.ImportFileError) as raised:
        io.parse_csv(b"title;budget\r\nX;1\r\n")
    assert {e.column for e in raised.value.errors} == {"commitments", "responsible"}


def test_xlsx_with_blank_rows_and_numbers_as_cells(site, target):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["title", "commitments", "responsible", "budget", "progress", "starts_on"])
    sheet.append([])
    sheet.append(
        ["Talcelle", anchors(site)[0], "Erhvervsskolen Herning", 0.1 + 0.2, 50.0, "2026-01-02"]
    )
    sheet.append(["Forkert", anchors(site)[0], "Erhvervsskolen Herning", 10.125, 50, None])
    buffer = stdlib_io.BytesIO()
    workbook.save(buffer)
    rows = io.parse_xlsx(buffer.getvalue())
    assert [r.number for r in rows] == [3, 4]
    result = io.import_activities(actor=None, plan=target, rows=rows)
    assert [(e.row, e.column) for e in result.errors] == [(4, "budget")]


def test_the_import_page_lists_the_columns(editor_client, site):
    response = editor_client.get(f"/handleplaner/{site.policy.slug}/2026/importer/")
    assert response.status_code == 200
    html = response.content.decode()
    for column in io.COLUMNS:
        assert f"<code>{column}</code>" in html
    assert 'type="file"' in html


# --- open data ---


def test_public_csv_has_no_contact_person(client, site):
    response = client.get(f"/handleplaner/{site.policy.slug}/2026/aktiviteter.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(io.PUBLIC_COLUMNS)
    assert "kontakt" not in text


def test_public_json(client, site):
    response = client.get(f"/handleplaner/{site.policy.slug}/2026/aktiviteter.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["year"] == 2026
    mentor = next(a for a in data["activities"] if a["title"] == "Mentorordning for unge")
    assert mentor["partners"] == ["Erhvervsskolen Herning", "Tekstil & Design A/S"]
    assert mentor["budget"] == 250000.5
    assert mentor["commitments"] == anchors(site)[:2]
    assert "contact" not in mentor


def test_drafts_are_not_open_data(client, site):
    assert client.get(f"/handleplaner/{site.policy.slug}/2027/aktiviteter.csv").status_code == 404
    assert client.get(f"/handleplaner/{site.policy.slug}/2027/aktiviteter.json").status_code == 404


@pytest.mark.parametrize("is_editor", [False, True])
def test_the_include_for_the_plan_page(rf, site, editor, is_editor):
    request = rf.get("/")
    request.user = editor if is_editor else AnonymousUser()
    html = render_to_string("plans/io/_plan_actions.html", {"plan": site.plan}, request=request)
    assert 'href="/handleplaner/uddannelse/2026/rapport/"' in html
    assert 'href="/handleplaner/uddannelse/2026/aktiviteter.json"' in html
    assert ('href="/handleplaner/uddannelse/2026/importer/"' in html) == is_editor


# --- importing what is there already (issue 18: the same file twice doubled the plan) ---


def export_csv(plan) -> bytes:
    return tabular.to_csv(io.export_rows(plan), io.COLUMNS)


def summary(preview) -> str:
    html = preview.content.decode()
    return " ".join(html.split('id="import-summary">')[1].split("</ul>")[0].split())


@pytest.mark.parametrize("into", ["same plan", "another year"])
def test_importing_the_same_file_twice_does_not_double_the_plan(editor_client, site, target, into):
    plan = site.plan if into == "same plan" else target
    data = export_csv(site.plan)
    before = Activity.objects.count()
    for attempt in range(2):
        preview = upload(editor_client, site, data, plan=plan)
        assert preview.status_code == 200
        assert Activity.objects.count() == before + (3 if into == "another year" and attempt else 0)
        assert confirm(editor_client, plan, preview).status_code == 302
    assert plan.activities.count() == 3
    assert Activity.objects.count() == before + (3 if into == "another year" else 0)
    assert without_ids(io.export_rows(plan)) == without_ids(io.export_rows(site.plan))
    assert "0 nye aktiviteter" in summary(preview)
    assert "3 aktiviteter er allerede som i filen" in summary(preview)


def test_an_import_with_edits_updates_the_activities_it_names(editor_client, site):
    rows = io.export_rows(site.plan)
    mentor = next(r for r in rows if r["title"] == "Mentorordning for unge")
    mentor["title"] = "Mentorordning for unge og voksne"  # renamed: found by its id
    mentor["budget"] = Decimal("300000")
    rows.append(dict(mentor, id="", title="Helt ny aktivitet"))
    preview = upload(editor_client, site, tabular.to_csv(rows, io.COLUMNS))
    assert preview.status_code == 200
    assert "1 ny aktivitet" in summary(preview)
    assert "1 aktivitet, der allerede er i planen, opdateres" in summary(preview)
    html = preview.content.decode()
    assert "<code>title</code>, <code>budget</code>" in html
    assert Activity.objects.filter(title="Helt ny aktivitet").count() == 0  # only a preview
    response = confirm(editor_client, site.plan, preview)
    assert response.status_code == 302
    activity = Activity.objects.get(pk=mentor["id"])
    assert (activity.title, activity.budget) == ("Mentorordning for unge og voksne", 300000)
    assert site.plan.activities.count() == 4
    entry = HistoryEntry.objects.filter(object_id=activity.pk, content_type__model="activity")
    assert "budget" in entry.first().changes  # the history says what the import changed


def test_without_an_id_column_rows_are_matched_by_title(site):
    first = anchors(site)[0]
    data = csv_file(
        "title;commitments;responsible;budget",
        f"mentorordning  for unge;{first};Erhvervsskolen Herning;123",
    )
    activity = site.plan.activities.get(title="Mentorordning for unge")
    result = io.import_activities(actor=None, plan=site.plan, rows=io.parse_upload("a.csv", data))
    assert result.ok, result.errors
    assert (len(result.created), len(result.updated)) == (0, 1)
    activity.refresh_from_db()
    assert (activity.title, activity.budget) == ("mentorordning  for unge", 123)
    assert activity.partners.exists()  # a column the file does not have is left alone


def test_rows_that_cannot_be_told_apart_are_refused(site):
    first = anchors(site)[0]
    org = "Erhvervsskolen Herning"
    duplicate = io.export_rows(site.plan)[1]
    services.activity_create(
        actor=None,
        plan=site.plan,
        commitments=site.commitments[:1],
        responsible=site.organisations[0],
        title=duplicate["title"],
    )
    data = csv_file(
        "id;title;commitments;responsible",
        f";{duplicate['title']};{first};{org}",  # two activities have this title
        f"{duplicate['id']};Andet navn;{first};{org}",
        f"{duplicate['id']};Tredje navn;{first};{org}",  # the same activity twice
        f";Ny;{first};{org}",
        f";ny;{first};{org}",  # two new activities of the same title
        f"abc;Fjerde;{first};{org}",
    )
    before = Activity.objects.count()
    with translation.override("en"):
        rows = io.parse_upload("a.csv", data)
        result = io.import_activities(actor=None, plan=site.plan, rows=rows)
    assert Activity.objects.count() == before
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "Add the id column" in errors[(2, "title")]
    assert errors[(4, None)] == "Row 3 changes the same activity."
    assert errors[(6, "title")] == "Row 5 already creates an activity with this title."
    assert (7, "id") in errors
    assert len(errors) == 4


def test_a_preview_that_is_gone_imports_nothing(editor_client, site, target):
    preview = upload(editor_client, site, export_csv(site.plan), plan=target)
    other = plan_for(site.policy, 2029, "draft")
    response = confirm(editor_client, other, preview)  # the token of another plan's preview
    assert response.status_code == 400
    assert "Upload the file again" in response.content.decode() or "Upload filen igen" in (
        response.content.decode()
    )
    assert confirm(editor_client, target, preview).status_code == 400  # used up
    assert not target.activities.exists()
    assert not other.activities.exists()


def test_a_file_the_csv_reader_gives_up_on_is_explained_in_danish():
    """A value longer than Python's CSV reader takes: said in the user's language, on its row,
    not in the reader's English ("field larger than field limit")."""
    data = csv_file(
        "title;commitments;responsible", "Aktivitet;a--b;Skolen", '"' + "x" * 200_000 + ";a--b"
    )
    with pytest.raises(io.ImportFileError) as error, translation.override("da"):
        io.parse_csv(data)
    (only,) = error.value.errors
    assert only.row == 3
    assert "limit" not in only.message
    assert "citationstegn" in only.message
