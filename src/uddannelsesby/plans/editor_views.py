"""Pages for editors (plans and activities) and partners (their own activities' updates)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from uddannelsesby.core.idempotency import submit_once
from uddannelsesby.core.scheduling import recent_job_failures
from uddannelsesby.policies.models import Policy

from . import services
from .forms import ActivityForm, ActivityUpdateForm, DateForm, PlanForm
from .models import ActionPlan, Activity
from .reminders import activities_without_recipient
from .selectors import activities_needing_attention


def _require(perm: str):
    """Anonymous visitors are sent to log in; others without the permission get 403."""

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator


manager_required = _require("plans.manage_plans")


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _plan(policy: str, year: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("policy"), policy__slug=policy, year=year
    )


def _activity(request: HttpRequest, pk: int, perm: str) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("plan__policy", "responsible"), pk=pk
    )
    # The rule itself, so that a closed year stays closed for superusers too.
    if not rules.has_perm(perm, request.user, activity):
        raise PermissionDenied
    return activity


def _save(request: HttpRequest, form, call, success: str):
    """Run a service with the form's data; its ValidationErrors go back to the form."""
    try:
        result = call()
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, success)
    return result


@_require("plans.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    stale, delayed = activities_needing_attention(today)
    unreachable = activities_without_recipient(today)
    failures = []
    can_manage = request.user.has_perm("plans.manage_plans")
    if can_manage:
        failures = recent_job_failures()
    else:
        own = set(request.user.memberships.values_list("organisation_id", flat=True))
        stale = [a for a in stale if a.responsible_id in own]
        delayed = [a for a in delayed if a.responsible_id in own]
        unreachable = [(a, reason) for a, reason in unreachable if a.responsible_id in own]
    return render(
        request,
        "plans/dashboard.html",
        {
            "stale": stale,
            "delayed": delayed,
            "unreachable": unreachable,
            "failures": failures,
            "can_manage": can_manage,
        },
    )


@manager_required
@submit_once
def plan_create(request: HttpRequest, policy: str) -> HttpResponse:
    policy_obj = get_object_or_404(Policy, slug=policy)
    form = PlanForm(request.POST or None, policy=policy_obj)
    if request.method == "POST" and form.is_valid():
        plan = _save(
            request,
            form,
            lambda: services.plan_create(
                actor=request.user, policy=policy_obj, **form.cleaned_data
            ),
            _("The action plan was created. Add its activities."),
        )
        if plan:
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {"form": form, "policy": policy_obj, "title": _("New action plan")},
        status=_status(form),
    )


@manager_required
def plan_edit(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = _plan(policy, year)
    form = PlanForm(
        request.POST or None, instance=ActionPlan.objects.get(pk=plan.pk), policy=plan.policy
    )
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            lambda: services.plan_update(actor=request.user, plan=plan, **form.cleaned_data),
            _("The plan was saved."),
        )
        if done:
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {"form": form, "plan": plan, "policy": plan.policy, "title": _("Edit the action plan")},
        status=_status(form),
    )


@manager_required
def plan_adopt(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = _plan(policy, year)
    form = DateForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            lambda: services.plan_adopt(
                actor=request.user, plan=plan, adopted_on=form.cleaned_data["date"]
            ),
            _("The plan was adopted and is now public."),
        )
        if done:
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "policy": plan.policy,
            "title": _("Adopt the action plan %(year)s") % {"year": plan.year},
            "lead": _("An adopted plan is public. Its activities can still be updated."),
            "submit": _("Adopt"),
        },
        status=_status(form),
    )


@manager_required
def plan_close(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = _plan(policy, year)
    if request.method == "POST":
        try:
            services.plan_close(actor=request.user, plan=plan)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("The year was closed. Its activities are frozen as they are.")
            )
        return redirect(plan.get_absolute_url())
    return render(
        request,
        "plans/confirm.html",
        {
            "plan": plan,
            "title": _("Close the year %(year)s") % {"year": plan.year},
            "lead": _(
                "Every activity's status, progress and spending is frozen as it is now, so "
                "the year can be compared with others. The plan can no longer be changed."
            ),
            "submit": _("Close the year"),
        },
    )


@manager_required
@submit_once
def activity_create(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = _plan(policy, year)
    form = ActivityForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        activity = _save(
            request,
            form,
            lambda: services.activity_create(
                actor=request.user,
                plan=plan,
                **form.service_fields(),
            ),
            _("The activity was added."),
        )
        if activity:
            return redirect(activity.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {"form": form, "plan": plan, "policy": plan.policy, "title": _("New activity")},
        status=_status(form),
    )


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, "plans.update_activity")
    if not request.user.has_perm("plans.manage_plans"):
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None, instance=Activity.objects.get(pk=pk), plan=activity.plan
    )
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            lambda: services.activity_update(
                actor=request.user,
                activity=activity,
                **form.service_fields(),
            ),
            _("The activity was saved."),
        )
        if done:
            return redirect(activity.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": activity.plan,
            "policy": activity.plan.policy,
            "activity": activity,
            "title": _("Edit the activity"),
        },
        status=_status(form),
    )


@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, "plans.update_activity")
    if not request.user.has_perm("plans.manage_plans"):
        raise PermissionDenied
    if request.method == "POST":
        services.activity_delete(actor=request.user, activity=activity)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": activity.title})
        return redirect(activity.plan.get_absolute_url())
    return render(
        request,
        "plans/confirm.html",
        {
            "plan": activity.plan,
            "activity": activity,
            "title": _("Delete “%(title)s”") % {"title": activity.title},
            "lead": _("The activity and its timeline are deleted. This cannot be undone."),
            "submit": _("Delete"),
        },
    )


@login_required
@submit_once
def activity_post_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, "plans.update_activity")
    form = ActivityUpdateForm(request.POST or None, request.FILES or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _save(
            request,
            form,
            lambda: services.activity_post_update(
                actor=request.user,
                activity=activity,
                text=data["text"],
                status=data["status"],
                progress=data["progress"],
                date=data["date"],
                kind=data["kind"],
                attachment=data.get("attachment"),
                attachment_type=getattr(form, "attachment_type", ""),
                spent=data["spent"],
            ),
            _("The update was posted. Thank you."),
        )
        if done:
            return redirect(activity.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": activity.plan,
            "policy": activity.plan.policy,
            "activity": activity,
            "title": _("Update “%(title)s”") % {"title": activity.title},
            "multipart": True,
        },
        status=_status(form),
    )
