"""What depends on a row, so that deleting it never changes records kept by other apps.

Deleting a commitment used to cascade silently into the activities that serve it and the
verdicts of a completed review, so a closed year and a completed review showed other figures
afterwards. The services now ask `dependants()` first and refuse while anything outside the
row's own parts depends on it; the confirmation page lists what that is. The collector is
Django's own (the one the admin's delete page uses), so a new model that points at a
commitment, a focus area or an activity is found without this code knowing about it, and
the app being deleted from never imports the apps that depend on it.
"""

from dataclasses import dataclass

from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import models, router
from django.utils.text import capfirst
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Dependant:
    kind: str  # the model's verbose name
    label: str
    url: str = ""


def _describe(instance: models.Model, own: tuple[type[models.Model], ...]) -> models.Model:
    """A link row of a many-to-many relation stands for the row at its other end."""
    meta = instance._meta
    if meta.auto_created:
        for field in meta.concrete_fields:
            if field.is_relation and not issubclass(field.related_model, own):
                return getattr(instance, field.name)
    return instance


def dependants(instance: models.Model, *, own: tuple[type[models.Model], ...]) -> list[Dependant]:
    """Every row outside `own` that deleting `instance` would delete, change or be stopped by."""
    collector = NestedObjects(using=router.db_for_write(type(instance)))
    collector.collect([instance])
    found: dict[tuple[str, object], Dependant] = {}
    candidates = [obj for objs in collector.model_objs.values() for obj in objs]
    candidates += list(collector.protected)
    for obj in candidates:
        if isinstance(obj, own):
            continue
        target = _describe(obj, own)
        if isinstance(target, own):
            continue
        key = (target._meta.label, target.pk)
        if key not in found:
            url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
            found[key] = Dependant(capfirst(str(target._meta.verbose_name)), str(target), url)
    return sorted(found.values(), key=lambda d: (d.kind, d.label))


def refuse_if_dependants(instance: models.Model, *, own: tuple[type[models.Model], ...]) -> None:
    found = dependants(instance, own=own)
    if found:
        raise ValidationError(
            _(
                "“%(title)s” cannot be deleted while other records depend on it: "
                "%(examples)s. Remove those links first."
            )
            % {
                "title": instance,
                "examples": "; ".join(f"{d.kind}: {d.label}" for d in found[:5])
                + ("; …" if len(found) > 5 else ""),
            },
            code="has_dependants",
        )
