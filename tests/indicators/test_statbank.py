"""The StatBank client against recorded answers, never the network."""

import json

import httpx
import pytest

from uddannelsesby.indicators.statbank import (
    RequestLimitError,
    StatbankError,
    StatbankUnavailable,
    TableInfo,
    join_tables,
    newest_table,
)

from .conftest import mock_client, tableinfo_json

INFO = tableinfo_json(
    "STATUSU6",
    {
        "UDDSTAT": ["AA_TOTAL", "FULDFOERT", "IGANG", "AFBRUDT", "INGENREG"],
        "UDDANNELSE": ["TOT", "H20", "H30"],
        "GRUNDBEL": ["0", "657", "661", "98"],
        "Tid": ["2022", "2023", "2024"],
    },
)
LIMIT = {"errorTypeCode": "REQUEST-LIMIT", "message": "Der er forespurgt for mange celler"}


def rows_for(body: dict) -> bytes:
    """A BULK answer with one row per combination of the requested codes."""
    variables = {v["code"]: v["values"] for v in body["variables"]}
    lines = ["UDDSTAT;UDDANNELSE;GRUNDBEL;TID;INDHOLD"]
    for status in variables["UDDSTAT"]:
        for area in variables["GRUNDBEL"]:
            for year in variables["Tid"]:
                lines.append(f"{status};TOT;{area};{year};1")
    return ("\n".join(lines) + "\n").encode()


def test_tableinfo_is_read():
    info = TableInfo.from_json(INFO)
    assert info.variable("tid").id == "Tid"
    assert info.allowed_codes()["TID"] == {"2022", "2023", "2024"}


def test_codes_are_checked_against_tableinfo():
    info = TableInfo.from_json(INFO)
    variables = {"UDDSTAT": ["*"], "UDDANNELSE": ["TOT"], "GRUNDBEL": ["657"], "Tid": ["202*"]}
    resolved = info.resolve(variables)
    assert resolved["UDDSTAT"] == ["AA_TOTAL", "FULDFOERT", "IGANG", "AFBRUDT", "INGENREG"]
    assert resolved["Tid"] == ["2022", "2023", "2024"]
    with pytest.raises(StatbankError, match="no code 'DROPOUT' for UDDSTAT"):
        info.resolve({**variables, "UDDSTAT": ["DROPOUT"]})
    with pytest.raises(StatbankError, match="no variable 'KØN'"):
        info.resolve({**variables, "KØN": ["TOT"]})
    with pytest.raises(StatbankError, match="missing: UDDANNELSE"):
        info.resolve({k: v for k, v in variables.items() if k != "UDDANNELSE"})


def test_area_code_written_differently_is_matched():
    info = TableInfo.from_json(tableinfo_json("FOLK1A", {"OMRÅDE": ["000", "657"], "Tid": ["1"]}))
    assert info.resolve({"OMRÅDE": ["0"], "Tid": ["*"]})["OMRÅDE"] == ["000"]


def test_data_is_fetched_in_bulk_with_codes():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append((request.url.path, body))
        if request.url.path.endswith("/tableinfo/STATUSU6"):
            return httpx.Response(200, json=INFO)
        return httpx.Response(200, content=rows_for(body))

    with mock_client(handler) as client:
        content = client.data(
            "STATUSU6",
            {"UDDSTAT": ["AFBRUDT"], "UDDANNELSE": ["TOT"], "GRUNDBEL": ["657"], "Tid": ["2024"]},
        )
    assert content == b"UDDSTAT;UDDANNELSE;GRUNDBEL;TID;INDHOLD\nAFBRUDT;TOT;657;2024;1\n"
    path, body = seen[-1]
    assert path == "/v1/data/STATUSU6/BULK"
    assert body["format"] == "BULK"
    assert body["valuePresentation"] == "Code"


def test_request_limit_splits_the_request():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if "tableinfo" in request.url.path:
            return httpx.Response(200, json=INFO)
        variables = {v["code"]: v["values"] for v in body["variables"]}
        cells = len(variables["UDDSTAT"]) * len(variables["GRUNDBEL"]) * len(variables["Tid"])
        calls.append(cells)
        if cells > 6:
            return httpx.Response(400, json=LIMIT)
        return httpx.Response(200, content=rows_for(body))

    with mock_client(handler) as client:
        content = client.data(
            "STATUSU6",
            {"UDDSTAT": ["*"], "UDDANNELSE": ["TOT"], "GRUNDBEL": ["*"], "Tid": ["2024"]},
            format="CSV",
        )
    lines = content.decode().splitlines()
    assert lines[0] == "UDDSTAT;UDDANNELSE;GRUNDBEL;TID;INDHOLD"
    assert lines.count(lines[0]) == 1
    assert len(lines) == 1 + 5 * 4
    assert len(set(lines)) == len(lines)
    assert calls[0] == 20
    assert max(calls[1:]) <= 20


def test_request_limit_that_cannot_be_split():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json=LIMIT)

    info = TableInfo.from_json(INFO)
    variables = {"UDDSTAT": ["AFBRUDT"], "UDDANNELSE": ["TOT"], "GRUNDBEL": ["0"], "Tid": ["2024"]}
    with mock_client(handler) as client, pytest.raises(RequestLimitError):
        client.data("STATUSU6", variables, info=info)


def test_other_errors_are_reported():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"errorTypeCode": "TABLE-NOT-FOUND", "message": "Nej"})

    with mock_client(handler) as client, pytest.raises(StatbankError, match="TABLE-NOT-FOUND"):
        client.tableinfo("NOPE")


def test_time_outs_and_server_errors_are_retried():
    answers = [httpx.ReadTimeout("slow"), httpx.Response(503), httpx.Response(200, json=INFO)]
    pauses = []

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with mock_client(handler, sleep=pauses.append, backoff=1.0) as client:
        assert client.tableinfo("STATUSU6").id == "STATUSU6"
    assert pauses == [1.0, 2.0]


def test_unreachable_after_the_retries():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known")

    client = mock_client(handler, retries=2)
    with pytest.raises(StatbankUnavailable, match="could not be reached after 3 tries"):
        client.tables()


def test_newest_projection_table():
    tables = [
        {"id": "FRKM124", "active": True},
        {"id": "FRKM125", "active": True},
        {"id": "FRKM126", "active": False},
        {"id": "FRKM1250", "active": True},
        {"id": "FOLK1A", "active": True},
    ]
    assert newest_table(tables, "FRKM1") == "FRKM125"
    assert newest_table(tables, "XYZ") is None

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/tables"
        return httpx.Response(200, json=tables)

    with mock_client(handler) as client:
        assert client.newest_table("FRKM1") == "FRKM125"


def test_join_tables_drops_the_second_header_and_bom():
    first = b"\xef\xbb\xbfA;TID;INDHOLD\r\n1;2024;5\r\n"
    second = b"\xef\xbb\xbfA;TID;INDHOLD\r\n2;2024;6\r\n"
    assert join_tables(first, second) == b"\xef\xbb\xbfA;TID;INDHOLD\r\n1;2024;5\r\n2;2024;6\r\n"
