"""The StatBank file format: BOM, decimal comma, `..`, totals, unknown codes, error answers."""

import gzip

import pytest

from uddannelsesby.indicators.models import Observation, Series
from uddannelsesby.indicators.parsing import ParseError, parse_file, parse_header, parse_value

from .conftest import STATUSU6_HEADER, fixture_tableinfo


def test_parse_value_decimal_comma_and_missing():
    assert parse_value("42955,60") == 42955.6
    assert parse_value("5932654") == 5932654.0
    assert parse_value("-3,5") == -3.5
    assert parse_value("..") is None
    assert parse_value("") is None
    with pytest.raises(ValueError, match="1.234,5"):
        parse_value("1.234,5")


def test_byte_order_mark_is_ignored(write_file):
    path = write_file("folk.csv", b"\xef\xbb\xbfOMR\xc3\x85DE;TID;INDHOLD\r\n000;2025;42955,60\r\n")
    header, rows = parse_file(path, ("OMRÅDE",))
    assert header.columns == ("OMRÅDE", "TID", "INDHOLD")
    assert header.area_variable == "OMRÅDE"
    assert rows == [["000", "2025", 42955.6]]


def test_gzipped_file(write_file):
    path = write_file("t.csv.gz", gzip.compress(b"OMR\xc3\x85DE;TID;INDHOLD\n657;2024;1\n"))
    assert parse_file(path)[1] == [["657", "2024", 1.0]]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("OMRÅDE;TID", "must end with INDHOLD"),
        ("OMRÅDE;KØN;INDHOLD", "no TID"),
        ("TID;TID;INDHOLD", "twice"),
        ("Område med mellemrum;TID;INDHOLD", "Not a variable name"),
        ("Hele landet;2025;42955,60", "must end with INDHOLD"),
    ],
)
def test_bad_headers(line, message):
    with pytest.raises(ParseError, match=message):
        parse_header(line)


def test_request_limit_answer_saved_as_a_file(write_file):
    path = write_file(
        "limit.csv",
        '{"errorTypeCode":"REQUEST-LIMIT","message":"Forespørgslen overstiger 1.000.000 celler"}',
    )
    with pytest.raises(ParseError, match="REQUEST-LIMIT.*BULK"):
        parse_file(path)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("AFBRUDT;TOT;657;2024", "Line 2: Expected 5 fields, found 4"),
        ("AFBRUDT;TOT;;2024;12", "Line 2: A code is empty"),
        ("AFBRUDT;TOT;657;2024;12x", "Line 2: Not a number: '12x'"),
    ],
)
def test_bad_rows_say_where(write_file, row, message):
    path = write_file("bad.csv", f"{STATUSU6_HEADER}\n{row}\n")
    with pytest.raises(ParseError, match=message):
        parse_file(path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("AFBRUDT;TOT;657;2024;12x", "Line 3: Not a number"),
        ("AFBRUDT;TOT;;2024;12", "Line 3: A code is empty"),
        ("AFBRUDT;TOT;657;;12", "Line 3: A code is empty"),
        ("AFBRUDT;;657;2024;12", "Line 3: A code is empty"),
        ('AFBRUDT;"";657;2024;12', "Line 3: A code is empty"),
        ("AFBRUDT;TOT;657;2024;1,2,3", "Line 3: Not a number"),
    ],
)
def test_bad_rows_are_refused_by_the_import_on_every_database(write_file, catalogue, row, message):
    from uddannelsesby.indicators import services

    path = write_file("bad.csv", f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2024;100\n{row}\n")
    with pytest.raises(ParseError, match=message):
        services.observations_import(table="STATUSU6", path=path)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_unknown_codes_are_refused_with_the_line(write_file, catalogue):
    from uddannelsesby.indicators import services

    path = write_file(
        "unknown.csv",
        f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2024;100\nDROPOUT;TOT;657;2024;8\n",
    )
    with pytest.raises(ParseError, match="Line 3: Unknown code 'DROPOUT' for UDDSTAT"):
        services.observations_import(
            table="STATUSU6", path=path, tableinfo=fixture_tableinfo("STATUSU6")
        )
    assert not Series.objects.exists()


@pytest.mark.django_db
def test_unknown_variable_is_refused(write_file, catalogue):
    from uddannelsesby.indicators import services

    path = write_file("var.csv", "UDDSTAT;KØN;GRUNDBEL;TID;INDHOLD\nAA_TOTAL;TOT;657;2024;1\n")
    with pytest.raises(ParseError, match="no variable KØN"):
        services.observations_import(
            table="STATUSU6", path=path, tableinfo=fixture_tableinfo("STATUSU6")
        )
