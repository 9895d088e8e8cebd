"""Public pages of action plans: the plans, a plan year, an activity, the coverage matrix."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from uddannelsesby.core.files import serve_file
from uddannelsesby.core.pagecache import public_page
from uddannelsesby.policies.models import Policy
from uddannelsesby.policies.selectors import as_published, public_index

from .forms import PlanFilterForm
from .history import activity_history
from .models import ActionPlan, Activity, ActivityUpdate
from .reports import reviews_by_policy
from .selectors import (
    budget_by_account,
    coverage_matrix,
    focus_area_rollups,
    frozen_activity,
    plan_activities,
    plan_rollup,
    public_plans,
    publish_activity_commitments,
    publish_policy_title,
    year_comparison,
)

PAGE_SIZE = 50


def visible_plan(request: HttpRequest, policy_slug: str, year: int) -> ActionPlan:
    plan = get_object_or_404(
        ActionPlan.objects.select_related("policy"), policy__slug=policy_slug, year=year
    )
    if not request.user.has_perm("plans.view_plan", plan):
        raise Http404
    return plan


@require_safe
@public_page("plans", "policies")
def plan_list(request: HttpRequest) -> HttpResponse:
    drafts = request.user.has_perm("policies.view_drafts")
    plans = ActionPlan.objects.select_related("policy").order_by("policy__title", "-year")
    if not drafts:
        plans = list(public_plans().order_by("policy__title", "-year"))
        titled: dict[int, Policy] = {}
        for plan in plans:
            plan.policy = titled.setdefault(plan.policy_id, publish_policy_title(plan.policy))
    context = {
        "plans": plans,
        "reviews_by_policy": reviews_by_policy(
            include_in_progress=request.user.has_perm("policies.view_drafts")
        ),
    }
    if request.user.has_perm("plans.manage_plans"):
        context["policies_for_new"] = Policy.objects.exclude(status=Policy.Status.ARCHIVED)
    return render(request, "plans/list.html", context)


@require_safe
@public_page("plans", "policies", "accounts")
def plan_detail(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = visible_plan(request, policy, year)
    public = not request.user.has_perm("policies.view_drafts")
    if public:
        publish_policy_title(plan.policy)
    form = PlanFilterForm(request.GET or None, plan=plan)
    if public:
        # The focus areas to filter by, as published (a draft's new or renamed area stays private).
        areas = as_published(
            plan.policy.focus_areas.order_by("position", "pk"), public_index(plan.policy)
        )
        form.fields["focus_area"].choices = form.fields["focus_area"].choices[:1] + [
            (area.pk, area.title) for area in areas
        ]
    filters = form.cleaned_data if form.is_valid() else {}
    activities = plan_activities(
        plan,
        focus_area=filters.get("focus_area"),
        status=filters.get("status") or None,
        partner=filters.get("partner"),
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("side"))
    if public:
        page.object_list = list(page.object_list)
        publish_activity_commitments(page.object_list, plan.policy)
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "plan": plan,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(filters.values()),
        "can_manage": request.user.has_perm("plans.manage_plans"),
    }
    if request.htmx and request.htmx.target == "activity-results":
        return render(request, "plans/plan.html#results", context)
    context |= {
        "rollup": plan_rollup(plan),
        "areas": focus_area_rollups(plan, public=public),
        "accounts": budget_by_account(plan),
    }
    return render(request, "plans/plan.html", context)


@require_safe
@public_page("plans", "policies", "accounts")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("plan__policy", "responsible", "contact"), pk=pk
    )
    if not request.user.has_perm("plans.view_plan", activity.plan):
        raise Http404
    commitments = activity.commitments.select_related("focus_area")
    frozen = frozen_activity(activity)  # a closed year's activity reads as it was frozen
    if frozen is not None:
        activity, commitments = frozen, list(frozen.commitments.all())
    if not request.user.has_perm("policies.view_drafts"):
        publish_policy_title(activity.plan.policy)
        commitments = as_published(commitments, public_index(activity.plan.policy))
        as_published([c.focus_area for c in commitments], public_index(activity.plan.policy))
    return render(
        request,
        "plans/activity.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "commitments": commitments,
            "partners": activity.partners.order_by("name"),
            "updates": activity.updates.select_related("author"),
            "history": activity_history(activity),
            "can_update": request.user.has_perm("plans.update_activity", activity),
            "can_manage": request.user.has_perm("plans.manage_plans"),
        },
    )


@require_safe
def update_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    update = get_object_or_404(
        ActivityUpdate.objects.select_related("activity__plan"), pk=pk, attachment__gt=""
    )
    plan = update.activity.plan
    if not request.user.has_perm("plans.view_plan", plan):
        raise Http404
    return serve_file(
        update.attachment,
        filename=f"bilag-{update.pk}",
        content_type=update.attachment_type,
        personal=not plan.is_public,  # a draft plan's attachments are not public yet
    )


@require_safe
@public_page("plans", "policies")
def coverage(request: HttpRequest, policy: str) -> HttpResponse:
    policy_obj = get_object_or_404(Policy, slug=policy)
    include_drafts = request.user.has_perm("policies.view_drafts")
    if not request.user.has_perm("policies.view_policy", policy_obj):
        raise Http404
    if not include_drafts:
        publish_policy_title(policy_obj)
    matrix = coverage_matrix(policy_obj, include_drafts=include_drafts)
    years = year_comparison(policy_obj, include_drafts=include_drafts)
    return render(
        request, "plans/coverage.html", {"policy": policy_obj, "matrix": matrix, "years": years}
    )
