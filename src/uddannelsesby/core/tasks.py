"""Background work of the core app, run by the database-backed worker: scheduled backups, and
the worker's heartbeat, a recurring job that only proves the worker runs.

`/readyz` reads when the heartbeat last finished (core.health): an installation whose worker
has stopped sends no reminders and fetches no statistics, and nothing else would say so until
someone misses an e-mail. Each beat deletes the heartbeat's own old results, so the task table
does not grow by one row a minute.
"""

import datetime

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .backup import backup_create, backup_scheduled_path, backups_expired
from .scheduling import JobRun, RecurringJob, recurring_job_register, recurring_job_run

BACKUP_JOB = "core.backups"
LABEL = _("Backup of the database and the uploaded files")


def backups(run: JobRun) -> dict[str, int]:
    """Write a new backup to BACKUP_DIR, then delete the oldest beyond BACKUP_KEEP. The old
    ones go only after the new one is written, so a failed backup leaves the earlier ones."""
    made = 0
    with run.item(key="backup", description=str(LABEL)):
        backup_create(backup_scheduled_path())
        made = 1
    deleted = 0
    if made:
        for path in backups_expired():
            with run.item(key=f"backup:{path.name}", description=path.name):
                path.unlink()
                deleted += 1
    return {"made": made, "deleted": deleted}


@task
def make_backup(reschedule: bool = False) -> dict[str, int]:
    """Back up the installation; with reschedule, queue the next backup as well."""
    return recurring_job_run(BACKUP_JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=BACKUP_JOB,
        label=LABEL,
        task=make_backup,
        interval=datetime.timedelta(hours=settings.BACKUP_INTERVAL_HOURS),
        body=backups,
    )
)


HEARTBEAT_JOB = "core.heartbeat"
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
    return recurring_job_run(HEARTBEAT_JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=HEARTBEAT_JOB,
        label=_("Worker heartbeat"),
        task=worker_heartbeat,
        interval=HEARTBEAT_INTERVAL,
        body=_prune,
    )
)
