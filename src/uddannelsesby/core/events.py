"""What happened to a followed thing: the apps announce, whoever listens records.

The apps that hang on a policy (plans, indicators, participation) and the policies app itself
announce events here from their services, inside the service's transaction; they do not know
who listens. The follow app (subscriptions, notices, digests, feeds) connects a receiver in its
AppConfig.ready() and records each event in the same transaction, so an event exists exactly
when the change it describes was committed.

`kind` is one of the stable names below; `targets` are the model instances the event is about,
the most specific first (an activity's status change is about the activity's commitments and
its plan); `title` names the thing for people (stored as it was at the time); `payload` is
plain JSON data for the text (a date, a status, the changed sections of a policy).
"""

from typing import Any

from django.db import models
from django.dispatch import Signal

HEARING_OPENED = "hearing_opened"
HEARING_DEADLINE = "hearing_deadline"
HEARING_CLOSED = "hearing_closed"
HEARING_EXTENDED = "hearing_extended"
MEMO_PUBLISHED = "memo_published"
POLICY_ADOPTED = "policy_adopted"
ACTIVITY_STATUS = "activity_status"
INDICATOR_VALUE = "indicator_value"
MEETING_ANNOUNCED = "meeting_announced"
MEETING_CHANGED = "meeting_changed"

event_announced = Signal()  # sent with kind, targets, title, url, payload, key


def event_announce(
    *,
    kind: str,
    targets: list[models.Model],
    title: str,
    url: str,
    payload: dict[str, Any] | None = None,
    key: str = "",
) -> None:
    """Tell whoever listens that something happened. `key`, when given, makes the event happen
    once: a second announcement with the same key is ignored (a deadline that is near)."""
    event_announced.send(
        sender=kind,
        kind=kind,
        targets=[t for t in targets if t is not None],
        title=title,
        url=url,
        payload=payload or {},
        key=key,
    )
