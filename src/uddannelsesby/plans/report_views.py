"""Reports: the annual report (HTML and PDF), the mid-term review and the council calendar."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from uddannelsesby.core.idempotency import submit_once
from uddannelsesby.policies.models import Commitment, Policy
from uddannelsesby.policies.pdf import render_pdf
from uddannelsesby.policies.selectors import as_published, public_index

from . import reports, services
from .io_views import download, editor_required, visible_plan
from .models import MidtermReview
from .report_forms import ReviewCompleteForm, ReviewForm, VerdictForm
from .selectors import publish_policy_title


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _pdf(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _visible_policy(request: HttpRequest, slug: str) -> Policy:
    policy = get_object_or_404(Policy, slug=slug)
    if not request.user.has_perm("policies.view_policy", policy):
        raise Http404
    if not _can_read_drafts(request):
        publish_policy_title(policy)
    return policy


def _can_read_drafts(request: HttpRequest) -> bool:
    return request.user.has_perm("policies.view_drafts")


# --- the annual report ---


def _annual_context(request: HttpRequest, policy: str, year: int) -> dict:
    plan = visible_plan(request, policy, year)
    public = not _can_read_drafts(request)
    if public:
        publish_policy_title(plan.policy)
    report = reports.annual_report(plan, today=timezone.localdate(), public=public)
    return {
        "plan": plan,
        "report": report,
        "url": request.build_absolute_uri(reverse("plans:report", args=[policy, year])),
    }


@require_safe
def annual_report(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    return render(request, "plans/reports/annual.html", _annual_context(request, policy, year))


@require_safe
def annual_report_pdf(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    context = _annual_context(request, policy, year)
    return _pdf(request, "plans/reports/annual_pdf.html", context, f"{policy}-{year}-rapport.pdf")


# --- the council-period calendar ---


def _calendar(request: HttpRequest, slug: str) -> tuple[Policy, list[reports.CouncilPeriod]]:
    policy = _visible_policy(request, slug)
    plans = reports.visible_plans(policy, include_drafts=_can_read_drafts(request))
    periods = reports.council_calendar(
        policy,
        today=timezone.localdate(),
        plan_urls={plan.year: plan.get_absolute_url() for plan in plans},
    )
    return policy, periods


@require_safe
def council_calendar(request: HttpRequest, policy: str) -> HttpResponse:
    policy_obj, periods = _calendar(request, policy)
    return render(
        request,
        "plans/reports/calendar.html",
        {
            "policy": policy_obj,
            "periods": periods,
            "today": timezone.localdate(),
            "review_on": reports.review_date(policy_obj),
            "review_state": reports.review_due_state(policy_obj, today=timezone.localdate()),
        },
    )


@require_safe
def council_calendar_ics(request: HttpRequest, policy: str) -> HttpResponse:
    policy_obj, periods = _calendar(request, policy)
    events = [event for period in periods for event in period.events]
    content = ical(policy_obj, events, base_url=request.build_absolute_uri("/").rstrip("/"))
    return download(content.encode(), "text/calendar; charset=utf-8", f"{policy}-kalender.ics")


def _ical_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF and a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " "
        current += char
    out.append(current)
    return "\r\n".join(out)


def ical(policy: Policy, events: list[reports.CalendarEvent], *, base_url: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Uddannelsesby//Council calendar//DA",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ical_text(policy.title)}",
    ]
    for event in events:
        day = event.date.strftime("%Y%m%d")
        following = (event.date + datetime.timedelta(days=1)).strftime("%Y%m%d")
        summary = _("By: %(title)s") % {"title": event.title} if event.deadline else event.title
        lines += [
            "BEGIN:VEVENT",
            f"UID:{policy.slug}-{event.kind}-{day}@uddannelsesby",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{following}",
            f"SUMMARY:{_ical_text(summary)}",
            f"DESCRIPTION:{_ical_text(event.detail)}",
        ]
        if event.url:
            lines.append(f"URL:{base_url}{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


# --- the mid-term review ---


def _visible_review(request: HttpRequest, pk: int) -> MidtermReview:
    """A completed review is public with its policy; one in progress is an internal draft."""
    review = get_object_or_404(MidtermReview.objects.select_related("policy"), pk=pk)
    if not request.user.has_perm("policies.view_policy", review.policy):
        raise Http404
    if review.completed_on is None and not _can_read_drafts(request):
        raise Http404
    if not _can_read_drafts(request):
        publish_policy_title(review.policy)
    return review


def _can_edit(request: HttpRequest, review: MidtermReview) -> bool:
    return review.completed_on is None and request.user.has_perm("plans.manage_plans")


@require_safe
def review_list(request: HttpRequest, policy: str) -> HttpResponse:
    policy_obj = _visible_policy(request, policy)
    reviews = reports.policy_reviews(policy_obj, include_in_progress=_can_read_drafts(request))
    return render(
        request,
        "plans/reports/review_list.html",
        {
            "policy": policy_obj,
            "reviews": reviews,
            "review_on": reports.review_date(policy_obj),
            "review_state": reports.review_due_state(policy_obj, today=timezone.localdate()),
            "can_manage": request.user.has_perm("plans.manage_plans"),
        },
    )


@editor_required
@submit_once
def review_create(request: HttpRequest, policy: str) -> HttpResponse:
    policy_obj = get_object_or_404(Policy, slug=policy)
    today = timezone.localdate()
    form = ReviewForm(
        request.POST or None,
        initial={"title": _("Mid-term review %(year)s") % {"year": today.year}},
    )
    if request.method == "POST" and form.is_valid():
        review = services.review_create(actor=request.user, policy=policy_obj, **form.cleaned_data)
        messages.success(request, _("The review was started. Give a verdict on each commitment."))
        return redirect(review.get_absolute_url())
    return render(
        request,
        "plans/reports/review_form.html",
        {"policy": policy_obj, "form": form},
        status=_status(form),
    )


def _review_context(request: HttpRequest, review: MidtermReview) -> dict:
    return {
        "review": review,
        "policy": review.policy,
        "overview": reports.review_overview(review, include_drafts=_can_read_drafts(request)),
        "can_edit": _can_edit(request, review),
        "url": request.build_absolute_uri(review.get_absolute_url()),
    }


@require_safe
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    return render(request, "plans/reports/review.html", _review_context(request, review))


@require_safe
def review_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    context = _review_context(request, review)
    return _pdf(request, "plans/reports/review_pdf.html", context, f"serviceeftersyn-{pk}.pdf")


def review_commitment(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    """The evidence on one commitment, and (for editors) the form for the verdict."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    review = _visible_review(request, pk)
    commitment_obj = get_object_or_404(
        Commitment.objects.select_related("focus_area"),
        pk=commitment,
        focus_area__policy=review.policy_id,
    )
    if not _can_read_drafts(request):
        # The text and focus area as published; a draft's wording stays with the editors.
        index = public_index(review.policy)
        if not as_published([commitment_obj], index):
            commitment_obj.text = ""
        as_published([commitment_obj.focus_area], index)
    evidence = reports.commitment_evidence(
        review, commitment_obj, include_drafts=_can_read_drafts(request)
    )
    initial = (
        {"verdict": evidence.verdict.verdict, "reason": evidence.verdict.reason}
        if evidence.verdict
        else None
    )
    form = VerdictForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("plans.manage_plans"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.review_set_verdict(
                    actor=request.user,
                    review=review,
                    commitment=commitment_obj,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The verdict on “%(title)s” was saved.") % {"title": commitment_obj.title},
                )
                return redirect(f"{review.get_absolute_url()}#c-{commitment_obj.pk}")
    return render(
        request,
        "plans/reports/review_commitment.html",
        {
            "review": review,
            "policy": review.policy,
            "commitment": commitment_obj,
            "evidence": evidence,
            "form": form,
            "can_edit": _can_edit(request, review),
        },
        status=_status(form),
    )


@editor_required
def review_complete(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(MidtermReview.objects.select_related("policy"), pk=pk)
    if review.completed_on:
        messages.info(request, _("The review is already completed."))
        return redirect(review.get_absolute_url())
    form = ReviewCompleteForm(
        request.POST or None,
        initial={"completed_on": timezone.localdate()},
        missing=reports.review_missing_commitments(review),
    )
    if request.method == "POST" and form.is_valid():
        services.review_complete(
            actor=request.user, review=review, completed_on=form.cleaned_data["completed_on"]
        )
        messages.success(request, _("The review is completed and published."))
        return redirect(review.get_absolute_url())
    return render(
        request,
        "plans/reports/review_complete.html",
        {"review": review, "policy": review.policy, "form": form},
        status=_status(form),
    )
