"""Every recurring job, run with poisoned records of every kind beside good ones.

The jobs come from the one registry (core.scheduling), so a new job must register, and is then
run here: it must queue its next run whatever happens, finish the good items, and record each
item it could not handle where editors see it (the plans dashboard). Each job also says here
what its good items are (EXPECTED): a registered job without an entry fails the test.
"""

import datetime
import inspect
import tarfile
from importlib import import_module

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.core import mail
from django.tasks import Task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uddannelsesby.accounts.models import Organisation, Role
from uddannelsesby.bridge import services as bridge_services
from uddannelsesby.bridge.models import Application, Opportunity, Placement, SavedSearch
from uddannelsesby.core.models import JobFailure
from uddannelsesby.core.scheduling import recurring_jobs
from uddannelsesby.participation.models import Response
from uddannelsesby.plans.models import Activity

from ..bridge.helpers import make_employer, make_opportunity, make_student, pdf_upload
from ..factories import OrganisationFactory, UserFactory
from ..participation.helpers import make_hearing, make_meeting
from ..plans.helpers import make_activity, make_plan
from .mail_backends import REFUSED_DOMAIN

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BAD_ADDRESS = "ejer\r\nBcc: alle@example.com"  # a line break: no e-mail can be built for it
REFUSED = "afvist" + REFUSED_DOMAIN  # the mail server refuses it when the e-mail is sent
CRLF = "Linje et\r\nBcc: alle@example.com\rTo"


def _member(organisation, email, role=Role.PARTNER, *, contact=True):
    user = UserFactory(email=email, role=role)
    user.memberships.create(organisation=organisation, is_contact=contact)
    return user


def poison_plans() -> dict:
    """Overdue activities: one good, and one of each kind of poison."""
    plan = make_plan()
    last = timezone.localdate() - datetime.timedelta(days=200)

    def activity(title, contact_email=None, **fields):
        organisation = OrganisationFactory(kind=Organisation.Kind.INSTITUTION)
        contact = _member(organisation, contact_email) if contact_email else None
        made = make_activity(plan, organisation=organisation, contact=contact, title=title)
        Activity.objects.filter(pk=made.pk).update(**({"last_update_on": last} | fields))
        return made

    return {
        "good": activity("God aktivitet", "god@example.dk"),
        "year_9999": activity("År 9999", "fjern@example.dk", last_update_on=None,
                              starts_on=datetime.date(9999, 11, 1)),
        "crlf_title": activity(CRLF, "linje@example.dk"),
        "huge_cadence": activity("Stor kadence", "kadence@example.dk", cadence=32767),
        "bad_address": activity("Dårlig adresse", BAD_ADDRESS),
        "refused": activity("Afvist adresse", REFUSED),
        "no_contact": activity("Ingen kontakt"),
    }  # fmt: skip


def poison_bridge() -> dict:
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=2)
    good = make_opportunity(title="Godt opslag", deadline=soon)
    bad_employer = make_employer(member=UserFactory(role=Role.PARTNER, email=BAD_ADDRESS))
    bad = make_opportunity(bad_employer, title="Dårlig kontakt", deadline=soon)
    refused_employer = make_employer(member=UserFactory(role=Role.PARTNER, email=REFUSED))
    refused = make_opportunity(refused_employer, title="Afvist kontakt", deadline=soon)
    crlf = make_opportunity(title=CRLF, deadline=soon)
    nobody = make_opportunity(title="Ingen medlemmer", deadline=soon)
    nobody.employer.organisation.memberships.all().delete()  # a missing relation
    Placement.objects.create(opportunity=good, year=9999, kind=good.kind, source="reported")
    earlier = timezone.now() - datetime.timedelta(days=1)
    searches = {}
    for key, name, query in [
        ("good_search", "Alt", {}),
        ("crlf_search", CRLF, {}),
        ("huge_programme", "Stor id", {"programme": "9223372036854775808"}),
    ]:
        student = make_student()
        searches[key] = bridge_services.saved_search_create(
            user=student.user, name=name, query=query
        )
    SavedSearch.objects.update(alerted_until=earlier)
    Opportunity.objects.update(published_at=earlier + datetime.timedelta(hours=1))
    # Applications past the retention period (and one within it) for bridge.retention.
    past = make_opportunity(title="Gammelt opslag", deadline=today - datetime.timedelta(days=400))
    applications = {}
    for key, message, cv in [
        ("old_good", "Hej", pdf_upload()),
        ("old_crlf", CRLF, None),
        ("old_cv_gone", "Hej", pdf_upload()),
        ("recent", "Hej", pdf_upload()),
    ]:
        student = make_student(cv=cv) if cv else make_student()
        applications[key] = Application.objects.create(
            opportunity=past, student=student, message=message, cv=student.cv.name or ""
        )
    applications["old_cv_gone"].cv.storage.delete(applications["old_cv_gone"].cv.name)
    old = timezone.now() - datetime.timedelta(days=300)
    Application.objects.exclude(pk=applications["recent"].pk).update(updated_at=old)
    return {
        "good": good,
        "bad_address": bad,
        "refused": refused,
        "crlf_title": crlf,
        "no_contact": nobody,
        **searches,
        **applications,
    }


