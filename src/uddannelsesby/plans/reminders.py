"""E-mails that keep activities alive: a reminder when an update is due, another when overdue."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from uddannelsesby.core.text import email_subject

from .models import ActionPlan, Activity

NOTICE_DAYS = 7  # the "due" reminder goes out a week before the update is due
OVERDUE_DAYS = 14  # the "overdue" reminder, two weeks after


@dataclass
class ReminderCount:
    due: int = 0
    overdue: int = 0


def _recipients(activity: Activity) -> list[str]:
    if activity.contact and activity.contact.email:
        return [activity.contact.email]
    contacts = activity.responsible.memberships.filter(is_contact=True).select_related("user")
    return [m.user.email for m in contacts if m.user.email]


def _send(activity: Activity, kind: str, base_url: str) -> bool:
    recipients = _recipients(activity)
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "activity": activity,
            "kind": kind,
            "url": base_url + activity.get_absolute_url(),
        }
        subject = email_subject(render_to_string("plans/email/reminder_subject.txt", context))
        body = render_to_string("plans/email/reminder.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
    return True


def reminder_kind(activity: Activity, today: datetime.date) -> str | None:
    """ "overdue", "due" or None: which reminder the activity should get today, if any."""
    due_on = activity.update_due_on
    overdue_from = due_on + datetime.timedelta(days=OVERDUE_DAYS)
    if today >= overdue_from:
        return "overdue" if activity.overdue_reminder_sent_on is None else None
    if today >= due_on - datetime.timedelta(days=NOTICE_DAYS):
        return "due" if activity.due_reminder_sent_on is None else None
    return None


@transaction.atomic
def activity_reminders_send(*, today: datetime.date, base_url: str = "") -> ReminderCount:
    """Send each due and overdue reminder once per update cycle. Safe to run any time."""
    count = ReminderCount()
    activities = (
        Activity.objects.exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])
        .exclude(plan__status=ActionPlan.Status.CLOSED)
        .select_related("contact", "responsible", "plan")
        .select_for_update(of=("self",))
    )
    for activity in activities:
        kind = reminder_kind(activity, today)
        if kind and _send(activity, kind, base_url):
            setattr(activity, f"{kind}_reminder_sent_on", today)
            activity.save(update_fields=[f"{kind}_reminder_sent_on"])
            setattr(count, kind, getattr(count, kind) + 1)
    return count
