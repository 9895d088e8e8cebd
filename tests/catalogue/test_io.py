"""CSV import of programmes and events: all or nothing, errors by row and column."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uddannelsesby.catalogue import io
from uddannelsesby.catalogue.models import Event, Programme
from uddannelsesby.catalogue.selectors import programme_search

from .helpers import make_institution

pytestmark = pytest.mark.django_db

PROGRAMMES = """\
institution;title_da;title_en;level;field;duration_months;ects;language;intake_months;url
VIA;Sygeplejerske;Nursing;professional_bachelor;Health;42;210;da;2|9;https://via.dk/s
VIA;Design & Business;;Professional bachelor;design;42;210;Danish and English;9;https://via.dk/d
"""


def titles(search) -> list[str]:
    return [p.title_da for p in search.programmes]


def rows(text: str, kind: str = "uddannelser"):
    columns, required, _run = io.IMPORTS[kind]
    return io.parse_rows(text.encode("utf-8"), columns, required)


def test_programmes_are_imported_and_searchable():
    make_institution(name="VIA")
    result = io.import_programmes(actor=None, rows=rows(PROGRAMMES))
    assert result.ok, result.errors
    nurse = Programme.objects.get(title_da="Sygeplejerske")
    assert (nurse.field, nurse.intake_months, nurse.ects) == ("health", [2, 9], 210)
    assert Programme.objects.get(title_da="Design & Business").language == "da-en"
    assert titles(programme_search(text="sygeplejersker")) == ["Sygeplejerske"]


def test_errors_are_listed_by_row_and_column_and_nothing_is_imported():
    make_institution(name="VIA")
    text = PROGRAMMES + "Ukendt;Smed;;vocational;crafts;x;;klingon;13;ikke-en-url\n"
    result = io.import_programmes(actor=None, rows=rows(text))
    assert not result.ok
    assert Programme.objects.count() == 0
    assert {(e.row, e.column) for e in result.errors} >= {
        (4, "institution"), (4, "duration_months"), (4, "language"), (4, "intake_months"),
    }  # fmt: skip


def test_model_errors_come_back_with_their_row():
    make_institution(name="VIA")
    text = PROGRAMMES + "VIA;Smed;;vocational;crafts;48;;da;8;ikke-en-url\n"
    result = io.import_programmes(actor=None, rows=rows(text))
    assert [(e.row, e.column) for e in result.errors] == [(4, "url")]
    assert Programme.objects.count() == 0


def test_a_partner_imports_into_own_institutions_only():
    via = make_institution(name="VIA")
    make_institution(name="EAMV")
    text = PROGRAMMES.replace("VIA;Design", "EAMV;Design")
    result = io.import_programmes(actor=None, rows=rows(text), institutions=[via])
    assert [(e.row, e.column) for e in result.errors] == [(3, "institution")]


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("title_da;title_da\nx;y\n", "title_da"),
        ("title_da\nx\n", "institution"),
    ],
)
def test_bad_headings_are_errors_of_row_one(text, column):
    with pytest.raises(io.ImportFileError) as error:
        rows(text)
    assert (1, column) in {(e.row, e.column) for e in error.value.errors}


def test_binary_and_empty_files_are_refused():
    for data in [b"%PDF-1.7 ...", b"", b"institution;title_da\n"]:
        with pytest.raises(io.ImportFileError):
            io.parse_rows(data, io.PROGRAMME_IMPORT, io.PROGRAMME_REQUIRED)


EVENTS = """title;starts_at;ends_at;place;price;audience;language;organiser;institution
Introfest;2026-09-01 19:00;2026-09-01 23:00;Studenterhuset;0;students;da;student_house;
Åbent hus;01-10-2026 16:00;01-10-2026 18:00;VIA;;Upper secondary pupils;en;institution;VIA
"""


def test_events_are_imported():
    make_institution(name="VIA")
    result = io.import_events(actor=None, rows=rows(EVENTS, "begivenheder"))
    assert result.ok, result.errors
    open_day = Event.objects.get(title="Åbent hus")
    assert (open_day.audience, open_day.institution.name) == ("pupils", "VIA")


def test_an_event_ending_before_it_starts_is_refused_with_its_row():
    text = EVENTS.splitlines()[0] + "\nFest;2026-09-01 19:00;2026-09-01 18:00;Hus;0;;;other;\n"
    result = io.import_events(actor=None, rows=rows(text, "begivenheder"))
    assert [e.row for e in result.errors] == [2]
    assert Event.objects.count() == 0


def test_the_import_page_lists_errors(editor_client):
    make_institution(name="VIA")
    upload = SimpleUploadedFile("u.csv", (PROGRAMMES + "VIA;;;;;;;;;\n").encode())
    response = editor_client.post("/uddannelser/importer/uddannelser/", {"file": upload})
    assert response.status_code == 400
    assert "<code>title_da</code>" in response.content.decode()
    upload = SimpleUploadedFile("u.csv", PROGRAMMES.encode("cp1252"))
    response = editor_client.post("/uddannelser/importer/uddannelser/", {"file": upload})
    assert response.status_code == 302
    assert Programme.objects.count() == 2


def test_a_file_the_csv_reader_gives_up_on_is_explained_in_danish():
    """A value longer than the CSV reader takes: said in the user's language, not in the
    reader's English ("field larger than field limit")."""
    text = PROGRAMMES + "VIA;" + "x" * 200_000 + ";;bachelor;it;36;;da;9;https://via.dk/x\n"
    with pytest.raises(io.ImportFileError) as error:
        rows(text)
    (only,) = error.value.errors
    assert only.row == 4
    assert "field" not in only.message
    assert "limit" not in only.message
    assert "citationstegn" in only.message


def test_a_row_naming_a_page_updates_that_programme_only_for_its_institution():
    """The open data names each programme's page; importing it back updates the programme,
    not a copy of it. A partner cannot reach another institution's programme that way."""
    from .helpers import make_programme

    via = make_institution(name="VIA")
    eamv = make_institution(name="EAMV")
    own = make_programme(via, title_da="Sygeplejerske")
    other = make_programme(eamv, title_da="Markedsføringsøkonom")
    text = (
        "page;institution;title_da;level;field;duration_months;url;Noter\n"
        f"https://uddannelsesby.dk/uddannelser/uddannelse/{own.slug}/;VIA;Sygeplejerske (ny);"
        "professional_bachelor;health;42;https://via.dk/s;ring\n"
    )
    parsed = rows(text)
    assert parsed.ignored == ("Noter",)
    result = io.import_programmes(actor=None, rows=parsed, institutions=[via])
    assert result.ok, result.errors
    assert [p.pk for p in result.updated] == [own.pk]
    assert Programme.objects.get(pk=own.pk).title_da == "Sygeplejerske (ny)"
    assert Programme.objects.count() == 2

    foreign = text.replace(own.slug, other.slug)
    result = io.import_programmes(actor=None, rows=rows(foreign), institutions=[via])
    assert [(e.row, e.column) for e in result.errors] == [(2, "page")]
    twice = text + text.splitlines()[1].replace("(ny)", "(igen)") + "\n"
    result = io.import_programmes(actor=None, rows=rows(twice), institutions=[via])
    assert [(e.row, e.column) for e in result.errors] == [(3, "page")]


def test_the_open_data_time_with_its_offset_is_read_as_written():
    event = Event(starts_at=io._datetime("2027-03-28T19:30:00+02:00"))
    assert event.starts_at.isoformat() == "2027-03-28T19:30:00+02:00"
    assert io._datetime("28-03-2027 19.30:15").second == 15
