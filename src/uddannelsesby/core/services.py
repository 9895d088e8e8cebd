from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import HistoryEntry, SiteSettings
from .site import default_site, site_settings_forget


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


SITE_FIELDS = {"name", "place_name", "code", "address", "email", "phone", "theme", "logo"}


def site_settings_save(*, actor, **fields: Any):
    """Create or change the site settings (the one row); the cache forgets the old ones.

    `logo`: a new file, False to remove the logo, or absent to keep it. The caller has checked
    the values (setup.forms; setup.services.site_onboard checks the municipality code)."""
    unknown = set(fields) - SITE_FIELDS
    if unknown:
        raise TypeError(f"Unknown site settings: {sorted(unknown)}")
    with transaction.atomic():
        row = SiteSettings.objects.select_for_update().filter(pk=SiteSettings.SINGLETON).first()
        created = row is None
        if created:
            defaults = default_site()
            row = SiteSettings(
                pk=SiteSettings.SINGLETON,
                **{name: getattr(defaults, name) for name in SITE_FIELDS - {"logo"}},
            )
        logo = fields.pop("logo", None)
        changes = {k: [str(v[0]), str(v[1])] for k, v in model_changes(row, fields).items()}
        for name, value in fields.items():
            setattr(row, name, value)
        old_logo = row.logo.name if row.logo else ""
        if logo is False:
            row.logo = ""
        elif logo:
            row.logo.save(logo.name, logo, save=False)
        if (row.logo.name or "") != old_logo:
            changes["logo"] = [old_logo, row.logo.name or ""]
        row.save()
        if created or changes:
            history_record(
                target=row,
                actor=actor,
                action=_("Created the site settings")
                if created
                else _("Changed the site settings"),
                changes=changes,
            )
        site_settings_forget()
        transaction.on_commit(site_settings_forget)
    return row
