"""Reads in accounts: the login locks that are in force."""

import datetime

from axes.conf import settings as axes_settings
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.utils import timezone


def lockouts_current(now: datetime.datetime | None = None) -> list[AccessAttempt]:
    """The user name and address pairs locked now: as many failures as the limit, the last one
    within the cool-off time (older failures are forgotten by axes). Each carries `locked_until`.
    The limit is a number in our settings (AXES_FAILURE_LIMIT), not a callable."""
    now = now or timezone.now()
    cool_off = get_cool_off() or datetime.timedelta(0)
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=axes_settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - cool_off,
    ).order_by("-attempt_time", "pk")
    for attempt in attempts:
        attempt.locked_until = attempt.attempt_time + cool_off
    return list(attempts)