def poison_participation() -> dict:
    old = make_hearing(open_=False)
    good = Response.objects.create(hearing=old, name="Karen", email="k@example.dk", text="Tekst")
    crlf = Response.objects.create(hearing=old, name=CRLF, email=BAD_ADDRESS, text=CRLF)
    missing_file = Response.objects.create(
        hearing=old, name="Bo", email="bo@example.dk", text="Bilag", attachment="mangler/fil.pdf"
    )
    return {"good": good, "crlf": crlf, "missing_file": missing_file}


def poison_follow() -> dict:
    """Followers of a hearing: at once and weekly, each with a good, a broken and a refused
    address; a meeting with a line break in its title announced now, and one last week."""
    from uddannelsesby.follow.models import Event, Subscription
    from uddannelsesby.follow.targets import target_key

    hearing = make_hearing()
    recent = make_meeting(hearing=hearing, title=CRLF)
    last_week = make_meeting(hearing=hearing, title="Sidste uges møde")
    now = timezone.now()
    Event.objects.filter(title=last_week.title).update(created_at=now - datetime.timedelta(days=7))
    Event.objects.filter(kind="hearing_opened").update(created_at=now - datetime.timedelta(days=20))
    content_type, object_id = target_key(hearing)
    made = {}
    for frequency in ("immediate", "weekly"):
        addresses = [
            ("good", f"{frequency}@example.dk"),
            ("bad_address", frequency + BAD_ADDRESS),
            ("refused", f"{frequency}{REFUSED}"),
        ]
        for key, email in addresses:
            made[f"{frequency}_{key}"] = Subscription.objects.create(
                email=email, content_type=content_type, object_id=object_id, title=CRLF,
                frequency=frequency, created_at=now - datetime.timedelta(days=30),
                confirmed_at=now - datetime.timedelta(days=30),
            )  # fmt: skip
    made["unconfirmed"] = Subscription.objects.create(
        email="glemt@example.dk", content_type=content_type, object_id=object_id, title="x",
        created_at=now - datetime.timedelta(days=60),
    )  # fmt: skip
    assert recent.pk
    return made


def _expect_follow(world, outbox, frequency) -> set[str]:
    addressed = [address for message in outbox for address in message.to]
    assert addressed.count(f"{frequency}@example.dk") == 1
    for message in outbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
    return {
        f"follow.subscription:{world[f'{frequency}_{key}'].pk}"
        for key in ("bad_address", "refused")
    }


def expect_follow_notices(world, outbox) -> set[str]:
    return _expect_follow(world, outbox, "immediate")


def expect_follow_digests(world, outbox) -> set[str]:
    return _expect_follow(world, outbox, "weekly")


def expect_follow_retention(world, outbox) -> set[str]:
    from uddannelsesby.follow.models import Subscription

    assert not Subscription.objects.filter(pk=world["unconfirmed"].pk).exists()
    assert Subscription.objects.filter(pk=world["weekly_good"].pk).exists()
    return set()


