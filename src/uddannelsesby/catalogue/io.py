"""Open data (CSV and JSON) and the CSV import of programmes and events.

Reading files reuses the action plans' helpers (encodings, delimiters, dates, whole numbers,
errors by row and column); the columns are the catalogue's own. Import is all or nothing: every
row is checked, every error is collected with its row number (the heading is row 1) and column,
and the rows are created through the services in one transaction that is rolled back when any
row fails.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uddannelsesby.core.fields import AmountError, parse_amount
from uddannelsesby.core.services import model_changes
from uddannelsesby.core.tabular import (
    MAX_BYTES,
    MAX_ROWS,
    CellError,
    ImportFileError,
    RowError,
    Rows,
    SourceRow,
    clean_cell,
    decode,
    parse_date,
    parse_whole_number,
    read_header,
    sniff_delimiter,
    to_csv,
    unreadable_csv,
)

from . import services
from .models import Event, Housing, Institution, Language, Programme

# --- open data ---

INSTITUTION_COLUMNS = (
    "name", "kind", "street_address", "postal_code", "city", "website", "email", "phone",
    "accessibility", "url",
)  # fmt: skip
PROGRAMME_COLUMNS = (
    "institution", "title_da", "title_en", "level", "disced", "field", "duration_months", "ects",
    "language", "intake_months", "admission", "url", "description_da", "description_en", "page",
)  # fmt: skip
HOUSING_COLUMNS = (
    "name", "kind", "street_address", "postal_code", "city", "rent_min", "rent_max", "size_min",
    "size_max", "waiting_list", "website", "accessibility", "page",
)  # fmt: skip
EVENT_COLUMNS = (
    "title", "starts_at", "ends_at", "place", "address", "price", "audience", "language",
    "organiser", "institution", "url", "description", "page",
)  # fmt: skip


def institution_rows(base_url: str) -> list[dict[str, Any]]:
    return [
        {
            "name": i.name,
            "kind": i.kind,
            "street_address": i.street_address,
            "postal_code": i.postal_code,
            "city": i.city,
            "website": i.website,
            "email": i.email,
            "phone": i.phone,
            "accessibility": i.accessibility,
            "url": base_url + i.get_absolute_url(),
        }
        for i in Institution.objects.order_by("name")
    ]


def programme_rows(base_url: str) -> list[dict[str, Any]]:
    return [
        {
            "institution": p.institution.name,
            "title_da": p.title_da,
            "title_en": p.title_en,
            "level": p.level,
            "disced": p.disced,
            "field": p.field,
            "duration_months": p.duration_months,
            "ects": p.ects,
            "language": p.language,
            "intake_months": p.intake_months,
            "admission": p.admission,
            "url": p.url,
            "description_da": p.description_da,
            "description_en": p.description_en,
            "page": base_url + p.get_absolute_url(),
        }
        for p in Programme.objects.select_related("institution").order_by("title_da", "pk")
    ]


def housing_rows(base_url: str) -> list[dict[str, Any]]:
    return [
        {
            **{c: getattr(h, c) for c in HOUSING_COLUMNS if c != "page"},
            "page": base_url + h.get_absolute_url(),
        }
        for h in Housing.objects.order_by("name")
    ]


def event_rows(base_url: str) -> list[dict[str, Any]]:
    since = timezone.now() - datetime.timedelta(days=30)
    return [
        {
            "title": e.title,
            "starts_at": timezone.localtime(e.starts_at).isoformat(),
            "ends_at": timezone.localtime(e.ends_at).isoformat(),
            "place": e.place,
            "address": e.address,
            "price": e.price,
            "audience": e.audience,
            "language": e.language,
            "organiser": e.organiser,
            "institution": e.institution.name if e.institution else "",
            "url": e.url,
            "description": e.description,
            "page": base_url + e.get_absolute_url(),
        }
        for e in Event.objects.filter(ends_at__gte=since)
        .select_related("institution")
        .order_by("starts_at", "pk")
    ]


DATASETS: dict[str, tuple[tuple[str, ...], Callable[[str], list[dict[str, Any]]]]] = {
    "institutioner": (INSTITUTION_COLUMNS, institution_rows),
    "uddannelser": (PROGRAMME_COLUMNS, programme_rows),
    "boliger": (HOUSING_COLUMNS, housing_rows),
    "begivenheder": (EVENT_COLUMNS, event_rows),
}


def dataset_csv(name: str, base_url: str) -> bytes:
    columns, rows = DATASETS[name]
    flat = [
        {k: "|".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        for row in rows(base_url)
    ]
    return to_csv(flat, columns)


def dataset_json(name: str, base_url: str) -> list[dict[str, Any]]:
    return DATASETS[name][1](base_url)


# --- import ---

PROGRAMME_IMPORT = (
    "page", "institution", "title_da", "title_en", "level", "field", "duration_months", "ects",
    "language", "intake_months", "admission", "url", "description_da", "description_en",
)  # fmt: skip
PROGRAMME_REQUIRED = ("institution", "title_da", "level", "field", "duration_months", "url")
EVENT_IMPORT = (
    "page", "title", "starts_at", "ends_at", "place", "address", "price", "audience", "language",
    "organiser", "institution", "url", "description",
)  # fmt: skip
EVENT_REQUIRED = ("title", "starts_at", "ends_at", "place", "organiser")
# Columns the open data writes that an import reads no value from: "disced" follows from the
# field; "page" (the record's page on this site) names the record a row updates.
EXPORT_ONLY = ("disced",)
TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


@dataclass
class ImportResult:
    created: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    updated: list[Any] = field(default_factory=list)
    unchanged: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _file_error(message: str) -> ImportFileError:
    return ImportFileError([RowError(None, None, message)])


def parse_rows(data: bytes, columns: tuple[str, ...], required: tuple[str, ...]) -> Rows:
    """A CSV file as named rows. Columns the import does not know are left out and named in
    ``rows.ignored``; a repeated or missing column is an error of row 1."""
    if len(data) > MAX_BYTES:
        raise _file_error(_("The file is larger than 5 MB."))
    text = decode(data)
    if not text.strip():
        raise _file_error(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        table = list(reader)
    except csv.Error as error:
        raise unreadable_csv(reader.line_num) from error
    names, ignored = read_header(table[0], columns + EXPORT_ONLY, required)
    names = [None if n in EXPORT_ONLY else n for n in names]
    errors = []
    rows = Rows()
    rows.ignored = ignored
    for number, cells in enumerate(table[1:], start=2):
        cells = [clean_cell(c) for c in cells]
        if all(c == "" for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise _file_error(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        if len(cells) > len(names):
            errors.append(
                RowError(number, None, _("The row has more values than there are named columns."))
            )
            continue
        rows.append(SourceRow(number, {n: c for n, c in zip(names, cells, strict=False) if n}))
    if errors:
        raise ImportFileError(errors)
    if not rows:
        raise _file_error(_("The file has a heading row but no rows to import."))
    return rows


def _choice(value: str, choices) -> str:
    """A choice by its code, or by its name in Danish or English."""
    from django.utils import translation

    text = value.strip().lower()
    for code, label in choices:
        names = {code.lower()}
        for language in ("da", "en"):
            with translation.override(language):
                names.add(str(label).lower())
        if text in names:
            return code
    raise CellError(
        _("Unknown value. Use one of: %(codes)s.") % {"codes": ", ".join(c for c, _l in choices)}
    )


def _datetime(value: Any) -> datetime.datetime:
    """ "2026-09-01 19:30", "2026-09-01T19:30" or "01-09-2026 19:30", local time; or with its
    offset, as the open data writes it ("2026-09-01T19:30:00+02:00")."""
    try:
        written = datetime.datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        written = None
    if written is not None and written.tzinfo is not None:
        return written
    text = str(value or "").strip().replace("T", " ")
    date_text, _sep, time_text = text.partition(" ")
    date = parse_date(date_text)
    if date is None:
        raise CellError(_("Write the time as 2026-09-01 19:30."))
    match = TIME.match(time_text.strip()) if time_text.strip() else None
    if time_text.strip() and not match:
        raise CellError(_("Write the time as 2026-09-01 19:30."))
    hour, minute, second = (
        (int(match[1]), int(match[2]), int(match[3] or 0)) if match else (0, 0, 0)
    )
    if hour > 23 or minute > 59 or second > 59:
        raise CellError(_("The time does not exist."))
    moment = datetime.time(hour, minute, second)
    return timezone.make_aware(datetime.datetime.combine(date, moment))


class _Reader:
    def __init__(self, row: SourceRow, institutions: dict[str, Institution]):
        self.row, self.institutions = row, institutions
        self.errors: list[RowError] = []
        self.fields: dict[str, Any] = {}

    def text(self, column: str) -> str:
        return str(self.row.values.get(column, "") or "")

    def read(
        self, column: str, parse: Callable[[str], Any], *, required: bool = False, empty=None
    ) -> None:
        """Parse the column's cell into ``fields``; an empty cell of a column the file has
        gives ``empty`` (when not None), so that emptying a cell in Excel empties the field."""
        text = self.text(column)
        if not text:
            if empty is not None and column in self.row.values and not required:
                self.fields[column] = empty
            if required:
                self.errors.append(RowError(self.row.number, column, _("The value is missing.")))
            return
        try:
            self.fields[column] = parse(text)
        except CellError as error:
            self.errors.append(RowError(self.row.number, column, str(error)))

    def institution(self, column: str = "institution", *, required: bool = False) -> None:
        def parse(name: str) -> Institution:
            if name.lower() not in self.institutions:
                raise CellError(_("No institution has that name."))
            return self.institutions[name.lower()]

        self.read(column, parse, required=required)


def _months(text: str) -> list[int]:
    parts = [p.strip() for p in re.split(r"[|,]", text) if p.strip()]
    return [parse_whole_number(p, 1, 12) for p in parts]


def _price(value: Any) -> int | None:
    """A price as the events are announced: "150", "150 kr.", "1.000,-", "Gratis"."""
    if isinstance(value, str) and value.strip():
        try:
            value = parse_amount(value)
        except (AmountError, ArithmeticError):
            raise CellError(
                _("Write the price in whole kroner, for example 150 or 1.000, or Gratis.")
            ) from None
    return parse_whole_number(value, 0, 100_000)


def _programme_fields(reader: _Reader) -> dict[str, Any]:
    reader.institution(required=True)
    for column in ("title_da", "title_en", "admission", "url", "description_da", "description_en"):
        reader.read(column, str, required=column in PROGRAMME_REQUIRED, empty="")
    reader.read("level", lambda v: _choice(v, Programme.Level.choices), required=True)
    reader.read("field", lambda v: _choice(v, Programme.Field.choices), required=True)
    reader.read("language", lambda v: _choice(v, Language.choices))
    reader.read("duration_months", lambda v: parse_whole_number(v, 1, 120), required=True)
    reader.read("ects", lambda v: parse_whole_number(v, 0, 480))
    reader.read("intake_months", _months)
    return reader.fields


def _event_fields(reader: _Reader) -> dict[str, Any]:
    reader.institution()
    for column in ("title", "place", "address", "url", "description"):
        reader.read(column, str, required=column in EVENT_REQUIRED, empty="")
    reader.read("starts_at", _datetime, required=True)
    reader.read("ends_at", _datetime, required=True)
    reader.read("price", _price)
    reader.read("audience", lambda v: _choice(v, Event.Audience.choices))
    reader.read("language", lambda v: _choice(v, Language.choices))
    reader.read("organiser", lambda v: _choice(v, Event.Organiser.choices), required=True)
    return reader.fields


def _model_errors(number: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, None, m) for m in error.messages]
    return [
        RowError(number, None if name == "__all__" else name, message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


class _Rollback(Exception):
    pass


def _page_key(page: str) -> str:
    """The last part of a page address: a programme's slug, an event's number."""
    path = urlsplit(page.strip()).path.rstrip("/")
    return path.rsplit("/", 1)[-1]


def _import(
    rows: list[SourceRow],
    read: Callable[[_Reader], dict[str, Any]],
    save: Callable[[Any, dict[str, Any]], Any],
    institutions: dict[str, Institution],
    existing: Callable[[str], Any],
) -> ImportResult:
    """Check every row, then create or update in one transaction, or nothing at all.

    A row whose ``page`` is the page of a record on this site (as the open data writes it)
    updates that record; a row without one is a new record. Rows that change nothing are left.
    """
    errors: list[RowError] = []
    parsed = []
    seen: dict[Any, int] = {}
    for row in rows:
        reader = _Reader(row, institutions)
        fields = read(reader)
        errors.extend(reader.errors)
        record = None
        if page := reader.text("page"):
            record = existing(_page_key(page))
            if record is None:
                message = _(
                    "No record on this site has that page. Empty the cell to add a new one."
                )
                errors.append(RowError(row.number, "page", message))
            elif record.pk in seen:
                message = _("Row %(row)s names the same page.") % {"row": seen[record.pk]}
                errors.append(RowError(row.number, "page", message))
            else:
                seen[record.pk] = row.number
        parsed.append((row.number, record, fields))
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            for number, record, fields in parsed:
                if record is not None and not model_changes(record, fields):
                    result.unchanged.append(record)
                    continue
                try:
                    saved = save(record, fields)  # atomic itself: a refused row rolls back
                except ValidationError as error:
                    errors.extend(_model_errors(number, error))
                    continue
                (result.created if record is None else result.updated).append(saved)
            if errors:
                raise _Rollback
    except _Rollback:
        return ImportResult(errors=errors)
    return result


def _institutions(allowed) -> dict[str, Institution]:
    return {i.name.lower(): i for i in allowed}


def import_programmes(*, actor, rows: list[SourceRow], institutions=None) -> ImportResult:
    """Create or update a programme per row, or none at all. ``institutions``: those the actor
    may use; a programme of another institution cannot be named by its page either."""
    allowed = _institutions(institutions if institutions is not None else Institution.objects.all())

    def existing(slug: str) -> Programme | None:
        programme = Programme.objects.filter(slug=slug).select_related("institution").first()
        if programme is None or programme.institution.name.lower() not in allowed:
            return None
        return programme

    def save(programme: Programme | None, fields: dict[str, Any]) -> Programme:
        if programme is None:
            return services.programme_create(actor=actor, **fields)
        return services.programme_update(actor=actor, programme=programme, **fields)

    return _import(rows, _programme_fields, save, allowed, existing)


def import_events(*, actor, rows: list[SourceRow]) -> ImportResult:
    def existing(key: str) -> Event | None:
        return Event.objects.filter(pk=int(key)).first() if key.isdigit() else None

    def save(event: Event | None, fields: dict[str, Any]) -> Event:
        if event is None:
            return services.event_create(actor=actor, **fields)
        return services.event_update(actor=actor, event=event, **fields)

    return _import(rows, _event_fields, save, _institutions(Institution.objects.all()), existing)


IMPORTS = {
    "uddannelser": (PROGRAMME_IMPORT, PROGRAMME_REQUIRED, import_programmes),
    "begivenheder": (EVENT_IMPORT, EVENT_REQUIRED, import_events),
}
