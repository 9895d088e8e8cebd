"""Every change to action plans, activities and reviews: one function and one transaction each."""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core import events
from uddannelsesby.core.services import history_record, model_changes
from uddannelsesby.policies.models import Commitment, Policy

from .models import ActionPlan, Activity, ActivityUpdate, MidtermReview, ReviewVerdict
from .reports import review_freeze

ACTIVITY_FIELDS = {
    "title", "description", "responsible", "contact", "starts_on", "ends_on", "budget",
    "budget_account", "spent", "status", "progress", "weight", "sdg_targets",
    "municipal_plan_ref", "agenda21_ref", "cadence",
}  # fmt: skip


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _changes(instance, fields: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [_plain(a), _plain(b)] for k, (a, b) in model_changes(instance, fields).items()}


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - ACTIVITY_FIELDS
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")


def _check_commitments(plan: ActionPlan, commitments: list[Commitment]) -> None:
    if not commitments:
        raise ValidationError(_("Choose at least one commitment the activity serves."))
    if any(c.focus_area.policy_id != plan.policy_id for c in commitments):
        raise ValidationError(_("A commitment belongs to another policy."))


def _check_open(plan: ActionPlan) -> None:
    if plan.status == ActionPlan.Status.CLOSED:
        raise ValidationError(_("The plan year is closed and can no longer be changed."))


@transaction.atomic
def plan_create(*, actor, policy: Policy, year: int, introduction: str = "") -> ActionPlan:
    if ActionPlan.objects.filter(policy=policy, year=year).exists():
        raise ValidationError(
            _("The policy already has an action plan for %(year)s.") % {"year": year}
        )
    plan = ActionPlan.objects.create(policy=policy, year=year, introduction=introduction)
    history_record(target=plan, actor=actor, action=_("Created the action plan"))
    return plan


@transaction.atomic
def plan_update(*, actor, plan: ActionPlan, introduction: str) -> ActionPlan:
    _check_open(plan)
    changes = _changes(plan, {"introduction": introduction})
    plan.introduction = introduction
    plan.save(update_fields=["introduction"])
    if changes:
        history_record(target=plan, actor=actor, action=_("Changed the plan"), changes=changes)
    return plan


@transaction.atomic
def plan_adopt(*, actor, plan: ActionPlan, adopted_on: datetime.date) -> ActionPlan:
    plan.status, plan.adopted_on = (
        ActionPlan.objects.select_for_update().values_list("status", "adopted_on").get(pk=plan.pk)
    )
    if plan.status == ActionPlan.Status.ADOPTED and plan.adopted_on == adopted_on:
        return plan  # the same adoption posted twice: taken once
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be adopted."))
    plan.status, plan.adopted_on = ActionPlan.Status.ADOPTED, adopted_on
    plan.save(update_fields=["status", "adopted_on"])
    history_record(target=plan, actor=actor, action=_("Adopted the plan"))
    return plan


def activity_state(activity: Activity) -> dict[str, Any]:
    """What a closed year keeps of an activity."""
    return {
        "id": activity.pk,
        "title": activity.title,
        "status": activity.status,
        "progress": activity.progress,
        "weight": activity.weight,
        "budget": str(activity.budget),
        "spent": str(activity.spent),
        "responsible": activity.responsible.name,
        "commitments": sorted(c.pk for c in activity.commitments.all()),
        "focus_areas": sorted({c.focus_area_id for c in activity.commitments.all()}),
        "budget_account": activity.budget_account,
        "starts_on": _iso(activity.starts_on),
        "ends_on": _iso(activity.ends_on),
        "last_update_on": _iso(activity.last_update_on),
    }


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


@transaction.atomic
def plan_close(*, actor, plan: ActionPlan) -> ActionPlan:
    """Close the year: freeze every activity's state in the plan's snapshot."""
    if plan.status != ActionPlan.Status.ADOPTED:
        raise ValidationError(_("Only an adopted plan can be closed."))
    activities = plan.activities.select_related("responsible").prefetch_related("commitments")
    plan.snapshot = [activity_state(a) for a in activities.order_by("pk")]
    plan.status, plan.closed_at = ActionPlan.Status.CLOSED, timezone.now()
    plan.save(update_fields=["status", "closed_at", "snapshot"])
    history_record(target=plan, actor=actor, action=_("Closed the plan year"))
    return plan


@transaction.atomic
def activity_create(
    *,
    actor,
    plan: ActionPlan,
    commitments: list[Commitment],
    partners: list[Organisation] = (),
    **fields: Any,
) -> Activity:
    _check_fields(fields)
    _check_open(plan)
    _check_commitments(plan, list(commitments))
    fields.setdefault("progress", Activity.SUGGESTED_PROGRESS[fields.get("status", "planned")])
    activity = Activity(plan=plan, **fields)
    activity.full_clean(exclude=["plan", "commitments", "partners"])
    activity.save()
    activity.commitments.set(commitments)
    activity.partners.set(partners)
    history_record(target=activity, actor=actor, action=_("Created the activity"))
    return activity


