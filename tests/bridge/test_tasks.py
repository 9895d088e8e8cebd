"""The bridge's recurring e-mails: the task, the command, and the indicator it keeps fresh."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from uddannelsesby.bridge import services
from uddannelsesby.bridge.tasks import send_bridge_notices
from uddannelsesby.indicators.models import IndicatorValue

from .helpers import make_opportunity, make_student


def test_the_task_sends_what_is_due_and_publishes_the_indicator(
    db, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    make_opportunity(title="Snart slut", deadline=today + datetime.timedelta(days=2))
    ended = make_opportunity(title="Slut", deadline=today + datetime.timedelta(days=1))
    student = make_student()
    application = services.application_create(student=student, opportunity=ended, message="Hej")
    for status in ("offered", "accepted"):
        services.application_move(
            actor=None, application=application, status=status,
            by_student=status == "accepted",
        )  # fmt: skip
    ended.deadline = today - datetime.timedelta(days=1)
    ended.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = send_bridge_notices.enqueue()  # the test settings run tasks at once

    assert result.return_value == {"reminders": 1, "follow_ups": 1, "alerts": 0}
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2
    assert any("Snart slut" in s for s in subjects)
    assert any("Slut" in s and "Snart" not in s for s in subjects)
    value = IndicatorValue.objects.get(indicator__code="brobygning-placeringer")
    assert (value.area, value.value, value.rank) == ("657", 1.0, None)


def test_the_command_sends_now_and_says_so(db, capsys):
    make_opportunity(deadline=timezone.localdate() + datetime.timedelta(days=1))
    call_command("bridge", "notify")
    assert "Sent 1 deadline reminders, 0 follow-up questions" in capsys.readouterr().out
    call_command("bridge", "notify")
    assert "Sent 0 deadline reminders" in capsys.readouterr().out


def test_scheduling_needs_the_database_worker(db, capsys):
    call_command("bridge", "notify", "--schedule")
    assert "not the database worker" in capsys.readouterr().out
