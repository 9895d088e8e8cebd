"""Reading and writing the spreadsheets people really have: CSV from Danish Excel and XLSX.

Shared by every import and export (action plans, the programme catalogue): cells, row errors
named by row and column, decoding of UTF-8/UTF-16/Windows-1252 text, the delimiter, and values
written the Danish way (dates, amounts with decimal commas).
"""

import codecs
import csv
import datetime
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .fields import AmountError
from .fields import parse_amount as parse_typed_amount

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

CSV_DELIMITER = ";"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number written as text ("-12,5", "+45") is no formula and is left as it is.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")

Cell = str | int | Decimal | datetime.date | None


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file. ``row`` None: the whole file; ``column`` None: the row."""

    row: int | None
    column: str | None
    message: str


class ImportFileError(Exception):
    """The file cannot be read as activities at all (type, size, columns)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class SourceRow:
    number: int
    values: dict[str, Cell]


class Rows(list):
    """The rows read from a file, and the names of the columns the import left out."""

    ignored: tuple[str, ...] = ()


def read_header(
    cells: Iterable[Cell], known: tuple[str, ...], required: tuple[str, ...]
) -> tuple[list[str | None], tuple[str, ...]]:
    """The column names of a heading row, and those it leaves out.

    A column the import does not know (a note column added in Excel, a column of another
    export) is left out: its name becomes None and it is named in the notice
    (``ignored_notice``). A column without a name stays "", so a value under it is an error
    of its row. A known column twice, a required one missing, or a name that is a known one
    misspelt ("budjet") is an error of row 1.
    """
    names: list[str | None] = []
    ignored: list[str] = []
    errors = []
    seen: set[str] = set()
    for cell in cells:
        text = str(clean_cell(cell) if cell is not None else "")
        name = text.lower()
        if name and name not in known:
            if close := difflib.get_close_matches(name, known, n=1, cutoff=0.8):
                # "budjet" is the budget column misspelt: leaving it out would lose its values
                message = _("The column is not known. Did you mean “%(name)s”?") % {
                    "name": close[0]
                }
                errors.append(RowError(1, text[:40], message))
                continue
            names.append(None)
            if text[:40] not in ignored:
                ignored.append(text[:40])
            continue
        if name in seen:
            errors.append(RowError(1, name, _("The column appears more than once.")))
        if name:
            seen.add(name)
        names.append(name)
    errors += [RowError(1, n, _("The column is missing.")) for n in required if n not in seen]
    if errors:
        raise ImportFileError(errors)
    return names, tuple(ignored)


def ignored_notice(ignored: Iterable[str]) -> str:
    """What the import page says about the columns it left out; "" when there are none."""
    names = ", ".join(f"“{name}”" for name in ignored)
    if not names:
        return ""
    return _(
        "These columns are not part of this import and were left out: %(names)s. "
        "Nothing in them was imported."
    ) % {"names": names}


def file_error(message: str) -> ImportFileError:
    return ImportFileError([RowError(None, None, message)])


def unreadable_csv(row: int) -> ImportFileError:
    """A file Python's CSV reader gave up on, said in our words on its row (the reader's own
    text is English: "field larger than field limit (131072)")."""
    message = _("The row cannot be read as CSV: a value is too long, or a quotation mark is "
                "not closed.")  # fmt: skip
    return ImportFileError([RowError(row, None, message)])


def is_formula(value: object) -> bool:
    """Whether a spreadsheet would run the text as a formula (OWASP "CSV injection")."""
    # Spreadsheets skip spaces before the "=": " =HYPERLINK(...)" runs too.
    text = value.lstrip(" \n\u00a0") if isinstance(value, str) else ""
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """The value, with an apostrophe before a text a spreadsheet would run as a formula (the
    apostrophe is removed again on import, see `clean_cell`)."""
    return "'" + value if is_formula(value) else value


class SafeWriter:
    """`csv.writer` for every export: each text cell goes through `neutralise`."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[object]):
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]):
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """`csv.DictWriter` for every export: each text cell goes through `neutralise`."""

    def __init__(self, file, fieldnames, **options):
        super().__init__(file, fieldnames, **options)
        self.writer = SafeWriter(file, **options)


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(neutralise(value))


BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z\xbc\xaf")


def decode(data: bytes) -> str:
    wrong_type = file_error(
        _("The file is not a CSV file or an Excel workbook. Save it as CSV or .xlsx.")
    )
    if data.startswith(BINARY_SIGNATURES):
        raise wrong_type
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise wrong_type from error
    if b"\x00" in data[:4096]:
        raise wrong_type
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Danish Excel writes as "CSV (semikolonsepareret)"
    except UnicodeDecodeError as error:
        raise wrong_type from error


def sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def clean_cell(value: Cell) -> Cell:
    if not isinstance(value, str):
        return value
    value = value.strip()
    # Undo the apostrophe written before a text that a spreadsheet would run as a formula.
    if value.startswith("'") and is_formula(value[1:]):
        value = value[1:].strip()
    return value


class CellError(Exception):
    pass


DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?$")

THOUSANDS_WITH_POINTS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_date(value: Cell) -> datetime.date | None:
    if value in ("", None):
        return None
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    try:
        if match := ISO_DATE.match(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := DANISH_DATE.match(text):
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError as error:
        raise CellError(_("The date does not exist.")) from error
    raise CellError(_("Write the date as 2026-03-31 or 31-03-2026."))


def parse_amount(value: Cell) -> Decimal | None:
    """An amount in kroner: "1234,50", "1.234,50", "1234.50", "1 234" or a number cell, and
    as the forms read it (core.fields.parse_amount): "kr. 1.000", "1.000,-", "Gratis"."""
    if value in ("", None):
        return None
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        try:
            return _amount_checked(parse_typed_amount(str(value)))
        except AmountError:
            pass  # read below, with a message for what is wrong
        text = re.sub(r"[\s\u00a0]", "", str(value))
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            text = text.replace("." if decimal_mark == "," else ",", "")
            text = text.replace(",", ".")
        elif "," in text:
            if text.count(",") > 1:
                raise CellError(_("Write the amount as a number, like 12500 or 12500,50."))
            text = text.replace(",", ".")
        elif THOUSANDS_WITH_POINTS.match(text):
            text = text.replace(".", "")  # "1.234" cannot be kroner and øre: it is a thousand
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise CellError(_("Write the amount as a number, like 12500 or 12500,50."))
        amount = Decimal(text)
    return _amount_checked(amount)


def _amount_checked(amount: Decimal) -> Decimal:
    if not amount.is_finite():
        raise CellError(_("Write the amount as a number, like 12500 or 12500,50."))
    if amount < 0:
        raise CellError(_("The amount cannot be negative."))
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise CellError(_("The amount can have at most two decimals."))
    if amount >= Decimal(10) ** 12:
        raise CellError(_("The amount is too large."))
    return amount


def parse_whole_number(value: Cell, low: int, high: int) -> int | None:
    if value in ("", None):
        return None
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise CellError(_("Write a whole number."))
        value = int(value)
    if isinstance(value, str):
        if not re.fullmatch(r"\d+", value):
            raise CellError(_("Write a whole number."))
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        raise CellError(
            _("Write a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return value


def to_csv(rows: Iterable[dict[str, Cell]], columns: tuple[str, ...]) -> bytes:
    buffer = io.StringIO()
    writer = SafeWriter(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[column]) for column in columns])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
