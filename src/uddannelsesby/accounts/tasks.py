"""Background work, run by the database-backed worker (`uddannelsesby db_worker`)."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
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

INTERVAL = datetime.timedelta(days=1)
JOB = "accounts.login_log_retention"
BATCH = 1000


def login_logs_expire(run: JobRun) -> dict[str, int]:
    """Delete what django-axes keeps about logins (user names, addresses, browsers) once it is
    older than AXES_LOG_RETENTION_DAYS: the login log, the failure log and old failure counts.
    A lock in force is never touched (it is at most AXES_COOLOFF_TIME old). Each batch is its own
    item, so a batch that fails is recorded and skipped and the rest are still deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.AXES_LOG_RETENTION_DAYS)
    deleted = {}
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        old = model.objects.filter(attempt_time__lt=cutoff).order_by("pk")
        pks = list(old.values_list("pk", flat=True))
        count = 0
        for start in range(0, len(pks), BATCH):
            batch = pks[start : start + BATCH]
            with run.item(key=f"{model._meta.label_lower}:{batch[0]}-{batch[-1]}"):
                count += model.objects.filter(pk__in=batch).delete()[1].get(model._meta.label, 0)
        deleted[model._meta.model_name] = count
    return deleted


@task
def expire_login_logs(reschedule: bool = False) -> dict[str, int]:
    """Delete the login logs older than the retention period; with reschedule, queue the next
    run a day later."""
    return recurring_job_run(JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=JOB,
        label=_("Retention of the login logs"),
        task=expire_login_logs,
        interval=INTERVAL,
        body=login_logs_expire,
    )
)
