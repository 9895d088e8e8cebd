"""What can be followed, how it is named in a URL ("hearing/12"), and who may follow it."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from .models import MEETING_SERIES

# The name in the follow URL -> the model label. "moeder/0" is the series of citizen meetings.
KINDS = {
    "politik": "policies.policy",
    "fokusomraade": "policies.focusarea",
    "indsats": "policies.commitment",
    "handleplan": "plans.actionplan",
    "hoering": "participation.hearing",
    "moede": "participation.meeting",
    "indikator": "indicators.indicator",
}
LABEL_KIND = {label: kind for kind, label in KINDS.items()}


class MeetingSeries:
    """The series of all citizen meetings, followed as one thing."""

    pk = 0
    _meta = None

    def __str__(self):
        return _("Citizen meetings")

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:meetings")


def target_key(obj) -> tuple[ContentType, int]:
    if isinstance(obj, MeetingSeries):
        return ContentType.objects.get_by_natural_key(*MEETING_SERIES[0].split(".")), 0
    return ContentType.objects.get_for_model(obj), obj.pk


def target_kind(obj) -> str:
    if isinstance(obj, MeetingSeries):
        return "moede"
    return LABEL_KIND[obj._meta.label_lower]


def target_get(kind: str, pk: int):
    """The followable thing, or None if there is no such kind or object."""
    label = KINDS.get(kind)
    if label is None:
        return None
    if label == MEETING_SERIES[0] and pk == 0:
        return MeetingSeries()
    model: type[models.Model] = apps.get_model(label)
    return model._default_manager.filter(pk=pk).first()


def _policy_of(obj):
    label = obj._meta.label_lower
    if label == "policies.policy":
        return obj
    if label == "policies.focusarea":
        return obj.policy
    if label == "policies.commitment":
        return obj.focus_area.policy
    if label == "plans.actionplan":
        return obj.policy
    return None


def target_visible(user, obj) -> bool:
    """Only what the person may read can be followed (a draft policy cannot)."""
    if isinstance(obj, MeetingSeries):
        return True
    if obj._meta.label_lower == "plans.actionplan" and not obj.is_public:
        return user.has_perm("policies.view_drafts")
    policy = _policy_of(obj)
    if policy is not None:
        return user.has_perm("policies.view_policy", policy)
    return True


def target_title(obj) -> str:
    label = getattr(obj._meta, "label_lower", "") if obj._meta else ""
    if label == "plans.actionplan":
        return f"{obj.policy.title}: {obj}"
    if label == "indicators.indicator":
        return obj.name
    return str(obj)
