"""Public pages of policies: the list, a policy, its versions, PDF and JSON."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from uddannelsesby.core.extensions import policy_panels
from uddannelsesby.core.pagecache import public_page, shared_part

from .diff import content_diff
from .forms import CompareForm
from .models import Policy, PolicyVersion
from .pdf import policy_pdf_bytes
from .selectors import (
    commitment_references,
    policy_links,
    policy_list_public,
    policy_overview,
    policy_public_version,
    policy_snapshot,
    policy_version_list,
    published_related,
)


def _published_policy(request: HttpRequest, slug: str) -> tuple[Policy, PolicyVersion | None]:
    """The policy and the version the public reads; drafts only for those who may read them."""
    policy = get_object_or_404(Policy.objects.select_related("owner"), slug=slug)
    policy.page_reads = {}  # the panels share the page's reads of the policy (selectors.once)
    version = policy_public_version(policy)
    policy.is_published = version is not None or policy.listed_only
    if not request.user.has_perm("policies.view_policy", policy):
        raise Http404
    if version is not None and not request.user.has_perm("policies.view_drafts"):
        # The title as published (never saved): a rename not adopted yet stays private.
        policy.title = version.content.get("title", policy.title)
    return policy, version


def _content(policy: Policy, version: PolicyVersion | None) -> dict:
    return version.content if version else policy_snapshot(policy)


def _meta(content: dict) -> dict:
    """Owner, plan references and SDG targets as the version froze them (not later edits)."""
    return content.get("meta") or {}


@require_safe
@public_page("policies")
def policy_list(request: HttpRequest) -> HttpResponse:
    policies = policy_list_public()
    return render(
        request, "policies/list.html", {"policies": policies, "groups": policy_overview(policies)}
    )


DETAIL_AREAS = ("policies", "plans", "indicators", "participation")


@require_safe
@public_page(*DETAIL_AREAS)
def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy, version = _published_policy(request, slug)
    drafts = request.user.has_perm("policies.view_drafts")
    # The body (contents, facts, focus areas, commitments, other apps' panels) is the same for
    # everyone who may read drafts, or for everyone who may not: shared from the cache, also
    # with logged-in users. The follow box and the editor's links stay outside it.
    name = f"policy-detail:{policy.pk}:{version.pk if version else 0}:{drafts:d}:{get_language()}"
    parts = shared_part(name, DETAIL_AREAS, lambda: _detail_parts(policy, version, drafts))
    return render(
        request,
        "policies/detail.html",
        {"policy": policy, "version": version, "content": parts["content"], "parts": parts},
    )


def _detail_parts(policy: Policy, version: PolicyVersion | None, drafts: bool) -> dict:
    """The shared parts of a policy's page, rendered: nothing personal, no request."""
    content = _content(policy, version)
    context = {
        "policy": policy,
        "version": version,
        "content": content,
        "meta": _meta(content),
        "related": policy.related.order_by("title") if drafts else published_related(policy),
        "panels": policy_panels(policy),
        "links": policy_links(policy),
        "references": commitment_references(policy, public=version is not None),
    }
    return {
        "content": content,
        **{
            part: render_to_string(f"policies/includes/{part}.html", context)
            for part in ("toc", "facts", "body")
        },
    }


@require_safe
@public_page("policies")
def policy_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    policy, _version = _published_policy(request, slug)
    version = get_object_or_404(policy.versions, number=number)
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "version": version,
            "content": version.content,
            "meta": _meta(version.content),
            "frozen": True,
        },
    )


@require_safe
@public_page("policies")
def policy_versions(request: HttpRequest, slug: str) -> HttpResponse:
    policy, _version = _published_policy(request, slug)
    versions = list(policy_version_list(policy))
    form = CompareForm(versions=versions, initial=_default_comparison(versions))
    return render(
        request,
        "policies/versions.html",
        {"policy": policy, "versions": versions, "form": form},
    )


def _default_comparison(versions: list[PolicyVersion]) -> dict[str, int]:
    if len(versions) >= 2:
        return {"old": versions[1].number, "new": versions[0].number}
    if versions:
        return {"old": versions[0].number, "new": 0}
    return {}


@require_safe
@public_page("policies")
def policy_compare(request: HttpRequest, slug: str) -> HttpResponse:
    policy, _version = _published_policy(request, slug)
    versions = list(policy_version_list(policy))
    form = CompareForm(request.GET or None, versions=versions)
    sections = None
    if form.is_valid():
        numbers = (form.cleaned_data["old"], form.cleaned_data["new"])
        if 0 in numbers and not request.user.has_perm("policies.view_drafts"):
            raise PermissionDenied
        by_number = {v.number: v.content for v in versions}
        by_number[0] = policy_snapshot(policy) if 0 in numbers else {}
        sections = content_diff(by_number[numbers[0]], by_number[numbers[1]])
    return render(
        request,
        "policies/compare.html",
        {"policy": policy, "form": form, "sections": sections},
        status=200 if sections is not None or not request.GET else 400,
    )


@require_safe
def policy_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    policy, version = _published_policy(request, slug)
    pdf = policy_pdf_bytes(policy=policy, version=version, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{policy.slug}-v{version.number}.pdf" if version else f"{policy.slug}-kladde.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def policy_json(request: HttpRequest, slug: str) -> JsonResponse:
    policy, version = _published_policy(request, slug)
    content = _content(policy, version)
    meta = _meta(content)
    data = {
        "slug": policy.slug,
        "url": request.build_absolute_uri(policy.get_absolute_url()),
        "status": policy.status,
        "version": version.number if version else None,
        "adopted_on": version.adopted_on.isoformat() if version and version.adopted_on else None,
        "next_review_on": policy.next_review_on.isoformat() if policy.next_review_on else None,
        "owner": meta.get("owner") or None,
        "sdg_targets": meta.get("sdg_targets", []),
        "municipal_plan_ref": meta.get("municipal_plan_ref", ""),
        "agenda21_ref": meta.get("agenda21_ref", ""),
        "content": content,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{policy.slug}.json"'
    return response


def json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
