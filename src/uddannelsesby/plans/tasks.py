"""Background work, run by the database-backed worker (`uddannelsesby db_worker`)."""

import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from .reminders import activity_reminders_send

REMINDER_INTERVAL = datetime.timedelta(hours=6)


@task
def send_activity_reminders(reschedule: bool = False) -> dict[str, int]:
    """Send due and overdue reminders; with reschedule, queue the next run as well."""
    count = activity_reminders_send(today=timezone.localdate(), base_url=settings.SITE_URL)
    if reschedule:
        send_activity_reminders.using(run_after=timezone.now() + REMINDER_INTERVAL).enqueue(
            reschedule=True
        )
    return {"due": count.due, "overdue": count.overdue}
