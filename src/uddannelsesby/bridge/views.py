"""Pages of the bridge for everyone, for students and for organisations."""

from functools import wraps
from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from uddannelsesby.accounts.models import User
from uddannelsesby.core import views as core_views
from uddannelsesby.core.files import serve_file
from uddannelsesby.core.idempotency import submit_once
from uddannelsesby.core.pagecache import public_page

from . import allocation, selectors, services
from .forms import (
    ApplicationForm,
    EmployerForm,
    EmployerSignupForm,
    FilledForm,
    MoveForm,
    OpportunityForm,
    ProfileForm,
    RankForm,
    SavedSearchForm,
    SearchForm,
    StudentSignupForm,
)
from .models import AllocationRound, Application, Opportunity, RoundPosition, StudentProfile
from .selectors import Visibility

PAGE_SIZE = 20
# What the organisation may do with its own opportunity, by the rules (see rules.py).
OPPORTUNITY_ACTIONS = {
    "edit": "change_opportunity",
    "submit": "submit_opportunity",
    "close": "close_opportunity",
    "report": "report_filled",
    "candidates": "view_candidates",
}


def require(perm: str):
    """Anonymous visitors are sent to log in; others without the permission get 403.

    The bridge asks the rules alone (see `may_see`), so a superuser is no organisation."""

    def decorator(view):
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs):
            if not may_see(request.user, perm, None):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorator


def may_see(user, perm: str, obj) -> bool:
    """Students' applications and names are checked by the rules alone: unlike Django's
    has_perm, not even a superuser passes without being the student or the organisation."""
    return rules.has_perm(perm, user, obj)


def form_page(request: HttpRequest, form, save, **options) -> HttpResponse:
    """`core.views.form_page` with the bridge's form template unless another is given."""
    return core_views.form_page(request, form, save, **{"template": "bridge/form.html"} | options)


def _student(request: HttpRequest) -> StudentProfile:
    student = selectors.student_of(request.user)
    if student is None:
        raise PermissionDenied
    return student


# Everyone ----------------------------------------------------------------------------------


@require_safe
@public_page("bridge", "accounts", "catalogue")
def index(request: HttpRequest) -> HttpResponse:
    query = selectors.clean_query(request.GET)
    page = Paginator(selectors.opportunity_search(query), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    context = {
        "page": page,
        "query": query,
        "form": SearchForm(request.GET),
        "student": selectors.student_of(request.user),
        "employer": selectors.employer_of(request.user),
        "save_form": SavedSearchForm(),
    }
    template = "bridge/index.html#results" if request.htmx else "bridge/index.html"
    return render(request, template, context)


@require_safe
@public_page("bridge", "accounts", "catalogue")
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Opportunity.objects.select_related("employer__organisation").prefetch_related(
            "skills", "programmes__institution"
        ),
        pk=pk,
    )
    own = may_see(request.user, "bridge.view_own_opportunity", item)
    if not item.is_open() and not own and not may_see(request.user, "bridge.review", None):
        raise Http404
    student = selectors.student_of(request.user)
    application = (
        Application.objects.filter(opportunity=item, student=student).first() if student else None
    )
    return render(
        request,
        "bridge/opportunity.html",
        {
            "opportunity": item,
            "student": student,
            "application": application,
            "released": student is not None
            and student.released_to.filter(pk=item.employer_id).exists(),
            "can_change": own,
            "may": {
                action: may_see(request.user, f"bridge.{perm}", item)
                for action, perm in OPPORTUNITY_ACTIONS.items()
            }
            if own
            else {},
        },
    )


# Students ----------------------------------------------------------------------------------


