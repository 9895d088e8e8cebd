from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import HistoryEntry


def history_record(
    *, target: models.Model, actor, action: str, changes: dict[str, Any] | None = None
) -> HistoryEntry:
    """Write one line of an object's change history. Call inside the service's transaction."""
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        changes=changes or {},
    )


def model_changes(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of `data` whose value differs from the instance, as {field: [old, new]}."""
    return {
        name: [getattr(instance, name), value]
        for name, value in data.items()
        if getattr(instance, name) != value
    }
