"""Files from StatBank in BULK or CSV format with valuePresentation=Code.

Both are semicolon separated with one header line, ``VAR1;VAR2;...;TID;INDHOLD``. CSV starts
with a UTF-8 byte-order mark, BULK does not. Numbers use a decimal comma (``42955,60``);
a suppressed or missing value is ``..``. A file may also be gzip-compressed.
"""

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

BOM = b"\xef\xbb\xbf"
GZIP_MAGIC = b"\x1f\x8b"
TIME_COLUMN = "TID"
VALUE_COLUMN = "INDHOLD"
MISSING = frozenset({"..", ""})
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
NAME = re.compile(r"^\w+$")


class ParseError(ValueError):
    """A file that cannot be imported; the message says where and why."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass(frozen=True)
class Header:
    columns: tuple[str, ...]
    area_variable: str | None

    @property
    def time_index(self) -> int:
        return self.columns.index(TIME_COLUMN)

    @property
    def value_index(self) -> int:
        return len(self.columns) - 1

    @property
    def area_index(self) -> int | None:
        return self.columns.index(self.area_variable) if self.area_variable else None

    @property
    def key_indexes(self) -> list[tuple[str, int]]:
        """The other variables and their columns, sorted by name (the series key's order)."""
        skip = {TIME_COLUMN, VALUE_COLUMN, self.area_variable}
        return sorted((name, i) for i, name in enumerate(self.columns) if name not in skip)


def parse_value(text: str) -> float | None:
    """'42955,60' -> 42955.6; '..' (suppressed) -> None."""
    text = text.strip()
    if text in MISSING:
        return None
    if not NUMBER.match(text):
        raise ValueError(text)
    return float(text.replace(",", "."))


def parse_header(line: str, area_variables: tuple[str, ...] = ()) -> Header:
    """Check the header line; the area variable is the first of ``area_variables`` present."""
    line = line.lstrip("\ufeff").strip()
    if line.startswith("{"):
        raise ParseError(api_error_message(line))
    columns = tuple(part.strip().strip('"').upper() for part in line.split(";"))
    if len(columns) < 2 or columns[-1] != VALUE_COLUMN:
        raise ParseError(
            f"The header must end with {VALUE_COLUMN} (a StatBank file in BULK or CSV format "
            f"with valuePresentation=Code); it is: {line[:200]!r}",
            line=1,
        )
    if TIME_COLUMN not in columns:
        raise ParseError(f"The header has no {TIME_COLUMN} column.", line=1)
    if len(set(columns)) != len(columns):
        raise ParseError("The header names a column twice.", line=1)
    bad = [name for name in columns if not NAME.match(name)]
    if bad:
        raise ParseError(f"Not a variable name: {bad[0]!r}.", line=1)
    wanted = [name.upper() for name in area_variables]
    area = next((name for name in wanted if name in columns), None)
    return Header(columns, area)


def api_error_message(text: str) -> str:
    """StatBank answers an error as a JSON object; say what it means."""
    try:
        error = json.loads(text)
    except json.JSONDecodeError:
        return "The file is not a StatBank table in BULK or CSV format."
    code = error.get("errorTypeCode", "") if isinstance(error, dict) else ""
    message = error.get("message", "") if isinstance(error, dict) else ""
    if code == "REQUEST-LIMIT":
        return (
            "The file is StatBank's REQUEST-LIMIT error, not data: the request asked for more "
            "than 1,000,000 cells. Fetch it in BULK format or in smaller parts. "
            f"({message})"
        )
    return f"The file is an error answer from StatBank, not data: {code} {message}".strip()


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, uncompressed if it was gzipped."""
    with open(path, "rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if compressed else open(path, "rb")  # noqa: SIM115


def read_header_line(stream: BinaryIO) -> str:
    first = stream.readline()
    if first.startswith(BOM):
        first = first[len(BOM) :]
    if not first.strip():
        raise ParseError("The file is empty.")
    try:
        return first.decode("utf-8")
    except UnicodeDecodeError:
        raise ParseError("The file is not UTF-8 text.", line=1) from None


def iter_rows(stream: BinaryIO, width: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for each data line after the header, checked for shape."""
    for number, raw in enumerate(stream, start=2):
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise ParseError("The line is not UTF-8 text.", line=number) from None
        if not text.strip():
            continue
        fields = [field.strip().strip('"') for field in text.split(";")]
        if len(fields) != width:
            raise ParseError(f"Expected {width} fields, found {len(fields)}.", line=number)
        if not all(fields[:-1]):
            raise ParseError("A code is empty.", line=number)
        try:
            parse_value(fields[-1])
        except ValueError:
            raise ParseError(f"Not a number: {fields[-1]!r}.", line=number) from None
        yield number, fields


def parse_file(path: Path, area_variables: tuple[str, ...] = ()) -> tuple[Header, list[list]]:
    """The whole file as (header, rows) with values as floats: for small files and tests."""
    with open_binary(path) as stream:
        header = parse_header(read_header_line(stream), area_variables)
        rows = [
            [*fields[:-1], parse_value(fields[-1])]
            for _line, fields in iter_rows(stream, len(header.columns))
        ]
    return header, rows