def student_signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and selectors.student_of(request.user):
        return redirect("bridge:profile")
    if request.user.is_authenticated:  # an account without a profile: add one to it
        form = ProfileForm(request.POST or None, request.FILES or None)

        def save(data):
            return services.profile_create(user=request.user, **data)

    else:
        form = StudentSignupForm(request.POST or None, request.FILES or None)
        # The same answer whether or not the address has an account (services.account_of).
        return form_page(
            request, form, lambda data: services.student_register(**data),
            title=_("Create a student profile"),
            lead=_("With a profile you can apply, save searches and get recommendations."),
            success=_("Check your e-mail to finish."),
            next_url=lambda _s: reverse("bridge:signup_sent"), cancel_url=reverse("bridge:index"),
            extra={"privacy_note": True, "submit": _("Create profile")},
        )  # fmt: skip
    return form_page(
        request, form, save, title=_("Create a student profile"),
        lead=_("With a profile you can apply, save searches and get recommendations."),
        success=_("Your profile is created."), next_url=lambda _s: reverse("bridge:recommended"),
        cancel_url=reverse("bridge:index"),
        extra={"privacy_note": True, "submit": _("Create profile")},
    )  # fmt: skip


@require_safe
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "bridge/signup_sent.html")


def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the sign-up e-mail: a button (a mail scanner's GET confirms nothing),
    then the account is active and its owner logged in."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64)), is_active=False)
    except (ValueError, OverflowError, User.DoesNotExist):
        user = None
    valid = user is not None and default_token_generator.check_token(user, token)
    if valid and request.method == "POST":
        services.account_activate(user=user)
        login(request, user, backend="uddannelsesby.accounts.backends.PasswordBackend")
        messages.success(request, _("Your e-mail address is confirmed."))
        if selectors.employer_of(user):
            return redirect("bridge:employer_home")
        return redirect("bridge:recommended" if selectors.student_of(user) else "bridge:index")
    return render(
        request,
        "bridge/signup_confirm.html",
        {"valid": valid, "email": user.email if valid else ""},
        status=200 if valid else 400,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    student = selectors.student_of(request.user)
    if student is None:
        if request.method == "POST":  # the profile removed while this was typed: shown back
            raise PermissionDenied
        return redirect("bridge:student_signup")
    form = ProfileForm(request.POST or None, request.FILES or None, instance=student)
    return form_page(
        request, form, lambda data: services.profile_update(student=student, **data),
        title=_("Your student profile"), success=_("Your profile is saved."),
        next_url=lambda _s: reverse("bridge:profile"), template="bridge/profile.html",
        extra={"student": student, "cv_url": reverse("bridge:student_cv", args=[student.pk])},
    )  # fmt: skip


@login_required
@require_safe
def recommended(request: HttpRequest) -> HttpResponse:
    student = _student(request)
    return render(
        request,
        "bridge/recommended.html",
        {"student": student, "items": selectors.recommendations_for_student(student)},
    )


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Opportunity.objects.select_related("employer__organisation"), pk=pk)
    student = selectors.student_of(request.user)
    if student is None:
        if request.method == "POST":  # the profile removed while this was typed: shown back
            raise PermissionDenied
        messages.info(request, _("Create a student profile first; then you can apply."))
        return redirect("bridge:student_signup")
    # An application sent after the opportunity closed (the deadline passed while the student
    # wrote) comes back with the service's reason and the text; only a published one, though.
    if not item.is_open() and (request.method != "POST" or item.published_at is None):
        raise Http404
    form = ApplicationForm(request.POST or None)
    return form_page(
        request, form,
        lambda data: services.application_create(student=student, opportunity=item, **data),
        title=_("Apply: %(title)s") % {"title": item.title},
        lead=_("%(organisation)s sees your name, profile and CV when you apply.")
        % {"organisation": item.employer.organisation.name},
        success=_("Your application is sent."), next_url=lambda a: a.get_absolute_url(),
        cancel_url=item.get_absolute_url(), extra={"submit": _("Send the application")},
    )  # fmt: skip


@login_required
@require_safe
def my_applications(request: HttpRequest) -> HttpResponse:
    student = _student(request)
    return render(
        request,
        "bridge/my_applications.html",
        {
            "student": student,
            "applications": selectors.student_applications(student),
            "searches": request.user.saved_searches.all(),
            "rounds": AllocationRound.objects.exclude(status=AllocationRound.Status.MATCHED),
        },
    )


@login_required
@submit_once
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related(
            "opportunity__employer__organisation", "student__user", "student__programme"
        ),
        pk=pk,
    )
    if not may_see(request.user, "bridge.view_application", application):
        raise PermissionDenied
    by_student = application.student.user_id == request.user.pk
    moves = (services.STUDENT_MOVES if by_student else services.EMPLOYER_MOVES).get(
        application.status, set()
    )
    # An answer posted when no move is left (the other side closed the application while the
    # page was open) is shown again with the service's reason, not refused as if not allowed.
    form = (
        MoveForm(
            request.POST or None,
            statuses=[s for s in Application.Status.values if s in moves],
            by_student=by_student,
            record=application,
        )
        if moves or request.method == "POST"
        else None
    )
    if form is not None and not moves:
        # Nothing is left to choose: the reason above the note the user wrote, kept.
        del form.fields["status"]
        form.is_valid()
        form.add_error(
            None,
            _("The application is “%(now)s” now and can no longer be changed; your answer "
              "was not saved.") % {"now": application.get_status_display()},
        )  # fmt: skip
        context = {"application": application, "by_student": by_student, "form": form}
        return render(request, "bridge/application.html", context, status=400)
    if form is not None:
        return form_page(
            request, form,
            lambda data: services.application_move(
                actor=request.user, application=application, by_student=by_student, **data
            ),
            title=str(application.opportunity), success=_("The application is updated."),
            next_url=lambda a: a.get_absolute_url(), template="bridge/application.html",
            extra={"application": application, "by_student": by_student},
        )  # fmt: skip
    return render(
        request,
        "bridge/application.html",
        {
            "application": application,
            "by_student": by_student,
            "title": str(application.opportunity),
        },
    )


