"""Reads of policies: what the public sees, snapshots, export."""

from typing import Any

from django.db.models import Case, Exists, OuterRef, Prefetch, QuerySet, When

from .models import Commitment, FocusArea, Policy, PolicyVersion

EXPORT_FORMAT = "uddannelsesby.policy/1"


def policy_list_public() -> QuerySet[Policy]:
    """Published policies (adopted or in hearing), newest adoption first; archived ones last."""
    return (
        Policy.objects.filter(Exists(PolicyVersion.objects.filter(policy=OuterRef("pk"))))
        .select_related("owner")
        .annotate(archived=Case(When(status=Policy.Status.ARCHIVED, then=1), default=0))
        .order_by("archived", "-adopted_on", "title")
    )


def policy_list_editor() -> QuerySet[Policy]:
    return Policy.objects.select_related("owner").order_by("title")


def policy_parts(policy: Policy) -> list[FocusArea]:
    """The working copy's focus areas with their commitments, in two queries."""
    return list(
        policy.focus_areas.order_by("position", "pk").prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("position", "pk"))
        )
    )


def policy_snapshot(policy: Policy) -> dict[str, Any]:
    """The content of the working copy, in the shape versions keep and pages render."""
    return {
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


def policy_public_version(policy: Policy) -> PolicyVersion | None:
    """What the public reads: the latest adopted version, else the latest hearing draft."""
    return policy_latest_version(policy, PolicyVersion.Kind.ADOPTED) or policy_latest_version(
        policy
    )


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
