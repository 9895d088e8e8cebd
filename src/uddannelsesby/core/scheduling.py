"""Recurring background tasks: queued once, each run queues the next (see the apps' tasks.py)."""

from django.tasks import Task, TaskResultStatus, task_backends


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
