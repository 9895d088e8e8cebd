from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uddannelsesby.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty installation (--force replaces "
        "what is there). Every checksum is verified before anything is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive written by `backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database and the uploaded files of a non-empty installation.",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            restored = backup_restore(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {restored.engine} database and {restored.files} uploaded files "
                f"from the backup made {restored.created_at}."
            )
        )
        if restored.replaced_media:
            self.stdout.write(f"The files that were there before are in {restored.replaced_media}.")
        if restored.unapplied:
            self.stdout.write(
                f"{len(restored.unapplied)} migrations of this release are not applied yet: "
                "run `uddannelsesby migrate`."
            )
