"""The follow-up as an indicator: placements per year, in the indicators module's catalogue.

The counts are written as a file in StatBank's BULK format (`OMRÅDE;ART;TID;INDHOLD`) for the
table BROBYG, which the catalogue marks as our own data, and imported like any table. So the
indicator `brobygning-placeringer` has its page, chart, API and open data like the others, and
every published count keeps the file it came from.
"""

import tempfile
from pathlib import Path

from django.db.models import Count

from uddannelsesby.core.site import site_settings
from uddannelsesby.indicators.models import Fetch
from uddannelsesby.indicators.services import TableImport, observations_import

from .models import Opportunity, Placement

TABLE = "BROBYG"
TOTAL = "TOT"
# The part of the total that organisations reported themselves (places filled outside the
# platform), so the published table says which figures are the employers' word.
REPORTED = "REPORTED"


def placements_bulk(area: str) -> str:
    """Placements per year and kind (and in total, and the part reported by employers) for the
    area, as BULK text. Only the placements the follow-up counts (`Placement.counted`)."""
    placements = Placement.objects.counted()
    counts = placements.values("year", "kind").annotate(n=Count("pk")).order_by("year")
    reported = dict(
        placements.filter(source=Placement.Source.REPORTED)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    years = sorted({row["year"] for row in counts})
    by_cell = {(row["year"], row["kind"]): row["n"] for row in counts}
    lines = ["OMRÅDE;ART;TID;INDHOLD"]
    for year in years:
        total = sum(by_cell.get((year, kind), 0) for kind in Opportunity.Kind.values)
        lines.append(f"{area};{TOTAL};{year};{total}")
        lines.extend(
            f"{area};{kind};{year};{by_cell.get((year, kind), 0)}"
            for kind in Opportunity.Kind.values
        )
        lines.append(f"{area};{REPORTED};{year};{reported.get(year, 0)}")
    return "\n".join(lines) + "\n"


def placements_publish(*, origin: str = Fetch.Origin.LOCAL) -> TableImport | None:
    """Import today's counts (nothing if there are no placements) and recompute the indicator."""
    if not Placement.objects.counted().exists():
        return None
    area = site_settings().code
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"{TABLE}.csv"
        path.write_text(placements_bulk(area), encoding="utf-8")
        return observations_import(
            table=TABLE, path=path, origin=origin, request={"source": "bridge", "area": area}
        )
