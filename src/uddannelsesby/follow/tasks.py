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

from .delivery import digests_send, notices_send
from .services import subscriptions_expire

NOTICES = "follow.notices"
DIGESTS = "follow.digests"
RETENTION = "follow.retention"


def notices(run: JobRun) -> dict[str, int]:
    return notices_send(now=timezone.now(), run=run)


def digests(run: JobRun) -> dict[str, int]:
    return digests_send(now=timezone.now(), run=run)


def retention(run: JobRun) -> dict[str, int]:
    with run.item(key="follow.unconfirmed"):
        return {"unconfirmed_deleted": subscriptions_expire(now=timezone.now())}
    return {}


@task
def send_notices(reschedule: bool = False) -> dict[str, int]:
    """E-mail each new event to those who follow it at once; announce hearing deadlines."""
    return recurring_job_run(NOTICES, reschedule=reschedule)


@task
def send_digests(reschedule: bool = False) -> dict[str, int]:
    """Send last week's digest to whoever has not had it (runs every hour; a week once)."""
    return recurring_job_run(DIGESTS, reschedule=reschedule)


@task
def expire_unconfirmed(reschedule: bool = False) -> dict[str, int]:
    """Delete requests to follow whose address was never confirmed."""
    return recurring_job_run(RETENTION, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=NOTICES,
        label=_("E-mails to followers"),
        task=send_notices,
        interval=datetime.timedelta(minutes=10),
        body=notices,
    )
)
recurring_job_register(
    RecurringJob(
        name=DIGESTS,
        label=_("Weekly digests to followers"),
        task=send_digests,
        interval=datetime.timedelta(hours=1),
        body=digests,
    )
)
recurring_job_register(
    RecurringJob(
        name=RETENTION,
        label=_("Deleting unconfirmed requests to follow"),
        task=expire_unconfirmed,
        interval=datetime.timedelta(days=1),
        body=retention,
    )
)
