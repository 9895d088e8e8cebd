from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from uddannelsesby.core.scheduling import schedule_recurring
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
            self.stdout.write(schedule_recurring(send_activity_reminders, "reminder"))
            return
        count = activity_reminders_send(today=timezone.localdate(), base_url=settings.SITE_URL)
        self.stdout.write(f"Sent {count.due} due and {count.overdue} overdue reminders.")
