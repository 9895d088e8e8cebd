"""Every change to the catalogue: one function and one transaction each, with a history line."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core.pagecache import pages_touch
from uddannelsesby.core.services import history_record, model_changes
from uddannelsesby.core.text import unique_slug

from .models import Block, Event, Housing, Institution, Offer, Programme, StudyPage

INSTITUTION_FIELDS = {
    "name", "kind", "description", "street_address", "postal_code", "city", "website", "email",
    "phone", "accessibility",
}  # fmt: skip
PROGRAMME_FIELDS = {
    "institution", "title_da", "title_en", "description_da", "description_en", "level", "field",
    "duration_months", "ects", "language", "intake_months", "admission", "url",
}  # fmt: skip
HOUSING_FIELDS = {
    "name", "kind", "description", "street_address", "postal_code", "city", "rent_min",
    "rent_max", "size_min", "size_max", "waiting_list", "website", "accessibility",
}  # fmt: skip
EVENT_FIELDS = {
    "title", "description", "starts_at", "ends_at", "place", "address", "price", "audience",
    "language", "organiser", "institution", "url",
}  # fmt: skip
OFFER_FIELDS = {"name", "category", "description", "address", "price", "website", "accessibility"}
PAGE_FIELDS = {"language", "title", "summary", "position", "is_published", "translation"}
BLOCK_FIELDS = {"kind", "heading", "text"}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def _check_fields(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def new_slug(model: type[models.Model], text: str, max_length: int = 120) -> str:
    from uddannelsesby.core.text import danish_slugify

    base = danish_slugify(text, max_length - 6)
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(text, taken, max_length - 2)


def _create(model: type[models.Model], *, actor, action: str, **fields: Any) -> Any:
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    history_record(target=instance, actor=actor, action=action)
    return instance


def _update(instance: models.Model, *, actor, action: str, fields: dict[str, Any]) -> bool:
    changes = {k: [_plain(a), _plain(b)] for k, (a, b) in model_changes(instance, fields).items()}
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    if changes:
        history_record(target=instance, actor=actor, action=action, changes=changes)
    return bool(changes)


def _delete(instance: models.Model, *, actor, action: str) -> None:
    history_record(target=instance, actor=actor, action=action)
    instance.delete()


# --- institutions ---


@transaction.atomic
def institution_create(*, actor, organisation: Organisation, **fields: Any) -> Institution:
    _check_fields(fields, INSTITUTION_FIELDS)
    if organisation.kind != Organisation.Kind.INSTITUTION:
        raise ValidationError(_("The organisation is not an education institution."))
    if Institution.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("The organisation has an institution already."))
    slug = new_slug(Institution, fields.get("name", ""), 200)
    return _create(
        Institution,
        actor=actor,
        action=_("Created the institution"),
        organisation=organisation,
        slug=slug,
        **fields,
    )


@transaction.atomic
def institution_update(*, actor, institution: Institution, **fields: Any) -> Institution:
    _check_fields(fields, INSTITUTION_FIELDS)
    # The search index follows by signal (uddannelsesby.search.documents).
    _update(institution, actor=actor, action=_("Changed the institution"), fields=fields)
    return institution


# --- programmes ---


def _intake_months(months: list[int]) -> list[int]:
    months = sorted({int(m) for m in months})
    if any(not 1 <= m <= 12 for m in months):
        raise ValidationError({"intake_months": _("Intake months are 1 to 12.")})
    return months


@transaction.atomic
def programme_create(*, actor, **fields: Any) -> Programme:
    _check_fields(fields, PROGRAMME_FIELDS)
    fields["intake_months"] = _intake_months(fields.get("intake_months", []))
    slug = new_slug(Programme, fields.get("title_da", ""))
    return _create(Programme, actor=actor, action=_("Created the programme"), slug=slug, **fields)


@transaction.atomic
def programme_update(*, actor, programme: Programme, **fields: Any) -> Programme:
    _check_fields(fields, PROGRAMME_FIELDS)
    if "intake_months" in fields:
        fields["intake_months"] = _intake_months(fields["intake_months"])
    _update(programme, actor=actor, action=_("Changed the programme"), fields=fields)
    return programme


@transaction.atomic
def programme_delete(*, actor, programme: Programme) -> None:
    _delete(programme, actor=actor, action=_("Deleted the programme"))


# --- student life ---


@transaction.atomic
def housing_create(*, actor, **fields: Any) -> Housing:
    _check_fields(fields, HOUSING_FIELDS)
    slug = new_slug(Housing, fields.get("name", ""), 200)
    return _create(Housing, actor=actor, action=_("Created the housing"), slug=slug, **fields)


@transaction.atomic
def housing_update(*, actor, housing: Housing, **fields: Any) -> Housing:
    _check_fields(fields, HOUSING_FIELDS)
    _update(housing, actor=actor, action=_("Changed the housing"), fields=fields)
    return housing


@transaction.atomic
def housing_delete(*, actor, housing: Housing) -> None:
    _delete(housing, actor=actor, action=_("Deleted the housing"))


@transaction.atomic
def event_create(*, actor, **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    return _create(Event, actor=actor, action=_("Created the event"), **fields)


@transaction.atomic
def event_update(*, actor, event: Event, **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    _update(event, actor=actor, action=_("Changed the event"), fields=fields)
    return event


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    _delete(event, actor=actor, action=_("Deleted the event"))


@transaction.atomic
def offer_create(*, actor, **fields: Any) -> Offer:
    _check_fields(fields, OFFER_FIELDS)
    return _create(Offer, actor=actor, action=_("Created the offer"), **fields)


@transaction.atomic
def offer_update(*, actor, offer: Offer, **fields: Any) -> Offer:
    _check_fields(fields, OFFER_FIELDS)
    _update(offer, actor=actor, action=_("Changed the offer"), fields=fields)
    return offer


@transaction.atomic
def offer_delete(*, actor, offer: Offer) -> None:
    _delete(offer, actor=actor, action=_("Deleted the offer"))


# --- "study in Herning" pages ---


def _link_translation(page: StudyPage) -> None:
    """The other-language version links back to this page (and only to it)."""
    other = page.translation
    if other is None:
        return
    if other.language == page.language:
        raise ValidationError({"translation": _("Choose a page in the other language.")})
    StudyPage.objects.filter(translation=other).exclude(pk=page.pk).update(translation=None)
    StudyPage.objects.filter(translation=page).exclude(pk=other.pk).update(translation=None)
    if other.translation_id != page.pk:
        other.translation = page
        other.save(update_fields=["translation"])


@transaction.atomic
def page_create(*, actor, **fields: Any) -> StudyPage:
    _check_fields(fields, PAGE_FIELDS)
    slug = new_slug(StudyPage, fields.get("title", ""))
    translation = fields.pop("translation", None)
    page = _create(StudyPage, actor=actor, action=_("Created the page"), slug=slug, **fields)
    if translation is not None:
        page.translation = translation
        page.save(update_fields=["translation"])
        _link_translation(page)
    return page


@transaction.atomic
def page_update(*, actor, page: StudyPage, **fields: Any) -> StudyPage:
    _check_fields(fields, PAGE_FIELDS)
    _update(page, actor=actor, action=_("Changed the page"), fields=fields)
    _link_translation(page)
    return page


@transaction.atomic
def page_delete(*, actor, page: StudyPage) -> None:
    _delete(page, actor=actor, action=_("Deleted the page"))


def _check_block(kind: str, fields: dict[str, Any], programmes, events) -> None:
    if kind == Block.Kind.TEXT and not fields.get("text", "").strip():
        raise ValidationError({"text": _("Write the text of the block.")})
    if kind == Block.Kind.PROGRAMMES and not programmes:
        raise ValidationError({"programmes": _("Choose at least one programme.")})
    if kind == Block.Kind.EVENTS and not events:
        raise ValidationError({"events": _("Choose at least one event.")})


@transaction.atomic
def block_create(*, actor, page: StudyPage, programmes=(), events=(), **fields: Any) -> Block:
    _check_fields(fields, BLOCK_FIELDS)
    _check_block(fields.get("kind", Block.Kind.TEXT), fields, programmes, events)
    last = page.blocks.aggregate(m=models.Max("position"))["m"]
    block = Block(page=page, position=0 if last is None else last + 1, **fields)
    block.full_clean()
    block.save()
    block.programmes.set(programmes)
    block.events.set(events)
    history_record(target=page, actor=actor, action=_("Added a block"))
    return block


@transaction.atomic
def block_update(*, actor, block: Block, programmes=(), events=(), **fields: Any) -> Block:
    _check_fields(fields, BLOCK_FIELDS)
    _check_block(fields.get("kind", block.kind), fields, programmes, events)
    for name, value in fields.items():
        setattr(block, name, value)
    block.full_clean()
    block.save()
    block.programmes.set(programmes)
    block.events.set(events)
    history_record(target=block.page, actor=actor, action=_("Changed a block"))
    return block


@transaction.atomic
def block_delete(*, actor, block: Block) -> None:
    history_record(target=block.page, actor=actor, action=_("Deleted a block"))
    block.delete()


@transaction.atomic
def block_move(*, actor, block: Block, step: int) -> None:
    """Move a block one place up (step -1) or down (step 1)."""
    blocks = list(block.page.blocks.order_by("position", "pk"))
    index = next(i for i, b in enumerate(blocks) if b.pk == block.pk)
    target = index + step
    if not 0 <= target < len(blocks):
        return
    blocks[index], blocks[target] = blocks[target], blocks[index]
    for position, item in enumerate(blocks):
        item.position = position
    Block.objects.bulk_update(blocks, ["position"])
    pages_touch("catalogue")  # bulk_update sends no signal
    history_record(target=block.page, actor=actor, action=_("Moved a block"))
