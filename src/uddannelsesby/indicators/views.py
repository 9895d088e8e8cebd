"""Public pages: the overview, one page per indicator, CSV downloads."""

from collections.abc import Iterable, Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from uddannelsesby.core.pagecache import public_page
from uddannelsesby.core.tabular import SafeWriter

from .areas import COUNTRY, all_areas
from .catalogue import load_catalogue, table_for
from .charts import Line, render_chart
from .formatting import format_change, format_value, unit_label
from .forms import AreaForm
from .models import Indicator, IndicatorValue
from .selectors import (
    IndicatorPage,
    all_values,
    indicator_overview,
    indicator_page,
    indicator_values,
    site_area,
)
from .statbank import TABLE_URL
from .summaries import summary_sentence

CSV_HEADER = [
    "code", "area", "area_name", "period", "value", "numerator", "denominator", "unit", "rank",
    "demo",
]  # fmt: skip


@require_safe
@public_page("indicators", "policies")
def overview(request: HttpRequest) -> HttpResponse:
    area = site_area()
    rows = indicator_overview(area)
    return render(
        request,
        "indicators/overview.html",
        {
            "area": area,
            "rows": rows,
            "is_demo": any(row.is_demo for row in rows),
            "all_demo": all(row.is_demo for row in rows),
        },
    )


def _formatted(page: IndicatorPage, value: float | None) -> str:
    unit = page.indicator.unit
    if page.indicator.formula.get("kind") == "change":
        return format_change(value, unit)
    return format_value(value, unit)


def summary_for(page: IndicatorPage) -> str:
    value = page.value.value if page.value else None
    national = page.national.value if page.national else None
    return summary_sentence(
        code=page.indicator.code,
        is_country=page.area.code == COUNTRY,
        period=page.period,
        value=None if value is None else _formatted(page, value),
        area=page.area.name,
        national=_formatted(page, national),
        base=page.base_period,
    )


def _points(page: IndicatorPage, code: str) -> tuple[tuple[str, float | None], ...]:
    values = page.series.get(code, {})
    return tuple((p, values[p].value if p in values else None) for p in page.periods)


def chart_for(page: IndicatorPage, summary: str):
    if not page.periods:
        return None
    lines = [Line(area.name, _points(page, area.code)) for area in page.columns]
    title = _("%(indicator)s: %(area)s compared with the region and the country") % {
        "indicator": page.indicator.name,
        "area": page.area.name,
    }
    below = _("The numbers are in the table below the chart.")
    description = f"{summary} {below}"
    return render_chart(
        lines=lines,
        targets=[(t.period, t.value, t.label) for t in page.targets],
        y_title=unit_label(page.indicator.unit),
        target_label=_("Target"),
        title=title,
        description=description,
        ident=f"chart-{page.indicator.code}",
        language=get_language() or "da",
    )


@require_safe
@public_page("indicators", "policies")
def detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    area = site_area()
    form = AreaForm(request.GET or None, initial={"omraade": area.code})
    status = 200
    if form.is_bound:
        if form.is_valid():
            area = form.cleaned_data["omraade"]
        else:
            status = 400
    page = indicator_page(indicator, area, (get_language() or "da")[:2])
    spec = table_for(load_catalogue(), indicator.table)
    own_data = spec is not None and spec.source == "local"  # ours: no StatBank, no neighbours
    area_query = "" if area == site_area() else f"?omraade={area.code}"
    summary = summary_for(page)
    return render(
        request,
        "indicators/detail.html",
        {
            "page": page,
            "indicator": indicator,
            "form": form,
            "summary": summary,
            "chart": chart_for(page, summary),
            "source_url": TABLE_URL.format(
                table=page.fetch.table if page.fetch else indicator.table
            ),
            "unit_label": unit_label(indicator.unit),
            "area_query": area_query,
            "own_data": own_data,
        },
        status=status,
    )


class Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(values: Iterable[tuple[Indicator, IndicatorValue]]) -> Iterator[str]:
    writer = SafeWriter(Echo(), lineterminator="\r\n")
    areas = all_areas()
    yield "\ufeff" + writer.writerow(CSV_HEADER)
    for indicator, value in values:
        area = areas.get(value.area)
        yield writer.writerow([
            indicator.code, value.area, area.name if area else "", value.period,
            _plain(value.value), _plain(value.numerator), _plain(value.denominator),
            indicator.unit, value.rank or "", "1" if value.is_demo else "0",
        ])  # fmt: skip


def _plain(number: float | None) -> str:
    return "" if number is None else repr(number)


def csv_response(rows: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def detail_csv(request: HttpRequest, code: str) -> StreamingHttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    values = ((indicator, value) for value in indicator_values(indicator).iterator())
    return csv_response(_csv_rows(values), f"{indicator.code}.csv")


@require_safe
def values_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response(_csv_rows(all_values()), "indikatorer.csv")
