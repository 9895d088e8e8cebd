"""Public pages of action plans: the plans, a plan year, an activity, the coverage matrix."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from uddannelsesby.core.files import serve_file
from uddannelsesby.policies.models import Policy

from .forms import PlanFilterForm
from .models import ActionPlan, Activity, ActivityUpdate
from .reports import reviews_by_policy
from .selectors import (
    budget_by_account,
    coverage_matrix,
    focus_area_rollups,
    plan_activities,
    plan_rollup,
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


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = ActionPlan.objects.select_related("policy").order_by("policy__title", "-year")
    if not request.user.has_perm("policies.view_drafts"):
        plans = plans.exclude(status=ActionPlan.Status.DRAFT)
    context = {
        "plans": plans,
        "reviews_by_policy": reviews_by_policy(
            include_in_progress=request.user.has_perm("policies.view_drafts")
        ),
    }
    if request.user.has_perm("plans.manage_plans"):
        context["policies_for_new"] = Policy.objects.exclude(status=Policy.Status.ARCHIVED)
    return render(request, "plans/list.html", context)


@require_GET
def plan_detail(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = visible_plan(request, policy, year)
    form = PlanFilterForm(request.GET or None, plan=plan)
    filters = form.cleaned_data if form.is_valid() else {}
    activities = plan_activities(
        plan,
        focus_area=filters.get("focus_area"),
        status=filters.get("status") or None,
        partner=filters.get("partner"),
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("side"))
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
        "areas": focus_area_rollups(plan),
        "accounts": budget_by_account(plan),
    }
    return render(request, "plans/plan.html", context)


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("plan__policy", "responsible", "contact"), pk=pk
    )
    if not request.user.has_perm("plans.view_plan", activity.plan):
        raise Http404
    return render(
        request,
        "plans/activity.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "commitments": activity.commitments.select_related("focus_area"),
            "partners": activity.partners.order_by("name"),
            "updates": activity.updates.select_related("author"),
            "can_update": request.user.has_perm("plans.update_activity", activity),
            "can_manage": request.user.has_perm("plans.manage_plans"),
        },
    )


@require_GET
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


@require_GET
def coverage(request: HttpRequest, policy: str) -> HttpResponse:
    policy_obj = get_object_or_404(Policy, slug=policy)
    include_drafts = request.user.has_perm("policies.view_drafts")
    matrix = coverage_matrix(policy_obj, include_drafts=include_drafts)
    if not matrix.years and not request.user.has_perm("policies.view_policy", policy_obj):
        raise Http404
    years = year_comparison(policy_obj, include_drafts=include_drafts)
    return render(
        request, "plans/coverage.html", {"policy": policy_obj, "matrix": matrix, "years": years}
    )
