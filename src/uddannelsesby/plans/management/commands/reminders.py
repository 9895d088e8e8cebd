from django.conf import settings
from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone

from uddannelsesby.plans.reminders import activity_reminders_send
from uddannelsesby.plans.tasks import send_activity_reminders


class Command(BaseCommand):
    help = "Send the due and overdue update reminders now, or --schedule them in the worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the recurring reminder task for the worker, unless it is queued already.",
        )

    def handle(self, *args, schedule: bool, **options):
        if schedule:
            self._schedule()
            return
        count = activity_reminders_send(today=timezone.localdate(), base_url=settings.SITE_URL)
        self.stdout.write(f"Sent {count.due} due and {count.overdue} overdue reminders.")

    def _schedule(self) -> None:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult

        if not isinstance(task_backends["default"], DatabaseBackend):
            self.stdout.write("The task backend is not the database worker; nothing scheduled.")
            return
        waiting = DBTaskResult.objects.filter(
            task_path=send_activity_reminders.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if waiting.exists():
            self.stdout.write("The reminder task is already scheduled.")
            return
        send_activity_reminders.enqueue(reschedule=True)
        self.stdout.write("Scheduled the reminder task.")