@login_required
@require_safe
def application_cv(request: HttpRequest, pk: int) -> HttpResponseBase:
    application = get_object_or_404(Application, pk=pk, cv__gt="")
    if not may_see(request.user, "bridge.view_application", application):
        raise PermissionDenied
    return _pdf(application.cv, f"cv-{application.pk}")


def _pdf(field, filename: str) -> HttpResponseBase:
    """A CV is personal: a download, never cached, only after the view's check."""
    return serve_file(field, filename=filename, content_type="application/pdf", personal=True)


@login_required
@require_safe
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    student = get_object_or_404(
        StudentProfile.objects.select_related("user", "programme__institution"), pk=pk
    )
    visibility = selectors.student_visibility(request.user, student)
    if visibility == Visibility.NONE:
        raise PermissionDenied
    return render(
        request,
        "bridge/student.html",
        {"student": student, "full": visibility == Visibility.FULL},
    )


@login_required
@require_safe
def student_cv(request: HttpRequest, pk: int) -> HttpResponseBase:
    student = get_object_or_404(StudentProfile, pk=pk, cv__gt="")
    if selectors.student_visibility(request.user, student) != Visibility.FULL:
        raise PermissionDenied
    return _pdf(student.cv, f"cv-{student.pk}")


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Opportunity.objects.select_related("employer"), pk=pk)
    student = _student(request)
    show = request.POST.get("show") == "1"
    services.profile_release(student=student, employer=item.employer, release=show)
    text = (
        _("Your profile is shown to %(name)s.")
        if show
        else _("Your profile is no longer shown to %(name)s.")
    )
    messages.success(request, text % {"name": item.employer.organisation.name})
    return redirect(item)


