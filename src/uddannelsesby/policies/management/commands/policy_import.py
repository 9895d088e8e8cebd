import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from uddannelsesby.policies.services import policy_import


class Command(BaseCommand):
    help = "Import policies from a JSON export. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by policy_export.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig") as handle:
                data = json.load(handle)
            policies = policy_import(actor=None, data=data)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for policy in policies:
            self.stdout.write(f"Imported {policy.slug}")
