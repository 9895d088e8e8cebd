from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uddannelsesby.core.backup import BackupError, backup_create
from uddannelsesby.core.scheduling import schedule_recurring
from uddannelsesby.core.tasks import make_backup


class Command(BaseCommand):
    help = (
        "Write one archive with the database, every uploaded file and a manifest with checksums "
        "and the migration state; or --schedule backups in the worker (BACKUP_DIR, BACKUP_KEEP)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="the archive to write (.tar.gz)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the recurring backup task for the worker, unless it is queued already.",
        )

    def handle(self, *args, file: Path | None, schedule: bool, **options):
        if schedule:
            self.stdout.write(schedule_recurring(make_backup, "backup"))
            return
        if file is None:
            raise CommandError("Name the archive to write, e.g. backup.tar.gz (or --schedule).")
        try:
            manifest = backup_create(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {file}: the {manifest['engine']} database, {files} uploaded files and "
                f"{len(manifest['migrations'])} applied migrations."
            )
        )