def poison_core(backup_dir) -> dict:
    """Scheduled backups: three old ones beyond BACKUP_KEEP (2), one of them a folder that
    cannot be deleted like a file."""
    backup_dir.mkdir(parents=True)
    old = [backup_dir / f"uddannelsesby-2025010{day}-030000.tar.gz" for day in (1, 2, 3)]
    for path in old[1:]:
        path.write_bytes(b"an old backup")
    old[0].mkdir()  # the poison: in the way, and not a file
    (old[0] / "x").write_bytes(b"")
    return {"dir": backup_dir, "old": old}


def expect_core(world, outbox) -> set[str]:
    found = sorted(world["dir"].glob("uddannelsesby-*.tar.gz"))
    new = [path for path in found if path not in world["old"]]
    assert len(new) == 1  # a backup of this run, a real archive
    with tarfile.open(new[0], "r:gz") as archive:
        assert "manifest.json" in archive.getnames()
    assert world["old"][0].exists()  # could not be deleted: recorded
    assert not world["old"][1].exists()  # beyond the two kept: deleted
    assert world["old"][2].exists()  # the newest old one is kept with the new one
    return {f"backup:{world['old'][0].name}"}


def poison_accounts() -> dict:
    """Login logs (django-axes): old ones, one of them odd, beside recent and future ones."""
    now = timezone.now()
    old = now - datetime.timedelta(days=400)
    rows = {}
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        extra = {"get_data": CRLF, "post_data": "", "failures_since_start": 32767}
        extra = extra if model is AccessAttempt else {}
        for key, when, fields in [
            ("old", old, {"username": "gammel", "ip_address": "10.0.0.1"}),
            ("old_odd", old, {"username": CRLF, "ip_address": None, "user_agent": CRLF}),
            ("recent", now, {"username": "ny", "ip_address": "2001:db8::1"}),
            ("future", now.replace(year=9999), {"username": "fremtid", "ip_address": None}),
        ]:
            defaults = {"user_agent": "", "http_accept": "", "path_info": "/"}
            row = model.objects.create(**(defaults | fields | extra))
            model.objects.filter(pk=row.pk).update(attempt_time=when)
            rows[f"{model._meta.model_name}:{key}"] = row
    return rows


def expect_accounts(world, outbox) -> set[str]:
    for name, row in world.items():
        exists = type(row).objects.filter(pk=row.pk).exists()
        assert exists == name.endswith(("recent", "future")), name
    return set()


def expect_plans(world, outbox) -> set[str]:
    addressed = {address for message in outbox for address in message.to}
    assert {"god@example.dk", "linje@example.dk"} <= addressed
    assert not addressed & {"fjern@example.dk", "kadence@example.dk"}  # never due
    for key in ("good", "crlf_title"):
        assert Activity.objects.get(pk=world[key].pk).overdue_reminder_sent_on is not None
    for key in ("bad_address", "refused"):  # not marked as sent: the next run tries again
        assert Activity.objects.get(pk=world[key].pk).overdue_reminder_sent_on is None
    return {f"plans.activity:{world[key].pk}" for key in ("bad_address", "refused")}


def expect_bridge(world, outbox) -> set[str]:
    subjects = " | ".join(message.subject for message in outbox)
    assert "Godt opslag" in subjects
    assert "Linje et Bcc: alle@example.com To" in subjects  # the title on one line
    assert sum("Linje et" in message.subject for message in outbox) == 1  # the opportunity
    for key in ("good_search", "crlf_search"):  # one alert each (its subject names no search)
        assert sum(world[key].user.email in message.to for message in outbox) == 1
    for key in ("good", "crlf_title"):
        assert Opportunity.objects.get(pk=world[key].pk).deadline_reminder_sent_on is not None
    for key in ("bad_address", "refused"):
        assert Opportunity.objects.get(pk=world[key].pk).deadline_reminder_sent_on is None
    # An id beyond the database's range is ignored like any unknown filter (core.fields.parse_int).
    assert sum(world["huge_programme"].user.email in message.to for message in outbox) == 1
    return {f"bridge.opportunity:{world[key].pk}" for key in ("bad_address", "refused")}


def expect_bridge_retention(world, outbox) -> set[str]:
    for key in ("old_good", "old_crlf", "old_cv_gone", "recent"):
        application = Application.objects.get(pk=world[key].pk)
        expired = application.expired_at is not None
        assert expired == (key != "recent"), key
        assert (application.message == "", application.cv.name == "") == (expired, expired), key
    return set()


