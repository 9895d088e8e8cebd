"""`uddannelsesby bridge match INSTANCE.json`: an allocation round from the command line;
`uddannelsesby bridge notify [--schedule]`: the bridge's e-mails that fall due."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from uddannelsesby.bridge.matching import Instance, parse_instance, stable_match
from uddannelsesby.bridge.tasks import JOB, send_bridge_notices, send_notices
from uddannelsesby.core.scheduling import JobRun, schedule_recurring


class Command(BaseCommand):
    help = "Tools for the allocation rounds of the student-business bridge."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        match = actions.add_parser(
            "match",
            help="Print the student-proposing stable matching and the cut-offs as JSON.",
        )
        match.add_argument("instance", help="The round as a JSON file, or - for standard input.")
        notify = actions.add_parser(
            "notify",
            help="Send deadline reminders, follow-up questions and saved-search alerts now.",
        )
        notify.add_argument(
            "--schedule",
            action="store_true",
            help="Instead, queue the recurring task for the worker, unless it is queued already.",
        )

    def handle(self, *args, **options) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_notify(self, options) -> None:
        if options["schedule"]:
            self.stdout.write(schedule_recurring(send_bridge_notices, "bridge notice"))
            return
        run = JobRun(JOB)
        count = send_notices(run)
        self.stdout.write(
            f"Sent {count['reminders']} deadline reminders, {count['follow_ups']} follow-up "
            f"questions and {count['alerts']} saved-search alerts."
        )
        if run.failed:
            self.stderr.write(f"{run.failed} items failed; see the log and the editors' dashboard.")

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
