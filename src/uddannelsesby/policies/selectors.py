"""Reads of policies: what the public sees, snapshots, export."""

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, When

from .models import Commitment, CommitmentReference, FocusArea, Policy, PolicyLink, PolicyVersion

EXPORT_FORMAT = "uddannelsesby.policy/1"


def _public():
    """Published: a version went to hearing or was adopted, or the policy is listed only (its
    title, description and link to the municipality's own page are public by nature)."""
    return Exists(PolicyVersion.objects.filter(policy=OuterRef("pk"))) | Q(listed_only=True)


def public_policies() -> QuerySet[Policy]:
    """Policies the public may read."""
    return Policy.objects.filter(_public())


def policy_list_public() -> list[Policy]:
    """Published policies (adopted or in hearing), newest adoption first; archived ones last.

    Each carries the title and summary of its public version (never saved), so a rename that is
    not adopted yet stays with the editors. Two queries."""
    policies = list(
        public_policies()
        .select_related("owner")
        .annotate(archived=Case(When(status=Policy.Status.ARCHIVED, then=1), default=0))
        .order_by("archived", "-adopted_on", "title")
    )
    public: dict[int, PolicyVersion] = {}
    versions = PolicyVersion.objects.filter(policy__in=policies).order_by("policy", "number")
    for version in versions:
        chosen = public.get(version.policy_id)
        if (
            chosen is None
            or version.kind == PolicyVersion.Kind.ADOPTED
            or chosen.kind != (PolicyVersion.Kind.ADOPTED)
        ):
            public[version.policy_id] = version
    for policy in policies:
        if policy.pk not in public:  # listed only: its own fields are what is published
            continue
        content = public[policy.pk].content
        policy.title = content.get("title", policy.title)
        policy.summary = content.get("summary", policy.summary)
    return policies


def policy_list_editor() -> list[tuple[str, str, list[Policy]]]:
    """Every policy, drafts and archived ones included, grouped by policy area in the order of
    Policy.Sector (as the public overview), in Danish alphabetical order within an area (Æ, Ø
    and Å last, whatever the database's collation): (sector, label, policies) for each area
    that has a policy. One query."""
    by_sector: dict[str, list[Policy]] = defaultdict(list)
    known = set(Policy.Sector.values)
    policies = sorted(
        Policy.objects.select_related("owner"), key=lambda p: (danish_key(p.title), p.pk)
    )
    for policy in policies:
        by_sector[policy.sector if policy.sector in known else Policy.Sector.OTHER].append(policy)
    return [
        (sector.value, str(sector.label), by_sector[sector.value])
        for sector in Policy.Sector
        if sector.value in by_sector
    ]


_DANISH_LAST = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def danish_key(text: str) -> str:
    """A sort key in the Danish alphabet: case and accents ignored, then Æ, Ø, Å after Z."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_DANISH_LAST))
    return "".join(char for char in folded if not unicodedata.combining(char))


def policy_parts(policy: Policy) -> list[FocusArea]:
    """The working copy's focus areas with their commitments, in two queries."""
    return list(
        policy.focus_areas.order_by("position", "pk").prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("position", "pk"))
        )
    )


def policy_meta(policy: Policy) -> dict[str, Any]:
    """The working copy's facts shown beside the content: frozen into versions with it."""
    return {
        "owner": policy.owner.name if policy.owner else "",
        "municipal_plan_ref": policy.municipal_plan_ref,
        "agenda21_ref": policy.agenda21_ref,
        "sdg_targets": list(policy.sdg_targets or []),
    }


def policy_snapshot(policy: Policy) -> dict[str, Any]:
    """The content of the working copy, in the shape versions keep and pages render."""
    return {
        "meta": policy_meta(policy),
        "title": policy.title,
        "summary": policy.summary,
        "background": policy.background,
        "vision": policy.vision,
        "focus_areas": [
            {
                "slug": area.slug,
                "title": area.title,
                "introduction": area.introduction,
                "commitments": [
                    {"slug": c.slug, "title": c.title, "text": c.text}
                    for c in area.commitments.all()
                ],
            }
            for area in policy_parts(policy)
        ],
    }


