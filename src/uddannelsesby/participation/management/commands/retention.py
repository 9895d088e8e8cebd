from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus, task_backends

from uddannelsesby.participation.services import personal_data_expire
from uddannelsesby.participation.tasks import expire_personal_data


class Command(BaseCommand):
    help = (
        "Anonymise hearing responses and delete meeting registrations older than the retention "
        "period now, or --schedule the daily task in the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the recurring retention task for the worker, unless it is queued already.",
        )

    def handle(self, *args, schedule: bool, **options):
        if schedule:
            self._schedule()
            return
        result = personal_data_expire()
        self.stdout.write(
            f"Anonymised {result['responses_anonymised']} responses, deleted "
            f"{result['registrations_deleted']} registrations."
        )

    def _schedule(self) -> None:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult

        if not isinstance(task_backends["default"], DatabaseBackend):
            self.stdout.write("The task backend is not the database worker; nothing scheduled.")
            return
        waiting = DBTaskResult.objects.filter(
            task_path=expire_personal_data.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if waiting.exists():
            self.stdout.write("The retention task is already scheduled.")
            return
        expire_personal_data.enqueue(reschedule=True)
        self.stdout.write("Scheduled the retention task.")
