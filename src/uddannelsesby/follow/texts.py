"""One sentence for each kind of event, for e-mails and feeds, in the active language."""

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from uddannelsesby.core import events


def _date(value: str | None) -> str:
    day = parse_date(value or "")
    return date_format(day, "j. F Y") if day else ""


def event_headline(kind: str, title: str, payload: dict) -> str:
    """What happened, in one line."""
    values = {"title": title, "date": _date(payload.get("date"))}
    texts = {
        events.HEARING_OPENED: _("Hearing: “%(title)s” is open until %(date)s"),
        events.HEARING_DEADLINE: _("Hearing: “%(title)s” closes on %(date)s"),
        events.HEARING_CLOSED: _("Hearing: “%(title)s” was closed early"),
        events.HEARING_EXTENDED: _("Hearing: “%(title)s” is extended until %(date)s"),
        events.MEMO_PUBLISHED: _("Hearing memo published: “%(title)s”"),
        events.POLICY_ADOPTED: _("Policy adopted: “%(title)s”"),
        events.ACTIVITY_STATUS: _("Activity “%(title)s”: %(status)s"),
        events.INDICATOR_VALUE: _("New figures for “%(title)s”: %(period)s"),
        events.MEETING_ANNOUNCED: _("Citizen meeting: “%(title)s” on %(date)s"),
        events.MEETING_CHANGED: _("Citizen meeting changed: “%(title)s” on %(date)s"),
    }
    text = texts.get(kind, "%(title)s")
    values |= {"status": payload.get("status", ""), "period": payload.get("period", "")}
    return text % values


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
