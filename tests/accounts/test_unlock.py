"""Administrators lift login locks in the site's own pages; the login logs expire."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from uddannelsesby.accounts.models import Role
from uddannelsesby.accounts.tasks import login_logs_expire
from uddannelsesby.core.models import HistoryEntry
from uddannelsesby.core.scheduling import JobRun

from ..factories import UserFactory
from .test_lockout import LOGIN, fail

LOCKOUTS = "/konto/spaerringer/"


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(role=Role.ADMIN, username="it-drift"))
    return client


def _lift(attempt):
    return f"{LOCKOUTS}{attempt.pk}/ophaev/"


@pytest.mark.django_db
def test_the_list_shows_the_locks_in_force_only(client, admin_client):
    UserFactory(username="ane")
    fail(client, "ane")
    fail(client, "bo", times=3)  # below the limit: not locked
    fail(client, "cy", REMOTE_ADDR="10.1.2.3")
    AccessAttempt.objects.filter(username="cy").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )  # ran out
    page = admin_client.get(LOCKOUTS)
    assert page.status_code == 200
    rows = [lock.username for lock in page.context["lockouts"]]
    assert rows == ["ane"]
    body = page.content.decode()
    assert "ane" in body
    assert "127.0.0.1" in body
    assert "Ophæv pausen" in body
    assert "<td>5</td>" in body
    assert "30 minutter" in body


@pytest.mark.django_db
def test_an_administrator_lifts_a_lock(client, admin_client, caplog):
    ane = UserFactory(username="ane")
    fail(client, "ane")
    fail(client, "ane", REMOTE_ADDR="10.1.2.3")  # the same name from elsewhere: another lock
    attempt = AccessAttempt.objects.get(username="ane", ip_address="127.0.0.1")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="uddannelsesby.security"):
        response = admin_client.post(_lift(attempt), follow=True)
    assert response.redirect_chain == [(LOCKOUTS, 302)]
    assert "Pausen er ophævet" in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "uddannelsesby.security"]
    assert "ane" in record.getMessage()
    assert "127.0.0.1" in record.getMessage()
    (entry,) = HistoryEntry.objects.filter(object_id=ane.pk, action="login unlocked")
    assert entry.actor.username == "it-drift"
    assert entry.changes == {"ip_address": "127.0.0.1", "failures": 5}
    # Only that pair: the lock from the other address stays.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.1.2.3"]

    assert client.post(LOGIN, {"username": "ane", "password": "secret-pass-123"}).status_code == 302

    again = admin_client.post(_lift(attempt), follow=True)  # a second click, or a stale page
    assert again.status_code == 200
    assert "allerede ophævet" in again.content.decode()


@pytest.mark.django_db
def test_a_lock_without_an_address_lifts_only_itself(admin_client):
    now = timezone.now()
    common = {"user_agent": "", "http_accept": "", "path_info": LOGIN, "get_data": "",
              "post_data": "", "failures_since_start": 5}  # fmt: skip
    lonely = AccessAttempt.objects.create(username="ane", ip_address=None, **common)
    AccessAttempt.objects.create(username="ane", ip_address="10.0.0.1", **common)
    AccessAttempt.objects.update(attempt_time=now)
    admin_client.post(_lift(lonely))
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.1"]


@pytest.mark.django_db
def test_only_administrators_lift_locks(client):
    fail(client, "ane")
    attempt = AccessAttempt.objects.get()
    for role in (Role.REGISTERED, Role.PARTNER, Role.EDITOR, Role.COUNCIL):
        other = Client()
        other.force_login(UserFactory(role=role))
        assert other.get(LOCKOUTS).status_code == 403
        assert other.post(_lift(attempt)).status_code == 403
    assert Client().post(_lift(attempt)).status_code == 302  # to the login page
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


@pytest.mark.django_db
def test_lifting_is_a_post(client, admin_client):
    fail(client, "ane")
    attempt = AccessAttempt.objects.get()
    assert admin_client.get(_lift(attempt)).status_code == 405
    assert AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_the_dashboard_links_administrators_to_the_locks(admin_client):
    assert LOCKOUTS in admin_client.get("/handleplaner/oversigt/").content.decode()
    editor = Client()
    editor.force_login(UserFactory(role=Role.EDITOR))
    assert LOCKOUTS not in editor.get("/handleplaner/oversigt/").content.decode()


# --- retention of the logs -------------------------------------------------------------------


def _age(model, days, **fields):
    base = {"user_agent": "", "http_accept": "", "path_info": LOGIN, "ip_address": "10.0.0.1"}
    if model is AccessAttempt:
        base |= {"get_data": "", "post_data": "", "failures_since_start": 5}
    row = model.objects.create(**(base | fields))
    model.objects.filter(pk=row.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=days)
    )
    return row


@pytest.mark.django_db
def test_the_logs_older_than_the_retention_period_are_deleted(client, settings):
    settings.AXES_LOG_RETENTION_DAYS = 90
    UserFactory(username="ane")
    fail(client, "ane")  # a lock in force, its failures and a fresh failure log
    kept = {model: _age(model, 89, username="ny") for model in (AccessLog, AccessFailureLog)}
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        _age(model, 91, username="gammel")
    run = JobRun("accounts.login_log_retention")
    result = login_logs_expire(run)
    assert result == {"accesslog": 1, "accessfailurelog": 1, "accessattempt": 1}
    assert run.failed == 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert not model.objects.filter(username="gammel").exists()
    for model, row in kept.items():
        assert model.objects.filter(pk=row.pk).exists()
    assert AccessAttempt.objects.filter(username="ane").exists()  # still locked
    assert AccessFailureLog.objects.filter(username="ane").count() == 5


@pytest.mark.django_db
def test_the_command_deletes_now(capsys):
    _age(AccessLog, 400)
    call_command("login_logs")
    assert "Deleted 1 logins" in capsys.readouterr().out
    assert not AccessLog.objects.exists()


# --- the login page's words --------------------------------------------------------------------

PROVIDER = {"issuer": "http://127.0.0.1:9/x", "client_id": "x", "client_secret": "s",
            "scopes": "openid", "name": "", "sign_algo": "RS256"}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("providers", "mitid"),
    [({}, False), ({"staff": PROVIDER}, False), ({"citizen": PROVIDER}, True)],
)
def test_the_login_page_offers_mitid_only_when_it_is_set_up(client, settings, providers, mitid):
    settings.OIDC_PROVIDERS = providers
    body = client.get(LOGIN).content.decode()
    assert "uden at logge ind" in body  # reading and hearings need no login
    assert ("Som borger kan du logge ind med MitID" in body) is mitid
