import json
from pathlib import Path

import httpx
import pytest

from uddannelsesby.indicators import services
from uddannelsesby.indicators.demo import FIXTURES
from uddannelsesby.indicators.statbank import StatbankClient, TableInfo

STATUSU6_HEADER = "UDDSTAT;UDDANNELSE;GRUNDBEL;TID;INDHOLD"


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    """Raw fetches go to a temporary folder, never the real var/."""
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def write_file(tmp_path):
    """Write a StatBank file: lines joined with a newline, in UTF-8 (bytes passed as they are)."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write


@pytest.fixture
def catalogue(db):
    services.catalogue_sync()


def fixture_tableinfo(table: str) -> TableInfo:
    return TableInfo.from_json(
        json.loads((FIXTURES / "tableinfo" / f"{table}.json").read_text(encoding="utf-8"))
    )


def fixture_file(table: str) -> Path:
    return next(FIXTURES.glob(f"{table}.bulk.csv*"))


@pytest.fixture
def import_fixture(catalogue):
    """Import one of the committed demo tables (checked against its /tableinfo)."""

    def load(table: str):
        return services.observations_import(
            table=table, path=fixture_file(table), tableinfo=fixture_tableinfo(table)
        )

    return load


def mock_client(handler, **kwargs) -> StatbankClient:
    kwargs.setdefault("sleep", lambda seconds: None)
    return StatbankClient(transport=httpx.MockTransport(handler), **kwargs)


def tableinfo_json(table: str, variables: dict[str, list[str]]) -> dict:
    return {
        "id": table,
        "text": f"{table} for tests",
        "unit": "Antal",
        "updated": "2025-03-20T08:00:00",
        "active": True,
        "variables": [
            {
                "id": name,
                "text": name.lower(),
                "elimination": name != "Tid",
                "time": name == "Tid",
                "values": [{"id": code, "text": code} for code in codes],
            }
            for name, codes in variables.items()
        ],
    }
