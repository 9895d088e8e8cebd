"""E-mails that keep activities alive: a reminder when an update is due, another when overdue.

A reminder goes to someone who can act on it: the activity's contact person if they belong to
the responsible organisation or to the municipality, otherwise the organisation's contact
persons; and only to people who may see the plan (a partner cannot see a draft plan, see
rules.py). Activities with nobody to remind are counted by reason and listed for editors.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

import rules
from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from uddannelsesby.accounts.models import Membership, Organisation, Role, User
from uddannelsesby.core.scheduling import JobRun, mail_prepare

from .models import ActionPlan, Activity

NOTICE_DAYS = 7  # the "due" reminder goes out a week before the update is due
OVERDUE_DAYS = 14  # the "overdue" reminder, two weeks after

# Why an activity has nobody to remind, as the command and the dashboard say it.
SKIP_REASONS = {
    "no_contact": _("no contact person with an e-mail address"),
    "outside": _(
        "the contact person belongs neither to the responsible organisation nor to the municipality"
    ),
    "hidden_plan": _("the plan is a draft that the contact persons cannot see"),
}


@dataclass
class ReminderCount:
    due: int = 0
    overdue: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> activities

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def _is_municipal_staff(user: User) -> bool:
    return user.role in (Role.EDITOR, Role.ADMIN) or any(
        m.organisation.kind == Organisation.Kind.MUNICIPAL_UNIT for m in user.memberships.all()
    )


def _belongs(user: User, activity: Activity) -> bool:
    return any(m.organisation_id == activity.responsible_id for m in user.memberships.all())


def reminder_recipients(activity: Activity) -> tuple[list[str], str | None]:
    """(addresses, None), or ([], the reason in SKIP_REASONS why nobody can be reminded)."""
    users, reason = _reminder_users(activity)
    return [u.email for u in users], reason


def _reminder_users(activity: Activity) -> tuple[list[User], str | None]:
    """(people, None), or ([], the reason in SKIP_REASONS why nobody can be reminded)."""
    candidates: list[User] = []
    outside = False
    contact = activity.contact
    if contact is not None and contact.is_active and contact.email:
        if _belongs(contact, activity) or _is_municipal_staff(contact):
            candidates = [contact]
        else:
            outside = True
    if not candidates:
        candidates = [
            m.user
            for m in activity.responsible.memberships.all()
            if m.is_contact and m.user.is_active and m.user.email
        ]
    if not candidates:
        return [], "outside" if outside else "no_contact"
    # The rule itself (no query per person): the plan must be one this person may see.
    visible = [u for u in candidates if rules.has_perm("plans.view_plan", u, activity.plan)]
    if not visible:
        return [], "hidden_plan"
    return visible, None


def reminder_kind(activity: Activity, today: datetime.date) -> str | None:
    """ "overdue", "due" or None: which reminder the activity should get today, if any."""
    due_on = activity.update_due_on
    if due_on >= datetime.date.max - datetime.timedelta(days=OVERDUE_DAYS):
        return None  # so far ahead that it is never due
    overdue_from = due_on + datetime.timedelta(days=OVERDUE_DAYS)
    if today >= overdue_from:
        return "overdue" if activity.overdue_reminder_sent_on is None else None
    if today >= due_on - datetime.timedelta(days=NOTICE_DAYS):
        return "due" if activity.due_reminder_sent_on is None else None
    return None


def remindable_activities():
    """Open activities of plan years not closed, with what deciding the recipients needs."""
    return (
        Activity.objects.exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])
        .exclude(plan__status=ActionPlan.Status.CLOSED)
        .select_related("contact", "responsible", "plan__policy")
        .prefetch_related(
            "contact__memberships__organisation",
            Prefetch(
                "responsible__memberships",
                queryset=Membership.objects.select_related("user").prefetch_related(
                    "user__memberships__organisation"
                ),
            ),
        )
    )


def activities_without_recipient(today: datetime.date) -> list[tuple[Activity, str]]:
    """Activities whose update is due or overdue and that have nobody a reminder can reach,
    each with the reason (a label of SKIP_REASONS)."""
    result = []
    for activity in remindable_activities().order_by("pk"):
        due_on = activity.update_due_on
        if due_on == datetime.date.max or today < due_on - datetime.timedelta(days=NOTICE_DAYS):
            continue
        _recipients, reason = reminder_recipients(activity)
        if reason:
            result.append((activity, SKIP_REASONS[reason]))
    return result


def _send(activity: Activity, kind: str, recipients: list[User], base_url: str) -> None:
    """One e-mail to each recipient, greeting that person (who may be one of the organisation's
    contact persons rather than the activity's contact)."""
    messages, addresses = [], set()
    with translation.override(settings.LANGUAGE_CODE):
        for user in recipients:
            if user.email.lower() in addresses:
                continue
            addresses.add(user.email.lower())
            context = {
                "activity": activity,
                "kind": kind,
                "recipient": user,
                "url": base_url + activity.get_absolute_url(),
            }
            subject = render_to_string("plans/email/reminder_subject.txt", context)
            body = render_to_string("plans/email/reminder.txt", context)
            messages.append(mail_prepare(subject, body, [user.email]))
    # Sent inside the activity's own transaction (see activity_reminders_send): if an e-mail
    # is refused, the reminder is not marked as sent, and the next run tries again. All are
    # built before the first is sent, so a bad address stops them all.
    for message in messages:
        message.send()


def activity_reminders_send(
    *, today: datetime.date, base_url: str = "", run: JobRun | None = None
) -> ReminderCount:
    """Send each due and overdue reminder once per update cycle. Safe to run any time.

    Each activity is handled on its own (one transaction each): one that fails is recorded by
    the run and skipped, and the others are still reminded."""
    run = run or JobRun("plans.reminders")
    count = ReminderCount()
    items = remindable_activities().order_by("pk").values_list("pk", "title")
    for pk, title in items:
        with run.item(key=f"plans.activity:{pk}", description=title):
            activity = remindable_activities().select_for_update(of=("self",)).filter(pk=pk).first()
            if activity is None:  # done or deleted meanwhile
                continue
            kind = reminder_kind(activity, today)
            if not kind:
                continue
            recipients, reason = _reminder_users(activity)
            if reason:
                count.skipped[reason] += 1
                continue
            _send(activity, kind, recipients, base_url)
            setattr(activity, f"{kind}_reminder_sent_on", today)
            activity.save(update_fields=[f"{kind}_reminder_sent_on"])
            setattr(count, kind, getattr(count, kind) + 1)
    return count
