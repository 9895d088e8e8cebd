"""How long personal data from citizen involvement is kept: one source of truth for each period.

The consent text on each form, the privacy page and the retention job (`services.
personal_data_expire`) all read the periods and the sentences from here, so what a citizen agrees
to, what the privacy page says and what the job does cannot drift apart (tested in
tests/participation/test_personal_data.py).
"""

import datetime

from django.conf import settings
from django.utils.translation import ngettext

RESPONSE_DAYS_DEFAULT = 365  # after the hearing closes
REGISTRATION_DAYS_DEFAULT = 30  # after the meeting ends


def response_days() -> int:
    """Days after a hearing closes until names, addresses and attachments are removed."""
    return int(getattr(settings, "PARTICIPATION_RETENTION_DAYS", RESPONSE_DAYS_DEFAULT))


def registration_days() -> int:
    """Days after a meeting ends until its registrations are deleted."""
    return int(
        getattr(settings, "PARTICIPATION_REGISTRATION_RETENTION_DAYS", REGISTRATION_DAYS_DEFAULT)
    )


def response_cutoff(now: datetime.datetime) -> datetime.date:
    """Responses to hearings that closed before this day are anonymised."""
    return (now - datetime.timedelta(days=response_days())).date()


def registration_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Registrations for meetings that ended before this moment are deleted."""
    return now - datetime.timedelta(days=registration_days())


def response_text() -> str:
    days = response_days()
    return ngettext(
        "Name, e-mail address and attachment are removed %(counter)s day after the hearing "
        "closes; the published text stays as part of the hearing's public record.",
        "Name, e-mail address and attachment are removed %(counter)s days after the hearing "
        "closes; the published text stays as part of the hearing's public record.",
        days,
    ) % {"counter": days}


def registration_text() -> str:
    days = registration_days()
    return ngettext(
        "Deleted %(counter)s day after the meeting.",
        "Deleted %(counter)s days after the meeting.",
        days,
    ) % {"counter": days}
