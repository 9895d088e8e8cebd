"""A plan's activities in and out as CSV and XLSX, round trip.

Export -> import into another plan (or year) of the same policy gives the same rows. The file
has one row per activity and the columns in ``COLUMNS``; lists (commitments, partners, SDG
targets) are separated by "|". Commitments are named by their anchor, "<area slug>--<commitment
slug>", organisations by name and the contact person by user name.

Written CSV is what Danish Excel opens without questions: UTF-8 with a BOM, ";" between values
and a decimal comma. Read CSV may be ";", "," or tab separated, UTF-8 (with or without BOM),
UTF-16 with BOM or Windows-1252, with decimal commas or points, ISO or Danish dates.

A text cell that a spreadsheet would run as a formula (it begins with =, +, -, @) is written to
CSV with a leading apostrophe, which the import removes again; XLSX cells are typed as text.

Import is all or nothing: every row is checked, every error is collected with its row number
(as a spreadsheet shows it: the heading is row 1) and column name, and the activities are
created through ``services.activity_create`` in one transaction that is rolled back when any
row fails.

Importing a file twice does not double the plan: a row that names an activity of the plan is an
update of it, not a new activity. The export writes each activity's ``id``; a row with the id
of one of the plan's activities updates that activity (only the columns the file has). A row
without it (or with the id of another plan's activity, as when a plan is copied into the next
year) is matched by its title within the plan: one activity of that title is updated, none
means a new activity, several is an error that asks for the id. Two rows may not name the same
activity. Rows that would change nothing are left alone. ``import_activities(dry_run=True)``
says what an import would create, update and leave unchanged, for the preview.
"""

import copy
import csv
import datetime
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from uddannelsesby.accounts.models import Organisation, User
from uddannelsesby.core.tabular import (
    MAX_BYTES,
    MAX_ROWS,
    Cell,
    CellError,
    ImportFileError,
    RowError,
    Rows,
    SourceRow,
    clean_cell,
    decode,
    file_error,
    is_formula,
    parse_amount,
    parse_date,
    parse_whole_number,
    read_header,
    sniff_delimiter,
    unreadable_csv,
)
from uddannelsesby.core.text import (
    CONTROL_CHARACTERS,
    parse_sdg_targets,
    validate_no_control_characters,
)
from uddannelsesby.policies.models import Commitment

from . import services
from .models import ActionPlan, Activity
from .selectors import frozen_activities, frozen_states, publish_activity_commitments

COLUMNS: tuple[str, ...] = (
    "id", "title", "description", "commitments", "responsible", "contact", "partners", "starts_on",
    "ends_on", "budget", "budget_account", "spent", "status", "progress", "weight",
    "sdg_targets", "municipal_plan_ref", "agenda21_ref", "cadence",
)  # fmt: skip
# Open data leaves out the contact person: a person's user name is not public.
PUBLIC_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c != "contact")
REQUIRED_COLUMNS = ("title", "commitments", "responsible")
TEXT_COLUMNS = ("title", "description", "budget_account", "municipal_plan_ref", "agenda21_ref")
# What an .xlsx may unpack to: a 5 MB file of repeated XML could otherwise unpack to gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_COLUMNS = 60
SEPARATOR = "|"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ImportResult:
    created: list[Activity] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # (activity, the names of the columns that change), for activities the file updates.
    updated: list[tuple[Activity, list[str]]] = field(default_factory=list)
    unchanged: list[Activity] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- export ---


def plan_export_queryset(plan: ActionPlan):
    commitments = Commitment.objects.select_related("focus_area").order_by(
        "focus_area__position", "focus_area__pk", "position", "pk"
    )
    return (
        plan.activities.select_related("responsible", "contact")
        .prefetch_related(
            Prefetch("commitments", queryset=commitments),
            Prefetch("partners", queryset=Organisation.objects.order_by("name")),
        )
        .order_by("title", "pk")
    )


