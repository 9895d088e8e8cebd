from django.core.management.base import BaseCommand

from uddannelsesby.accounts.tasks import JOB, expire_login_logs, login_logs_expire
from uddannelsesby.core.scheduling import JobRun, schedule_recurring


class Command(BaseCommand):
    help = (
        "Delete the login logs (django-axes) older than AXES_LOG_RETENTION_DAYS now, or "
        "--schedule the daily task in the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the recurring task for the worker, unless it is queued already.",
        )

    def handle(self, *args, schedule: bool, **options):
        if schedule:
            self.stdout.write(schedule_recurring(expire_login_logs, "login log retention"))
            return
        run = JobRun(JOB)
        result = login_logs_expire(run)
        self.stdout.write(
            f"Deleted {result['accesslog']} logins, {result['accessfailurelog']} failures and "
            f"{result['accessattempt']} failure counts."
        )
        if run.failed:
            self.stderr.write(f"{run.failed} batches failed; see the log and the dashboard.")
