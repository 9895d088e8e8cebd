"""Background work, run by the database-backed worker (`uddannelsesby db_worker`)."""

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

from .services import personal_data_expire

RETENTION_INTERVAL = datetime.timedelta(days=1)
JOB = "participation.retention"


def retention(run: JobRun) -> dict[str, int]:
    return personal_data_expire(now=timezone.now(), run=run)


@task
def expire_personal_data(reschedule: bool = False) -> dict[str, int]:
    """Anonymise responses and delete registrations older than the retention period; with
    reschedule, queue the next run a day later."""
    return recurring_job_run(JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=JOB,
        label=_("Retention of personal data in hearings and meetings"),
        task=expire_personal_data,
        interval=RETENTION_INTERVAL,
        body=retention,
    )
)
