"""The editors' pages: write, order, send to hearing, adopt and archive policies."""

import contextlib
import datetime

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uddannelsesby.core.deletion import dependants
from uddannelsesby.core.extensions import adoption_blockers
from uddannelsesby.core.idempotency import claim_once, submit_once
from uddannelsesby.core.selectors import history_for

from . import services
from .forms import (
    AdoptForm,
    CommitmentForm,
    DocumentImportForm,
    FocusAreaForm,
    ImportForm,
    ImportRowFormSet,
    ImportTreeForm,
    PolicyForm,
    PolicyLinkForm,
)
from .importing import AREA, PolicyTree, notes
from .importing.editing import TREE_FIELDS, ImportActionError, import_rows_apply
from .models import Commitment, FocusArea, Policy, PolicyLink
from .selectors import (
    commitment_references,
    policy_export,
    policy_links,
    policy_list_editor,
    policy_parts,
    policy_snapshot,
    policy_version_list,
)
from .views import json_download


def editor_required(view):
    """Anonymous visitors are sent to log in; logged-in users who are not editors get 403."""
    return login_required(permission_required("policies.edit_policies", raise_exception=True)(view))


def _editable(request: HttpRequest, slug: str) -> Policy:
    policy = get_object_or_404(Policy, slug=slug)
    if not _can_change(request, policy):
        raise PermissionDenied
    return policy


def _can_change(request: HttpRequest, policy: Policy) -> bool:
    # The rule itself, not user.has_perm(): superusers pass every has_perm(), but an archived
    # policy stays closed to everyone.
    return rules.has_perm("policies.change_policy", request.user, policy)


def _form_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields if name != "related"}


