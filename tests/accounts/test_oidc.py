"""OpenID Connect login end to end against the test provider (tests/oidc_provider), over HTTP.

The browser's steps at the provider (its login page and form) are done with requests here;
tests/browser/test_oidc.py goes through the same flow in Chromium.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.sessions.models import Session

from uddannelsesby.accounts.models import OidcIdentity, Role, User
from uddannelsesby.core.models import HistoryEntry

from ..factories import UserFactory
from ..oidc_provider import fixtures
from ..oidc_provider.fixtures import provider_mode

oidc_provider = fixtures.oidc_provider
oidc = fixtures.oidc

CPR = "0101901234"


def provider_login(client, base: str, realm: str, username: str, next_url: str = "") -> str:
    """Start at our login link, log in at the provider; returns our callback's path."""
    start = client.get(f"/konto/log-ind/{realm}/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(f"{base}/{realm}/authorize?")
    page = requests.get(authorize, timeout=5)
    assert page.status_code == 200
    assert 'name="username"' in page.text
    query = dict(parse_qsl(urlsplit(authorize).query))
    answer = requests.post(
        f"{base}/{realm}/authorize",
        data=query | {"username": username},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 302
    return answer.headers["Location"].removeprefix("http://testserver")


def refused(response, message_part: str):
    assert response.status_code == 400
    body = response.content.decode()
    assert message_part in body, body
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.mark.django_db
def test_a_new_staff_member_gets_the_role_of_their_group(client, oidc):
    callback = provider_login(client, oidc, "staff", "rikke", next_url="/handleplaner/")
    response = client.get(callback)
    assert response.status_code == 302
    assert response["Location"] == "/handleplaner/"
    user = User.objects.get(oidc_identities__provider="staff")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.role == Role.EDITOR
    assert (user.first_name, user.last_name, user.email) == (
        "Rikke",
        "Redaktør",
        "rikke@kommune.example",
    )
    assert not user.has_usable_password()
    assert OidcIdentity.objects.get(user=user).subject == "entra-0001"


@pytest.mark.django_db
def test_the_role_follows_the_group_at_each_login(client, oidc, settings):
    client.get(provider_login(client, oidc, "staff", "rikke"))
    client.post("/konto/log-ud/")
    settings.OIDC_STAFF_ROLE_MAP = {"UDD-Redaktoerer": "council"}
    client.get(provider_login(client, oidc, "staff", "rikke"))
    user = User.objects.get()
    assert user.role == Role.COUNCIL
    assert HistoryEntry.objects.filter(object_id=user.pk, action="changed").exists()


@pytest.mark.django_db
def test_the_most_powerful_mapped_group_wins(client, oidc, settings):
    settings.OIDC_STAFF_ROLE_MAP = {"UDD-Redaktoerer": "editor", "Alle-Medarbejdere": "council"}
    client.get(provider_login(client, oidc, "staff", "rikke"))
    assert User.objects.get().role == Role.EDITOR


@pytest.mark.django_db
def test_a_staff_member_without_a_mapped_group_is_refused(client, oidc):
    response = client.get(provider_login(client, oidc, "staff", "nina"))
    refused(response, "ingen rolle i Uddannelsesby")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_citizen_gets_a_registered_account_and_no_cpr_is_stored(client, oidc):
    response = client.get(provider_login(client, oidc, "citizen", "mads"))
    assert response.status_code == 302
    user = User.objects.get()
    assert user.role == Role.REGISTERED
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.oidc_identities.get().subject == "mitid-9f8e7d6c"
    # The number is nowhere: not in the user, the identity, the history or the session.
    stored = [
        *(str(getattr(user, f.attname)) for f in User._meta.concrete_fields),
        *(str(v) for v in OidcIdentity.objects.values_list()),
        *(str(v) for v in HistoryEntry.objects.values_list()),
        *(s.session_data + str(s.get_decoded()) for s in Session.objects.all()),
    ]
    assert not [value for value in stored if CPR in value]
    assert not [value for value in stored if "1990-01-01" in value]  # nor the birth date


@pytest.mark.django_db
def test_a_returning_citizen_is_the_same_user(client, oidc):
    client.get(provider_login(client, oidc, "citizen", "mads"))
    client.post("/konto/log-ud/")
    client.get(provider_login(client, oidc, "citizen", "mads"))
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_an_account_with_the_same_email_is_not_taken_over(client, oidc):
    local = UserFactory(email="rikke@kommune.example", role=Role.ADMIN)
    client.get(provider_login(client, oidc, "staff", "rikke"))
    user = User.objects.get(oidc_identities__provider="staff")
    assert user != local
    assert user.role == Role.EDITOR


@pytest.mark.django_db
def test_a_tampered_token_is_refused(client, oidc):
    provider_mode(oidc, "tampered")  # the signature no longer matches (groups made admin)
    refused(client.get(provider_login(client, oidc, "staff", "rikke")), "kunne ikke bekræftes")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_token_for_another_audience_is_refused(client, oidc):
    provider_mode(oidc, "wrong_audience")
    response = client.get(provider_login(client, oidc, "citizen", "mads"))
    refused(response, "udstedt til en anden tjeneste")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_expired_token_is_refused(client, oidc):
    provider_mode(oidc, "expired")
    refused(client.get(provider_login(client, oidc, "staff", "rikke")), "udløbet")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_replayed_state_is_refused(client, oidc):
    callback = provider_login(client, oidc, "staff", "rikke")
    assert client.get(callback).status_code == 302
    client.post("/konto/log-ud/")
    refused(client.get(callback), "allerede brugt")


@pytest.mark.django_db
def test_a_state_from_another_browser_is_refused(client, oidc):
    callback = provider_login(client, oidc, "citizen", "mads")
    other = client.__class__()
    refused(other.get(callback), "allerede brugt")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_state_is_used_by_its_own_provider_only(client, oidc):
    callback = provider_login(client, oidc, "citizen", "mads")
    refused(client.get(callback.replace("/citizen/", "/staff/")), "allerede brugt")


@pytest.mark.django_db
def test_an_error_from_the_provider_is_explained(client, oidc):
    start = client.get("/konto/log-ind/staff/")
    state = dict(parse_qsl(urlsplit(start["Location"]).query))["state"]
    response = client.get(f"/konto/log-ind/staff/svar/?error=access_denied&state={state}")
    refused(response, "loggede dig ikke ind")


@pytest.mark.django_db
def test_an_unreachable_provider_is_explained(client, settings, oidc):
    settings.OIDC_PROVIDERS = {
        "staff": settings.OIDC_PROVIDERS["staff"] | {"issuer": "http://127.0.0.1:9/staff"}
    }
    response = client.get("/konto/log-ind/staff/")
    assert response.status_code == 502
    assert "kan ikke nås" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_provider_is_not_found(client, oidc):
    assert client.get("/konto/log-ind/facebook/").status_code == 404


@pytest.mark.django_db
def test_the_login_page_offers_the_configured_providers(client, oidc, settings):
    body = client.get("/konto/log-ind/?next=/handleplaner/").content.decode()
    assert 'href="/konto/log-ind/staff/?next=/handleplaner/"' in body
    assert 'href="/konto/log-ind/citizen/?next=/handleplaner/"' in body
    assert "Log ind med MitID" in body
    assert "Log ind med dit arbejdslogin" in body
    settings.OIDC_PROVIDERS = {}
    assert "/konto/log-ind/staff/" not in client.get("/konto/log-ind/").content.decode()


@pytest.mark.django_db
def test_the_session_key_changes_at_an_oidc_login(client, oidc):
    callback = provider_login(client, oidc, "staff", "rikke")
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.get(callback)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before != after
    assert not Session.objects.filter(session_key=before).exists()


@pytest.mark.django_db
def test_staff_can_be_kept_from_passwords(client, oidc, settings):
    settings.PASSWORD_LOGIN_FOR_STAFF = False
    UserFactory(username="redaktoer", role=Role.EDITOR)
    UserFactory(username="borger", role=Role.REGISTERED)
    page = client.get("/konto/log-ind/").content.decode()
    assert "Kommunens medarbejdere logger ind med deres arbejdslogin" in page
    staff = client.post("/konto/log-ind/", {"username": "redaktoer", "password": "secret-pass-123"})
    assert staff.status_code == 200
    assert "_auth_user_id" not in client.session
    citizen = client.post("/konto/log-ind/", {"username": "borger", "password": "secret-pass-123"})
    assert citizen.status_code == 302
    client.post("/konto/log-ud/")
    # The work account still logs staff in.
    assert client.get(provider_login(client, oidc, "staff", "rikke")).status_code == 302


def test_a_mistyped_set_up_fails_the_system_check(settings):
    from uddannelsesby.accounts.checks import check_oidc

    settings.OIDC_PROVIDERS = {}
    settings.OIDC_STAFF_ROLE_MAP = {}
    assert check_oidc() == []
    settings.OIDC_PROVIDERS = {
        "staff": {"issuer": "http://idp.example/", "client_id": "", "client_secret": ""}
    }
    settings.OIDC_STAFF_ROLE_MAP = {"UDD-Redaktoerer": "redaktør"}
    assert [e.id for e in check_oidc()] == ["accounts.E001", "accounts.E002", "accounts.E003"]
    settings.OIDC_STAFF_ROLE_MAP = {}
    assert "accounts.E004" in [e.id for e in check_oidc()]


@pytest.mark.django_db
def test_a_deactivated_user_loses_the_session(client, oidc):
    client.get(provider_login(client, oidc, "citizen", "mads"))
    User.objects.update(is_active=False)
    assert client.get("/bro/min-profil/").wsgi_request.user.is_anonymous