def policy_latest_version(policy: Policy, kind: str | None = None) -> PolicyVersion | None:
    versions = policy.versions.all()
    if kind:
        versions = versions.filter(kind=kind)
    return versions.order_by("-number").first()


def once[T](policy: Policy, name: str, read: Callable[[], T]) -> T:
    """A read that several parts of one page make of the same policy (its public version, its
    commitments), made once: kept on the policy when the page asked for it by setting
    ``policy.page_reads = {}`` (views.policy_detail). Without it every call reads afresh: a
    model instance may outlive a change."""
    reads = getattr(policy, "page_reads", None)
    if reads is None:
        return read()
    if name not in reads:
        reads[name] = read()
    return reads[name]


def policy_public_version(policy: Policy) -> PolicyVersion | None:
    """What the public reads: the latest adopted version, else the latest hearing draft."""
    return once(
        policy,
        "public_version",
        lambda: (
            policy_latest_version(policy, PolicyVersion.Kind.ADOPTED)
            or policy_latest_version(policy)
        ),
    )


def policy_commitments(policy: Policy) -> list[Commitment]:
    """The working copy's commitments with their focus areas, in no particular order."""
    return once(
        policy,
        "commitments",
        lambda: list(
            Commitment.objects.filter(focus_area__policy=policy).select_related("focus_area")
        ),
    )


def published_related(policy: Policy) -> QuerySet[Policy]:
    """Related policies the public may know of: those with a published version."""
    return policy.related.filter(_public()).order_by("title")


def public_index(policy: Policy) -> dict[str, dict[str, Any]] | None:
    """The public version's focus areas and commitments by anchor (None: nothing published).

    Anchors never change with a title, so a working-copy row finds itself here even after a
    rename that is not adopted yet."""
    version = policy_public_version(policy)
    if version is None:
        return None
    index: dict[str, dict[str, Any]] = {}
    for area in version.content.get("focus_areas", []):
        index[area["slug"]] = area
        for commitment in area.get("commitments", []):
            index[f"{area['slug']}--{commitment['slug']}"] = commitment
    return index


def as_published[Part: (FocusArea, Commitment)](
    parts: Iterable[Part], index: dict[str, dict[str, Any]] | None
) -> list[Part]:
    """The parts as the public reads them: only those in the public version, with its title and
    text (set on the in-memory rows, never saved). A commitment needs its focus area loaded."""
    result = []
    for part in parts:
        key = part.slug if isinstance(part, FocusArea) else part.anchor
        published = (index or {}).get(key)
        if published is None:
            continue
        part.title = published["title"]
        if isinstance(part, FocusArea):
            part.introduction = published.get("introduction", "")
        else:
            part.text = published.get("text", "")
        result.append(part)
    return result


def policy_parts_for(policy: Policy, *, public: bool) -> list[tuple[FocusArea, list[Commitment]]]:
    """(focus area, commitments) of the working copy, or, for the public, of the public
    version (rows matched by anchor). Two queries, three for the public."""
    areas = policy_parts(policy)
    if not public:
        return [(area, list(area.commitments.all())) for area in areas]
    index = public_index(policy)
    return [
        (area, as_published(area.commitments.all(), index)) for area in as_published(areas, index)
    ]


def policy_version_list(policy: Policy) -> QuerySet[PolicyVersion]:
    return policy.versions.select_related("created_by").order_by("-number")


def policy_export(policies: QuerySet[Policy] | list[Policy]) -> dict[str, Any]:
    """Everything needed to rebuild the policies elsewhere, as plain JSON data."""
    return {
        "format": EXPORT_FORMAT,
        "policies": [
            {
                "slug": policy.slug,
                "status": policy.status,
                "sector": policy.sector,
                "listed_only": policy.listed_only,
                "external_url": policy.external_url,
                "links": [
                    {"kind": link.kind, "title": link.title, "url": link.url}
                    for link in policy.links.all()
                ],
                "owner": policy.owner.name if policy.owner else None,
                "adopted_on": policy.adopted_on.isoformat() if policy.adopted_on else None,
                "next_review_on": (
                    policy.next_review_on.isoformat() if policy.next_review_on else None
                ),
                "related": sorted(related.slug for related in policy.related.all()),
                "municipal_plan_ref": policy.municipal_plan_ref,
                "agenda21_ref": policy.agenda21_ref,
                "sdg_targets": policy.sdg_targets,
                "content": policy_snapshot(policy),
                "versions": [
                    {
                        "number": version.number,
                        "kind": version.kind,
                        "adopted_on": version.adopted_on.isoformat()
                        if version.adopted_on
                        else None,
                        "created_at": version.created_at.isoformat(),
                        "content": version.content,
                    }
                    for version in policy.versions.order_by("number")
                ],
            }
            for policy in policies
        ],
    }


