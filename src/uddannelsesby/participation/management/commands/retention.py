from django.core.management.base import BaseCommand

from uddannelsesby.core.scheduling import JobRun, schedule_recurring
from uddannelsesby.participation.services import personal_data_expire
from uddannelsesby.participation.tasks import JOB, expire_personal_data


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
            self.stdout.write(schedule_recurring(expire_personal_data, "retention"))
            return
        run = JobRun(JOB)
        result = personal_data_expire(run=run)
        self.stdout.write(
            f"Anonymised {result['responses_anonymised']} responses, deleted "
            f"{result['registrations_deleted']} registrations."
        )
        if run.failed:
            self.stderr.write(f"{run.failed} items failed; see the log and the editors' dashboard.")
