"""Pages for editors: hearings and moderation, meetings, surveys, dialogues and classes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from uddannelsesby.core.concurrency import FIELD, EditedFromMixin, record_fingerprint
from uddannelsesby.core.fields import parse_int
from uddannelsesby.core.files import serve_file
from uddannelsesby.core.idempotency import submit_once

from . import selectors, services
from .forms import (
    ClassGroupForm,
    DialogueForm,
    HearingCloseForm,
    HearingExtendForm,
    HearingForm,
    MeetingForm,
    PublishForm,
    QuestionForm,
    RejectForm,
    ReplyForm,
    ResponseFilterForm,
    SummaryForm,
    SurveyForm,
)
from .models import (
    ClassGroup,
    Dialogue,
    Hearing,
    Meeting,
    Question,
    Response,
    Statement,
    Survey,
    default_code_expiry,
)

PAGE_SIZE = 50


def editor_required(view):
    """Anonymous visitors are sent to log in; others without the permission get 403."""
    return login_required(permission_required("participation.manage", raise_exception=True)(view))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _base_url(request: HttpRequest) -> str:
    """The links in e-mails use the configured site address, never the request's Host."""
    return settings.SITE_URL.rstrip("/")


def _form_page(request, form, title: str, *, back: str, lead: str = "", **extra) -> HttpResponse:
    return render(
        request,
        "participation/editor/form.html",
        {"form": form, "title": title, "back": back, "lead": lead, **extra},
        status=_status(form),
    )


@editor_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    hearings = Hearing.objects.select_related("version__policy").annotate(
        total=Count("responses"),
        pending=Count("responses", filter=Q(responses__status=Response.Status.PENDING)),
        unanswered=Count(
            "responses",
            filter=Q(responses__status=Response.Status.PUBLISHED, responses__decision=""),
        ),
    )
    return render(
        request,
        "participation/editor/dashboard.html",
        {
            "hearings": hearings,
            "versions": selectors.open_hearing_versions(),
            "meetings": selectors.meeting_list().order_by("-starts_at"),
            "surveys": Survey.objects.annotate(answers=Count("submissions")),
            "dialogues": Dialogue.objects.annotate(
                pending=Count("statements", filter=Q(statements__status="pending"), distinct=True),
                voters=Count("participants", distinct=True),
            ),
            "classes": ClassGroup.objects.annotate(codes_count=Count("codes")),
        },
    )