def exported_activities(plan: ActionPlan, *, public: bool = False) -> list[Activity]:
    """The activities an export writes, by title then age: a closed year's as they were frozen
    (``selectors.frozen_activities``); for the public, each naming only the commitments the
    published version has (a commitment not adopted yet stays with the editors)."""
    states = frozen_states(plan)
    activities = (
        frozen_activities(plan, states) if states is not None else list(plan_export_queryset(plan))
    )
    if public:
        publish_activity_commitments(activities, plan.policy)
    return activities


def export_rows(plan: ActionPlan, *, public: bool = False) -> list[dict[str, Cell]]:
    """The plan's activities as rows of typed cells, in a stable order (title, then age);
    `public`: as the public reads them (see ``exported_activities``)."""
    return [
        {
            "id": a.pk,
            "title": a.title,
            "description": a.description,
            "commitments": SEPARATOR.join(c.anchor for c in a.commitments.all()),
            "responsible": a.responsible.name,
            "contact": a.contact.username if a.contact else "",
            "partners": SEPARATOR.join(p.name for p in a.partners.all()),
            "starts_on": a.starts_on,
            "ends_on": a.ends_on,
            "budget": a.budget,
            "budget_account": a.budget_account,
            "spent": a.spent,
            "status": a.status,
            "progress": a.progress,
            "weight": a.weight,
            "sdg_targets": SEPARATOR.join(a.sdg_targets),
            "municipal_plan_ref": a.municipal_plan_ref,
            "agenda21_ref": a.agenda21_ref,
            "cadence": a.cadence,
        }
        for a in exported_activities(plan, public=public)
    ]


def to_xlsx(
    rows: Iterable[dict[str, Cell]], columns: tuple[str, ...] = COLUMNS, *, title: str = ""
) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Activities")[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, row[column]) for column in columns])
    if title:
        workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value: Cell) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with
        # and kept as text if someone edits the cell in Excel (the cell's "quote prefix")
        cell.quotePrefix = is_formula(value)
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    return cell


# --- reading files ---


def parse_upload(name: str, data: bytes) -> Rows:
    """Read an uploaded file by its content: a workbook (zip) or text (CSV)."""
    if len(data) > MAX_BYTES:
        raise file_error(_("The file is larger than 5 MB."))
    if data.startswith(b"PK\x03\x04"):
        return parse_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise file_error(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV.")
        )
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise file_error(_("The file is not an Excel workbook (.xlsx), even if it is named so."))
    return parse_csv(data)


