"""The municipality's side: verify organisations, review postings, run rounds, count placements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from uddannelsesby.core.tabular import to_csv
from uddannelsesby.plans.io_views import download

from . import allocation, indicator, selectors, services
from .forms import DecisionForm, FilledForm, RoundForm
from .models import AllocationRound, Employer, Opportunity, Placement
from .views import form_page, require

editor_required = require("bridge.review")
BREAKDOWNS = ("kind", "sector", "programme", "source")


@editor_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "bridge/editor/queue.html",
        selectors.review_queue() | {"rounds": AllocationRound.objects.all()[:10]},
    )


@editor_required
def employer_review(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer.objects.select_related("organisation"), pk=pk)
    form = DecisionForm(request.POST or None, yes=_("Verify"), no=_("Refuse"), record=employer)
    return form_page(
        request, form,
        lambda data: services.employer_review(
            actor=request.user, employer=employer, verified=data["decision"] == "yes",
            reason=data["reason"],
        ),
        title=_("Verify %(name)s") % {"name": employer},
        success=_("The decision is saved and the organisation is told."),
        next_url=lambda _e: reverse("bridge:queue"), cancel_url=reverse("bridge:queue"),
        template="bridge/editor/employer_review.html",
        extra={
            "employer": employer,
            "claims": Employer.objects.filter(cvr=employer.cvr)
            .exclude(pk=employer.pk)
            .select_related("organisation"),
        },
    )  # fmt: skip


@editor_required
def opportunity_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Opportunity.objects.select_related("employer__organisation").prefetch_related("skills"),
        pk=pk,
    )
    form = DecisionForm(request.POST or None, yes=_("Publish"), no=_("Send back"), record=item)
    return form_page(
        request, form,
        lambda data: services.opportunity_review(
            actor=request.user, opportunity=item, approved=data["decision"] == "yes",
            note=data["reason"],
        ),
        title=_("Review: %(title)s") % {"title": item.title},
        success=_("The decision is saved and the organisation is told."),
        next_url=lambda _o: reverse("bridge:queue"), cancel_url=reverse("bridge:queue"),
        template="bridge/editor/opportunity_review.html", extra={"opportunity": item},
    )  # fmt: skip


@editor_required
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    return form_page(
        request, form,
        lambda data: allocation.round_create(
            actor=request.user, name=data["name"], ranking_closes_on=data["ranking_closes_on"],
            positions={o: o.places for o in data["opportunities"]},
        ),
        title=_("New allocation round"),
        lead=_("Students rank the internships, organisations rank the students who chose them; "
               "then the round is matched."),
        success=_("The round is open for ranking."),
        next_url=lambda r: reverse("bridge:round_manage", args=[r.pk]),
        cancel_url=reverse("bridge:queue"),
    )  # fmt: skip


@editor_required
@require_safe
def round_manage(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(AllocationRound, pk=pk)
    positions = round_.positions.select_related(
        "opportunity__employer__organisation", "cutoff"
    ).prefetch_related("choices", "rankings")
    results = round_.results.all()
    return render(
        request,
        "bridge/editor/round.html",
        {
            "round": round_,
            "ranking_open": allocation.ranking_is_open(round_),
            "positions": positions,
            "placed": sum(1 for r in results if r.position_id),
            "unplaced": sum(1 for r in results if not r.position_id),
            "students": round_.results.count() or None,
        },
    )


@editor_required
@require_POST
def round_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    round_ = get_object_or_404(AllocationRound, pk=pk)
    if step not in ("match", "publish"):
        raise Http404  # an unknown step must not publish the round
    try:
        if step == "match":
            result = allocation.round_match(actor=request.user, round_=round_)
            placed = sum(1 for p in result.assignment.values() if p)
            messages.success(
                request,
                _("Matched: %(placed)s of %(total)s students placed. Check, then publish.")
                % {"placed": placed, "total": len(result.assignment)},
            )
        else:
            placed = allocation.round_publish(actor=request.user, round_=round_)
            messages.success(
                request,
                ngettext(
                    "Published; %(placed)s placement counted.",
                    "Published; %(placed)s placements counted.",
                    placed,
                )
                % {"placed": placed},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("bridge:round_manage", pk=round_.pk)


@editor_required
@require_POST
def mentors_assign(request: HttpRequest) -> HttpResponse:
    outcome = allocation.mentoring_assign(actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(assigned)s student got a mentor; %(unassigned)s still waiting.",
            "%(assigned)s students got a mentor; %(unassigned)s still waiting.",
            outcome.assigned,
        )
        % {"assigned": outcome.assigned, "unassigned": outcome.unassigned},
    )
    return redirect("bridge:queue")


@editor_required
@require_POST
def placements_publish(request: HttpRequest) -> HttpResponse:
    published = indicator.placements_publish()
    if published is None:
        messages.info(request, _("There are no placements to publish yet."))
    else:
        messages.success(request, _("The indicator is up to date with the placements."))
    return redirect("bridge:placements")


@editor_required
@require_safe
def placements(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("efter", "kind")
    by = by if by in BREAKDOWNS else "kind"
    rows = selectors.placement_counts(by=by)
    labels = {
        "kind": dict(Opportunity.Kind.choices),
        "sector": dict(Employer.Sector.choices),
        "source": dict(Placement.Source.choices),
    }
    field = "programme__title_da" if by == "programme" else by
    for row in rows:
        value = row[field]
        row["label"] = labels.get(by, {}).get(value, value) or _("Not known")
    if request.GET.get("format") == "csv":
        table = [{"year": r["year"], by: str(r["label"]), "placements": r["count"]} for r in rows]
        return download(
            to_csv(table, ("year", by, "placements")),
            "text/csv; charset=utf-8",
            f"placeringer-{by}.csv",
        )
    return render(
        request,
        "bridge/editor/placements.html",
        {
            "rows": rows,
            "by": by,
            "breakdowns": [
                ("kind", _("Kind")),
                ("sector", _("Sector")),
                ("programme", _("Programme")),
                ("source", _("Source")),
            ],
            "total": Placement.objects.counted().count(),
            "reported": selectors.reported_filled(),
        },
    )


@editor_required
def placement_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor corrects the places an organisation reported filled."""
    item = get_object_or_404(Opportunity.objects.select_related("employer__organisation"), pk=pk)
    if item.filled_places is None:
        raise Http404
    form = FilledForm(request.POST or None, initial={"filled": item.filled_places}, record=item)
    return form_page(
        request, form,
        lambda data: services.opportunity_report_filled(
            actor=request.user, opportunity=item, filled=data["filled"], by_editor=True
        ),
        title=_("Correct the places filled: %(title)s") % {"title": item.title},
        lead=_("%(organisation)s reported %(filled)s of %(places)s places filled. The "
               "correction is kept in the history and counts in the indicator from its next "
               "update.") % {"organisation": item.employer.organisation.name,
                             "filled": item.filled_places, "places": item.places},
        success=_("The number is corrected."), next_url=lambda _n: reverse("bridge:placements"),
        cancel_url=reverse("bridge:placements"),
    )  # fmt: skip
