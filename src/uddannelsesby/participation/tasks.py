"""Background work, run by the database-backed worker (`uddannelsesby db_worker`)."""

import datetime

from django.tasks import task
from django.utils import timezone

from .services import personal_data_expire

RETENTION_INTERVAL = datetime.timedelta(days=1)


@task
def expire_personal_data(reschedule: bool = False) -> dict[str, int]:
    """Anonymise responses and delete registrations older than the retention period; with
    reschedule, queue the next run a day later."""
    result = personal_data_expire(now=timezone.now())
    if reschedule:
        expire_personal_data.using(run_after=timezone.now() + RETENTION_INTERVAL).enqueue(
            reschedule=True
        )
    return result
