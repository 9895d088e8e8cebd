"""The OpenAPI 3.1 description of the indicators API, built for the server it is asked on."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _parameter(name: str, where: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path" or schema.pop("required", False),
        "description": description,
        "schema": schema or {"type": "string"},
    }


TEXT = {
    "type": "object",
    "properties": {"da": {"type": "string"}, "en": {"type": "string"}},
    "required": ["da", "en"],
}
NUMBER_OR_NULL = {"type": ["number", "null"]}
ERROR = _json(_ref("Error"), "The request was not understood; the message says why.")
NOT_FOUND = _json(_ref("Error"), "Nothing has that code.")
CODE = _parameter("code", "path", "The indicator's code, e.g. ungdomsudd-afbrudt.")
AREA = _parameter(
    "area", "query", "An area code: a municipality (657), a region (82) or the country (0)."
)
PERIOD = _parameter("period", "query", "A StatBank time code: 2024, 2024K1 or 2024M01.")

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {"error": {"type": "string"}},
        "required": ["error"],
    },
    "Indicator": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "name": TEXT,
            "definition": TEXT,
            "note": TEXT,
            "unit": {"type": "string", "enum": ["percent", "persons", "per100"]},
            "better": {"type": "string", "enum": ["higher", "lower", "neutral"]},
            "table": {
                "type": "string",
                "description": "StatBank table, or a family such as FRKM1 (the newest FRKM1yy).",
            },
            "formula": {"type": "object", "description": "sum, ratio or change of selections."},
            "baseline": {"type": ["string", "null"]},
            "targets": {"type": "array", "items": {"type": "object"}},
            "headline_period": {"type": ["string", "null"]},
            "related": {"type": "array", "items": {"type": "string"}},
            "measures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"policy": {"type": "string"}, "anchor": {"type": "string"}},
                },
            },
            "url": {"type": "string", "format": "uri"},
            "values_url": {"type": "string", "format": "uri"},
            "csv_url": {"type": "string", "format": "uri"},
        },
        "required": ["code", "name", "definition", "unit", "better", "table", "formula", "url"],
    },
    "Source": {
        "type": "object",
        "properties": {
            "table": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "fetch": {"type": ["integer", "null"]},
            "fetched_at": {"type": ["string", "null"], "format": "date-time"},
            "origin": {"type": ["string", "null"], "enum": ["api", "file", "demo", None]},
            "demo": {"type": "boolean"},
        },
        "required": ["table", "url", "demo"],
    },
    "Value": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "area": {"type": "string"},
            "area_name": {"type": ["string", "null"]},
            "period": {"type": "string"},
            "value": NUMBER_OR_NULL,
            "numerator": NUMBER_OR_NULL,
            "denominator": NUMBER_OR_NULL,
            "unit": {"type": "string"},
            "rank": {"type": ["integer", "null"], "description": "1 is the best of the 98."},
            "source": _ref("Source"),
        },
        "required": ["code", "area", "period", "value", "unit", "source"],
    },
    "Observation": {
        "type": "object",
        "properties": {
            "table": {"type": "string"},
            "dimensions": {"type": "object", "additionalProperties": {"type": "string"}},
            "area": {"type": "string"},
            "period": {"type": "string"},
            "value": NUMBER_OR_NULL,
            "fetch": {"type": "integer"},
        },
        "required": ["table", "dimensions", "area", "period", "value", "fetch"],
    },
    "Fetch": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "table": {"type": "string"},
            "origin": {"type": "string", "enum": ["api", "file", "demo"]},
            "request": {"type": "object"},
            "url": {"type": "string"},
            "fetched_at": {"type": "string", "format": "date-time"},
            "table_updated": {"type": ["string", "null"], "format": "date-time"},
            "sha256": {"type": "string"},
            "bytes": {"type": "integer"},
            "rows": {"type": "integer"},
            "changed": {"type": "integer"},
        },
        "required": ["id", "table", "origin", "fetched_at", "sha256"],
    },
}


def _paths() -> dict[str, Any]:
    def path(name: str, *args: Any) -> str:
        return reverse(f"indicators:{name}", args=args)

    code = "{code}"
    return {
        path("api_indicators"): {
            "get": {
                "operationId": "listIndicators",
                "summary": "Every indicator of the catalogue",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "indicators": {"type": "array", "items": _ref("Indicator")}
                            },
                            "required": ["indicators"],
                        },
                        "The catalogue.",
                    )
                },
            }
        },
        path("api_indicator", "x").replace("/x/", f"/{code}/"): {
            "get": {
                "operationId": "getIndicator",
                "summary": "One indicator: definition, source, formula, targets",
                "parameters": [CODE],
                "responses": {"200": _json(_ref("Indicator"), "The indicator."), "404": NOT_FOUND},
            }
        },
        path("api_values", "x").replace("/x/", f"/{code}/"): {
            "get": {
                "operationId": "listValues",
                "summary": "An indicator's values for every area and period (or some)",
                "parameters": [CODE, AREA, PERIOD],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "unit": {"type": "string"},
                                "values": {"type": "array", "items": _ref("Value")},
                            },
                            "required": ["code", "unit", "values"],
                        },
                        "The values.",
                    ),
                    "400": ERROR,
                    "404": NOT_FOUND,
                },
            }
        },
        path("api_observations"): {
            "get": {
                "operationId": "listObservations",
                "summary": "The cells of a StatBank table, as imported, a page at a time",
                "parameters": [
                    _parameter(
                        "table",
                        "query",
                        "A StatBank table, e.g. STATUSU6.",
                        required=True,
                        type="string",
                    ),
                    AREA,
                    PERIOD,
                    _parameter(
                        "limit",
                        "query",
                        "Rows per page.",
                        type="integer",
                        minimum=0,
                        maximum=10000,
                        default=1000,
                    ),
                    _parameter(
                        "offset", "query", "Rows to skip.", type="integer", minimum=0, default=0
                    ),
                ],  # fmt: skip
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "count": {"type": "integer"},
                                "limit": {"type": "integer"},
                                "offset": {"type": "integer"},
                                "results": {"type": "array", "items": _ref("Observation")},
                            },
                            "required": ["count", "limit", "offset", "results"],
                        },
                        "One page of observations.",
                    ),
                    "400": ERROR,
                    "404": NOT_FOUND,
                },
            }
        },
        path("api_observations_csv"): {
            "get": {
                "operationId": "downloadObservations",
                "summary": "The cells of a StatBank table as CSV",
                "parameters": [
                    _parameter("table", "query", "A StatBank table.", required=True, type="string"),
                    AREA,
                    PERIOD,
                ],
                "responses": {
                    "200": {
                        "description": "CSV, UTF-8 with a byte-order mark, comma separated.",
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    },
                    "400": ERROR,
                    "404": NOT_FOUND,
                },
            }
        },
        path("api_fetch", 1).replace("/1/", "/{id}/"): {
            "get": {
                "operationId": "getFetch",
                "summary": "Where a number came from: one fetch from StatBank or imported file",
                "parameters": [
                    _parameter("id", "path", "The fetch's number.", type="integer"),
                ],
                "responses": {"200": _json(_ref("Fetch"), "The fetch."), "404": NOT_FOUND},
            }
        },
    }


def openapi_document(request: HttpRequest) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Uddannelsesby indicators",
            "version": VERSION,
            "description": (
                "Read-only access to the indicators of the education policy and the official "
                "statistics (Statistics Denmark's StatBank) they are computed from. Values are "
                "numbers with a dot as decimal mark; a share in per cent is a number from 0 to "
                "100. Every value names the fetch it came from."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": _paths(),
        "components": {"schemas": SCHEMAS},
    }
