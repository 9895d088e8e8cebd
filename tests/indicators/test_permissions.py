"""Every URL of the indicators app times every role gives the expected status code."""

import pytest

from uddannelsesby.accounts.models import Role

from ..conftest import ROLES
from .conftest import fixture_file

OK, BAD_REQUEST, NOT_FOUND = 200, 400, 404
ANON, REG, PARTNER, EDITOR, COUNCIL, ADMIN = ROLES

PUBLIC = dict.fromkeys(ROLES, OK)
BAD = dict.fromkeys(ROLES, BAD_REQUEST)
MISSING = dict.fromkeys(ROLES, NOT_FOUND)

MATRIX = [
    ("/indikatorer/", PUBLIC),
    ("/indikatorer/data.csv", PUBLIC),
    ("/indikatorer/ungdomsudd-afbrudt/", PUBLIC),
    ("/indikatorer/ungdomsudd-afbrudt/?omraade=661", PUBLIC),
    ("/indikatorer/ungdomsudd-afbrudt/?omraade=nope", BAD),
    ("/indikatorer/ungdomsudd-afbrudt/data.csv", PUBLIC),
    ("/indikatorer/arbejdsstyrke-fremskrivning/", PUBLIC),
    ("/indikatorer/findes-ikke/", MISSING),
    ("/indikatorer/api/", PUBLIC),
    ("/indikatorer/api/openapi.json", PUBLIC),
    ("/indikatorer/api/v1/indicators/", PUBLIC),
    ("/indikatorer/api/v1/indicators/ungdomsudd-afbrudt/", PUBLIC),
    ("/indikatorer/api/v1/indicators/ungdomsudd-afbrudt/values/", PUBLIC),
    ("/indikatorer/api/v1/observations/?table=STATUSU6&limit=5", PUBLIC),
    ("/indikatorer/api/v1/observations.csv?table=STATUSU6&area=657", PUBLIC),
    ("/indikatorer/api/v1/fetches/{fetch}/", PUBLIC),
]


@pytest.fixture
def objects(db):
    from uddannelsesby.indicators import services

    services.catalogue_sync()
    item = services.observations_import(table="STATUSU6", path=fixture_file("STATUSU6"))
    return {"fetch": item.result.fetch.pk}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
def test_status_by_role(client, objects, user_for_role, url, expected, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.get(url.format(**objects))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("url", ["/indikatorer/", "/indikatorer/api/v1/indicators/"])
def test_read_only(client, objects, url):
    assert client.post(url).status_code == 405


def test_matrix_covers_every_role():
    for _url, expected in MATRIX:
        assert set(expected) == set(ROLES)
    assert Role.ADMIN in ROLES
