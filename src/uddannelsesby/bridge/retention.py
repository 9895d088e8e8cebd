"""How long an application's personal details stay with the organisation it was sent to.

An application that did not lead to a place (declined, or never answered) keeps the student's
message, CV and name until ``application_days()`` after both the opportunity's deadline and
the application's last change; then the retention job (``services.applications_expire``)
deletes them, as a withdrawal does at once. Six months is how long Danish employers are told
to keep the applications of candidates they did not hire. The privacy page and the job read
the period from here.
"""

import datetime

from django.conf import settings
from django.utils.translation import ngettext

APPLICATION_DAYS_DEFAULT = 180


def application_days() -> int:
    return int(getattr(settings, "BRIDGE_APPLICATION_RETENTION_DAYS", APPLICATION_DAYS_DEFAULT))


def application_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Applications last changed before this moment, for deadlines before its day, expire."""
    return now - datetime.timedelta(days=application_days())


def application_text() -> str:
    days = application_days()
    return ngettext(
        "Until you delete your profile (below). An application that does not lead to a place "
        "stays with the organisation you sent it to for %(counter)s day after the deadline; "
        "then its message and CV are deleted and the organisation no longer sees your name, "
        "as at once when you withdraw it.",
        "Until you delete your profile (below). An application that does not lead to a place "
        "stays with the organisation you sent it to for %(counter)s days after the deadline; "
        "then its message and CV are deleted and the organisation no longer sees your name, "
        "as at once when you withdraw it.",
        days,
    ) % {"counter": days}