def expect_participation(world, outbox) -> set[str]:
    for key in ("good", "crlf", "missing_file"):
        response = Response.objects.get(pk=world[key].pk)
        assert (response.name, response.email, response.anonymised_at is not None) == (
            "",
            "",
            True,
        )
    return set()


def expect_heartbeat(world, outbox) -> set[str]:
    """The heartbeat has no items of its own: it only has to finish and queue the next beat."""
    return set()


EXPECTED = {
    "core.backups": expect_core,
    "core.heartbeat": expect_heartbeat,
    "accounts.login_log_retention": expect_accounts,
    "plans.reminders": expect_plans,
    "bridge.notices": expect_bridge,
    "bridge.retention": expect_bridge_retention,
    "participation.retention": expect_participation,
    "follow.notices": expect_follow_notices,
    "follow.digests": expect_follow_digests,
    "follow.retention": expect_follow_retention,
}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.PARTICIPATION_RETENTION_DAYS = 10
    settings.MAILERS = {"default": {"BACKEND": "tests.core.mail_backends.RefusingBackend"}}
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEEP = 2
    settings.MEDIA_ROOT = tmp_path / "media"
    return {
        "core": poison_core(settings.BACKUP_DIR),
        "accounts": poison_accounts(),
        "plans": poison_plans(),
        "bridge": poison_bridge(),
        "participation": poison_participation(),
        "follow": poison_follow(),
    }


def test_every_recurring_task_is_registered():
    """A task that queues its own next run (it takes `reschedule`) must be in the registry."""
    registered = {job.task.module_path for job in recurring_jobs().values()}
    found = set()
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.tasks")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, Task) and "reschedule" in inspect.signature(value.func).parameters:
                found.add(value.module_path)
    assert found
    assert found <= registered
    assert set(EXPECTED) == set(recurring_jobs())  # each job says what its good items are


@pytest.mark.parametrize("name", sorted(recurring_jobs()))
def test_a_poisoned_record_stops_nothing(
    name, world, settings, editor_client, django_capture_on_commit_callbacks
):
    job = recurring_jobs()[name]
    settings.TASKS = DATABASE_TASKS
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        result = job.task.call(reschedule=True)  # as the worker runs it

    failed = EXPECTED[name](world[name.split(".")[0]], mail.outbox)
    assert result.get("failed", 0) == len(failed)

    (queued,) = DBTaskResult.objects.filter(task_path=job.task.module_path, status="READY")
    assert queued.run_after >= started + job.interval - datetime.timedelta(minutes=1)
    assert queued.args_kwargs["kwargs"] == {"reschedule": True}

    recorded = JobFailure.objects.filter(job=name)
    assert {failure.item for failure in recorded} == failed
    page = editor_client.get("/handleplaner/oversigt/").content.decode()
    for failure in recorded:
        assert not {"\r", "\n"} & set(failure.description)
        assert failure.description in page or failure.item in page

    # The next run goes through the same items: the good ones are not sent twice, the failure
    # is counted again on the same line.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job.task.call(reschedule=False)
    assert {failure.item for failure in JobFailure.objects.filter(job=name, count=2)} == failed


def test_a_run_that_fails_as_a_whole_still_queues_the_next(db, settings, editor_client):
    """What no item catches (here: the body itself raises) is recorded for the whole run."""
    from uddannelsesby.core import scheduling

    settings.TASKS = DATABASE_TASKS
    template = recurring_jobs()["plans.reminders"]

    def broken(run):
        raise RuntimeError("the database went away")

    job = scheduling.RecurringJob(
        name="test.broken", label="Broken", task=template.task, interval=template.interval,
        body=broken,
    )  # fmt: skip
    scheduling.recurring_job_register(job)
    try:
        assert scheduling.recurring_job_run("test.broken", reschedule=True) == {"failed": 1}
    finally:
        del scheduling._REGISTRY["test.broken"]
    assert DBTaskResult.objects.filter(task_path=job.task.module_path, status="READY").exists()
    (failure,) = JobFailure.objects.filter(job="test.broken")
    assert failure.error == "RuntimeError: the database went away"
    page = editor_client.get("/handleplaner/oversigt/").content.decode()
    assert "Hele kørslen" in page
    assert "RuntimeError: the database went away" in page
