"""Every change to a policy, one function and one transaction each."""

import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core import events
from uddannelsesby.core.deletion import refuse_if_dependants
from uddannelsesby.core.extensions import adoption_blockers
from uddannelsesby.core.services import history_record, model_changes
from uddannelsesby.core.text import unique_slug

from .diff import content_diff
from .models import Commitment, CommitmentReference, FocusArea, Policy, PolicyLink, PolicyVersion
from .selectors import EXPORT_FORMAT, policy_snapshot

# Slugs that the URL scheme uses for its own pages under /politikker/.
RESERVED_SLUGS = {"redaktion", "ny", "importer"}
# Ids the policy pages use themselves: a focus area's anchor must not take one of them.
RESERVED_ANCHORS = {
    "main-content", "error-summary", "toc-heading", "baggrund", "baggrund-heading", "vision",
    "vision-heading", "related-heading", "policy-tree",
}  # fmt: skip
FIRST_COUNCIL_PERIOD = 2022
COUNCIL_PERIOD_YEARS = 4

# A policy's own parts: deleting one may delete these, but nothing else.
POLICY_PARTS = (FocusArea, Commitment, CommitmentReference)

POLICY_FIELDS = {
    "title", "summary", "owner", "municipal_plan_ref", "agenda21_ref", "sdg_targets",
    "background", "vision", "sector", "listed_only", "external_url",
}  # fmt: skip


