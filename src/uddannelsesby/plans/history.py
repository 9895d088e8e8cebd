"""An activity's change history as people read it: who, when, what changed (field, old, new).

The services write the history (core.services.history_record) with the changed fields as
{field: [old, new]} in plain JSON values; this turns them back into the field's label and
values written the way the page writes them (choices by their label, dates and amounts in the
reader's language).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from uddannelsesby.core.models import HistoryEntry
from uddannelsesby.core.selectors import history_for

from .models import Activity

LONG_TEXT = 120  # characters of a long text (a description) shown before "…"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryLine:
    entry: HistoryEntry
    who: str
    changes: list[Change]


def _field(name: str) -> models.Field | None:
    try:
        return Activity._meta.get_field(name)
    except Exception:  # a field since removed: the stored name is all there is
        return None


def _value(field: models.Field | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return _("(empty)")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField):
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value)), "j. F Y")
        except ValueError:
            return str(value)
    if isinstance(field, models.DecimalField):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return formats.number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return Truncator(" ".join(str(value).split())).chars(LONG_TEXT)


def readable_changes(changes: dict[str, Any]) -> list[Change]:
    result = []
    for name, pair in changes.items():
        field = _field(name)
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        label = str(field.verbose_name) if field is not None else name
        result.append(Change(label=label[:1].upper() + label[1:], old=_value(field, old),
                             new=_value(field, new)))  # fmt: skip
    return result


def activity_history(activity: Activity) -> list[HistoryLine]:
    """The activity's history, newest first."""
    return [
        HistoryLine(
            entry=entry,
            who=str(entry.actor) if entry.actor else _("Automatic (import or system)"),
            changes=readable_changes(entry.changes if isinstance(entry.changes, dict) else {}),
        )
        for entry in history_for(activity)
    ]
