"""How long a request to follow is kept when its address is never confirmed.

The follow form, the confirmation e-mail and the retention job read the period from here."""

import datetime

from django.conf import settings
from django.utils.translation import ngettext

UNCONFIRMED_DAYS_DEFAULT = 7


def unconfirmed_days() -> int:
    return int(getattr(settings, "FOLLOW_UNCONFIRMED_DAYS", UNCONFIRMED_DAYS_DEFAULT))


def unconfirmed_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=unconfirmed_days())


def unconfirmed_text() -> str:
    days = unconfirmed_days()
    return ngettext(
        "If you do not confirm within %(counter)s day, the address is deleted.",
        "If you do not confirm within %(counter)s days, the address is deleted.",
        days,
    ) % {"counter": days}
