"""The worker's heartbeat: a recurring job that only proves the worker runs.

`/readyz` reads when it last finished (core.health): an installation whose worker has stopped
sends no reminders and fetches no statistics, and nothing else would say so until someone
misses an e-mail. Each run deletes the heartbeat's own old results, so the task table does not
grow by one row a minute.
"""

import datetime

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scheduling import JobRun, RecurringJob, recurring_job_register, recurring_job_run

JOB = "core.heartbeat"
HEARTBEAT_INTERVAL = datetime.timedelta(minutes=1)
KEEP = datetime.timedelta(hours=1)


def heartbeat_last() -> datetime.datetime | None:
    """When the worker last finished a heartbeat, if it ever did."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(
            task_path=worker_heartbeat.module_path, status=TaskResultStatus.SUCCESSFUL
        )
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def _prune(run: JobRun) -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult

    with run.item(key="core.heartbeat:prune", description="Old heartbeats"):
        deleted, _rows = DBTaskResult.objects.filter(
            task_path=worker_heartbeat.module_path,
            status=TaskResultStatus.SUCCESSFUL,
            finished_at__lt=timezone.now() - KEEP,
        ).delete()
        return {"pruned": deleted}
    return {}


@task
def worker_heartbeat(reschedule: bool = False) -> dict[str, int]:
    """Prove the worker runs; with reschedule, queue the next beat as well."""
    return recurring_job_run(JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=JOB,
        label=_("Worker heartbeat"),
        task=worker_heartbeat,
        interval=HEARTBEAT_INTERVAL,
        body=_prune,
    )
)
