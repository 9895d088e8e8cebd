from django.core.management.base import BaseCommand

from uddannelsesby.core.scheduling import recurring_jobs, schedule_recurring


class Command(BaseCommand):
    help = (
        "Queue every recurring job (reminders, notices, retention, the worker's heartbeat) for "
        "the database worker, each unless it is queued already. Safe to run at every start."
    )

    def handle(self, *args, **options):
        for name, job in sorted(recurring_jobs().items()):
            self.stdout.write(f"{name}: {schedule_recurring(job.task, name)}")
