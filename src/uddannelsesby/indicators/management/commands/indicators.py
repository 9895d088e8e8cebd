"""`uddannelsesby indicators fetch|import|compute|value`: the statistics from the command line."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uddannelsesby.indicators import services
from uddannelsesby.indicators.api import value_json
from uddannelsesby.indicators.areas import get_area
from uddannelsesby.indicators.catalogue import CatalogueError
from uddannelsesby.indicators.models import Indicator, IndicatorValue
from uddannelsesby.indicators.parsing import ParseError
from uddannelsesby.indicators.selectors import headline_period
from uddannelsesby.indicators.statbank import StatbankClient, StatbankError, StatbankUnavailable


def make_client() -> StatbankClient:
    """The StatBank client the fetch uses (tests replace it with one that answers offline)."""
    return StatbankClient()


def _codes(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


class Command(BaseCommand):
    help = "Fetch, import and compute the indicators, or print one value."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        fetch = actions.add_parser("fetch", help="Fetch the catalogue's tables from StatBank.")
        fetch.add_argument("--table", help="Only these tables, comma separated (e.g. STATUSU6).")
        fetch.add_argument("--area", help="Only these area codes, comma separated (e.g. 0,657).")
        load = actions.add_parser(
            "import",
            help="Import a file saved from StatBank (BULK or CSV, valuePresentation=Code).",
        )
        load.add_argument("table", help="The StatBank table the file is from, e.g. STATUSU6.")
        load.add_argument("file", type=Path)
        compute = actions.add_parser("compute", help="Recompute every indicator.")
        compute.add_argument("--indicator", help="Only these indicators, comma separated.")
        value = actions.add_parser("value", help="Print one value at full precision.")
        value.add_argument("code", help="The indicator's code, e.g. ungdomsudd-afbrudt.")
        value.add_argument("--area", required=True, help="Area code: 657, a region (82) or 0.")
        value.add_argument("--period", help="The period, e.g. 2024 (default: the latest).")
        value.add_argument("--json", action="store_true", help="Print a JSON object.")

    def handle(self, *args, **options) -> None:
        action = options["action"]
        try:
            getattr(self, f"handle_{action}")(options)
        except (ParseError, CatalogueError, StatbankError) as error:
            raise CommandError(str(error)) from error

    def handle_fetch(self, options) -> None:
        try:
            with make_client() as client:
                results = services.statbank_fetch(
                    client=client, tables=_codes(options["table"]), areas=_codes(options["area"])
                )
        except StatbankUnavailable as error:
            raise CommandError(
                f"{error} Nothing was changed. Check the network connection, or import a file "
                "saved from StatBank with `uddannelsesby indicators import TABLE FILE`."
            ) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        for item in results:
            self._report_import(item)

    def handle_import(self, options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        self._report_import(services.observations_import(table=options["table"], path=path))

    def _report_import(self, item: services.TableImport) -> None:
        result = item.result
        if not result.created:
            self.stdout.write(
                f"{item.table}: this file was imported before (fetch {result.fetch.pk}); "
                "nothing changed."
            )
            return
        self.stdout.write(
            f"{item.table}: {result.rows:,} rows read, {result.changed:,} values new or changed, "
            f"{result.replaced:,} replaced values kept in the history (fetch {result.fetch.pk})."
        )
        for code, count in item.computed.items():
            self.stdout.write(f"  computed {code}: {count:,} values")

    def handle_compute(self, options) -> None:
        for code, count in services.indicators_compute(codes=_codes(options["indicator"])).items():
            self.stdout.write(f"{code}: {count:,} values")

    def handle_value(self, options) -> None:
        indicator = Indicator.objects.filter(code=options["code"]).first()
        if indicator is None:
            codes = ", ".join(Indicator.objects.values_list("code", flat=True)) or "none yet"
            raise CommandError(f"No indicator {options['code']!r}. Known: {codes}.")
        area = get_area(options["area"])
        if area is None:
            raise CommandError(f"Unknown area {options['area']!r}: use 657, a region (82) or 0.")
        values = {
            v.period: v
            for v in IndicatorValue.objects.filter(
                indicator=indicator, area=area.code
            ).select_related("fetch")
        }
        period = options["period"] or headline_period(indicator, values)
        value = values.get(period) if period else None
        if value is None:
            known = f"{min(values)} to {max(values)}" if values else "none: import data first"
            raise CommandError(
                f"No value of {indicator.code} for area {area.code} in {period}. Periods: {known}."
            )
        if options["json"]:
            data = value_json(indicator, value)
            keys = ("code", "area", "period", "value", "numerator", "denominator", "unit", "source")
            self.stdout.write(json.dumps({key: data[key] for key in keys}, ensure_ascii=False))
        elif value.value is None:
            raise CommandError(
                f"The value of {indicator.code} for area {area.code} in {period} is suppressed "
                "by Statistics Denmark (too few people) or incomplete."
            )
        else:
            self.stdout.write(repr(value.value))
