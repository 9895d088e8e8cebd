"""Every URL times every role gives the expected status code."""

import datetime

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.policies import services
from uddannelsesby.policies.models import Policy

from .conftest import ROLES
from .factories import policy_with_parts

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
ANON, REG, PARTNER, EDITOR, COUNCIL, ADMIN = ROLES

PUBLIC = dict.fromkeys(ROLES, OK)
EDITORS_ONLY = {
    ANON: REDIRECT,
    REG: FORBIDDEN,
    PARTNER: FORBIDDEN,
    EDITOR: OK,
    COUNCIL: FORBIDDEN,
    ADMIN: OK,
}
ADMINS_ONLY = {
    ANON: REDIRECT,
    REG: FORBIDDEN,
    PARTNER: FORBIDDEN,
    EDITOR: FORBIDDEN,
    COUNCIL: FORBIDDEN,
    ADMIN: OK,
}
DRAFT_READERS = {
    ANON: NOT_FOUND,
    REG: NOT_FOUND,
    PARTNER: NOT_FOUND,
    EDITOR: OK,
    COUNCIL: OK,
    ADMIN: OK,
}

MATRIX = [
    ("/", PUBLIC),
    ("/tilgaengelighed/", PUBLIC),
    ("/sikkerhed/", PUBLIC),
    ("/.well-known/security.txt", PUBLIC),
    ("/konto/log-ind/", PUBLIC),
    ("/konto/nulstil/", PUBLIC),
    ("/konto/spaerringer/", ADMINS_ONLY),
    ("/politikker/", PUBLIC),
    ("/politikker/{adopted}/", PUBLIC),
    ("/politikker/{adopted}/versioner/", PUBLIC),
    ("/politikker/{adopted}/versioner/1/", PUBLIC),
    ("/politikker/{adopted}/sammenlign/?old=1&new=1", PUBLIC),
    ("/politikker/{adopted}/pdf/", PUBLIC),
    ("/politikker/{adopted}/json/", PUBLIC),
    ("/politikker/{draft}/", DRAFT_READERS),
    ("/politikker/{draft}/json/", DRAFT_READERS),
    ("/politikker/redaktion/", EDITORS_ONLY),
    ("/politikker/redaktion/ny/", EDITORS_ONLY),
    ("/politikker/redaktion/importer/", EDITORS_ONLY),
    ("/politikker/redaktion/importer/dokument/", EDITORS_ONLY),
    ("/politikker/redaktion/importer/dokument/gennemse/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/rediger/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/forhaandsvisning/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/historik/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/eksport/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/hoering/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/vedtag/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/arkiver/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/fokusomraader/ny/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/fokusomraader/{area}/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/fokusomraader/{area}/indsatser/ny/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/indsatser/{commitment}/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/fokusomraade/{area}/slet/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/indsats/{commitment}/slet/", EDITORS_ONLY),
    # An archived policy can be read by editors but no longer changed.
    ("/politikker/redaktion/{archived}/", EDITORS_ONLY),
    (
        "/politikker/redaktion/{archived}/rediger/",
        EDITORS_ONLY | {EDITOR: FORBIDDEN, ADMIN: FORBIDDEN},
    ),
    (
        "/politikker/redaktion/{archived}/vedtag/",
        EDITORS_ONLY | {EDITOR: FORBIDDEN, ADMIN: FORBIDDEN},
    ),
    ("/politikker/{archived}/", PUBLIC),
    # Listed only (not yet imported): its title, description and link are public.
    ("/politikker/{listed}/", PUBLIC),
    ("/politikker/{listed}/json/", PUBLIC),
    ("/politikker/redaktion/{draft}/links/ny/", EDITORS_ONLY),
    ("/politikker/redaktion/{draft}/links/{link}/slet/", EDITORS_ONLY),
    # Set-up: administrators only. Without a logo there is nothing at its address.
    ("/opsaetning/", ADMINS_ONLY),
    ("/opsaetning/ny-kommune/", ADMINS_ONLY),
    ("/logo/", dict.fromkeys(ROLES, NOT_FOUND)),
]


@pytest.fixture
def objects(db):
    adopted = policy_with_parts(areas=1, commitments=1, slug="vedtaget")
    services.policy_adopt(actor=None, policy=adopted, adopted_on=datetime.date(2026, 1, 5))
    draft = policy_with_parts(areas=1, commitments=1, slug="kladde")
    archived = policy_with_parts(areas=1, commitments=1, slug="arkiveret")
    services.policy_adopt(actor=None, policy=archived, adopted_on=datetime.date(2020, 1, 5))
    services.policy_archive(actor=None, policy=archived)
    area = draft.focus_areas.get()
    listed = services.policy_create(
        actor=None, title="Kulturpolitik", listed_only=True, external_url="https://example.dk/"
    )
    link = services.policy_link_create(
        actor=None, policy=draft, kind="budget", title="Budget", url="https://example.dk/b"
    )
    return {
        "listed": listed.slug,
        "link": link.pk,
        "adopted": adopted.slug,
        "draft": draft.slug,
        "archived": archived.slug,
        "area": area.pk,
        "commitment": area.commitments.get().pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
def test_status_by_role(client, objects, user_for_role, url, expected, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.get(url.format(**objects))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_can_post_changes(client, objects, user_for_role, role):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.post(f"/politikker/redaktion/{objects['draft']}/hoering/")
    expected = {ANON: REDIRECT, EDITOR: REDIRECT, ADMIN: REDIRECT}.get(role, FORBIDDEN)
    assert response.status_code == expected
    sent = Policy.objects.get(slug=objects["draft"]).versions.exists()
    assert sent == (role in (EDITOR, ADMIN))


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_lift_login_locks(client, db, user_for_role, role):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="ane", ip_address="10.0.0.1", user_agent="", http_accept="", path_info="/",
        get_data="", post_data="", failures_since_start=5,
    )  # fmt: skip
    user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.post(f"/konto/spaerringer/{attempt.pk}/ophaev/")
    assert response.status_code == {ANON: REDIRECT, ADMIN: REDIRECT}.get(role, FORBIDDEN)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists() == (role != ADMIN)


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_can_change_the_site_settings(client, user_for_role, role):
    from uddannelsesby.core.site import site_settings

    user = user_for_role(role)
    if user:
        client.force_login(user)
    data = {"name": "Fanø Kommune", "place_name": "Fanø", "code": "563", "theme": "neutral"}
    response = client.post("/opsaetning/", data)
    assert response.status_code == (REDIRECT if role in (ANON, ADMIN) else FORBIDDEN)
    assert (site_settings().code == "563") == (role == ADMIN)
    response = client.post("/opsaetning/ny-kommune/", {"code": "400", "name": "Bornholm"})
    assert response.status_code == (REDIRECT if role in (ANON, ADMIN) else FORBIDDEN)
    assert (site_settings().code == "400") == (role == ADMIN)


def test_matrix_covers_every_role():
    for _url, expected in MATRIX:
        assert set(expected) == set(ROLES)
    assert Role.ADMIN in ROLES
