"""The read-only JSON API, documented by openapi.py (served at api/openapi.json)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from uddannelsesby.core.tabular import SafeWriter

from .areas import all_areas, get_area
from .models import Fetch, Indicator, IndicatorValue
from .openapi import openapi_document
from .selectors import indicator_list, indicator_values, known_tables, observations
from .statbank import TABLE_URL
from .views import Echo, csv_response

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000


class BadRequest(ValueError):
    pass


def api_response(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(message: str, status: int = 400) -> JsonResponse:
    return api_response({"error": message}, status=status)


def value_source(indicator: Indicator, value: IndicatorValue) -> dict[str, Any]:
    """Where a value comes from: the table, its address and the fetch of the newest cell."""
    fetch = value.fetch
    table = fetch.table if fetch else indicator.table
    return {
        "table": table,
        "url": TABLE_URL.format(table=table),
        "fetch": fetch.pk if fetch else None,
        "fetched_at": fetch.fetched_at.isoformat() if fetch else None,
        "origin": fetch.origin if fetch else None,
        "demo": value.is_demo,
    }


def value_json(indicator: Indicator, value: IndicatorValue) -> dict[str, Any]:
    area = all_areas().get(value.area)
    return {
        "code": indicator.code,
        "area": value.area,
        "area_name": area.name if area else None,
        "period": value.period,
        "value": value.value,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "unit": indicator.unit,
        "rank": value.rank,
        "source": value_source(indicator, value),
    }


def indicator_json(request: HttpRequest, indicator: Indicator) -> dict[str, Any]:
    def url(name: str, *args) -> str:
        return request.build_absolute_uri(reverse(name, args=args))

    return {
        "code": indicator.code,
        "name": {"da": indicator.name_da, "en": indicator.name_en},
        "definition": {"da": indicator.definition_da, "en": indicator.definition_en},
        "note": {"da": indicator.note_da, "en": indicator.note_en},
        "unit": indicator.unit,
        "better": indicator.better,
        "table": indicator.table,
        "formula": indicator.formula,
        "baseline": indicator.baseline or None,
        "targets": indicator.targets,
        "headline_period": indicator.headline_period or None,
        "related": indicator.related,
        "measures": [
            {"policy": link.policy_slug, "anchor": link.anchor} for link in indicator.links.all()
        ],
        "url": url("indicators:detail", indicator.code),
        "values_url": url("indicators:api_values", indicator.code),
        "csv_url": url("indicators:detail_csv", indicator.code),
    }


def _area_param(request: HttpRequest) -> str | None:
    code = request.GET.get("area", "").strip()
    if not code:
        return None
    area = get_area(code)
    if area is None:
        raise BadRequest(f"Unknown area {code[:20]!r}: use a municipality, region or 0.")
    return area.code


def _int_param(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) > maximum:
        raise BadRequest(f"{name} must be a whole number from 0 to {maximum}.")
    return int(text)


def _period_param(request: HttpRequest) -> str | None:
    period = request.GET.get("period", "").strip()
    if period and (len(period) > 12 or not period.isalnum()):
        raise BadRequest("period must be a StatBank time code such as 2024, 2024K1 or 2024M01.")
    return period or None


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    document = openapi_document(request)
    return render(request, "indicators/api.html", {"document": document})


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    return api_response(openapi_document(request))


@require_safe
def indicators(request: HttpRequest) -> JsonResponse:
    items = indicator_list().prefetch_related("links")
    return api_response({"indicators": [indicator_json(request, i) for i in items]})


@require_safe
def indicator(request: HttpRequest, code: str) -> JsonResponse:
    item = Indicator.objects.filter(code=code).prefetch_related("links").first()
    if item is None:
        return error_response("No indicator has that code.", status=404)
    return api_response(indicator_json(request, item))


@require_safe
def values(request: HttpRequest, code: str) -> JsonResponse:
    item = Indicator.objects.filter(code=code).first()
    if item is None:
        return error_response("No indicator has that code.", status=404)
    try:
        area, period = _area_param(request), _period_param(request)
    except BadRequest as error:
        return error_response(str(error))
    rows = indicator_values(item, area=area, period=period).select_related("fetch")
    return api_response(
        {"code": item.code, "unit": item.unit, "values": [value_json(item, v) for v in rows]}
    )


def _observation_params(request: HttpRequest) -> dict[str, Any]:
    table = request.GET.get("table", "").strip().upper()
    if not table:
        raise BadRequest("Give a table, e.g. ?table=STATUSU6.")
    if table not in known_tables():
        raise Http404
    return {"table": table, "area": _area_param(request), "period": _period_param(request)}


@require_safe
def observation_list(request: HttpRequest) -> JsonResponse:
    try:
        params = _observation_params(request)
        limit = _int_param(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        offset = _int_param(request, "offset", 0, 10**9)
    except BadRequest as error:
        return error_response(str(error))
    except Http404:
        return error_response("No observations of that table.", status=404)
    page = observations(**params, limit=limit, offset=offset)
    return api_response(
        {
            "count": page.count,
            "limit": limit,
            "offset": offset,
            "results": [
                {"table": t, "dimensions": d, "area": a, "period": p, "value": v, "fetch": f}
                for t, d, a, p, v, f in page.rows
            ],
        }
    )


@require_safe
def observation_csv(request: HttpRequest) -> HttpResponse:
    try:
        params = _observation_params(request)
    except BadRequest as error:
        return error_response(str(error))
    except Http404:
        return error_response("No observations of that table.", status=404)

    def rows():
        writer = SafeWriter(Echo(), lineterminator="\r\n")
        yield "\ufeff" + writer.writerow(["table", "codes", "area", "period", "value", "fetch"])
        offset = 0
        while True:
            page = observations(**params, limit=MAX_LIMIT, offset=offset)
            for table, dims, area, period, value, fetch_id in page.rows:
                codes = "|".join(f"{k}={v}" for k, v in dims.items())
                shown = "" if value is None else repr(value)
                yield writer.writerow([table, codes, area, period, shown, fetch_id])
            offset += MAX_LIMIT
            if offset >= page.count:
                break

    return csv_response(rows(), f"{params['table']}.csv")


@require_safe
def fetch(request: HttpRequest, pk: int) -> JsonResponse:
    item = Fetch.objects.filter(pk=pk).first()
    if item is None:
        return error_response("No fetch has that number.", status=404)
    return api_response(
        {
            "id": item.pk,
            "table": item.table,
            "origin": item.origin,
            "request": item.request,
            "url": item.url,
            "fetched_at": item.fetched_at.isoformat(),
            "table_updated": item.table_updated.isoformat() if item.table_updated else None,
            "sha256": item.sha256,
            "bytes": item.size,
            "rows": item.rows,
            "changed": item.changed,
        }
    )
