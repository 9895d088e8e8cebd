"""Background work of the core app: scheduled backups, run by the database-backed worker."""

import datetime

from django.conf import settings
from django.tasks import task
from django.utils.translation import gettext_lazy as _

from .backup import backup_create, backup_scheduled_path, backups_expired
from .scheduling import JobRun, RecurringJob, recurring_job_register, recurring_job_run

JOB = "core.backups"
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
    return recurring_job_run(JOB, reschedule=reschedule)


recurring_job_register(
    RecurringJob(
        name=JOB,
        label=LABEL,
        task=make_backup,
        interval=datetime.timedelta(hours=settings.BACKUP_INTERVAL_HOURS),
        body=backups,
    )
)
