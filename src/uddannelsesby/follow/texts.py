"""One sentence for each kind of event, for e-mails and feeds, in the active language."""

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uddannelsesby.core import events


def _date(value: str | None) -> str:
    day = parse_date(value or "")
    return date_format(day, "j. F Y") if day else ""


HEADLINES = {
    events.HEARING_OPENED: gettext_lazy("Hearing: “%(title)s” is open until %(date)s"),
    events.HEARING_DEADLINE: gettext_lazy("Hearing: “%(title)s” closes on %(date)s"),
    events.HEARING_CLOSED: gettext_lazy("Hearing: “%(title)s” was closed early"),
    events.HEARING_EXTENDED: gettext_lazy("Hearing: “%(title)s” is extended until %(date)s"),
    events.MEMO_PUBLISHED: gettext_lazy("Hearing memo published: “%(title)s”"),
    events.POLICY_ADOPTED: gettext_lazy("Policy adopted: “%(title)s”"),
    events.ACTIVITY_STATUS: gettext_lazy("Activity “%(title)s”: %(status)s"),
    events.INDICATOR_VALUE: gettext_lazy("New figures for “%(title)s”: %(period)s"),
    events.MEETING_ANNOUNCED: gettext_lazy("Citizen meeting: “%(title)s” on %(date)s"),
    events.MEETING_CHANGED: gettext_lazy("Citizen meeting changed: “%(title)s” on %(date)s"),
}


def event_headline(kind: str, title: str, payload: dict) -> str:
    """What happened, in one line."""
    values = {
        "title": title,
        "date": _date(payload.get("date")),
        "status": payload.get("status", ""),
        "period": payload.get("period", ""),
    }
    return str(HEADLINES.get(kind, "%(title)s")) % values


def event_details(kind: str, payload: dict) -> list[str]:
    """Further lines: the reason a hearing closed early, the sections a policy revision changed."""
    lines = []
    if payload.get("reason"):
        lines.append(_("Reason: %(reason)s") % {"reason": payload["reason"]})
    changed = payload.get("sections") or []
    if changed:
        lines.append(_("Changed sections:"))
        states = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
        lines.extend(f"- {s['label']} ({states.get(s['state'], s['state'])})" for s in changed)
    return lines
