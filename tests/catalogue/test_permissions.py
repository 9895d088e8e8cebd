"""Every catalogue URL times every role, and partners limited to their own institution."""

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.catalogue import services

from ..conftest import ROLES
from ..test_permissions import EDITORS_ONLY, FORBIDDEN, NOT_FOUND, OK, PUBLIC, REDIRECT
from .helpers import make_event, make_institution, make_programme

ANON, REG, PARTNER, EDITOR, COUNCIL, ADMIN = ROLES
EDITORS_AND_PARTNERS = EDITORS_ONLY | {PARTNER: OK}  # the partner belongs to an institution
UNPUBLISHED = dict.fromkeys(ROLES, NOT_FOUND) | {EDITOR: OK, ADMIN: OK}

MATRIX = [
    ("/uddannelser/", PUBLIC),
    ("/uddannelser/?q=uddannelser&level=bachelor&institution={institution_pk}", PUBLIC),
    ("/uddannelser/uddannelse/{programme}/", PUBLIC),
    ("/uddannelser/institutioner/", PUBLIC),
    ("/uddannelser/institutioner/{institution}/", PUBLIC),
    ("/uddannelser/studieliv/", PUBLIC),
    ("/uddannelser/boliger/", PUBLIC),
    ("/uddannelser/boliger/{housing}/", PUBLIC),
    ("/uddannelser/begivenheder/", PUBLIC),
    ("/uddannelser/begivenheder/?free=on&language=en", PUBLIC),
    ("/uddannelser/begivenheder/kalender.ics?audience=students", PUBLIC),
    ("/uddannelser/begivenheder/{event}/", PUBLIC),
    ("/uddannelser/fritid/", PUBLIC),
    ("/uddannelser/studer-i-herning/", PUBLIC),
    ("/uddannelser/studer-i-herning/{page}/", PUBLIC),
    ("/uddannelser/studer-i-herning/{draft_page}/", UNPUBLISHED),
    ("/uddannelser/data/", PUBLIC),
    ("/uddannelser/data/uddannelser.csv", PUBLIC),
    ("/uddannelser/data/begivenheder.json", PUBLIC),
    ("/uddannelser/uddannelse/ny/", EDITORS_AND_PARTNERS),
    ("/uddannelser/uddannelse/{programme}/rediger/", EDITORS_AND_PARTNERS),
    ("/uddannelser/uddannelse/{programme}/slet/", EDITORS_AND_PARTNERS),
    ("/uddannelser/uddannelse/{other_programme}/rediger/", EDITORS_ONLY),
    ("/uddannelser/importer/uddannelser/", EDITORS_AND_PARTNERS),
    ("/uddannelser/importer/begivenheder/", EDITORS_ONLY),
    ("/uddannelser/institutioner/ny/", EDITORS_ONLY),
    ("/uddannelser/institutioner/{institution}/rediger/", EDITORS_ONLY),
    ("/uddannelser/boliger/ny/", EDITORS_ONLY),
    ("/uddannelser/boliger/{housing}/rediger/", EDITORS_ONLY),
    ("/uddannelser/boliger/{housing}/slet/", EDITORS_ONLY),
    ("/uddannelser/begivenheder/ny/", EDITORS_ONLY),
    ("/uddannelser/begivenheder/{event}/rediger/", EDITORS_ONLY),
    ("/uddannelser/begivenheder/{event}/slet/", EDITORS_ONLY),
    ("/uddannelser/fritid/ny/", EDITORS_ONLY),
    ("/uddannelser/fritid/{offer}/rediger/", EDITORS_ONLY),
    ("/uddannelser/fritid/{offer}/slet/", EDITORS_ONLY),
    ("/uddannelser/studer-i-herning/ny/", EDITORS_ONLY),
    ("/uddannelser/studer-i-herning/{page}/rediger/", EDITORS_ONLY),
    ("/uddannelser/studer-i-herning/{page}/slet/", EDITORS_ONLY),
    ("/uddannelser/studer-i-herning/{page}/blokke/ny/", EDITORS_ONLY),
    ("/uddannelser/blok/{block}/rediger/", EDITORS_ONLY),
    ("/uddannelser/blok/{block}/slet/", EDITORS_ONLY),
]


@pytest.fixture
def objects(db, user_for_role):
    partner = user_for_role(Role.PARTNER)
    organisation = partner.memberships.get().organisation
    organisation.kind = "institution"
    organisation.save()
    own = make_institution(organisation=organisation)
    programme = make_programme(own)
    other = make_programme(title_da="Datamatiker")
    housing = services.housing_create(
        actor=None, name="Kollegiet", street_address="Vej 1", postal_code="7400",
        city="Herning", rent_min=3000, rent_max=4000, size_min=20, size_max=30,
        waiting_list="Skriv dig op.",
    )  # fmt: skip
    offer = services.offer_create(actor=None, name="Svømning", category="sport")
    page = services.page_create(actor=None, language="da", title="Studer", is_published=True)
    draft = services.page_create(actor=None, language="en", title="Study")
    block = services.block_create(actor=None, page=page, kind="text", text="Hej")
    return {
        "partner": partner,
        "institution": own.slug,
        "institution_pk": own.pk,
        "programme": programme.slug,
        "other_programme": other.slug,
        "housing": housing.slug,
        "event": make_event().pk,
        "offer": offer.pk,
        "page": page.slug,
        "draft_page": draft.slug,
        "block": block.pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
def test_status_by_role(client, objects, user_for_role, url, expected, role):
    user = objects["partner"] if role == PARTNER else user_for_role(role)
    if user:
        client.force_login(user)
    assert client.get(url.format(**objects)).status_code == expected[role]


def test_the_matrix_lists_every_role():
    assert all(set(expected) == set(ROLES) for _url, expected in MATRIX)


def test_a_partner_cannot_move_a_programme_to_another_institution(client, objects):
    client.force_login(objects["partner"])
    other = make_institution()
    url = f"/uddannelser/uddannelse/{objects['programme']}/rediger/"
    data = {
        "institution": other.pk, "title_da": "Flyttet", "level": "bachelor", "field": "it",
        "duration_months": 36, "language": "da", "url": "https://example.dk/",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert (
        client.post(url, data | {"institution": objects["institution_pk"]}).status_code == REDIRECT
    )


def test_a_partner_without_an_institution_may_not_add_programmes(client, user_for_role):
    partner = user_for_role(Role.PARTNER)  # a member of a municipal unit, not an institution
    client.force_login(partner)
    assert client.get("/uddannelser/uddannelse/ny/").status_code == FORBIDDEN


def test_block_moves_are_for_editors_only(client, objects, user_for_role):
    url = f"/uddannelser/blok/{objects['block']}/flyt/"
    client.force_login(objects["partner"])
    assert client.post(url, {"direction": "up"}).status_code == FORBIDDEN
    client.force_login(user_for_role(Role.EDITOR))
    assert client.post(url, {"direction": "up"}).status_code == REDIRECT