@transaction.atomic
def activity_update(
    *,
    actor,
    activity: Activity,
    commitments: list[Commitment] | None = None,
    partners: list[Organisation] | None = None,
    **fields: Any,
) -> Activity:
    _check_fields(fields)
    _check_open(activity.plan)
    changes = _changes(activity, fields)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["plan", "commitments", "partners"])
    activity.save()
    if commitments is not None:
        _check_commitments(activity.plan, list(commitments))
        activity.commitments.set(commitments)
    if partners is not None:
        activity.partners.set(partners)
    if changes:
        history_record(
            target=activity, actor=actor, action=_("Changed the activity"), changes=changes
        )
    if "status" in changes:
        _status_announce(activity)
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    _check_open(activity.plan)
    history_record(
        target=activity.plan,
        actor=actor,
        action=_("Deleted the activity “%(title)s”") % {"title": activity.title},
    )
    activity.delete()


@transaction.atomic
def activity_post_update(
    *,
    actor,
    activity: Activity,
    text: str,
    status: str,
    progress: int | None = None,
    date: datetime.date | None = None,
    kind: str = ActivityUpdate.Kind.UPDATE,
    attachment=None,
    attachment_type: str = "",
    spent: Decimal | None = None,
) -> ActivityUpdate:
    """Add to the timeline and bring the activity's status, progress and spending up to date."""
    _check_open(activity.plan)
    if progress is None:
        progress = Activity.SUGGESTED_PROGRESS[status]
    date = date or timezone.localdate()
    update = ActivityUpdate(
        activity=activity,
        kind=kind,
        date=date,
        text=text,
        status=status,
        progress=progress,
        author=actor if actor is not None and actor.is_authenticated else None,
        attachment_type=attachment_type,
    )
    if attachment:
        update.attachment = attachment
    update.save()
    status_changed = activity.status != status
    activity.status, activity.progress = status, progress
    activity.last_update_on = max(date, activity.last_update_on or date)
    activity.due_reminder_sent_on = activity.overdue_reminder_sent_on = None
    fields = [
        "status",
        "progress",
        "last_update_on",
        "due_reminder_sent_on",
        "overdue_reminder_sent_on",
    ]
    if spent is not None:
        activity.spent = spent
        fields.append("spent")
    activity.save(update_fields=fields)
    history_record(
        target=activity,
        actor=actor,
        action=_("Posted an update: %(status)s, %(progress)s %%")
        % {"status": activity.get_status_display(), "progress": progress},
    )
    if status_changed:
        _status_announce(activity)
    return update


def _status_announce(activity: Activity) -> None:
    """Followers of the activity's commitments and of its plan hear of a new status (a
    public plan only: a draft plan's activities are nobody's news yet)."""
    if not activity.plan.is_public:
        return
    with translation.override(settings.LANGUAGE_CODE):
        status = str(activity.get_status_display())
    events.event_announce(
        kind=events.ACTIVITY_STATUS,
        targets=[*activity.commitments.all(), activity.plan],
        title=activity.title,
        url=activity.get_absolute_url(),
        payload={"status": status, "status_code": activity.status},
    )


@transaction.atomic
def review_create(*, actor, policy: Policy, title: str, summary: str = "") -> MidtermReview:
    review = MidtermReview.objects.create(policy=policy, title=title, summary=summary)
    history_record(
        target=policy, actor=actor, action=_("Started the review “%(title)s”") % {"title": title}
    )
    return review


@transaction.atomic
def review_set_verdict(
    *, actor, review: MidtermReview, commitment: Commitment, verdict: str, reason: str
) -> ReviewVerdict:
    if commitment.focus_area.policy_id != review.policy_id:
        raise ValidationError(_("The commitment belongs to another policy."))
    if review.completed_on:
        raise ValidationError(_("The review is completed and can no longer be changed."))
    result, _created = ReviewVerdict.objects.update_or_create(
        review=review, commitment=commitment, defaults={"verdict": verdict, "reason": reason}
    )
    history_record(
        target=review.policy,
        actor=actor,
        action=_("Review verdict on “%(title)s”: %(verdict)s")
        % {"title": commitment.title, "verdict": result.get_verdict_display()},
    )
    return result


@transaction.atomic
def review_complete(*, actor, review: MidtermReview, completed_on: datetime.date) -> MidtermReview:
    """Complete the review and freeze what it shows (verdicts, titles, figures per plan year),
    so that later changes to the policy or the plans never change a completed review."""
    if review.completed_on:
        raise ValidationError(_("The review is completed already."))
    review.completed_on = completed_on
    review.snapshot = review_freeze(review)
    review.save(update_fields=["completed_on", "snapshot"])
    history_record(target=review.policy, actor=actor, action=_("Completed the review"))
    return review
