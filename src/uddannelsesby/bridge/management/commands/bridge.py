"""`uddannelsesby bridge match INSTANCE.json`: the allocation rounds from the command line."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from uddannelsesby.bridge.matching import Instance, parse_instance, stable_match


class Command(BaseCommand):
    help = "Tools for the allocation rounds of the student-business bridge."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        match = actions.add_parser(
            "match",
            help="Print the student-proposing stable matching and the cut-offs as JSON.",
        )
        match.add_argument("instance", help="The round as a JSON file, or - for standard input.")

    def handle(self, *args, **options) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_match(self, options) -> None:
        result = stable_match(read_instance(options["instance"]))
        self.stdout.write(json.dumps(result.to_json(), indent=2))


def read_instance(name: str) -> Instance:
    """The instance in the file `name` (- for standard input); CommandError says what is wrong."""
    source = _("the standard input") if name == "-" else name
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as error:
        raise CommandError(
            _("Cannot read %(source)s: %(reason)s.")
            % {"source": source, "reason": error.strerror or error}
        ) from error
    except UnicodeDecodeError as error:
        raise CommandError(
            _("Cannot decode %(source)s as UTF-8 text.") % {"source": source}
        ) from error
    except (json.JSONDecodeError, RecursionError) as error:  # or nested too deep
        raise CommandError(
            _("Invalid JSON in %(source)s: %(reason)s.") % {"source": source, "reason": error}
        ) from error
    try:
        return parse_instance(data)
    except ValueError as error:
        raise CommandError(
            _("Invalid round in %(source)s: %(reason)s") % {"source": source, "reason": error}
        ) from error