def parse_csv(data: bytes) -> Rows:
    text = decode(data)
    if not text.strip():
        raise file_error(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        return _rows_from_table(reader)
    except csv.Error as error:
        raise unreadable_csv(reader.line_num) from error


def parse_xlsx(data: bytes) -> Rows:
    unreadable = file_error(_("The file cannot be read as an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise file_error(_("The workbook is too large once unpacked."))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a broken file
        raise unreadable from error
    try:
        if not workbook.worksheets:
            raise file_error(_("The file is empty."))
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(min_row=1, max_col=MAX_XLSX_COLUMNS, values_only=True)
        return _rows_from_table([_from_xlsx(value) for value in row] for row in rows)
    except ImportFileError:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def _from_xlsx(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # Excel stores numbers as binary floats: 0.1 + 0.2 is 0.30000000000000004.
        rounded = round(value, 9)
        return int(rounded) if rounded.is_integer() else Decimal(repr(rounded))
    if isinstance(value, str):
        return value
    return str(value)


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _rows_from_table(table: Iterable[list[Cell]]) -> Rows:
    """Rows of cells, the first naming the columns, as rows of named values. Columns the
    import does not know are left out and named in ``rows.ignored``."""
    lines: Iterator[list[Cell]] = iter(table)
    header_cells = next(lines, None)
    if header_cells is None or all(clean_cell(c) in ("", None) for c in header_cells):
        raise file_error(_("The file is empty, or its first row does not name the columns."))
    names, ignored = read_header(header_cells, COLUMNS, REQUIRED_COLUMNS)
    rows, errors = Rows(), []
    rows.ignored = ignored
    for number, cells in enumerate(lines, start=2):
        cells = [clean_cell(c) for c in cells]
        if all(c in ("", None) for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise file_error(
                _("The file has more than %(max)s activities. Split it in smaller files.")
                % {"max": MAX_ROWS}
            )
        stray = [c for name, c in zip(names, cells, strict=False) if name == "" and c != ""]
        if len(cells) > len(names) or stray:
            errors.append(
                RowError(number, None, _("The row has more values than there are named columns."))
            )
            continue
        values = {name: cell for name, cell in zip(names, cells, strict=False) if name}
        rows.append(SourceRow(number, values))
    if errors:
        raise ImportFileError(errors)
    if not rows:
        raise file_error(_("The file has a heading row but no activities."))
    return rows


# --- reading values ---


def _status_names() -> dict[str, str]:
    """Status codes, and their names in Danish and English, to the code."""
    names = {}
    for language in ("en", "da"):
        with translation.override(language):
            names |= {str(label).casefold(): code for code, label in Activity.Status.choices}
    return names | {code: code for code in Activity.Status.values}


def _split(value: Cell, pattern: str = r"[|\n]") -> list[str]:
    return [part.strip() for part in re.split(pattern, str(value or "")) if part.strip()]


@dataclass
class _Lookups:
    """What the rows name (commitments, organisations, people), fetched in a few queries."""

    commitments: dict[str, Commitment]
    organisations: dict[str, Organisation]
    users: dict[str, User]
    statuses: dict[str, str]

    @classmethod
    def load(cls, plan: ActionPlan, rows: list[SourceRow]) -> "_Lookups":
        commitments = Commitment.objects.filter(focus_area__policy=plan.policy_id)
        names: set[str] = set()
        usernames: set[str] = set()
        for row in rows:
            names.add(str(row.values.get("responsible") or ""))
            names.update(_split(row.values.get("partners")))
            usernames.add(str(row.values.get("contact") or ""))
        return cls(
            commitments={c.anchor: c for c in commitments.select_related("focus_area")},
            organisations={
                o.name: o for o in _in_chunks(Organisation.objects.all(), "name", names)
            },
            users={u.username: u for u in _in_chunks(User.objects.all(), "username", usernames)},
            statuses=_status_names(),
        )


def _in_chunks(queryset, field_name: str, values: set[str], size: int = 500) -> list:
    # A name with control characters matches nothing, and PostgreSQL refuses NUL in a query.
    values_list = sorted(v for v in values if v and not CONTROL_CHARACTERS.search(v))
    found = []
    for start in range(0, len(values_list), size):
        found.extend(queryset.filter(**{f"{field_name}__in": values_list[start : start + size]}))
    return found


class _RowReader:
    """Turns one row into the arguments of services.activity_create, collecting errors."""

    def __init__(self, row: SourceRow, lookups: _Lookups):
        self.row, self.lookups = row, lookups
        self.errors: list[RowError] = []
        self.fields: dict[str, Any] = {}

    def value(self, column: str) -> Cell:
        return self.row.values.get(column, "")

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, column, message))

    def read(self) -> dict[str, Any]:
        self._texts()
        self._commitments()
        self._organisations()
        self._contact()
        self._dates()
        self._numbers()
        self._status()
        self._sdg_targets()
        return self.fields

    def _texts(self) -> None:
        for column in TEXT_COLUMNS:
            if column not in self.row.values:
                continue
            text = str(self.value(column))
            try:
                validate_no_control_characters(text)
            except ValidationError as error:
                self.error(column, error.messages[0])
            self.fields[column] = text
        if not self.fields.get("title"):
            self.error("title", _("Every activity needs a title."))

    def _commitments(self) -> None:
        anchors = _split(self.value("commitments"), r"[|,\s]+")
        if not anchors:
            self.error("commitments", _("Name at least one commitment the activity serves."))
            return
        unknown = [a for a in anchors if a not in self.lookups.commitments]
        if unknown:
            self.error(
                "commitments",
                _("The policy has no commitment “%(anchors)s”. Write them as "
                  "focus-area--commitment, as in the export.")
                % {"anchors": ", ".join(_short(a) for a in unknown)},
            )  # fmt: skip
        known = [a for a in anchors if a not in unknown]
        self.fields["commitments"] = [self.lookups.commitments[a] for a in known]

    def _organisations(self) -> None:
        name = str(self.value("responsible"))
        if not name:
            self.error("responsible", _("Name the organisation responsible for the activity."))
        elif name not in self.lookups.organisations:
            self.error(
                "responsible",
                _("There is no organisation called “%(name)s”.") % {"name": _short(name)},
            )
        else:
            self.fields["responsible"] = self.lookups.organisations[name]
        partners = _split(self.value("partners"))
        unknown = [p for p in partners if p not in self.lookups.organisations]
        if unknown:
            self.error(
                "partners",
                _("There is no organisation called “%(name)s”.")
                % {"name": ", ".join(_short(p) for p in unknown)},
            )
        self.fields["partners"] = [
            self.lookups.organisations[p] for p in dict.fromkeys(partners) if p not in unknown
        ]

    def _contact(self) -> None:
        username = str(self.value("contact"))
        if username and username not in self.lookups.users:
            self.error("contact", _("There is no user “%(name)s”.") % {"name": _short(username)})
        elif username:
            self.fields["contact"] = self.lookups.users[username]

    def _dates(self) -> None:
        for column in ("starts_on", "ends_on"):
            try:
                self.fields[column] = parse_date(self.value(column))
            except CellError as error:
                self.error(column, str(error))
        starts, ends = self.fields.get("starts_on"), self.fields.get("ends_on")
        if starts and ends and ends < starts:
            self.error("ends_on", _("The activity cannot end before it starts."))

    def _numbers(self) -> None:
        for column in ("budget", "spent"):
            try:
                amount = parse_amount(self.value(column))
            except CellError as error:
                self.error(column, str(error))
            else:
                if amount is not None:
                    self.fields[column] = amount
        limits = {"progress": (0, 100), "weight": (1, 100)}
        for column, (low, high) in limits.items():
            try:
                number = parse_whole_number(self.value(column), low, high)
            except CellError as error:
                self.error(column, str(error))
            else:
                if number is not None:
                    self.fields[column] = number
        wrong_cadence = _("Write the months between updates: %(choices)s.") % {
            "choices": ", ".join(str(v) for v in Activity.Cadence.values)
        }
        try:
            cadence = parse_whole_number(self.value("cadence"), 1, 12)
        except CellError:
            self.error("cadence", wrong_cadence)
        else:
            if cadence is not None and cadence not in Activity.Cadence.values:
                self.error("cadence", wrong_cadence)
            elif cadence is not None:
                self.fields["cadence"] = cadence

    def _status(self) -> None:
        text = str(self.value("status")).casefold()
        if not text:
            return
        if text not in self.lookups.statuses:
            self.error(
                "status",
                _("Unknown status. Use one of: %(codes)s.")
                % {"codes": ", ".join(Activity.Status.values)},
            )
        else:
            self.fields["status"] = self.lookups.statuses[text]

    def _sdg_targets(self) -> None:
        try:
            self.fields["sdg_targets"] = parse_sdg_targets(str(self.value("sdg_targets")))
        except ValidationError as error:
            self.error("sdg_targets", error.messages[0])


def _model_errors(number: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(number, None, message) for message in error.messages]
    return [
        RowError(number, None if name == "__all__" else name, message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _model_check(
    plan: ActionPlan,
    number: int,
    fields: dict[str, Any],
    failed: set[str | None],
    existing: Activity | None = None,
) -> list[RowError]:
    """The model's own checks (lengths, limits) on a row, so one pass finds every error."""
    values = {k: v for k, v in fields.items() if k not in ("commitments", "partners")}
    exclude = {"plan", "commitments", "partners", "responsible", *(c for c in failed if c)}
    if existing is None:
        candidate = Activity(plan=plan, **values)
    else:
        candidate = copy.copy(existing)
        for name, value in values.items():
            setattr(candidate, name, value)
    try:
        candidate.full_clean(
            exclude=sorted(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return _model_errors(number, error)
    return []


class _Rollback(Exception):
    pass


def _title_key(title: Any) -> str:
    return " ".join(str(title or "").split()).casefold()


def _row_id(row: SourceRow) -> tuple[int | None, RowError | None]:
    value = row.values.get("id", "")
    if value in ("", None):
        return None, None
    try:
        return parse_whole_number(value, 1, 2**63 - 1), None
    except CellError:
        message = _("Not an activity id from an export. Leave it empty for a new activity.")
        return None, RowError(row.number, "id", message)


class _Matcher:
    """Which of the plan's activities a row names: by its id, else by its title."""

    def __init__(self, plan: ActionPlan):
        self.activities = {
            a.pk: a
            for a in plan.activities.select_related("responsible", "contact").prefetch_related(
                "commitments", "partners"
            )
        }
        self.by_title: dict[str, list[Activity]] = {}
        for activity in self.activities.values():
            self.by_title.setdefault(_title_key(activity.title), []).append(activity)
        self.claimed: dict[int, int] = {}  # activity pk -> row number
        self.new_titles: dict[str, int] = {}  # title key -> row number

    def match(self, row: SourceRow) -> tuple[Activity | None, list[RowError]]:
        pk, error = _row_id(row)
        if error:
            return None, [error]
        title = row.values.get("title", "")
        activity = self.activities.get(pk) if pk else None
        if activity is None:
            candidates = self.by_title.get(_title_key(title), [])
            if len(candidates) > 1:
                message = _(
                    "The plan has %(count)s activities called “%(title)s”. Add the id column "
                    "from an export to say which one the row changes."
                ) % {"count": len(candidates), "title": _short(str(title))}
                return None, [RowError(row.number, "title", message)]
            activity = candidates[0] if candidates else None
        if activity is not None:
            if activity.pk in self.claimed:
                message = _("Row %(row)s changes the same activity.") % {
                    "row": self.claimed[activity.pk]
                }
                return None, [RowError(row.number, None, message)]
            self.claimed[activity.pk] = row.number
            return activity, []
        key = _title_key(title)
        if key and key in self.new_titles:
            message = _("Row %(row)s already creates an activity with this title.") % {
                "row": self.new_titles[key]
            }
            return None, [RowError(row.number, "title", message)]
        if key:
            self.new_titles[key] = row.number
        return None, []


def _update_fields(row: SourceRow, fields: dict[str, Any]) -> dict[str, Any]:
    """What a row changes in an existing activity: the columns the file has, nothing else."""
    present = {k: v for k, v in fields.items() if k in row.values}
    if "contact" in row.values and not row.values["contact"]:
        present["contact"] = None
    return present


def _changed(activity: Activity, fields: dict[str, Any]) -> dict[str, Any]:
    changed = {}
    for name, value in fields.items():
        if name in ("commitments", "partners"):
            if {o.pk for o in value} != {o.pk for o in getattr(activity, name).all()}:
                changed[name] = value
        elif getattr(activity, name) != value:
            changed[name] = value
    return changed


def import_activities(
    *, actor, plan: ActionPlan, rows: list[SourceRow], dry_run: bool = False
) -> ImportResult:
    """Create an activity for each new row and update the activities that rows name, or (when
    any row has an error) change nothing at all. With `dry_run`, only say what would happen."""
    if plan.status == ActionPlan.Status.CLOSED:
        closed = _("The plan year is closed and can no longer be changed.")
        return ImportResult(errors=[RowError(None, None, closed)])
    lookups = _Lookups.load(plan, rows)
    matcher = _Matcher(plan)
    errors: list[RowError] = []
    parsed: list[tuple[int, Activity | None, dict[str, Any]]] = []
    for row in rows:
        reader = _RowReader(row, lookups)
        fields = reader.read()
        errors.extend(reader.errors)
        existing, match_errors = matcher.match(row)
        errors.extend(match_errors)
        if existing is not None:
            fields = _update_fields(row, fields)
        failed = {e.column for e in reader.errors}
        errors.extend(_model_check(plan, row.number, fields, failed, existing))
        parsed.append((row.number, existing, fields))
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            for number, existing, fields in parsed:
                try:
                    # The services are atomic themselves: a refused row rolls back to here.
                    if existing is None:
                        result.created.append(
                            fields_to_activity(plan, fields)
                            if dry_run
                            else services.activity_create(actor=actor, plan=plan, **fields)
                        )
                        continue
                    changed = _changed(existing, fields)
                    if not changed:
                        result.unchanged.append(existing)
                        continue
                    result.updated.append((existing, list(changed)))
                    if not dry_run:
                        services.activity_update(actor=actor, activity=existing, **changed)
                except ValidationError as error:
                    errors.extend(_model_errors(number, error))
            if errors:
                raise _Rollback
    except _Rollback:
        return ImportResult(errors=errors)
    return result


def fields_to_activity(plan: ActionPlan, fields: dict[str, Any]) -> Activity:
    """An unsaved activity for the preview of an import."""
    values = {k: v for k, v in fields.items() if k not in ("commitments", "partners")}
    return Activity(plan=plan, **values)


# --- between the preview and the import ---


def rows_to_json(rows: list[SourceRow]) -> list:
    """Parsed rows as JSON (for the session between the preview and the import)."""

    def cell(value: Cell) -> list:
        if isinstance(value, datetime.date):
            return ["d", value.isoformat()]
        if isinstance(value, Decimal):
            return ["n", str(value)]
        return ["v", value]

    return [[row.number, {k: cell(v) for k, v in row.values.items()}] for row in rows]


def rows_from_json(data: list) -> list[SourceRow]:
    def cell(kind: str, value: Any) -> Cell:
        if kind == "d":
            return datetime.date.fromisoformat(value)
        if kind == "n":
            return Decimal(value)
        return value

    return [SourceRow(number, {k: cell(*v) for k, v in values.items()}) for number, values in data]


# --- open data ---


def activities_data(plan: ActionPlan, *, base_url: str, public: bool = True) -> dict[str, Any]:
    """The plan's activities as open data (JSON): lists as lists, no personal data; `public`
    (unless the reader may read drafts): only what the published version has."""
    return {
        "policy": plan.policy.slug,
        "year": plan.year,
        "status": plan.status,
        "url": base_url + plan.get_absolute_url(),
        "activities": [
            {
                "id": a.pk,
                "url": base_url + a.get_absolute_url(),
                "title": a.title,
                "description": a.description,
                "commitments": [c.anchor for c in a.commitments.all()],
                "responsible": a.responsible.name,
                "partners": [p.name for p in a.partners.all()],
                "starts_on": a.starts_on.isoformat() if a.starts_on else None,
                "ends_on": a.ends_on.isoformat() if a.ends_on else None,
                "budget": float(a.budget),
                "budget_account": a.budget_account,
                "spent": float(a.spent),
                "status": a.status,
                "progress": a.progress,
                "weight": a.weight,
                "sdg_targets": a.sdg_targets,
                "municipal_plan_ref": a.municipal_plan_ref,
                "agenda21_ref": a.agenda21_ref,
                "cadence": a.cadence,
                "last_update_on": a.last_update_on.isoformat() if a.last_update_on else None,
            }
            for a in exported_activities(plan, public=public)
        ],
    }
