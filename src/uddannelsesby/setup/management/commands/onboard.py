"""`uddannelsesby onboard --kommune CODE --name NAME [--policy FILE ...]`: set a site up."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from uddannelsesby.setup import services


class Command(BaseCommand):
    help = (
        "Set the site up for a municipality in one step: its name and code in the site settings, "
        "the indicator catalogue compared with its neighbours and region, and its policies "
        "imported as drafts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kommune", required=True, help="The municipality's code or name, e.g. 657 or Herning."
        )
        parser.add_argument("--name", required=True, help='The name shown, e.g. "Herning Kommune".')
        parser.add_argument(
            "--place", default="", help='The place name in "Study in …" (default: from the list).'
        )
        parser.add_argument(
            "--policy",
            action="append",
            default=[],
            type=Path,
            metavar="FILE",
            help="A policy as .docx, .pdf, .html or .txt; imported as a draft. May be repeated.",
        )

    @no_translations  # the command speaks English, like the project's other commands
    def handle(self, *args, **options) -> None:
        try:
            services.municipality_for(options["kommune"])
            trees = self._read(options["policy"])
            result = services.site_onboard(
                actor=None,
                code=options["kommune"],
                name=options["name"],
                place_name=options["place"],
                policies=trees,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        comparison = result.comparison
        neighbours = ", ".join(a.name for a in comparison.neighbours) or "none on land"
        self.stdout.write(
            f"{options['name'].strip()} ({comparison.area.code} {comparison.area.name}), "
            f"{comparison.region.name}; compared with neighbours: {neighbours}."
        )
        self.stdout.write(
            f"Indicators: {result.indicators} in the catalogue, {result.with_values} with values "
            "for this municipality"
            + ("." if result.with_values else "; fetch them with `uddannelsesby indicators fetch`.")
        )
        for policy in result.policies:
            self.stdout.write(f"Policy imported as a draft: {policy.title} ({policy.slug})")

    def _read(self, paths: list[Path]) -> list:
        files = []
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            files.append((path.read_bytes(), path.name))
        return services.policy_files_read(files) if files else []