# --- all of a municipality's policies: the overview, links, references ------------------------

STATUS_ORDER = [Policy.Status.ADOPTED, Policy.Status.HEARING, Policy.Status.DRAFT]


@dataclass
class StatusGroup:
    status: str
    label: str
    policies: list[Policy]


@dataclass
class SectorGroup:
    sector: str
    label: str
    statuses: list[StatusGroup] = field(default_factory=list)


def policy_overview(policies: list[Policy]) -> list[SectorGroup]:
    """The policies grouped by policy area (in the order of Policy.Sector) and within it by
    status: adopted, in hearing, (drafts, for editors), archived last."""
    order = [*STATUS_ORDER, Policy.Status.ARCHIVED]
    by_sector: dict[str, dict[str, list[Policy]]] = defaultdict(lambda: defaultdict(list))
    for policy in policies:
        by_sector[policy.sector][policy.status].append(policy)
    groups = []
    for sector in Policy.Sector:
        if sector.value not in by_sector:
            continue
        group = SectorGroup(sector.value, str(sector.label))
        for status in order:
            members = by_sector[sector.value].get(status)
            if members:
                label = str(Policy.Status(status).label)
                group.statuses.append(StatusGroup(status, label, members))
        groups.append(group)
    return groups


def policy_links(policy: Policy) -> list[PolicyLink]:
    return list(policy.links.order_by("kind", "title", "pk"))


@dataclass
class Reference:
    """A commitment of another policy that a commitment refers to, or is referred to by."""

    direction: str  # "supports" (this one refers to it) or "supported_by"
    title: str
    policy_title: str
    url: str


def commitment_references(policy: Policy, *, public: bool) -> dict[str, list[Reference]]:
    """By this policy's commitment anchors: the other policies' commitments each refers to and
    is referred to by. For the public, only those published on both sides (as published)."""
    rows = CommitmentReference.objects.filter(
        Q(source__focus_area__policy=policy) | Q(target__focus_area__policy=policy)
    ).select_related("source__focus_area__policy", "target__focus_area__policy")
    pairs = []
    for row in rows:
        if row.source.focus_area.policy_id == policy.pk:
            pairs.append(("supports", row.source, row.target))
        if row.target.focus_area.policy_id == policy.pk:
            pairs.append(("supported_by", row.target, row.source))
    indexes: dict[int, dict[str, dict[str, Any]] | None] = {}
    titles: dict[int, str] = {}

    def published(commitment: Commitment) -> dict[str, Any] | None:
        other = commitment.focus_area.policy
        if other.pk not in indexes:
            indexes[other.pk] = public_index(other)
            version = policy_public_version(other) if indexes[other.pk] is not None else None
            titles[other.pk] = version.content.get("title", other.title) if version else ""
        return (indexes[other.pk] or {}).get(commitment.anchor)

    result: dict[str, list[Reference]] = defaultdict(list)
    for direction, own, other in pairs:
        title, policy_title = other.title, other.focus_area.policy.title
        if public:
            if published(own) is None or (shown := published(other)) is None:
                continue
            title, policy_title = shown["title"], titles[other.focus_area.policy_id]
        url = f"{other.focus_area.policy.get_absolute_url()}#{other.anchor}"
        result[own.anchor].append(Reference(direction, title, policy_title, url))
    for references in result.values():
        references.sort(key=lambda r: (r.direction != "supports", r.policy_title, r.title))
    return dict(result)
