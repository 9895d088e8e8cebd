import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uddannelsesby.accounts.models import Organisation, Role
from uddannelsesby.core.models import JobFailure
from uddannelsesby.plans import services
from uddannelsesby.plans.models import Activity
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


@pytest.mark.django_db
def test_reminders_reach_only_people_who_can_act_and_see_the_plan(
    django_capture_on_commit_callbacks, capsys
):
    plan = make_plan()
    draft = make_plan(year=2027, status="draft")
    town_hall = OrganisationFactory(kind=Organisation.Kind.MUNICIPAL_UNIT)
    stranger = UserFactory(email="fremmed@example.dk", role=Role.PARTNER)
    clerk = UserFactory(email="kommune@example.dk", role=Role.REGISTERED)
    clerk.memberships.create(organisation=town_hall)
    editor = UserFactory(email="redaktoer@example.dk", role=Role.EDITOR)

    # A contact from outside: the organisation's own contact person gets the reminder instead.
    outside = overdue_activity(plan=plan, contact=stranger, title="Udefra med kontakt")
    colleague = UserFactory(email="kollega@example.dk", role=Role.PARTNER)
    colleague.memberships.create(organisation=outside.responsible, is_contact=True)
    alone = overdue_activity(plan=plan, contact=stranger, title="Udefra uden kontakt")
    municipal = overdue_activity(plan=plan, contact=clerk, title="Kommunal kontakt")
    hidden = overdue_activity(plan=draft, title="Udkast til partner")
    drafted = overdue_activity(plan=draft, contact=editor, title="Udkast til redaktør")
    nobody = overdue_activity(plan=plan, contact=None, title="Ingen")
    Activity.objects.filter(pk=nobody.pk).update(contact=None)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders")
    out = capsys.readouterr().out
    assert "Sent 0 due and 3 overdue reminders." in out
    assert "Skipped 3 activities with nobody to remind" in out
    assert "1: the contact person belongs neither to the responsible organisation" in out
    assert "1: the plan is a draft that the contact persons cannot see" in out
    assert "1: no contact person with an e-mail address" in out
    sent = {message.to[0]: message.subject for message in mail.outbox}
    assert set(sent) == {"kollega@example.dk", "kommune@example.dk", "redaktoer@example.dk"}
    assert "Udefra med kontakt" in sent["kollega@example.dk"]
    assert "fremmed@example.dk" not in sent
    for activity in (alone, hidden, nobody):
        activity.refresh_from_db()
        assert activity.overdue_reminder_sent_on is None
    for activity in (outside, municipal, drafted):
        activity.refresh_from_db()
        assert activity.overdue_reminder_sent_on is not None


@pytest.mark.django_db
def test_the_dashboard_lists_activities_with_nobody_to_remind(client, editor_client):
    plan = make_plan()
    stranger = UserFactory(email="fremmed@example.dk", role=Role.PARTNER)
    overdue_activity(plan=plan, contact=stranger, title="Udefra uden kontakt")
    reached = overdue_activity(plan=plan, title="Med kontakt")
    far = overdue_activity(plan=plan, title="Langt ude")  # started in year 9999: no 500
    Activity.objects.filter(pk=far.pk).update(
        last_update_on=None, starts_on=datetime.date(9999, 11, 1)
    )
    page = editor_client.get("/handleplaner/oversigt/")
    assert page.status_code == 200
    html = page.content.decode()
    unreachable = html[html.index('id="unreachable-caption"') :]
    unreachable = unreachable[: unreachable.index("</table>")]
    assert "Udefra uden kontakt" in unreachable
    assert "Med kontakt" not in unreachable
    assert "Langt ude" not in unreachable
    assert "Why nobody is reminded" in unreachable or "Hvorfor" in unreachable
    # A partner sees the activities of their own organisation only, and no job failures.
    partner = UserFactory(role=Role.PARTNER)
    partner.memberships.create(organisation=reached.responsible)
    client.force_login(partner)
    html = client.get("/handleplaner/oversigt/").content.decode()
    assert "Udefra uden kontakt" not in html
    assert 'id="failures-caption"' not in html


@pytest.mark.django_db(transaction=True)
def test_the_worker_queues_the_next_run_although_an_activity_fails(settings):
    settings.TASKS = DATABASE_TASKS
    good = overdue_activity(last_update=timezone.localdate() - datetime.timedelta(days=200))
    broken_contact = UserFactory(email="ejer\r\n@example.dk", role=Role.PARTNER)
    broken = overdue_activity(
        last_update=timezone.localdate() - datetime.timedelta(days=200),
        contact=broken_contact,
        title="Brudt adresse",
    )
    broken_contact.memberships.create(organisation=broken.responsible)
    send_activity_reminders.enqueue(reschedule=True)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    (done,) = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert done.return_value == {"due": 0, "overdue": 1, "failed": 1}
    (following,) = DBTaskResult.objects.filter(status="READY")
    assert following.run_after > timezone.now() + datetime.timedelta(hours=5)
    assert [m.to for m in mail.outbox] == [["ejer@example.dk"]]
    good.refresh_from_db()
    assert good.overdue_reminder_sent_on == timezone.localdate()
    (failure,) = JobFailure.objects.all()
    assert (failure.job, failure.item) == ("plans.reminders", f"plans.activity:{broken.pk}")
    assert failure.description == "Brudt adresse"


@pytest.mark.django_db
def test_the_command_says_how_many_failed(capsys):
    broken_contact = UserFactory(email="ejer\n@example.dk", role=Role.PARTNER)
    broken = overdue_activity(contact=broken_contact, title="Brudt adresse")
    broken_contact.memberships.create(organisation=broken.responsible)
    overdue_activity(title="God")
    call_command("reminders")
    captured = capsys.readouterr()
    assert "Sent 0 due and 1 overdue reminders." in captured.out
    assert "1 activity failed; see the log and the editors' dashboard." in captured.err
    assert JobFailure.objects.get().item == f"plans.activity:{broken.pk}"


@pytest.mark.django_db
def test_each_reminder_greets_the_person_who_gets_it(django_capture_on_commit_callbacks):
    """A contact from outside the organisation is not greeted in the mails to the organisation's
    contact persons: each of them gets a mail of their own, greeting them (or nobody by name)."""
    stranger = UserFactory(email="fremmed@example.dk", first_name="Fremmed", role=Role.PARTNER)
    outside = overdue_activity(contact=stranger, title="Udefra")
    anna = UserFactory(email="anna@example.dk", first_name="Anna", role=Role.PARTNER)
    nameless = UserFactory(email="kontor@example.dk", first_name="", role=Role.PARTNER)
    for user in (anna, nameless):
        user.memberships.create(organisation=outside.responsible, is_contact=True)
    own = overdue_activity(title="Egen kontakt")  # the contact "Ejer" belongs to the organisation

    with django_capture_on_commit_callbacks(execute=True):
        activity_reminders_send(today=datetime.date(2026, 5, 1))
    greetings = {m.to[0]: m.body.splitlines()[0] for m in mail.outbox}
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert greetings == {
        "anna@example.dk": "Hej Anna,",
        "kontor@example.dk": "Hej,",
        "ejer@example.dk": "Hej Ejer,",
    }
    assert not any("Fremmed" in m.body for m in mail.outbox)
    assert own.title in next(m.subject for m in mail.outbox if m.to == ["ejer@example.dk"])
