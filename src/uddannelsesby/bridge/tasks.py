"""Background work of the bridge, run by the database-backed worker (`uddannelsesby db_worker`)."""

import datetime

from django.tasks import task
from django.utils import timezone

from .indicator import placements_publish
from .services import opportunity_notices_send, saved_search_alerts_send

NOTICE_INTERVAL = datetime.timedelta(hours=6)


def send_notices() -> dict[str, int]:
    """Deadline reminders, follow-up questions and saved-search alerts that are due now, and
    the placements counted so far published as the indicator."""
    now = timezone.now()
    count = opportunity_notices_send(today=timezone.localdate(now))
    count["alerts"] = saved_search_alerts_send(now=now)
    placements_publish()  # the follow-up indicator; the same counts change nothing
    return count


@task
def send_bridge_notices(reschedule: bool = False) -> dict[str, int]:
    """Send what is due; with reschedule, queue the next run six hours later."""
    count = send_notices()
    if reschedule:
        send_bridge_notices.using(run_after=timezone.now() + NOTICE_INTERVAL).enqueue(
            reschedule=True
        )
    return count
