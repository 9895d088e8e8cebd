"""Pages for editors (everything) and partners (their own institution's programmes)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uddannelsesby.core.idempotency import new_token, submit_once
from uddannelsesby.core.views import form_page

from . import services
from .forms import (
    BlockForm,
    EventForm,
    HousingForm,
    InstitutionForm,
    OfferForm,
    ProgrammeForm,
    StudyPageForm,
)
from .models import Block, Event, Housing, Institution, Offer, Programme, StudyPage


def _require(perm: str):
    """Anonymous visitors are sent to log in; others without the permission get 403."""

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator


manager_required = _require("catalogue.manage")


def _edit(
    request: HttpRequest,
    form,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    success: str,
    cancel_url: str,
    next_url: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """The shared form page (`core.views.form_page`), going on to the result's page."""
    return form_page(
        request, form, save, title=title, success=success, cancel_url=cancel_url,
        next_url=next_url or (lambda result: result.get_absolute_url()),
        template="catalogue/form.html",
    )  # fmt: skip


def _confirm_delete(
    request: HttpRequest, *, name: str, delete: Callable[[], None], cancel_url: str, done_url: str
) -> HttpResponse:
    if request.method == "POST":
        delete()
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect(done_url)
    return render(
        request,
        "catalogue/confirm.html",
        {
            "title": _("Delete “%(name)s”") % {"name": name},
            "lead": _("This cannot be undone."),
            "submit": _("Delete"),
            "cancel_url": cancel_url,
            "form_token": new_token(),  # a double click deletes once, answered as the first
        },
    )


# --- institutions ---


@manager_required
def institution_create(request: HttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    return _edit(
        request,
        form,
        lambda data: services.institution_create(actor=request.user, **data),
        title=_("New institution"),
        success=_("The institution was created."),
        cancel_url=reverse("catalogue:institutions"),
    )


@manager_required
def institution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    form = InstitutionForm(
        request.POST or None, instance=Institution.objects.get(pk=institution.pk)
    )
    return _edit(
        request,
        form,
        lambda data: services.institution_update(
            actor=request.user, institution=institution, **data
        ),
        title=_("Edit “%(name)s”") % {"name": institution.name},
        success=_("The institution was saved."),
        cancel_url=institution.get_absolute_url(),
    )


# --- programmes ---


def _own_institutions(user):
    institutions = Institution.objects.order_by("name")
    if user.has_perm("catalogue.manage"):
        return institutions
    return institutions.filter(organisation__memberships__user=user)


@_require("catalogue.add_programme")
def programme_create(request: HttpRequest) -> HttpResponse:
    institutions = _own_institutions(request.user)
    initial = {}
    if chosen := request.GET.get("institution"):
        initial["institution"] = institutions.filter(slug=chosen).first()
    form = ProgrammeForm(request.POST or None, institutions=institutions, initial=initial)
    return _edit(
        request,
        form,
        lambda data: services.programme_create(actor=request.user, **data),
        title=_("New programme"),
        success=_("The programme was created."),
        cancel_url=reverse("catalogue:search"),
    )


def _programme(request: HttpRequest, slug: str) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("institution"), slug=slug)
    if not request.user.has_perm("catalogue.change_programme", programme):
        raise PermissionDenied
    return programme


@login_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    form = ProgrammeForm(
        request.POST or None,
        instance=Programme.objects.get(pk=programme.pk),
        institutions=_own_institutions(request.user),
    )
    return _edit(
        request,
        form,
        lambda data: services.programme_update(actor=request.user, programme=programme, **data),
        title=_("Edit “%(name)s”") % {"name": programme.title_da},
        success=_("The programme was saved."),
        cancel_url=programme.get_absolute_url(),
    )


@login_required
@submit_once
def programme_delete(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    return _confirm_delete(
        request,
        name=programme.title_da,
        delete=lambda: services.programme_delete(actor=request.user, programme=programme),
        cancel_url=programme.get_absolute_url(),
        done_url=programme.institution.get_absolute_url(),
    )


# --- housing, events, offers ---


@manager_required
def housing_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        HousingForm(request.POST or None),
        lambda data: services.housing_create(actor=request.user, **data),
        title=_("New housing"),
        success=_("The housing was created."),
        cancel_url=reverse("catalogue:housing"),
    )


@manager_required
def housing_edit(request: HttpRequest, slug: str) -> HttpResponse:
    housing = get_object_or_404(Housing, slug=slug)
    return _edit(
        request,
        HousingForm(request.POST or None, instance=Housing.objects.get(pk=housing.pk)),
        lambda data: services.housing_update(actor=request.user, housing=housing, **data),
        title=_("Edit “%(name)s”") % {"name": housing.name},
        success=_("The housing was saved."),
        cancel_url=housing.get_absolute_url(),
    )


