"""Recurring background jobs: queued once, each run queues the next (see the apps' tasks.py).

Every recurring job registers here (`recurring_job_register`), so that one test can run them all
with poisoned records. A run

- queues its next run first, so that nothing it meets can stop the job for good;
- handles each item on its own (`JobRun.item`): one transaction per item, and an item that fails
  is logged, rolled back, skipped and recorded as a `JobFailure`, which editors see on their
  dashboard; the run goes on with the rest.
"""

import datetime
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F
from django.tasks import Task, TaskResultStatus, task_backends
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from .models import JobFailure

logger = logging.getLogger(__name__)

FAILURES_SHOWN_DAYS = 14  # the dashboard shows failures of the last two weeks


class JobRun:
    """One run of a recurring job: counts what failed and records each failure."""

    def __init__(self, job: str):
        self.job = job
        self.failed = 0

    @contextmanager
    def item(
        self, obj: models.Model | None = None, *, key: str = "", description: str = ""
    ) -> Iterator[None]:
        """Handle one item in its own transaction; if it fails, log, record and skip it.

        The jobs send an item's e-mail inside this transaction, after building it with
        `mail_prepare`: an e-mail the server refuses rolls the item back (it is not marked as
        sent, so the next run tries again) and is recorded as this item's failure."""
        try:
            with transaction.atomic():
                yield
        except Exception as error:
            self.failed += 1
            key = key or _item_key(obj)
            logger.exception("Recurring job %s failed on %s", self.job, key)
            description = " ".join(description.split())[:300] or _describe(obj)
            job_failure_record(job=self.job, item=key, description=description, error=error)


def _item_key(obj: models.Model | None) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else ""


def _describe(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    try:
        text = " ".join(str(obj).split())  # no line breaks, whatever the record holds
    except Exception:  # the record is broken enough that it cannot say what it is
        text = ""
    return text[:300]


def job_failure_record(*, job: str, item: str, description: str, error: BaseException) -> None:
    """Write (or bring up to date) the failure of one item. Never raises: a failure to record a
    failure is logged, and the job goes on."""
    text = f"{type(error).__name__}: {error}"[:2000]
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = JobFailure.objects.filter(job=job, item=item).update(
                error=text, description=description, last_at=now, count=F("count") + 1
            )
            if not updated:
                JobFailure.objects.create(
                    job=job, item=item, description=description, error=text, last_at=now
                )
    except Exception:
        logger.exception("Could not record the failure of job %s on %s", job, item)


def recent_job_failures(now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """The failures of the last two weeks, with the job's readable name, newest first."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=FAILURES_SHOWN_DAYS)
    jobs = recurring_jobs()
    return [
        {
            "failure": failure,
            "job": jobs[failure.job].label if failure.job in jobs else failure.job,
            "url": _item_url(failure.item),
        }
        for failure in JobFailure.objects.filter(last_at__gte=since)[:100]
    ]


def _item_url(item: str) -> str | None:
    """The page of the item ("app.model:pk"), if it still exists and has one."""
    label, _colon, pk = item.partition(":")
    try:
        obj = apps.get_model(label)._default_manager.get(pk=int(pk))
        return obj.get_absolute_url()
    except Exception:  # gone, no page, or too broken to have one: the text says enough
        return None


def mail_prepare(
    subject: str, body: str, recipients: list[str], *, sender: str | None = None
) -> EmailMessage:
    """An e-mail ready to send: the subject on one line whatever the data held, and the headers
    built now, so that a bad address or header fails here, before anything is marked as sent."""
    message = EmailMessage(" ".join(subject.split()), body, sender, recipients)
    message.message()  # raises ValueError on a line break in an address or header
    return message


# The registry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecurringJob:
    name: str  # stable, as recorded in JobFailure.job: "plans.reminders"
    label: str | Promise  # what editors read on the dashboard
    task: Task  # the task the worker runs: task(reschedule=True)
    interval: datetime.timedelta
    body: Callable[[JobRun], dict[str, int]]  # the work; uses run.item for each item


_REGISTRY: dict[str, RecurringJob] = {}


def recurring_job_register(job: RecurringJob) -> RecurringJob:
    _REGISTRY[job.name] = job
    return job


def recurring_jobs() -> dict[str, RecurringJob]:
    """Every recurring job of every app (each app's tasks.py registers its own)."""
    autodiscover_modules("tasks")
    return dict(_REGISTRY)


def recurring_job_run(name: str, *, reschedule: bool = False) -> dict[str, int]:
    """Run the job now. With reschedule, queue the next run before anything else can fail.

    Never raises: what the job's own item handling does not catch is logged and recorded as a
    failure of the run itself. The result counts what was done, and "failed" items if any."""
    job = recurring_jobs()[name]
    if reschedule:
        job.task.using(run_after=timezone.now() + job.interval).enqueue(reschedule=True)
    run = JobRun(name)
    result: dict[str, int] = {}
    try:
        result = dict(job.body(run))
    except Exception as error:
        run.failed += 1
        logger.exception("Recurring job %s failed", name)
        job_failure_record(job=name, item="", description="", error=error)
    if run.failed:
        result["failed"] = run.failed
    return result


def schedule_recurring(task: Task, name: str) -> str:
    """Queue `task(reschedule=True)` for the database worker unless it is queued already.

    Returns a sentence for the command line saying what happened.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return "The task backend is not the database worker; nothing scheduled."
    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    if waiting.exists():
        return f"The {name} task is already scheduled."
    task.enqueue(reschedule=True)
    return f"Scheduled the {name} task."
