"""Background work of the bridge, run by the database-backed worker (`uddannelsesby db_worker`)."""

import datetime

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.scheduling import (
    JobRun,
    RecurringJob,
    recurring_job_register,
    recurring_job_run,
)

from .indicator import placements_publish
from .services import applications_expire, opportunity_notices_send, saved_search_alerts_send

NOTICE_INTERVAL = datetime.timedelta(hours=6)
JOB = "bridge.notices"
RETENTION = "bridge.retention"


def send_notices(run: JobRun | None = None) -> dict[str, int]:
    """Deadline reminders, follow-up questions and saved-search alerts that are due now, and
    the placements counted so far published as the indicator. Each opportunity, each saved
    search and the publishing are handled on their own: one failing stops none of the others."""
    run = run or JobRun(JOB)
    now = timezone.now()
    count = opportunity_notices_send(today=timezone.localdate(now), run=run)
    count["alerts"] = saved_search_alerts_send(now=now, run=run)
    with run.item(key="bridge.placements", description="BROBYG"):
        placements_publish()  # the follow-up indicator; the same counts change nothing
    return count


@task
def send_bridge_notices(reschedule: bool = False) -> dict[str, int]:
    """Send what is due; with reschedule, queue the next run six hours later."""
    return recurring_job_run(JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=JOB,
        label=_("The bridge's notices, saved-search alerts and placements indicator"),
        task=send_bridge_notices,
        interval=NOTICE_INTERVAL,
        body=send_notices,
    )
)


def retention(run: JobRun) -> dict[str, int]:
    return {"applications_expired": applications_expire(now=timezone.now(), run=run)}


@task
def expire_applications(reschedule: bool = False) -> dict[str, int]:
    """Delete the student's details from applications kept past the retention period."""
    return recurring_job_run(RETENTION, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=RETENTION,
        label=_("Deleting students' details from old applications"),
        task=expire_applications,
        interval=datetime.timedelta(days=1),
        body=retention,
    )
)
