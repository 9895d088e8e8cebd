from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from uddannelsesby.core.scheduling import JobRun, schedule_recurring
from uddannelsesby.plans.reminders import SKIP_REASONS, activity_reminders_send
from uddannelsesby.plans.tasks import JOB, send_activity_reminders


def _activities(n: int) -> str:
    return f"{n} activity" if n == 1 else f"{n} activities"


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
            self.stdout.write(schedule_recurring(send_activity_reminders, "reminder"))
            return
        run = JobRun(JOB)
        count = activity_reminders_send(
            today=timezone.localdate(), base_url=settings.SITE_URL, run=run
        )
        self.stdout.write(f"Sent {count.due} due and {count.overdue} overdue reminders.")
        if count.skipped_total:
            self.stdout.write(
                f"Skipped {_activities(count.skipped_total)} with nobody to remind "
                "(listed on the editors' dashboard):"
            )
            with translation.override("en"):  # the command speaks English throughout
                for reason, n in sorted(count.skipped.items()):
                    self.stdout.write(f"  {n}: {SKIP_REASONS[reason]}")
        if run.failed:
            self.stderr.write(
                f"{_activities(run.failed)} failed; see the log and the editors' dashboard."
            )
