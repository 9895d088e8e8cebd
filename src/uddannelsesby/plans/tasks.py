"""Background work, run by the database-backed worker (`uddannelsesby db_worker`)."""

import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.scheduling import (
    JobRun,
    RecurringJob,
    recurring_job_register,
    recurring_job_run,
)

from .reminders import activity_reminders_send

REMINDER_INTERVAL = datetime.timedelta(hours=6)
JOB = "plans.reminders"


def reminders(run: JobRun) -> dict[str, int]:
    count = activity_reminders_send(today=timezone.localdate(), base_url=settings.SITE_URL, run=run)
    skipped = {f"skipped_{reason}": n for reason, n in count.skipped.items()}
    return {"due": count.due, "overdue": count.overdue, **skipped}


@task
def send_activity_reminders(reschedule: bool = False) -> dict[str, int]:
    """Send due and overdue reminders; with reschedule, queue the next run as well."""
    return recurring_job_run(JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=JOB,
        label=_("Update reminders for activities"),
        task=send_activity_reminders,
        interval=REMINDER_INTERVAL,
        body=reminders,
    )
)