def next_review_date(adopted_on: datetime.date) -> datetime.date:
    """The middle of the council period after the one the policy was adopted in.

    Council periods last four years and begin on 1 January 2022, 2026, 2030 and so on
    (and, going back, 2018, 2014, 2010 ...). Adopted in 2008 (period 2006-2009), the policy is
    due for review on 1 January 2012, halfway through 2010-2013.
    """
    offset = (adopted_on.year - FIRST_COUNCIL_PERIOD) // COUNCIL_PERIOD_YEARS
    current_start = FIRST_COUNCIL_PERIOD + offset * COUNCIL_PERIOD_YEARS
    next_start = current_start + COUNCIL_PERIOD_YEARS
    return datetime.date(next_start + COUNCIL_PERIOD_YEARS // 2, 1, 1)


def _for_history(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Make model values JSON-safe for the change history."""
    return {key: [_plain(old), _plain(new)] for key, (old, new) in changes.items()}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _policy_slug(title: str) -> str:
    return unique_slug(title, set(Policy.objects.values_list("slug", flat=True)) | RESERVED_SLUGS)


@transaction.atomic
def policy_create(*, actor, title: str, **fields: Any) -> Policy:
    unknown = set(fields) - POLICY_FIELDS
    if unknown:
        raise TypeError(f"Unknown policy fields: {sorted(unknown)}")
    if fields.get("listed_only"):
        # Listed only: the council adopted it elsewhere; its text is not imported yet.
        fields.setdefault("status", Policy.Status.ADOPTED)
    policy = Policy.objects.create(title=title, slug=_policy_slug(title), **fields)
    history_record(target=policy, actor=actor, action=_("Created the policy"))
    return policy


@transaction.atomic
def policy_update(
    *, actor, policy: Policy, related: list[Policy] | None = None, **fields: Any
) -> Policy:
    unknown = set(fields) - POLICY_FIELDS
    if unknown:
        raise TypeError(f"Unknown policy fields: {sorted(unknown)}")
    if policy.status == Policy.Status.ARCHIVED:
        raise ValidationError(_("An archived policy cannot be changed."))
    if fields.get("listed_only") and policy.status == Policy.Status.DRAFT:
        fields["status"] = Policy.Status.ADOPTED  # listed only: adopted elsewhere
    changes = model_changes(policy, fields)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
    if related is not None:
        before = {p.title for p in policy.related.all()}
        policy.related.set([p for p in related if p.pk != policy.pk])
        after = {p.title for p in policy.related.all()}
        if before != after:
            changes["related"] = [sorted(before), sorted(after)]
    if changes:
        history_record(
            target=policy,
            actor=actor,
            action=_("Changed the policy"),
            changes=_for_history(changes),
        )
    return policy


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def focus_area_create(*, actor, policy: Policy, title: str, introduction: str = "") -> FocusArea:
    area = FocusArea.objects.create(
        policy=policy,
        title=title,
        introduction=introduction,
        slug=unique_slug(
            title, set(policy.focus_areas.values_list("slug", flat=True)) | RESERVED_ANCHORS
        ),
        position=_next_position(policy.focus_areas),
    )
    history_record(
        target=policy, actor=actor, action=_("Added the focus area “%(title)s”") % {"title": title}
    )
    return area


@transaction.atomic
def focus_area_update(*, actor, focus_area: FocusArea, **fields: Any) -> FocusArea:
    changes = model_changes(focus_area, fields)
    for name, value in fields.items():
        setattr(focus_area, name, value)
    focus_area.save()
    if changes:
        history_record(
            target=focus_area.policy,
            actor=actor,
            action=_("Changed the focus area “%(title)s”") % {"title": focus_area.title},
            changes=_for_history(changes),
        )
    return focus_area


@transaction.atomic
def focus_area_delete(*, actor, focus_area: FocusArea) -> None:
    """Refused while anything outside the policy (an activity, a review verdict ...) depends
    on the focus area or one of its commitments: deleting would change those records."""
    refuse_if_dependants(focus_area, own=POLICY_PARTS)
    history_record(
        target=focus_area.policy,
        actor=actor,
        action=_("Deleted the focus area “%(title)s”") % {"title": focus_area.title},
    )
    focus_area.delete()


@transaction.atomic
def commitment_create(*, actor, focus_area: FocusArea, title: str, text: str = "") -> Commitment:
    commitment = Commitment.objects.create(
        focus_area=focus_area,
        title=title,
        text=text,
        slug=unique_slug(title, set(focus_area.commitments.values_list("slug", flat=True))),
        position=_next_position(focus_area.commitments),
    )
    history_record(
        target=focus_area.policy,
        actor=actor,
        action=_("Added the commitment “%(title)s”") % {"title": title},
    )
    return commitment


@transaction.atomic
def commitment_update(
    *, actor, commitment: Commitment, references: list[Commitment] | None = None, **fields: Any
) -> Commitment:
    """Change a commitment; `references`: the commitments of other policies it refers to."""
    changes = model_changes(commitment, fields)
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment.save()
    if references is not None:
        changes.update(_references_set(commitment, references))
    if changes:
        history_record(
            target=commitment.focus_area.policy,
            actor=actor,
            action=_("Changed the commitment “%(title)s”") % {"title": commitment.title},
            changes=_for_history(changes),
        )
    return commitment


def _label(commitment: Commitment) -> str:
    return f"{commitment.focus_area.policy.title}: {commitment.title}"


def _references_set(commitment: Commitment, targets: list[Commitment]) -> dict[str, list[Any]]:
    """Make the commitment refer to exactly `targets` (only other policies' commitments)."""
    policy_id = commitment.focus_area.policy_id
    wanted = {c.pk: c for c in targets if c.focus_area.policy_id != policy_id}
    current = {
        r.target_id: r.target
        for r in commitment.references.select_related("target__focus_area__policy")
    }
    if set(wanted) == set(current):
        return {}
    commitment.references.exclude(target_id__in=wanted).delete()
    CommitmentReference.objects.bulk_create(
        CommitmentReference(source=commitment, target_id=pk) for pk in set(wanted) - set(current)
    )
    before = sorted(_label(c) for c in current.values())
    after = sorted(_label(c) for c in wanted.values())
    return {"references": [before, after]}


@transaction.atomic
def policy_link_create(*, actor, policy: Policy, kind: str, title: str, url: str) -> PolicyLink:
    """Link the policy to a document it hangs together with (municipal plan, budget ...)."""
    if policy.status == Policy.Status.ARCHIVED:
        raise ValidationError(_("An archived policy cannot be changed."))
    link = PolicyLink.objects.create(policy=policy, kind=kind, title=title, url=url)
    history_record(
        target=policy,
        actor=actor,
        action=_("Added the link “%(title)s”") % {"title": title},
        changes={"url": [None, url]},
    )
    return link


@transaction.atomic
def policy_link_delete(*, actor, link: PolicyLink) -> None:
    history_record(
        target=link.policy,
        actor=actor,
        action=_("Removed the link “%(title)s”") % {"title": link.title},
        changes={"url": [link.url, None]},
    )
    link.delete()


@transaction.atomic
def commitment_delete(*, actor, commitment: Commitment) -> None:
    """Refused while anything outside the policy depends on the commitment."""
    refuse_if_dependants(commitment, own=POLICY_PARTS)
    history_record(
        target=commitment.focus_area.policy,
        actor=actor,
        action=_("Deleted the commitment “%(title)s”") % {"title": commitment.title},
    )
    commitment.delete()


@transaction.atomic
def part_move(*, actor, part: FocusArea | Commitment, up: bool) -> None:
    """Swap a focus area or commitment with its neighbour above or below."""
    siblings = list(
        part.policy.focus_areas.all()
        if isinstance(part, FocusArea)
        else part.focus_area.commitments.all()
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == part.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    policy = part.policy if isinstance(part, FocusArea) else part.focus_area.policy
    message = _("Moved “%(title)s” up") if up else _("Moved “%(title)s” down")
    history_record(target=policy, actor=actor, action=message % {"title": part.title})


def _freeze(*, actor, policy: Policy, kind: str, adopted_on=None) -> PolicyVersion:
    number = (policy.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    return PolicyVersion.objects.create(
        policy=policy,
        number=number,
        kind=kind,
        content=policy_snapshot(policy),
        adopted_on=adopted_on,
        created_at=timezone.now(),
        created_by=actor,
    )


def _lock(policy: Policy) -> None:
    """One step at a time on a policy: a second post of the same step waits for the first and
    then sees its state."""
    policy.status = (
        Policy.objects.select_for_update().values_list("status", flat=True).get(pk=policy.pk)
    )


def _unchanged_since(policy: Policy, kind: str) -> PolicyVersion | None:
    """The latest version, if it is of `kind`, the policy is in that state and its text is the
    working copy's: the step was taken already (a form posted twice, a reload)."""
    latest = policy.versions.order_by("-number").first()
    states = {PolicyVersion.Kind.HEARING: Policy.Status.HEARING}
    if (
        latest is not None
        and latest.kind == kind
        and policy.status == states.get(kind, Policy.Status.ADOPTED)
        and latest.content == policy_snapshot(policy)
    ):
        return latest
    return None


@transaction.atomic
def policy_send_to_hearing(*, actor, policy: Policy) -> PolicyVersion:
    if policy.status == Policy.Status.ARCHIVED:
        raise ValidationError(_("An archived policy cannot be sent to hearing."))
    _lock(policy)
    if (same := _unchanged_since(policy, PolicyVersion.Kind.HEARING)) is not None:
        return same
    version = _freeze(actor=actor, policy=policy, kind=PolicyVersion.Kind.HEARING)
    policy.status = Policy.Status.HEARING
    policy.save(update_fields=["status", "updated_at"])
    history_record(
        target=policy,
        actor=actor,
        action=_("Sent version %(number)s to public hearing") % {"number": version.number},
    )
    return version


@transaction.atomic
def policy_adopt(
    *, actor, policy: Policy, adopted_on: datetime.date, resolve_blockers: bool = False
) -> PolicyVersion:
    """Freeze the working copy as the adopted version.

    Refused while another app reports a blocker (an open hearing on a draft); with
    `resolve_blockers` each blocker's own resolution (closing the hearing) runs first, in the
    same transaction."""
    if policy.status == Policy.Status.ARCHIVED:
        raise ValidationError(_("An archived policy cannot be adopted."))
    if not policy.focus_areas.exists():
        raise ValidationError(_("Add at least one focus area before the policy is adopted."))
    _lock(policy)
    if (same := _unchanged_since(policy, PolicyVersion.Kind.ADOPTED)) is not None:
        if same.adopted_on == adopted_on:
            return same
        raise ValidationError(
            _(
                "This text was adopted already, as version %(number)s on %(date)s. Change "
                "the policy first to adopt a new version."
            )
            % {"number": same.number, "date": date_format(same.adopted_on)}
        )
    blockers = adoption_blockers(policy)
    if blockers and resolve_blockers:
        for blocker in blockers:
            blocker.resolve(actor=actor)
        blockers = adoption_blockers(policy)
    if blockers:
        raise ValidationError([blocker.message for blocker in blockers], code="blocked")
    previous = policy.versions.filter(kind=PolicyVersion.Kind.ADOPTED).order_by("-number").first()
    version = _freeze(
        actor=actor, policy=policy, kind=PolicyVersion.Kind.ADOPTED, adopted_on=adopted_on
    )
    policy.status = Policy.Status.ADOPTED
    policy.adopted_on = adopted_on
    policy.next_review_on = next_review_date(adopted_on)
    policy.save(update_fields=["status", "adopted_on", "next_review_on", "updated_at"])
    history_record(
        target=policy,
        actor=actor,
        action=_("Adopted version %(number)s") % {"number": version.number},
        changes={"adopted_on": [None, adopted_on.isoformat()]},
    )
    _adoption_announce(policy, version, previous)
    return version


def _adoption_announce(
    policy: Policy, version: PolicyVersion, previous: PolicyVersion | None
) -> None:
    """Tell followers; a revision lists the sections that changed since the last adopted
    version, and links to the comparison of the two."""
    payload: dict[str, Any] = {"date": version.adopted_on.isoformat(), "number": version.number}
    url = policy.get_absolute_url()
    if previous is not None:
        with translation.override(settings.LANGUAGE_CODE):
            payload["sections"] = [
                {"label": str(section.label), "state": section.state}
                for section in content_diff(previous.content, version.content)
                if section.changed
            ]
        query = urlencode({"old": previous.number, "new": version.number})
        url = f"{reverse('policies:compare', args=[policy.slug])}?{query}"
    events.event_announce(
        kind=events.POLICY_ADOPTED,
        targets=[policy],
        title=version.content.get("title", policy.title),
        url=url,
        payload=payload,
    )


@transaction.atomic
def policy_archive(*, actor, policy: Policy) -> Policy:
    policy.status = Policy.Status.ARCHIVED
    policy.save(update_fields=["status", "updated_at"])
    history_record(target=policy, actor=actor, action=_("Archived the policy"))
    return policy


@transaction.atomic
def policy_import(*, actor, data: dict[str, Any]) -> list[Policy]:
    """Create policies from an export. All or nothing; existing slugs are refused."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ValidationError(_("This is not a policy export from Uddannelsesby."))
    entries = data.get("policies")
    if not isinstance(entries, list):
        raise ValidationError(_("The export lists no policies."))
    created: dict[str, Policy] = {}
    try:
        for entry in entries:
            created[entry["slug"]] = _import_one(actor=actor, entry=entry)
        for entry in entries:
            related = Policy.objects.filter(slug__in=entry.get("related", []))
            created[entry["slug"]].related.add(*related)
    except (KeyError, TypeError, ValueError, AttributeError, DatabaseError) as error:
        raise ValidationError(
            _("The export is incomplete or damaged (%(error)s).") % {"error": error}
        ) from error
    return list(created.values())


def _import_one(*, actor, entry: dict[str, Any]) -> Policy:
    if Policy.objects.filter(slug=entry["slug"]).exists():
        raise ValidationError(
            _("A policy with the address “%(slug)s” exists already.") % {"slug": entry["slug"]}
        )
    content = entry["content"]
    owner = None
    if entry.get("owner"):
        owner, _created = Organisation.objects.get_or_create(
            name=entry["owner"],
            defaults={
                "slug": unique_slug(
                    entry["owner"], set(Organisation.objects.values_list("slug", flat=True))
                ),
                "kind": Organisation.Kind.MUNICIPAL_UNIT,
            },
        )
    policy = Policy.objects.create(
        slug=entry["slug"],
        title=content["title"],
        summary=content.get("summary", ""),
        background=content.get("background", ""),
        vision=content.get("vision", ""),
        status=entry.get("status", Policy.Status.DRAFT),
        sector=entry.get("sector") or Policy.Sector.OTHER,
        listed_only=bool(entry.get("listed_only", False)),
        external_url=entry.get("external_url", ""),
        owner=owner,
        adopted_on=_date(entry.get("adopted_on")),
        next_review_on=_date(entry.get("next_review_on")),
        municipal_plan_ref=entry.get("municipal_plan_ref", ""),
        agenda21_ref=entry.get("agenda21_ref", ""),
        sdg_targets=list(entry.get("sdg_targets", [])),
    )
    PolicyLink.objects.bulk_create(
        PolicyLink(policy=policy, kind=link["kind"], title=link["title"], url=link["url"])
        for link in entry.get("links", [])
    )
    for area_position, area in enumerate(content.get("focus_areas", []), start=1):
        focus_area = FocusArea.objects.create(
            policy=policy,
            position=area_position,
            slug=area["slug"],
            title=area["title"],
            introduction=area.get("introduction", ""),
        )
        Commitment.objects.bulk_create(
            Commitment(
                focus_area=focus_area,
                position=position,
                slug=commitment["slug"],
                title=commitment["title"],
                text=commitment.get("text", ""),
            )
            for position, commitment in enumerate(area.get("commitments", []), start=1)
        )
    for version in entry.get("versions", []):
        PolicyVersion.objects.create(
            policy=policy,
            number=version["number"],
            kind=version["kind"],
            content=version["content"],
            adopted_on=_date(version.get("adopted_on")),
            created_at=datetime.datetime.fromisoformat(version["created_at"]),
        )
    history_record(target=policy, actor=actor, action=_("Imported the policy"))
    return policy


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _summary_and_background(introduction: str) -> tuple[str, str]:
    """An imported introduction's first paragraph is the summary when it is short, plain text
    (the summary is shown as text, not Markdown: a link or emphasis would show as its marks)
    and more follows; the rest is the background."""
    first, _sep, rest = introduction.strip().partition("\n\n")
    plain = "*" not in first and "](" not in first
    if rest and plain and len(first) <= 600 and not first.lstrip().startswith(("-", ">", "1.")):
        return first.strip(), rest.strip()
    return "", introduction.strip()


@transaction.atomic
def policy_import_draft(*, tree, by=None, filename: str = "", **fields: Any) -> Policy:
    """Save an imported policy tree (policies.importing.PolicyTree) as a new draft policy with
    its focus areas and commitments, in one transaction. `fields` are further policy fields
    (owner, municipal_plan_ref ...); the tree's vision quote opens the vision as a quote, its
    contact details close the background, and its year is kept in the history line."""
    unknown = set(fields) - POLICY_FIELDS
    if unknown:
        raise TypeError(f"Unknown policy fields: {sorted(unknown)}")
    title = tree.title.strip()
    if not title:
        raise ValidationError(_("The policy needs a title."))
    summary, background = _summary_and_background(tree.introduction)
    if tree.contact.strip():
        contact = tree.contact.strip()
        background = f"{background}\n\n**{_('Contact')}**\n\n{contact}".strip()
    vision = tree.vision.strip()
    if tree.vision_quote.strip():
        vision = f"> {tree.vision_quote.strip()}\n\n{vision}".strip()
    values = {"summary": summary, "background": background, "vision": vision} | fields
    policy = Policy.objects.create(title=title[:200], slug=_policy_slug(title), **values)
    taken = set(RESERVED_ANCHORS)
    commitments = 0
    for position, node in enumerate(tree.focus_areas, start=1):
        area = FocusArea.objects.create(
            policy=policy,
            position=position,
            title=node.title[:200],
            introduction=node.text,
            slug=unique_slug(node.title, taken) or unique_slug(f"omraade-{position}", taken),
        )
        taken.add(area.slug)
        slugs: set[str] = set()
        parts = []
        for number, item in enumerate(node.commitments, start=1):
            slug = unique_slug(item.title, slugs) or unique_slug(f"indsats-{number}", slugs)
            slugs.add(slug)
            parts.append(
                Commitment(
                    focus_area=area,
                    position=number,
                    title=item.title[:200],
                    slug=slug,
                    text=item.text,
                )  # fmt: skip
            )
        Commitment.objects.bulk_create(parts)
        commitments += len(parts)
    changes: dict[str, Any] = {
        "focus_areas": [0, len(tree.focus_areas)],
        "commitments": [0, commitments],
    }
    if tree.year:
        changes["year"] = [None, tree.year]
    action = (
        _("Imported the policy from “%(name)s”") % {"name": filename}
        if filename
        else _("Imported the policy from a document")
    )
    history_record(target=policy, actor=by, action=action, changes=changes)
    return policy