@login_required
@require_POST
@submit_once
def search_save(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    query = selectors.clean_query(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the search a name to save it."))
        return redirect(f"{reverse('bridge:index')}?{urlencode(query)}")
    services.saved_search_create(user=request.user, name=form.cleaned_data["name"], query=query)
    messages.success(request, _("The search is saved. We e-mail you when new opportunities match."))
    return redirect(f"{reverse('bridge:index')}?{urlencode(query)}")


@login_required
@require_POST
def search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(request.user.saved_searches, pk=pk)
    services.saved_search_delete(search=search)
    messages.success(request, _("The saved search is deleted."))
    return redirect("bridge:mine")


# Allocation rounds for students --------------------------------------------------------------


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(AllocationRound, pk=pk)
    student = selectors.student_of(request.user)
    positions = list(round_.positions.select_related("opportunity__employer__organisation"))
    context: dict[str, Any] = {
        "round": round_,
        "positions": positions,
        "student": student,
        "ranking_open": allocation.ranking_is_open(round_),
    }
    employer = selectors.employer_of(request.user)
    if employer is not None and employer.is_verified:
        # The organisation's side: its positions and, once published, the students it got.
        context["own_positions"] = [
            p for p in positions if p.opportunity.employer_id == employer.pk
        ]
        context["allocated"] = allocation.round_allocated(round_, employer)
    if student is None:
        return render(request, "bridge/round.html", context)
    if round_.status == AllocationRound.Status.PUBLISHED:
        result = (
            round_.results.filter(student=student).select_related("position__opportunity").first()
        )
        context |= {"result": result, "explanations": allocation.round_explain(round_, student)}
        return render(request, "bridge/round.html", context)
    chosen = dict(student.choices.filter(position__round=round_).values_list("position_id", "rank"))
    form = RankForm(
        request.POST or None,
        items=[(p.pk, f"{p.opportunity.title}, {p.opportunity.employer}") for p in positions],
        initial_ranks=chosen,
    )
    if not allocation.ranking_is_open(round_):
        if request.method == "POST":
            # Sent from a page drawn while the round was open: not saved, and said so, with
            # the numbers the student typed.
            form.is_valid()
            form.add_error(
                None,
                _("Ranking closed before your list arrived. It has not been saved; the numbers "
                  "you wrote are shown below."),
            )  # fmt: skip
        else:
            form = None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            count = allocation.round_choices_set(round_=round_, student=student, ranks=form.ranks())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your list is saved: %(count)s choice.",
                    "Your list is saved: %(count)s choices.",
                    count,
                )
                % {"count": count},
            )
            return redirect(round_)
    context["form"] = form
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "bridge/round.html", context, status=status)


# Organisations -----------------------------------------------------------------------------


def employer_signup(request: HttpRequest) -> HttpResponse:
    if selectors.employer_of(request.user):
        return redirect("bridge:employer_home")
    anonymous = not request.user.is_authenticated
    form = (EmployerSignupForm if anonymous else EmployerForm)(request.POST or None)

    return form_page(
        request, form, lambda data: services.employer_register(actor=request.user, **data),
        title=_("Register your organisation"),
        lead=_("An editor checks the CVR number before your opportunities can be published."),
        # The same answer whether or not the address has an account (services.account_of).
        success=_("Check your e-mail to finish.")
        if anonymous
        else _("Thank you. We check your organisation and write to you."),
        next_url=lambda _e: reverse("bridge:signup_sent" if anonymous else "bridge:employer_home"),
        cancel_url=reverse("bridge:index"),
        extra={"privacy_note": True, "submit": _("Register the organisation")},
    )  # fmt: skip


@require("bridge.employer_home")
@require_safe
def employer_home(request: HttpRequest) -> HttpResponse:
    employer = selectors.employer_of(request.user)
    verified = employer.is_verified
    own_positions = RoundPosition.objects.filter(opportunity__employer=employer)
    return render(
        request,
        "bridge/employer_home.html",
        {
            "employer": employer,
            "opportunities": selectors.employer_opportunities(employer),
            # Only a verified organisation ranks, and hears whom a round gave it.
            "positions": own_positions.filter(
                round__status=AllocationRound.Status.OPEN,
                round__ranking_closes_on__gte=timezone.localdate(),
            ).select_related("round", "opportunity")
            if verified
            else [],
            "published_rounds": AllocationRound.objects.filter(
                status=AllocationRound.Status.PUBLISHED,
                pk__in=own_positions.values("round"),
            )
            if verified
            else [],
        },
    )


