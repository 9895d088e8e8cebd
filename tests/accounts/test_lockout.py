"""Login throttling (django-axes): 5 failures lock a user name from an address for 30 minutes."""

import logging

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import override_settings

from uddannelsesby.accounts.models import Role

from ..factories import UserFactory

LOGIN = "/konto/log-ind/"


def fail(client, username, times=5, **extra):
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "forkert-kode"}, **extra)
        assert response.status_code in (200, 429)
    return response


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_for_the_right_password(client):
    UserFactory(username="redaktoer-ane", role=Role.EDITOR)
    data = {"username": "redaktoer-ane", "password": "forkert"}
    for _ in range(4):
        assert client.post(LOGIN, data).status_code == 200
    assert client.post(LOGIN, data).status_code == 429
    right = client.post(LOGIN, data | {"password": "secret-pass-123"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    body = right.content.decode()
    assert "30 minutter" in body
    assert "redaktoer-ane" not in body  # the user name is not repeated


@pytest.mark.django_db
def test_four_failures_and_the_right_password_log_in(client):
    UserFactory(username="ane")
    fail(client, "ane", times=4)
    response = client.post(LOGIN, {"username": "ane", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def _message(response) -> str:
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


@pytest.mark.django_db
def test_the_lockout_message_is_the_same_for_an_unknown_user(client):
    UserFactory(username="ane")
    known = fail(client, "ane")
    unknown = fail(client, "bo")
    assert known.status_code == unknown.status_code == 429
    assert _message(known) == _message(unknown)
    assert "For mange" in _message(known) or "for mange" in _message(known)


@pytest.mark.django_db
def test_the_lock_is_per_user_name_and_address(client):
    UserFactory(username="ane")
    UserFactory(username="bo")
    fail(client, "ane")
    # Another user at the same address, and the same user from another address, still log in.
    assert client.post(LOGIN, {"username": "bo", "password": "secret-pass-123"}).status_code == 302
    client.logout()
    other = client.post(
        LOGIN, {"username": "ane", "password": "secret-pass-123"}, REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 302


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_address_is_the_one_our_proxy_saw(client):
    UserFactory(username="ane")
    fail(client, "ane", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # Another client behind the same proxy is not locked.
    other = client.post(
        LOGIN,
        {"username": "ane", "password": "secret-pass-123"},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_every_lock_is_logged(client, caplog):
    UserFactory(username="ane")
    with caplog.at_level(logging.WARNING, logger="uddannelsesby.security"):
        fail(client, "ane")
    records = [r for r in caplog.records if r.name == "uddannelsesby.security"]
    assert len(records) == 1
    assert "ane" in records[0].getMessage()
    assert "127.0.0.1" in records[0].getMessage()
    assert AccessAttempt.objects.get().failures_since_start == 5


@pytest.mark.django_db
def test_an_administrator_unlocks_in_the_admin(client):
    UserFactory(username="ane")
    fail(client, "ane")
    attempt = AccessAttempt.objects.get(username="ane")
    admin = UserFactory(role=Role.ADMIN)
    admin_client = client.__class__()
    admin_client.force_login(admin)
    url = f"/admin/axes/accessattempt/{attempt.pk}/delete/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
    response = client.post(LOGIN, {"username": "ane", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert AccessLog.objects.filter(username="ane").exists()  # axes' access log


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client):
    UserFactory(username="ane")
    fail(client, "ane")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - (settings.AXES_COOLOFF_TIME)
    )
    response = client.post(LOGIN, {"username": "ane", "password": "secret-pass-123"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lockout_page_in_english(client):
    fail(client, "ane")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(LOGIN, {"username": "ane", "password": "x"})
    assert response.status_code == 429
    assert "Logging in is paused" in response.content.decode()
    assert "30 minutes" in response.content.decode()
