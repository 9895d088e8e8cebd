"""The read-only JSON API and its OpenAPI document."""

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from .test_pages import statistics  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client, catalogue):
    response = client.get("/indikatorer/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def schema_of(document, path: str, status: str = "200") -> dict:
    operation = document["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def check(document, path: str, data, status: str = "200") -> None:
    schema = schema_of(document, path, status)
    resolved = {"$ref": "#/schema", "schema": schema, "components": document["components"]}
    Draft202012Validator(resolved).validate(data)


def test_openapi_document_is_valid(document):
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert "/indikatorer/api/v1/indicators/{code}/values/" in document["paths"]


def test_responses_match_the_document(client, document, statistics):  # noqa: F811
    base = "/indikatorer/api/v1"
    listed = client.get(f"{base}/indicators/").json()
    check(document, f"{base}/indicators/", listed)
    assert {i["code"] for i in listed["indicators"]} >= {"ungdomsudd-afbrudt", "neet-andel"}
    one = client.get(f"{base}/indicators/ungdomsudd-afbrudt/").json()
    check(document, f"{base}/indicators/{{code}}/", one)
    values = client.get(f"{base}/indicators/ungdomsudd-afbrudt/values/?area=657").json()
    check(document, f"{base}/indicators/{{code}}/values/", values)
    assert {v["area"] for v in values["values"]} == {"657"}
    assert len(values["values"]) == 15
    observations = client.get(f"{base}/observations/?table=STATUSU6&area=657&limit=3").json()
    check(document, f"{base}/observations/", observations)
    assert observations["count"] == 5 * 15
    assert len(observations["results"]) == 3
    fetch_id = observations["results"][0]["fetch"]
    fetch = client.get(f"{base}/fetches/{fetch_id}/").json()
    check(document, f"{base}/fetches/{{id}}/", fetch)
    assert fetch["origin"] == "demo"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/indikatorer/api/v1/indicators/findes-ikke/", 404),
        ("/indikatorer/api/v1/indicators/findes-ikke/values/", 404),
        ("/indikatorer/api/v1/indicators/neet-andel/values/?area=xyz", 400),
        ("/indikatorer/api/v1/indicators/neet-andel/values/?period=20%2024", 400),
        ("/indikatorer/api/v1/observations/", 400),
        ("/indikatorer/api/v1/observations/?table=NOPE", 404),
        ("/indikatorer/api/v1/observations/?table=NEET1&limit=-1", 400),
        ("/indikatorer/api/v1/observations/?table=NEET1&limit=999999", 400),
        ("/indikatorer/api/v1/observations/?table=NEET1&offset=x", 400),
        ("/indikatorer/api/v1/observations.csv", 400),
        ("/indikatorer/api/v1/fetches/999/", 404),
    ],
)
def test_bad_requests_get_a_json_error(client, statistics, url, status):  # noqa: F811
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["error"]


def test_observations_csv(client, statistics):  # noqa: F811
    response = client.get("/indikatorer/api/v1/observations.csv?table=NEET1&area=657")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "table,codes,area,period,value,fetch"
    assert len(lines) == 1 + 2 * 15
    assert lines[1].startswith("NEET1,KØN=TOT|SOCIO=TOT|STATUSNEET=")


def test_api_is_open_to_other_sites(client, catalogue):
    response = client.get("/indikatorer/api/v1/indicators/")
    assert response["Access-Control-Allow-Origin"] == "*"
