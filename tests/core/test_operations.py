"""Operations: /healthz, /readyz, /metrics, the worker's heartbeat, JSON logs in production, and
the reminders job run by two workers at once (issue 12)."""

import datetime
import io
import json
import os
import subprocess
import sys
import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uddannelsesby.accounts.models import Organisation, Role
from uddannelsesby.core.scheduling import recurring_job_run, recurring_jobs
from uddannelsesby.core.tasks import HEARTBEAT_JOB, worker_heartbeat
from uddannelsesby.plans.models import Activity

from ..factories import OrganisationFactory, UserFactory
from ..plans.helpers import make_activity, make_plan

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _beat(**fields):
    values = {
        "task_path": worker_heartbeat.module_path,
        "status": TaskResultStatus.SUCCESSFUL,
        "args_kwargs": {"args": [], "kwargs": {}},
        "backend_name": "default",
        "run_after": timezone.now(),
        "finished_at": timezone.now(),
    } | fields
    return DBTaskResult.objects.create(**values)


# /healthz --------------------------------------------------------------------------------------


def test_healthz_answers_without_the_database(client):
    """No `db` fixture: any query would fail the test."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


# /readyz ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_is_ready_with_database_cache_and_a_recent_heartbeat(client):
    _beat()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }


@pytest.mark.django_db
def test_readyz_fails_without_a_heartbeat_or_with_an_old_one(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("failed:")
    settings.READYZ_WORKER_MINUTES = 5
    _beat(finished_at=timezone.now() - datetime.timedelta(minutes=6))
    assert client.get("/readyz").status_code == 503
    _beat(finished_at=timezone.now() - datetime.timedelta(minutes=4))
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_fails_when_the_cache_is_unreachable(client, settings):
    _beat()
    settings.CACHES = {
        "default": {
            "BACKEND": "uddannelsesby.core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["cache"].startswith("failed: ")


def test_readyz_fails_when_the_database_is_unreachable(client):
    """No `db` fixture: pytest-django refuses every query, as a database that is down does."""
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("failed: ")


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_and_prunes_old_beats(client, settings):
    """The real worker runs the scheduled heartbeat; /readyz then answers 200."""
    settings.TASKS = DATABASE_TASKS
    old = _beat(finished_at=timezone.now() - datetime.timedelta(hours=2))
    assert client.get("/readyz").status_code == 503
    call_command("schedule", stdout=io.StringIO())
    call_command("schedule", stdout=io.StringIO())
    queued = Counter(
        DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    )
    assert queued == Counter({job.task.module_path: 1 for job in recurring_jobs().values()})

    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)

    assert client.get("/readyz").status_code == 200
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()  # older than an hour: pruned
    (following,) = DBTaskResult.objects.filter(
        task_path=worker_heartbeat.module_path, status="READY"
    )
    assert following.run_after > timezone.now()


def test_the_heartbeat_is_a_registered_job():
    assert recurring_jobs()[HEARTBEAT_JOB].task is worker_heartbeat


# /metrics --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_only_for_the_monitoring_host(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.20.0.0/16"]
    client.get("/")  # counted, by the URL's name
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'uddannelsesby_http_requests_total{method="GET",status="200",view="core:home"}' in text
    assert "uddannelsesby_http_request_duration_seconds_bucket" in text
    assert "uddannelsesby_tasks_waiting" in text
    assert "uddannelsesby_worker_heartbeat_age_seconds" in text
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200

    for remote, forwarded in [
        ("203.0.113.9", ""),  # any other host
        ("127.0.0.1", "203.0.113.9"),  # through our own proxy, from outside
        ("127.0.0.1", "127.0.0.1, 203.0.113.9"),  # claiming to be local in the header
        ("203.0.113.9", "127.0.0.1"),  # the header from an untrusted client is not read
    ]:
        response = client.get("/metrics", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 404, (remote, forwarded)
        assert b"uddannelsesby_" not in response.content


# Production settings: JSON logs, probes over plain HTTP ----------------------------------------

PROD_SCRIPT = """
import logging, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
print("healthz", client.get("/healthz").status_code)
print("home", client.get("/", secure=False).status_code)
logging.getLogger("uddannelsesby.test").warning("Hello %s", "operator", extra={"node": "a"})
"""


def test_production_logs_are_json_and_probes_are_not_redirected():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "uddannelsesby.config.settings.prod",
        "SECRET_KEY": "s" * 60,
        "SECURE_SSL_REDIRECT": "1",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROD_SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "healthz 200" in done.stdout
    assert "home 301" in done.stdout  # everything else goes to HTTPS
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    (record,) = [line for line in lines if line.get("logger") == "uddannelsesby.test"]
    assert record["level"] == "WARNING"
    assert record["message"] == "Hello operator"
    assert record["node"] == "a"
    assert record["time"].endswith("+00:00")


# Two workers, one reminder ---------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks, as in production"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_a_reminder_twice(settings):
    """Two workers run the reminders job at the same moment, over the same overdue activities:
    each reminder goes out exactly once."""
    settings.MAILERS = {"default": {"BACKEND": "tests.core.mail_backends.SlowBackend"}}
    plan = make_plan()
    emails = []
    for n in range(12):
        organisation = OrganisationFactory(kind=Organisation.Kind.INSTITUTION)
        contact = UserFactory(email=f"kontakt{n}@example.dk", role=Role.PARTNER)
        contact.memberships.create(organisation=organisation, is_contact=True)
        make_activity(plan, organisation=organisation, contact=contact, title=f"A{n}")
        emails.append(contact.email)
    Activity.objects.update(last_update_on=timezone.localdate() - datetime.timedelta(days=200))
    mail.outbox = []
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait()
            results.append(recurring_job_run("plans.reminders"))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    sent = Counter(address for message in mail.outbox for address in message.to)
    assert sent == Counter(dict.fromkeys(emails, 1))
    assert sum(result["overdue"] for result in results) == len(emails)
    assert not Activity.objects.filter(overdue_reminder_sent_on=None).exists()


def test_another_mail_backend_takes_no_smtp_options(tmp_path):
    """EMAIL_BACKEND may name a back-end that is not SMTP (deploy/cluster.sh writes e-mails to
    files): it must not be handed the SMTP server's options."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "uddannelsesby.config.settings.prod",
        "SECRET_KEY": "s" * 60,
        "DATABASE_URL": "sqlite:///:memory:",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    script = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Emne', 'Tekst', None, ['a@example.dk'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    (written,) = tmp_path.iterdir()
    assert "Subject: Emne" in written.read_text()
