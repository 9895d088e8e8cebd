import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from uddannelsesby.accounts.models import Organisation, Role
from uddannelsesby.plans import services
from uddannelsesby.plans.reminders import activity_reminders_send, reminder_kind
from uddannelsesby.plans.tasks import send_activity_reminders

from ..factories import OrganisationFactory, UserFactory
from .helpers import make_activity, make_plan

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def overdue_activity(last_update=datetime.date(2026, 1, 10), *, plan=None, contact=None, **fields):
    plan = plan or make_plan()
    organisation = OrganisationFactory(kind=Organisation.Kind.INSTITUTION)
    if contact is None:
        contact = UserFactory(email="ejer@example.dk", first_name="Ejer", role=Role.PARTNER)
        contact.memberships.create(organisation=organisation)
    fields.setdefault("title", "Mentorordning")
    activity = make_activity(plan, contact=contact, organisation=organisation, **fields)
    services.activity_post_update(
        actor=None, activity=activity, text="Start", status="started", date=last_update
    )
    activity.refresh_from_db()
    return activity


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        ("2026-03-30", None),  # quarterly: due on 10 April
        ("2026-04-03", "due"),  # a week before
        ("2026-04-23", "due"),
        ("2026-04-24", "overdue"),  # two weeks after
    ],
)
@pytest.mark.django_db
def test_which_reminder(today, kind):
    activity = overdue_activity()
    assert reminder_kind(activity, datetime.date.fromisoformat(today)) == kind


@pytest.mark.django_db
def test_each_reminder_is_sent_once_per_cycle(django_capture_on_commit_callbacks):
    activity = overdue_activity()
    with django_capture_on_commit_callbacks(execute=True):
        first = activity_reminders_send(today=datetime.date(2026, 4, 5))
        again = activity_reminders_send(today=datetime.date(2026, 4, 6))
        late = activity_reminders_send(today=datetime.date(2026, 5, 1))
    assert (first.due, again.due, late.overdue) == (1, 0, 1)
    assert [m.to for m in mail.outbox] == [["ejer@example.dk"], ["ejer@example.dk"]]
    assert "Mentorordning" in mail.outbox[1].subject
    assert f"/handleplaner/aktivitet/{activity.pk}/" in mail.outbox[1].body


@pytest.mark.django_db
def test_done_activities_and_closed_years_get_no_reminders(django_capture_on_commit_callbacks):
    activity = overdue_activity()
    services.activity_post_update(
        actor=None, activity=activity, text="Slut", status="done", date=datetime.date(2026, 1, 11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        activity_reminders_send(today=datetime.date(2027, 1, 1))
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_overdue_reminder(settings):
    settings.TASKS = DATABASE_TASKS
    activity = overdue_activity(last_update=timezone.localdate() - datetime.timedelta(days=200))
    result = send_activity_reminders.enqueue()
    assert result.status == "READY"  # queued in the database, waiting for the worker
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"due": 0, "overdue": 1}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith(("Overdue", "Forsinket", "Overskredet"))
    activity.refresh_from_db()
    assert activity.overdue_reminder_sent_on == timezone.localdate()