@require("bridge.create_draft")
def opportunity_create(request: HttpRequest) -> HttpResponse:
    employer = selectors.employer_of(request.user)
    form = OpportunityForm(request.POST or None)
    return form_page(
        request, form,
        lambda data: services.opportunity_create(actor=request.user, employer=employer, **data),
        title=_("New opportunity"),
        lead=_("It is saved as a draft. Send it for review when it is ready."),
        success=_("The opportunity is saved as a draft."), next_url=lambda o: o.get_absolute_url(),
        cancel_url=reverse("bridge:employer_home"),
    )  # fmt: skip


def _own_opportunity(request: HttpRequest, pk: int, perm: str) -> Opportunity:
    """The opportunity, if the user may do `perm` with it: drafts for any member of the
    organisation, everything else only for a verified organisation (rules.py)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    item = get_object_or_404(Opportunity.objects.select_related("employer__organisation"), pk=pk)
    if not may_see(request.user, perm, item):
        raise PermissionDenied
    return item


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_opportunity(request, pk, "bridge.change_opportunity")
    form = OpportunityForm(request.POST or None, instance=item)
    return form_page(
        request, form,
        lambda data: services.opportunity_update(actor=request.user, opportunity=item, **data),
        title=_("Edit: %(title)s") % {"title": item.title},
        lead=_("A published opportunity that you change is reviewed again."),
        success=_("The opportunity is saved."), next_url=lambda o: o.get_absolute_url(),
        cancel_url=item.get_absolute_url(),
    )  # fmt: skip


@login_required
@require_POST
def opportunity_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_opportunity(request, pk, "bridge.submit_opportunity")
    try:
        services.opportunity_submit(actor=request.user, opportunity=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The opportunity is sent for review."))
    return redirect(item)


@login_required
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_opportunity(request, pk, "bridge.close_opportunity")
    services.opportunity_close(actor=request.user, opportunity=item)
    messages.success(request, _("The opportunity is closed."))
    return redirect("bridge:employer_home")


@login_required
def opportunity_filled(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_opportunity(request, pk, "bridge.report_filled")
    form = FilledForm(request.POST or None, initial={"filled": item.filled_places}, record=item)
    return form_page(
        request, form,
        lambda data: services.opportunity_report_filled(
            actor=request.user, opportunity=item, filled=data["filled"]
        ),
        title=_("Were the places filled? %(title)s") % {"title": item.title},
        lead=_("Count every place filled, also by people who did not apply here. It helps the "
               "municipality follow up on the policy."),
        success=_("Thank you for the answer."), next_url=lambda _n: reverse("bridge:employer_home"),
        cancel_url=reverse("bridge:employer_home"),
    )  # fmt: skip


@login_required
@require_safe
def opportunity_applications(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_opportunity(request, pk, "bridge.view_candidates")
    return render(
        request,
        "bridge/applications.html",
        {
            "opportunity": item,
            "applications": item.applications.select_related("student__programme", "student__user"),
            "candidates": selectors.candidates_for(item, limit=10),
        },
    )


@login_required
def position_rank(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(
        RoundPosition.objects.select_related("round", "opportunity__employer"), pk=pk
    )
    if not may_see(request.user, "bridge.rank_position", position):
        raise PermissionDenied
    applicants = selectors.position_applicants(position)
    form = RankForm(
        request.POST or None,
        items=[(s.pk, f"{s.user.get_full_name()} ({s.programme.title_da}, {s.semester}. sem.)")
               for s in applicants],
        initial_ranks={s.pk: s.employer_rank for s in applicants},
    )  # fmt: skip
    return form_page(
        request, form,
        lambda _data: allocation.round_rankings_set(
            actor=request.user, position=position, ranks=form.ranks()
        ),
        title=_("Rank the applicants: %(title)s") % {"title": position.opportunity.title},
        lead=_("1 is the one you want most. Equal numbers are ties, settled by the round's "
               "lottery. Leave a field empty if you would not take the student."),
        success=_("Your ranking is saved."), next_url=lambda _n: reverse("bridge:employer_home"),
        cancel_url=reverse("bridge:employer_home"), template="bridge/rank.html",
        extra={"round": position.round, "applicants": applicants},
    )  # fmt: skip