def _fail(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@editor_required
def editor_list(request: HttpRequest) -> HttpResponse:
    return render(request, "policies/editor/list.html", {"groups": policy_list_editor()})


@editor_required
@submit_once
def policy_create(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _form_data(form)
        policy = services.policy_create(actor=request.user, **data)
        services.policy_update(
            actor=request.user, policy=policy, related=form.cleaned_data["related"]
        )
        messages.success(request, _("The policy was created. Add its focus areas below."))
        return redirect(policy.get_editor_url())
    return render(
        request,
        "policies/editor/form.html",
        {"form": form, "title": _("New policy")},
        status=_status(form),
    )


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@editor_required
def editor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_object_or_404(Policy.objects.select_related("owner"), slug=slug)
    return render(
        request,
        "policies/editor/detail.html",
        {
            "policy": policy,
            "focus_areas": policy_parts(policy),
            "versions": policy_version_list(policy)[:5],
            "can_change": _can_change(request, policy),
            "links": policy_links(policy),
            "references": commitment_references(policy, public=False),
        },
    )


@editor_required
def policy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _editable(request, slug)
    form = PolicyForm(request.POST or None, instance=Policy.objects.get(pk=policy.pk))
    if request.method == "POST" and form.is_valid():
        services.policy_update(
            actor=request.user,
            policy=policy,
            related=list(form.cleaned_data["related"]),
            **_form_data(form),
        )
        messages.success(request, _("The policy was saved."))
        return redirect(policy.get_editor_url())
    return render(
        request,
        "policies/editor/form.html",
        {"form": form, "policy": policy, "title": _("Edit the policy")},
        status=_status(form),
    )


@editor_required
@submit_once
def focus_area_create(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _editable(request, slug)
    form = FocusAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        area = services.focus_area_create(actor=request.user, policy=policy, **_form_data(form))
        messages.success(request, _("The focus area was added."))
        return redirect(f"{policy.get_editor_url()}#{area.slug}")
    return render(
        request,
        "policies/editor/form.html",
        {"form": form, "policy": policy, "title": _("New focus area")},
        status=_status(form),
    )


@editor_required
def focus_area_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    policy = _editable(request, slug)
    area = get_object_or_404(FocusArea, pk=pk, policy=policy)
    form = FocusAreaForm(request.POST or None, instance=FocusArea.objects.get(pk=area.pk))
    if request.method == "POST" and form.is_valid():
        services.focus_area_update(actor=request.user, focus_area=area, **_form_data(form))
        messages.success(request, _("The focus area was saved."))
        return redirect(f"{policy.get_editor_url()}#{area.slug}")
    return render(
        request,
        "policies/editor/form.html",
        {"form": form, "policy": policy, "title": _("Edit the focus area")},
        status=_status(form),
    )


@editor_required
@submit_once
def commitment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    policy = _editable(request, slug)
    area = get_object_or_404(FocusArea, pk=pk, policy=policy)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.commitment_create(actor=request.user, focus_area=area, **_form_data(form))
        messages.success(request, _("The commitment was added."))
        return redirect(f"{policy.get_editor_url()}#{area.slug}")
    title = _("New commitment under “%(area)s”") % {"area": area.title}
    return render(
        request,
        "policies/editor/form.html",
        {"form": form, "policy": policy, "title": title},
        status=_status(form),
    )


@editor_required
def commitment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    policy = _editable(request, slug)
    commitment = get_object_or_404(
        Commitment.objects.select_related("focus_area"), pk=pk, focus_area__policy=policy
    )
    form = CommitmentForm(
        request.POST or None, instance=Commitment.objects.get(pk=commitment.pk), policy=policy
    )
    if request.method == "POST" and form.is_valid():
        services.commitment_update(
            actor=request.user,
            commitment=commitment,
            references=list(form.cleaned_data["references"]),
            **_form_data(form),
        )
        messages.success(request, _("The commitment was saved."))
        return redirect(f"{policy.get_editor_url()}#{commitment.focus_area.slug}")
    return render(
        request,
        "policies/editor/form.html",
        {"form": form, "policy": policy, "title": _("Edit the commitment")},
        status=_status(form),
    )


def _part(policy: Policy, kind: str, pk: int) -> FocusArea | Commitment:
    """A focus area ("fokusomraade") or a commitment ("indsats") of the policy, by URL."""
    if kind == "fokusomraade":
        return get_object_or_404(FocusArea, pk=pk, policy=policy)
    if kind == "indsats":
        return get_object_or_404(
            Commitment.objects.select_related("focus_area"), pk=pk, focus_area__policy=policy
        )
    raise Http404


@editor_required
@require_POST
def part_move(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    policy = _editable(request, slug)
    part = _part(policy, kind, pk)
    up = request.POST.get("direction") == "up"
    services.part_move(actor=request.user, part=part, up=up)
    if request.htmx:
        return _tree(request, policy)
    return redirect(f"{policy.get_editor_url()}#{_anchor(part)}")


def _anchor(part: FocusArea | Commitment) -> str:
    return part.slug if isinstance(part, FocusArea) else f"c-{part.pk}"


def _tree(request: HttpRequest, policy: Policy) -> HttpResponse:
    return render(
        request,
        "policies/editor/detail.html#tree",
        {"policy": policy, "focus_areas": policy_parts(policy), "can_change": True},
    )


@editor_required
def part_delete(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    policy = _editable(request, slug)
    part = _part(policy, kind, pk)
    if request.method == "POST":
        try:
            if isinstance(part, FocusArea):
                services.focus_area_delete(actor=request.user, focus_area=part)
            else:
                services.commitment_delete(actor=request.user, commitment=part)
        except ValidationError as error:
            _fail(request, error)
            return redirect(request.path)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": part.title})
        return redirect(policy.get_editor_url())
    return render(
        request,
        "policies/editor/delete.html",
        {
            "policy": policy,
            "part": part,
            "dependants": dependants(part, own=services.POLICY_PARTS),
        },
    )


@editor_required
def policy_hearing(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _editable(request, slug)
    if request.method == "POST":
        try:
            version = services.policy_send_to_hearing(actor=request.user, policy=policy)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                _("Version %(number)s was sent to public hearing and is published as a draft.")
                % {"number": version.number},
            )
        return redirect(policy.get_editor_url())
    return render(request, "policies/editor/hearing.html", {"policy": policy})


@editor_required
def policy_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _editable(request, slug)
    form = AdoptForm(request.POST or None, initial={"adopted_on": datetime.date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.policy_adopt(
                actor=request.user,
                policy=policy,
                adopted_on=form.cleaned_data["adopted_on"],
                resolve_blockers=request.POST.get("resolve_blockers") == "1",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s was adopted and is now the published policy.")
                % {"number": version.number},
            )
            return redirect(policy.get_editor_url())
    return render(
        request,
        "policies/editor/adopt.html",
        {"policy": policy, "form": form, "blockers": adoption_blockers(policy)},
        status=_status(form),
    )


@editor_required
def policy_archive(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _editable(request, slug)
    if request.method == "POST":
        services.policy_archive(actor=request.user, policy=policy)
        messages.success(
            request, _("The policy was archived. It stays readable, marked as archived.")
        )
        return redirect(policy.get_editor_url())
    return render(request, "policies/editor/archive.html", {"policy": policy})


@editor_required
def policy_history(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_object_or_404(Policy, slug=slug)
    return render(
        request,
        "policies/editor/history.html",
        {"policy": policy, "entries": history_for(policy)[:500]},
    )


@editor_required
def policy_preview(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_object_or_404(Policy.objects.select_related("owner"), slug=slug)
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "content": (content := policy_snapshot(policy)),
            "meta": content["meta"],
            "preview": True,
            "links": policy_links(policy),
            "references": commitment_references(policy, public=False),
        },
    )


@editor_required
def policy_export_view(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_object_or_404(Policy.objects.select_related("owner"), slug=slug)
    return json_download(policy_export([policy]), f"{policy.slug}-eksport.json")


@editor_required
def policy_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            policies = services.policy_import(actor=request.user, data=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("Imported: %(titles)s") % {"titles": ", ".join(p.title for p in policies)},
            )
            return redirect("policies:editor_list")
    return render(request, "policies/editor/import.html", {"form": form}, status=_status(form))


# --- importing a policy from a document -----------------------------------------------------
# The upload is read at once and not kept: only the detected tree (and the text it was read
# from) waits in the session while the editor checks it. Nothing is saved before "Save".

IMPORT_SESSION_KEY = "policy_import"


@editor_required
def policy_import_document(request: HttpRequest) -> HttpResponse:
    form = DocumentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        tree = form.cleaned_data["tree"]
        request.session[IMPORT_SESSION_KEY] = {
            "tree": tree.to_dict() | {"focus_areas": []},
            "rows": tree.rows(),
            "filename": form.cleaned_data["filename"],
        }
        return redirect("policies:import_review")
    return render(
        request, "policies/editor/import_document.html", {"form": form}, status=_status(form)
    )


@editor_required
def policy_import_review(request: HttpRequest) -> HttpResponse:
    state = request.session.get(IMPORT_SESSION_KEY)
    if not state:
        if request.method == "POST":  # the save posted twice: the same answer as the first
            with claim_once(request, ImportTreeForm(request.POST)) as once:
                if once.replay:
                    return once.replay
        return render(request, "policies/editor/import_review.html", {"state": None})
    tree = PolicyTree.from_dict(state["tree"])
    if request.method != "POST":
        form = ImportTreeForm(initial={name: getattr(tree, name) for name in TREE_FIELDS})
        rows = ImportRowFormSet(
            prefix="rows",
            initial=[row | {"ORDER": number} for number, row in enumerate(state["rows"], 1)],
        )
        return _review(request, state, form, rows)
    action = request.POST.get("action", "apply")
    if action == "discard":
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, _("The import was discarded. Nothing was saved."))
        return redirect("policies:import_document")
    form = ImportTreeForm(request.POST)
    rows = ImportRowFormSet(request.POST, prefix="rows")
    if not (form.is_valid() and rows.is_valid()):
        return _review(request, state, form, rows, status=400)
    ordered = _ordered_rows(rows)
    try:
        new_rows, focus = import_rows_apply(action, ordered)
    except ImportActionError as error:
        rows.forms[error.index].add_error("text", error.message)
        return _review(request, state, form, rows, status=400)
    fields = {name: form.cleaned_data[name] for name in TREE_FIELDS}
    fields["year"] = fields["year"] or None
    state = state | {"tree": state["tree"] | fields, "rows": new_rows}
    if action != "save":
        request.session[IMPORT_SESSION_KEY] = state
        return redirect(f"{reverse('policies:import_review')}#row-{focus}")
    try:
        final = PolicyTree.from_dict(state["tree"]).with_rows(new_rows)
    except ValueError:
        form.add_error(
            None,
            _("The first item must be a focus area: a commitment belongs under a focus area."),
        )
        return _review(request, state, form, rows, status=400)
    with claim_once(request, form) as once:
        if once.replay:
            return once.replay
        policy = services.policy_import_draft(
            tree=final, by=request.user, filename=state.get("filename", "")
        )
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request,
            _("“%(title)s” was saved as a new draft with %(areas)s focus areas.")
            % {"title": policy.title, "areas": len(final.focus_areas)},
        )
        return once.done(redirect(policy.get_editor_url()))


def _ordered_rows(rows) -> list[tuple[int, dict]]:
    """(form index, row) in the order the editor chose, without the rows left out."""
    kept = [
        (index, form.cleaned_data)
        for index, form in enumerate(rows.forms)
        if not form.cleaned_data.get("DELETE")
    ]
    # A row given a new position goes before the row that had that position.
    kept.sort(
        key=lambda pair: (
            pair[1].get("ORDER") or 10**9,
            pair[1].get("ORDER") == pair[0] + 1,
            pair[0],
        )
    )
    return [
        (index, {"level": data["level"], "title": data["title"], "text": data["text"]})
        for index, data in kept
    ]


def _review_notes(state) -> list[str]:
    """What the import could not find or place, as the rows stand now."""
    tree = PolicyTree.from_dict(state["tree"])
    with contextlib.suppress(ValueError):  # a commitment before the first area: rows say so
        tree = tree.with_rows(state["rows"])
    return notes(tree)


def _review(request, state, form, rows, status: int = 200) -> HttpResponse:
    errors = [
        (f"id_rows-{index}-{name}", f"{number}. {row.fields[name].label}", error)
        for index, row in enumerate(rows.forms)
        for number in [index + 1]
        for name, messages_ in row.errors.items()
        for error in messages_
    ]
    return render(
        request,
        "policies/editor/import_review.html",
        {
            "state": state,
            "form": form,
            "rows": rows,
            "row_errors": errors,
            "source": state["tree"].get("source", ""),
            "notes": _review_notes(state),
            "areas": sum(1 for row in state["rows"] if row["level"] == AREA),
            "commitments": sum(1 for row in state["rows"] if row["level"] != AREA),
        },
        status=status,
    )


@editor_required
@submit_once
def link_create(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _editable(request, slug)
    form = PolicyLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.policy_link_create(actor=request.user, policy=policy, **_form_data(form))
        messages.success(request, _("The link was added."))
        return redirect(f"{policy.get_editor_url()}#links-heading")
    return render(
        request,
        "policies/editor/form.html",
        {"form": form, "policy": policy, "title": _("New link to a plan, strategy or budget")},
        status=_status(form),
    )


@editor_required
def link_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    policy = _editable(request, slug)
    link = get_object_or_404(PolicyLink, pk=pk, policy=policy)
    if request.method == "POST":
        services.policy_link_delete(actor=request.user, link=link)
        messages.success(request, _("“%(title)s” was removed.") % {"title": link.title})
        return redirect(f"{policy.get_editor_url()}#links-heading")
    return render(
        request,
        "policies/editor/delete.html",
        {"policy": policy, "part": link, "dependants": [], "is_link": True},
    )