@manager_required
@submit_once
def housing_delete(request: HttpRequest, slug: str) -> HttpResponse:
    housing = get_object_or_404(Housing, slug=slug)
    return _confirm_delete(
        request,
        name=housing.name,
        delete=lambda: services.housing_delete(actor=request.user, housing=housing),
        cancel_url=housing.get_absolute_url(),
        done_url=reverse("catalogue:housing"),
    )


@manager_required
def event_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        EventForm(request.POST or None),
        lambda data: services.event_create(actor=request.user, **data),
        title=_("New event"),
        success=_("The event was created."),
        cancel_url=reverse("catalogue:events"),
    )


@manager_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    return _edit(
        request,
        EventForm(request.POST or None, instance=Event.objects.get(pk=pk)),
        lambda data: services.event_update(actor=request.user, event=event, **data),
        title=_("Edit “%(name)s”") % {"name": event.title},
        success=_("The event was saved."),
        cancel_url=event.get_absolute_url(),
    )


@manager_required
@submit_once
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    return _confirm_delete(
        request,
        name=event.title,
        delete=lambda: services.event_delete(actor=request.user, event=event),
        cancel_url=event.get_absolute_url(),
        done_url=reverse("catalogue:events"),
    )


def _offers_url(_offer=None) -> str:
    return reverse("catalogue:offers")


@manager_required
def offer_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        OfferForm(request.POST or None),
        lambda data: services.offer_create(actor=request.user, **data),
        title=_("New leisure offer"),
        success=_("The offer was created."),
        cancel_url=_offers_url(),
        next_url=_offers_url,
    )


@manager_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    return _edit(
        request,
        OfferForm(request.POST or None, instance=Offer.objects.get(pk=pk)),
        lambda data: services.offer_update(actor=request.user, offer=offer, **data),
        title=_("Edit “%(name)s”") % {"name": offer.name},
        success=_("The offer was saved."),
        cancel_url=_offers_url(),
        next_url=_offers_url,
    )


@manager_required
@submit_once
def offer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    return _confirm_delete(
        request,
        name=offer.name,
        delete=lambda: services.offer_delete(actor=request.user, offer=offer),
        cancel_url=_offers_url(),
        done_url=_offers_url(),
    )


# --- "study in Herning" pages and their blocks ---


@manager_required
def page_create(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        StudyPageForm(request.POST or None),
        lambda data: services.page_create(actor=request.user, **data),
        title=_("New page"),
        success=_("The page was created. Add its blocks."),
        cancel_url=reverse("catalogue:pages"),
    )


@manager_required
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(StudyPage, slug=slug)
    return _edit(
        request,
        StudyPageForm(request.POST or None, instance=StudyPage.objects.get(pk=page.pk)),
        lambda data: services.page_update(actor=request.user, page=page, **data),
        title=_("Edit “%(name)s”") % {"name": page.title},
        success=_("The page was saved."),
        cancel_url=page.get_absolute_url(),
    )


@manager_required
@submit_once
def page_delete(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(StudyPage, slug=slug)
    return _confirm_delete(
        request,
        name=page.title,
        delete=lambda: services.page_delete(actor=request.user, page=page),
        cancel_url=page.get_absolute_url(),
        done_url=reverse("catalogue:pages"),
    )


def _block_data(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["programmes"] = list(data["programmes"])
    data["events"] = list(data["events"])
    return data


@manager_required
def block_create(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(StudyPage, slug=slug)
    return _edit(
        request,
        BlockForm(request.POST or None),
        lambda data: services.block_create(actor=request.user, page=page, **_block_data(data)),
        title=_("New block on “%(name)s”") % {"name": page.title},
        success=_("The block was added."),
        cancel_url=page.get_absolute_url(),
        next_url=lambda block: block.page.get_absolute_url(),
    )


@manager_required
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("page"), pk=pk)
    return _edit(
        request,
        BlockForm(request.POST or None, instance=Block.objects.get(pk=pk)),
        lambda data: services.block_update(actor=request.user, block=block, **_block_data(data)),
        title=_("Edit the block"),
        success=_("The block was saved."),
        cancel_url=block.page.get_absolute_url(),
        next_url=lambda block: block.page.get_absolute_url(),
    )


@manager_required
@submit_once
def block_delete(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("page"), pk=pk)
    return _confirm_delete(
        request,
        name=str(block),
        delete=lambda: services.block_delete(actor=request.user, block=block),
        cancel_url=block.page.get_absolute_url(),
        done_url=block.page.get_absolute_url(),
    )


@require_POST
@manager_required
def block_move(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("page"), pk=pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    services.block_move(actor=request.user, block=block, step=step)
    return redirect(block.page.get_absolute_url() + f"#block-{block.pk}")