# --- hearings ---


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def hearing_create(request: HttpRequest) -> HttpResponse:
    form = HearingForm(request.POST or None, initial={"version": request.GET.get("version")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hearing = services.hearing_open(
                actor=request.user,
                version=data["version"],
                title=data["title"],
                text=data["text"],
                target_groups=data["target_groups"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                organisations=data["organisations"],
                emails=data["emails"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The hearing was opened and the invitations sent."))
            if hearing.is_short:
                messages.warning(
                    request,
                    _(
                        "The hearing period is shorter than four weeks. Consider giving "
                        "citizens and organisations more time."
                    ),
                )
            return redirect("participation:hearing_manage", pk=hearing.pk)
    return _form_page(
        request,
        form,
        _("Open a hearing"),
        back="participation:dashboard",
        lead=_(
            "Everyone may answer a hearing, without an account. Invited organisations get "
            "an e-mail with a link."
        ),
    )


@editor_required
@require_safe
def hearing_manage(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_object_or_404(Hearing.objects.select_related("version__policy"), pk=pk)
    form = ResponseFilterForm(request.GET or None, hearing=hearing)
    responses = selectors.response_list(hearing, public=False, **form.filters())
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "participation/editor/hearing.html",
        {
            "hearing": hearing,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "labels": dict(selectors.version_sections(hearing.version.content)),
            "counts": selectors.hearing_counts(hearing),
            "invitations": hearing.invitations.count(),
        },
    )


def _publish_form(preview: selectors.PublicPreview, response: Response) -> PublishForm:
    """The publishing form for a preview: the text as it will be published, ready to edit."""
    return PublishForm(
        passages=preview.passages,
        record=response,
        initial={
            "public_sender": preview.sender,
            "public_text": preview.text,
            "checksum": preview.checksum,
        },
    )


def _response(pk: int) -> Response:
    return get_object_or_404(Response.objects.select_related("hearing__version__policy"), pk=pk)


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def response_manage(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response(pk)
    hearing = response.hearing
    action = request.POST.get("action")
    reply_form = ReplyForm(
        request.POST if action == "reply" else None,
        hearing=hearing,
        record=response,
        initial={
            "decision": response.decision,
            "reply": response.reply,
            "reply_anchor": response.reply_anchor or response.anchor,
        },
    )
    reject_form = RejectForm(request.POST if action == "reject" else None, record=response)
    preview = selectors.response_preview(response)
    publish_form = _publish_form(preview, response)
    stale = False  # publishing was asked for, but the text differs from the last preview
    if action in ("preview", "publish"):
        posted = PublishForm(request.POST, passages=preview.passages, record=response)
        posted.is_valid()
        data = posted.cleaned_data
        preview = selectors.response_preview(
            response,
            sender=data.get("public_sender", ""),
            text=data.get("public_text", request.POST.get("public_text", "")),
            blackout=data.get("blackout", []),
        )
        if action == "publish" and not posted.errors:
            if request.POST.get("checksum") != preview.checksum:
                # Publish only what the moderator has seen: a changed text is shown first.
                publish_form = _publish_form(preview, response)
                stale = True
            elif preview.passages and not data.get("checked"):
                publish_form = posted
                publish_form.add_error(
                    "checked", _("Read the highlighted passages and tick the box first.")
                )
            else:
                try:
                    services.response_publish(
                        actor=request.user,
                        response=response,
                        public_sender=data["public_sender"],
                        public_text=data["public_text"],
                        blackout=data.get("blackout", []),
                    )
                except ValidationError as error:
                    publish_form = posted
                    publish_form.add_error(None, error)
                else:
                    messages.success(
                        request, _("The response was published exactly as the preview showed.")
                    )
                    return redirect("participation:response_manage", pk=pk)
        elif posted.errors:
            publish_form = posted
        else:
            publish_form = _publish_form(preview, response)
    if action == "reject" and reject_form.is_valid():
        try:
            services.response_reject(
                actor=request.user, response=response, note=reject_form.cleaned_data["note"]
            )
        except ValidationError as error:
            reject_form.add_error(None, error)
        else:
            messages.success(request, _("The response will not be published."))
            return redirect("participation:response_manage", pk=pk)
    if action == "reply" and reply_form.is_valid():
        try:
            services.response_reply(
                actor=request.user, response=response, **reply_form.cleaned_data
            )
        except ValidationError as error:
            reply_form.add_error(None, error)
        else:
            messages.success(request, _("The reply was saved."))
            return redirect("participation:response_manage", pk=pk)
    has_errors = bool(reply_form.errors or reject_form.errors or publish_form.errors or stale)
    labels = dict(selectors.version_sections(hearing.version.content))
    return render(
        request,
        "participation/editor/response.html",
        {
            "response": response,
            "hearing": hearing,
            "preview": preview,
            "publish_form": publish_form,
            "stale": stale,
            "labels": labels,
            "label": dict(selectors.version_sections(hearing.version.content)).get(
                response.anchor, ""
            ),
            "reply_form": reply_form,
            "reject_form": reject_form,
            "decisions": selectors.passage_decisions(response),
            "has_errors": has_errors,
            "next": selectors.response_list(hearing, public=False, status="pending")
            .exclude(pk=pk)
            .first(),
        },
        status=400 if has_errors else 200,
    )


@editor_required
@require_safe
def response_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A response's attachment, for editors only: attachments are never published."""
    response = _response(pk)
    if not response.attachment:
        raise Http404
    return serve_file(
        response.attachment,
        filename=f"hoeringssvar-{pk}",
        content_type="application/pdf",
        personal=True,
    )


@editor_required
@require_http_methods(["POST"])
def hearing_memo_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the memo when the editor says it is finished; what stands in the way is listed
    on the memo page."""
    hearing = get_object_or_404(Hearing.objects.select_related("version__policy"), pk=pk)
    try:
        services.hearing_memo_publish(actor=request.user, hearing=hearing)
    except ValidationError as error:
        from .views import memo_context

        context = memo_context(request, pk) | {"publish_errors": error.messages}
        return render(request, "participation/memo.html", context, status=400)
    messages.success(request, _("The hearing memo is published."))
    return redirect("participation:memo", pk=pk)


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def hearing_close(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_object_or_404(Hearing.objects.select_related("version__policy"), pk=pk)
    form = HearingCloseForm(request.POST or None, record=hearing)
    if request.method == "POST" and form.is_valid():
        try:
            services.hearing_close_early(
                actor=request.user, hearing=hearing, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The hearing is closed."))
            return redirect("participation:hearing_manage", pk=pk)
    return _form_page(
        request,
        form,
        _("Close the hearing early"),
        back="participation:dashboard",
        hearing=hearing,
        lead=_("From today the hearing takes no more responses. The reason is shown on its page."),
    )


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def hearing_extend(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_object_or_404(Hearing.objects.select_related("version__policy"), pk=pk)
    form = HearingExtendForm(
        request.POST or None, initial={"ends_on": hearing.ends_on}, record=hearing
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.hearing_extend(
                actor=request.user, hearing=hearing, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            form.add_error("ends_on", error)
        else:
            messages.success(request, _("The hearing is extended."))
            return redirect("participation:hearing_manage", pk=pk)
    return _form_page(
        request,
        form,
        _("Extend the hearing"),
        back="participation:dashboard",
        hearing=hearing,
        lead=_("A hearing that was closed early opens again until the new last day."),
    )


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def hearing_summaries(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_object_or_404(Hearing.objects.select_related("version__policy"), pk=pk)
    texts = dict(hearing.summaries.values_list("anchor", "text"))
    form = SummaryForm(request.POST or None, hearing=hearing, initial_texts=texts, record=texts)
    if request.method == "POST" and form.is_valid():
        services.hearing_summaries_save(
            actor=request.user, hearing=hearing, summaries=form.summaries()
        )
        messages.success(request, _("The summaries were saved."))
        return redirect("participation:hearing_manage", pk=pk)
    return _form_page(
        request,
        form,
        _("Summaries for the hearing memo"),
        back="participation:dashboard",
        hearing=hearing,
        lead=_("Sum up what the responses said about each part of the draft."),
    )


# --- meetings ---


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect(meeting.get_absolute_url())
    return _form_page(request, form, _("New citizen meeting"), back="participation:dashboard")


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=Meeting.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                base_url=_base_url(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting.get_absolute_url())
    registrations = meeting.registrations.exclude(status="cancelled")
    return _form_page(
        request,
        form,
        _("Edit the meeting"),
        back="participation:dashboard",
        registrations=registrations,
    )


# --- surveys ---


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The survey was created. Add its questions."))
        return redirect("participation:survey_manage", pk=survey.pk)
    return _form_page(request, form, _("New survey"), back="participation:dashboard")


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def survey_manage(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = QuestionForm(
        request.POST if "add" in request.POST else None,
        initial={"kind": "single", "required": True},
    )
    if request.method == "POST":
        status = request.POST.get("status")
        if status:
            try:
                services.survey_set_status(actor=request.user, survey=survey, status=status)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The status was changed."))
            return redirect("participation:survey_manage", pk=pk)
        move = request.POST.get("up") or request.POST.get("down")
        if move:
            question = get_object_or_404(Question, pk=parse_int(move) or 0, survey=survey)
            try:
                services.question_move(
                    actor=request.user, question=question, up="up" in request.POST
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The question was moved."))
            return redirect(f"{request.path}#questions-heading")
        if form.is_valid():
            try:
                services.question_add(actor=request.user, survey=survey, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The question was added."))
                return redirect("participation:survey_manage", pk=pk)
    return render(
        request,
        "participation/editor/survey.html",
        {
            "survey": survey,
            "questions": survey.questions.all(),
            "form": form,
            "answered": survey.has_answers,
        },
        status=_status(form),
    )


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    locked = question.survey.has_answers
    form = QuestionForm(request.POST or None, question=question, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("participation:survey_manage", pk=question.survey_id)
    return render(
        request,
        "participation/editor/question.html",
        {"question": question, "survey": question.survey, "form": form, "locked": locked},
        status=_status(form),
    )


# --- dialogues ---


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def dialogue_create(request: HttpRequest) -> HttpResponse:
    form = DialogueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dialogue = services.dialogue_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The dialogue was created. Add its first statements."))
        return redirect("participation:dialogue_manage", pk=dialogue.pk)
    return _form_page(request, form, _("New dialogue"), back="participation:dashboard")


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def dialogue_manage(request: HttpRequest, pk: int) -> HttpResponse:
    from .forms import StatementForm

    dialogue = get_object_or_404(Dialogue, pk=pk)
    form = StatementForm(request.POST if "add" in request.POST else None)
    # statement: text typed, errors, passages to black out
    edited: dict[int, tuple[str, list[str], list[str]]] = {}
    if request.method == "POST":
        if status := request.POST.get("status"):
            try:
                services.dialogue_set_status(actor=request.user, dialogue=dialogue, status=status)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("participation:dialogue_manage", pk=pk)
        if moderate := request.POST.get("moderate"):
            statement = get_object_or_404(
                dialogue.statements, pk=parse_int(request.POST.get("statement"))
            )
            typed = request.POST.get("public_text")
            blackout = request.POST.getlist("blackout")
            sent = request.POST.get(FIELD, "")
            if statement.status != Statement.Status.PENDING:
                # Another moderator decided it since this page was drawn: what this one typed
                # is shown back with the reason, never dropped. (The service refuses it too,
                # should the other decision arrive between this check and the save.)
                message = services.statement_decided_message(statement)
                edited[statement.pk] = (typed or "", [message], blackout)
            elif moderate == "preview":
                edited[statement.pk] = (typed or "", [], blackout)
            elif sent and sent != record_fingerprint(statement):
                # Another moderator changed it since this page was drawn.
                stale = str(EditedFromMixin.decision_stale_message)
                edited[statement.pk] = (typed or "", [stale], blackout)
            else:
                try:
                    services.statement_moderate(
                        actor=request.user,
                        statement=statement,
                        approve=moderate == "approve",
                        public_text=typed,
                        blackout=blackout,
                    )
                except ValidationError as error:
                    edited[statement.pk] = (typed or "", error.messages, blackout)
                else:
                    return redirect("participation:dialogue_manage", pk=pk)
        elif form.is_valid():
            services.statement_add(
                actor=request.user, dialogue=dialogue, text=form.cleaned_data["text"]
            )
            messages.success(request, _("The statement was added."))
            return redirect("participation:dialogue_manage", pk=pk)
    statements = dialogue.statements.annotate(vote_count=Count("votes")).order_by("status", "pk")
    pending = []
    for statement in statements:
        if statement.status == Statement.Status.PENDING:
            typed, errors, blackout = edited.get(statement.pk, (None, [], []))
            preview = selectors.statement_preview(statement, typed, blackout)
            preview.typed, preview.errors = typed, errors
            preview.fingerprint = record_fingerprint(statement)
            pending.append(preview)
    decided = [s for s in statements if s.status != Statement.Status.PENDING]
    for statement in decided:
        statement.decisions = selectors.passage_decisions(statement)
    crossed = []  # decided by someone else while this moderator typed
    for statement in decided:
        if statement.pk in edited:
            statement.typed, statement.errors, _blackout = edited[statement.pk]
            crossed.append(statement)
    has_errors = any(p.errors for p in pending) or bool(crossed)
    return render(
        request,
        "participation/editor/dialogue.html",
        {
            "dialogue": dialogue,
            "pending": pending,
            "crossed": crossed,
            "statements": decided,
            "form": form,
        },
        status=400 if has_errors else _status(form),
    )


# --- classes ---


@editor_required
@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def class_create(request: HttpRequest) -> HttpResponse:
    form = ClassGroupForm(
        request.POST or None, initial={"codes": 25, "expires_on": default_code_expiry()}
    )
    if request.method == "POST" and form.is_valid():
        group = services.class_group_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The class and its codes were made."))
        return redirect("participation:class_detail", pk=group.pk)
    return _form_page(
        request,
        form,
        _("New class"),
        back="participation:dashboard",
        lead=_(
            "The teacher hands out one code to each pupil. The codes tell which class an "
            "answer comes from, never who gave it."
        ),
    )


@editor_required
@require_safe
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(ClassGroup, pk=pk)
    return render(
        request, "participation/editor/class.html", {"group": group, "codes": group.codes.all()}
    )
