"""Activities out (CSV, XLSX, JSON) and in (CSV, XLSX) for a plan year."""

import json
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from uddannelsesby.core.files import private
from uddannelsesby.core.tabular import ignored_notice, to_csv
from uddannelsesby.policies.models import Commitment

from . import io
from .models import ActionPlan
from .report_forms import ActivityImportForm

MAX_ERRORS_SHOWN = 500


def editor_required(view):
    """Anonymous visitors are sent to log in; users who may not manage plans get 403."""
    return login_required(permission_required("plans.manage_plans", raise_exception=True)(view))


def plan_or_404(policy: str, year: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("policy"), policy__slug=policy, year=year
    )


def visible_plan(request: HttpRequest, policy: str, year: int) -> ActionPlan:
    """The plan, if the user may read it; drafts do not exist for the public."""
    plan = plan_or_404(policy, year)
    if not request.user.has_perm("plans.view_plan", plan):
        raise Http404
    return plan


def download(
    content: bytes, content_type: str, filename: str, *, personal: bool = False
) -> HttpResponse:
    """A download; `personal` (the editors' export with contact people, a draft's data) is
    never stored by a browser or proxy."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return private(response) if personal else response


def _filename(plan: ActionPlan, suffix: str) -> str:
    return f"{plan.policy.slug}-{plan.year}-{suffix}"


@require_safe
@editor_required
def export_csv(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = plan_or_404(policy, year)
    return download(
        to_csv(io.export_rows(plan), io.COLUMNS),
        "text/csv; charset=utf-8",
        _filename(plan, "aktiviteter-eksport.csv"),
        personal=True,
    )


@require_safe
@editor_required
def export_xlsx(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = plan_or_404(policy, year)
    title = f"{plan.policy.title}: {plan}"
    return download(
        io.to_xlsx(io.export_rows(plan), title=title),
        io.XLSX_CONTENT_TYPE,
        _filename(plan, "aktiviteter-eksport.xlsx"),
        personal=True,
    )


def reads_public(request: HttpRequest) -> bool:
    """Whether the reader gets the public version (anonymous, registered, partners) rather
    than the working copy (editors, the council)."""
    return not request.user.has_perm("policies.view_drafts")


@require_safe
def public_csv(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = visible_plan(request, policy, year)
    public = reads_public(request)
    return download(
        to_csv(io.export_rows(plan, public=public), io.PUBLIC_COLUMNS),
        "text/csv; charset=utf-8",
        _filename(plan, "aktiviteter.csv"),
        # The working copy is never cached where the public could be served it.
        personal=not plan.is_public or not public,
    )


@require_safe
def public_json(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    plan = visible_plan(request, policy, year)
    public = reads_public(request)
    data = io.activities_data(
        plan, base_url=request.build_absolute_uri("/").rstrip("/"), public=public
    )
    return download(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        "application/json",
        _filename(plan, "aktiviteter.json"),
        personal=not plan.is_public or not public,
    )


SESSION_KEY = "plans-import"


@editor_required
def import_activities(request: HttpRequest, policy: str, year: int) -> HttpResponse:
    """Upload, check every row, show what the import will create and update; import only when
    the editor confirms the preview."""
    plan = plan_or_404(policy, year)
    if request.method == "POST" and "token" in request.POST:
        return _import_confirmed(request, plan)
    form = ActivityImportForm(request.POST or None, request.FILES or None)
    row_errors: list[io.RowError] = []
    if request.method == "POST" and form.is_valid():
        rows = form.cleaned_data["file"]
        result = io.import_activities(actor=request.user, plan=plan, rows=rows, dry_run=True)
        if result.ok:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "plan": plan.pk,
                "rows": io.rows_to_json(rows),
            }
            return render(
                request,
                "plans/io/preview.html",
                {
                    "plan": plan,
                    "result": result,
                    "token": token,
                    "ignored_notice": ignored_notice(getattr(rows, "ignored", ())),
                },
            )
        row_errors = result.errors
        _file_has_errors(form, row_errors)
    return _import_page(request, plan, form, row_errors)


def _import_confirmed(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    stored = request.session.pop(SESSION_KEY, None)
    if (
        not stored
        or not secrets.compare_digest(str(stored.get("token")), request.POST["token"])
        or stored.get("plan") != plan.pk
    ):
        problem = _("The preview is no longer valid. Upload the file again to import it.")
        return _import_page(request, plan, ActivityImportForm(), [], problem=problem)
    result = io.import_activities(
        actor=request.user, plan=plan, rows=io.rows_from_json(stored["rows"])
    )
    if not result.ok:  # the plan changed since the preview
        count = len(result.errors)
        problem = ngettext(
            "The file has %(count)d error, listed below the form. Nothing was imported.",
            "The file has %(count)d errors, listed below the form. Nothing was imported.",
            count,
        ) % {"count": count}
        return _import_page(request, plan, ActivityImportForm(), result.errors, problem=problem)
    messages.success(request, import_summary(result))
    return redirect(plan.get_absolute_url())


def import_summary(result: io.ImportResult) -> str:
    created, updated, unchanged = len(result.created), len(result.updated), len(result.unchanged)
    return " ".join(
        [
            ngettext(
                "%(count)d activity was created.", "%(count)d activities were created.", created
            )
            % {"count": created},
            ngettext(
                "%(count)d activity was updated.", "%(count)d activities were updated.", updated
            )
            % {"count": updated},
            ngettext(
                "%(count)d activity was already as in the file.",
                "%(count)d activities were already as in the file.",
                unchanged,
            )
            % {"count": unchanged},
        ]
    )


def _file_has_errors(form: ActivityImportForm, row_errors: list[io.RowError]) -> None:
    count = len(row_errors)
    form.add_error(
        "file",
        ngettext(
            "The file has %(count)d error, listed below the form. Nothing was imported.",
            "The file has %(count)d errors, listed below the form. Nothing was imported.",
            count,
        )
        % {"count": count},
    )


def _import_page(
    request: HttpRequest,
    plan: ActionPlan,
    form: ActivityImportForm,
    row_errors: list,
    *,
    problem: str = "",
) -> HttpResponse:
    return render(
        request,
        "plans/io/import.html",
        {
            "plan": plan,
            "form": form,
            "row_errors": row_errors[:MAX_ERRORS_SHOWN],
            "hidden_errors": max(0, len(row_errors) - MAX_ERRORS_SHOWN),
            "columns": column_help(plan),
            "closed": plan.status == ActionPlan.Status.CLOSED,
            "problem": problem,
        },
        status=400 if form.errors or problem else 200,
    )


def column_help(plan: ActionPlan) -> list[tuple[str, str, str]]:
    """(column, what it holds, example) for the import page."""
    commitment = (
        Commitment.objects.filter(focus_area__policy=plan.policy_id)
        .select_related("focus_area")
        .order_by("focus_area__position", "position", "pk")
        .first()
    )
    return [
        (
            "id",
            _(
                "The activity's number, as the export writes it. A row with the number of an "
                "activity in this plan updates it; leave it empty for a new activity."
            ),
            "",
        ),
        ("title", _("The activity's title (required)."), "Praktikpladsmesse"),
        ("description", _("A description."), ""),
        (
            "commitments",
            _("The commitments it serves (required): focus-area--commitment, separated by |."),
            commitment.anchor if commitment else "",
        ),
        ("responsible", _("The responsible organisation's name (required)."), "Herning Kommune"),
        ("contact", _("The contact person's user name, or empty."), ""),
        ("partners", _("Partner organisations' names, separated by |."), "VIA|Aarhus BSS"),
        ("starts_on", _("Start date."), "2026-01-15"),
        ("ends_on", _("End date."), "2026-12-31"),
        ("budget", _("Budget in kroner; a decimal comma is fine."), "125000,00"),
        ("budget_account", _("The budget account it is paid from."), "3.22.01"),
        ("spent", _("Spent so far, in kroner."), "40000"),
        ("status", _("planned, started, on_track, delayed, done or cancelled."), "on_track"),
        ("progress", _("Progress in per cent, 0 to 100; empty: as the status suggests."), "50"),
        ("weight", _("Weight in the roll-ups, 1 to 100."), "1"),
        ("sdg_targets", _("UN SDG targets, separated by |."), "4.3|4.4"),
        ("municipal_plan_ref", _("Reference to the municipal plan."), ""),
        ("agenda21_ref", _("Reference to the Agenda 21 strategy."), ""),
        ("cadence", _("Months between status updates: 1, 3, 6 or 12."), "3"),
    ]
