"""Public pages of citizen involvement: hearings, meetings, surveys, dialogues, personal data."""

import io
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from uddannelsesby.bridge import retention as bridge_retention
from uddannelsesby.core.fields import parse_int
from uddannelsesby.core.files import private
from uddannelsesby.core.idempotency import submit_once
from uddannelsesby.core.pagecache import public_page
from uddannelsesby.core.tabular import SafeDictWriter
from uddannelsesby.policies.pdf import render_pdf

from . import ratelimit, retention, selectors, services
from .forms import (
    EmailForm,
    JoinForm,
    RegistrationForm,
    ResponseFilterForm,
    ResponseForm,
    StatementForm,
    SurveyAnswerForm,
)
from .models import Dialogue, Hearing, Meeting, Registration, Statement, Survey, Vote
from .tokens import cancel_token_pk, data_token_email

PAGE_SIZE = 25


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _base_url(request: HttpRequest) -> str:
    """The links in e-mails use the configured site address, never the request's Host."""
    return settings.SITE_URL.rstrip("/")


def _hearing(pk: int) -> Hearing:
    return get_object_or_404(Hearing.objects.select_related("version__policy"), pk=pk)


def _too_many(request: HttpRequest, form) -> None:
    form.add_error(
        None,
        _(
            "Too many submissions from your network in a short time. Wait ten minutes and try "
            "again; what you wrote is kept below."
        ),
    )


@require_safe
@public_page("participation", "policies")
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    hearings = list(selectors.hearing_list_public())
    coming, past = selectors.meeting_split(list(selectors.meeting_list()))
    return render(
        request,
        "participation/index.html",
        {
            "open_hearings": [h for h in hearings if h.is_open(today)],
            "closed_hearings": [h for h in hearings if h.is_closed(today)],
            "surveys": Survey.objects.filter(status=Survey.Status.OPEN),
            "dialogues": Dialogue.objects.filter(status=Dialogue.Status.OPEN),
            "closed_dialogues": Dialogue.objects.filter(status=Dialogue.Status.CLOSED),
            "coming": coming,
            "past": past[:5],
        },
    )


# --- hearings ---


@require_safe
@public_page("participation", "policies")
def hearing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _hearing(pk)
    if hearing.starts_on > timezone.localdate() and not request.user.has_perm(
        "participation.manage"
    ):
        raise Http404
    form = ResponseFilterForm(request.GET or None, hearing=hearing, public=True)
    responses = selectors.response_list(hearing, public=True, **_public_filters(form))
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("side"))
    sections = selectors.version_sections(hearing.version.content)
    counts = selectors.section_response_counts(hearing)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "participation/hearing.html",
        {
            "hearing": hearing,
            "policy": hearing.version.policy,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "labels": dict(sections),
            "sections": [(a, label, counts.get(a, 0)) for a, label in sections],
            "can_memo": request.user.has_perm("participation.view_memo", hearing),
        },
        status=200 if not form.errors else 400,
    )


def _public_filters(form: ResponseFilterForm) -> dict:
    filters = form.filters()
    filters.pop("status", None)
    return filters


@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def response_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The response form. A response posted after the deadline (the form was open while the
    hearing closed) is never lost: the form comes back with the text and a way to send it
    anyway, as a late response the editor sees marked late, or by e-mail once the memo is out."""
    hearing = _hearing(pk)
    if request.method in ("GET", "HEAD") and not hearing.is_open():
        return render(request, "participation/hearing_closed.html", {"hearing": hearing})
    if request.method == "POST" and hearing.starts_on > timezone.localdate():
        return render(request, "participation/hearing_closed.html", {"hearing": hearing})
    initial = {"anchor": request.GET.get("del", "")}
    form = ResponseForm(
        request.POST or None, request.FILES or None, hearing=hearing, initial=initial
    )
    late = not hearing.is_open()
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect("participation:response_thanks", pk=hearing.pk)
        if late and not (request.POST.get("late") and hearing.takes_late_responses()):
            form.add_error(
                None,
                _(
                    "The hearing closed on %(date)s, while you were writing. Your response "
                    "has not been sent yet; your text is kept below."
                )
                % {"date": date_format(hearing.ends_on, "j. F Y")},
            )
        elif ratelimit.is_limited(request, "response"):
            _too_many(request, form)
        else:
            try:
                services.response_submit(
                    hearing=hearing,
                    base_url=_base_url(request),
                    late=late,
                    **form.service_fields(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                ratelimit.record(request, "response")
                return redirect("participation:response_thanks", pk=hearing.pk)
    return render(
        request,
        "participation/response_form.html",
        {
            "hearing": hearing,
            "form": form,
            "late": late and request.method == "POST",
            "takes_late": hearing.takes_late_responses(),
        },
        status=_status(form) if not form.non_field_errors() else 400,
    )


@require_safe
def response_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "participation/response_thanks.html", {"hearing": _hearing(pk)})


def memo_context(request: HttpRequest, pk: int) -> dict:
    hearing = _hearing(pk)
    if not request.user.has_perm("participation.view_memo", hearing):
        raise Http404
    return {
        "hearing": hearing,
        "policy": hearing.version.policy,
        "memo": selectors.hearing_memo(hearing),
        "url": request.build_absolute_uri(reverse("participation:memo", args=[pk])),
    }


@require_safe
def hearing_memo(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "participation/memo.html", memo_context(request, pk))


def _public_records(request: HttpRequest, pk: int) -> tuple[Hearing, list[dict]]:
    hearing = _hearing(pk)
    if hearing.starts_on > timezone.localdate() and not request.user.has_perm(
        "participation.manage"
    ):
        raise Http404
    return hearing, selectors.public_response_records(hearing)


@require_safe
def hearing_responses_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The published responses as CSV: only what the public page shows."""
    _hearing_obj, records = _public_records(request, pk)
    out = io.StringIO()
    fields = ["number", "received", "section", "anchor", "sender", "text", "decision", "reply"]
    writer = SafeDictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(records)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hoeringssvar-{pk}.csv"'
    return response


@require_safe
def hearing_responses_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The published responses as JSON: only what the public page shows."""
    hearing, records = _public_records(request, pk)
    data = {"hearing": hearing.title, "url": hearing.get_absolute_url(), "responses": records}
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="hoeringssvar-{pk}.json"'
    return response


@require_safe
def hearing_memo_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = memo_context(request, pk)
    html = render_to_string("participation/memo_pdf.html", context, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="hoeringsnotat-{pk}.pdf"'
    return response


# --- citizen meetings ---


@require_safe
@public_page("participation")
def meeting_list(request: HttpRequest) -> HttpResponse:
    coming, past = selectors.meeting_split(list(selectors.meeting_list()))
    return render(request, "participation/meetings.html", {"coming": coming, "past": past})


@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("policy", "hearing"), pk=pk)
    form = RegistrationForm(request.POST or None)
    too_late = request.method == "POST" and not meeting.registration_is_open
    if too_late:
        form.is_valid()
        form.add_error(
            None,
            _(
                "Registration closed when the meeting started at %(time)s. You are not "
                "registered; what you wrote is kept below."
            )
            % {"time": date_format(timezone.localtime(meeting.starts_at), "j. F Y H:i")},
        )
    if request.method == "POST" and not too_late and form.is_valid():
        if form.is_spam:
            return redirect(meeting.get_absolute_url())
        if ratelimit.is_limited(request, "registration"):
            _too_many(request, form)
        else:
            try:
                services.meeting_register(
                    meeting=meeting,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    needs=form.cleaned_data["needs"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                ratelimit.record(request, "registration")
                # The same answer whether or not the address was registered already, so the
                # form never tells who has signed up; the e-mail to the address says which.
                messages.success(
                    request,
                    _(
                        "Thank you. We have sent an e-mail to the address you gave. It says "
                        "whether you have a seat or are on the waiting list."
                    ),
                )
                return redirect(meeting.get_absolute_url())
    return render(
        request,
        "participation/meeting.html",
        {
            "meeting": meeting,
            "form": form,
            "seats": selectors.meeting_seats(meeting),
            "too_late": too_late,
        },
        status=400 if form.errors else 200,
    )


@require_safe
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    from .ical import meeting_ical

    meeting = get_object_or_404(Meeting, pk=pk)
    content = meeting_ical(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="borgermoede-{pk}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    pk = cancel_token_pk(token)
    registration = (
        Registration.objects.select_related("meeting").filter(pk=pk).first() if pk else None
    )
    if registration is None:
        return render(request, "participation/link_invalid.html", status=404)
    if request.method == "POST":
        services.registration_cancel(registration=registration, base_url=_base_url(request))
        messages.success(request, _("Your registration was cancelled."))
        return redirect(registration.meeting.get_absolute_url())
    return render(request, "participation/cancel.html", {"registration": registration})


# --- surveys ---


def _visible_survey(request: HttpRequest, pk: int) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == Survey.Status.DRAFT and not request.user.has_perm("participation.manage"):
        raise Http404
    return survey


@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _visible_survey(request, pk)
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(
        request.POST or None,
        survey=survey,
        questions=questions,
        initial={"code": request.GET.get("kode", "")},
    )
    if request.method == "POST" and survey.status != Survey.Status.OPEN:
        # Answered on a page drawn while the survey was open: said so, the answers kept.
        form.is_valid()
        form.add_error(
            None,
            _("The survey closed before your answers arrived. They have not been sent; what "
              "you answered is shown below."),
        )  # fmt: skip
    if request.method == "POST" and survey.status == Survey.Status.OPEN and form.is_valid():
        if ratelimit.is_limited(request, "survey") and form.cleaned_data["code"] is None:
            _too_many(request, form)
        else:
            try:
                services.survey_submit(
                    survey=survey, answers=form.answers(), code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                ratelimit.record(request, "survey")
                return redirect("participation:survey_thanks", pk=survey.pk)
    return render(
        request,
        "participation/survey.html",
        {"survey": survey, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def survey_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "participation/survey_thanks.html", {"survey": _visible_survey(request, pk)}
    )


@require_safe
@public_page("participation")
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _visible_survey(request, pk)
    is_editor = request.user.has_perm("participation.manage")
    by = request.GET.get("opdel", "")
    overall, groups, hidden = selectors.survey_results(survey, by=by)
    return render(
        request,
        "participation/survey_results.html",
        {
            "survey": survey,
            "overall": overall,
            "groups": groups,
            "hidden": hidden,
            "by": by if by in ("school", "class") else "",
            "count": selectors.survey_answer_count(survey),
            "show_texts": is_editor,
            "minimum": selectors.MIN_GROUP_ANSWERS,
        },
    )


# --- dialogues (statement voting) ---


def _visible_dialogue(request: HttpRequest, pk: int) -> Dialogue:
    dialogue = get_object_or_404(Dialogue, pk=pk)
    if dialogue.status == Dialogue.Status.DRAFT and not request.user.has_perm(
        "participation.manage"
    ):
        raise Http404
    return dialogue


def _participant(request: HttpRequest, dialogue: Dialogue):
    from .models import Participant

    key = request.session.get(f"dialogue-{dialogue.pk}")
    return Participant.objects.filter(dialogue=dialogue, key=key).first() if key else None


def _ensure_participant(request: HttpRequest, dialogue: Dialogue):
    participant = _participant(request, dialogue)
    if participant is None:
        participant = services.participant_join(dialogue=dialogue)
        request.session[f"dialogue-{dialogue.pk}"] = participant.key
    return participant


@require_http_methods(["GET", "HEAD", "POST"])
@submit_once
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _visible_dialogue(request, pk)
    participant = _participant(request, dialogue)
    statement_form = StatementForm(request.POST if "add" in request.POST else None)
    join_form = JoinForm(request.POST if "join" in request.POST else None)
    if request.method == "POST" and dialogue.status != Dialogue.Status.OPEN:
        if "add" in request.POST:  # written while it was open: said so, the text kept
            statement_form.is_valid()
            statement_form.add_error(
                None,
                _("The dialogue closed before your statement arrived. It has not been sent; "
                  "what you wrote is shown below."),
            )  # fmt: skip
        elif "vote" in request.POST:
            messages.error(request, _("The dialogue has closed: your vote was not counted."))
        elif "join" in request.POST:  # the code typed is shown again, with the reason
            join_form.is_valid()
            join_form.add_error(
                None, _("The dialogue has closed: your code was not used and no votes count.")
            )
    if request.method == "POST" and dialogue.status == Dialogue.Status.OPEN:
        if "vote" in request.POST:
            return _vote(request, dialogue)
        if "join" in request.POST and join_form.is_valid():
            try:
                participant = services.participant_code_set(
                    dialogue=dialogue, participant=participant, code=join_form.cleaned_data["code"]
                )
            except ValidationError as error:
                join_form.add_error("code", error)
            else:
                request.session[f"dialogue-{dialogue.pk}"] = participant.key
                # Said only when it is so: the code is this participant's, and used once.
                messages.success(request, _("Thank you. Your votes now count for your class."))
                return redirect(dialogue.get_absolute_url())
        if "add" in request.POST and statement_form.is_valid():
            if statement_form.is_spam:
                return redirect(dialogue.get_absolute_url())
            if ratelimit.is_limited(request, "statement"):
                _too_many(request, statement_form)
            else:
                try:
                    services.statement_add(
                        actor=None,
                        dialogue=dialogue,
                        text=statement_form.cleaned_data["text"],
                        by_participant=True,
                    )
                except ValidationError as error:  # closed meanwhile, or said already
                    statement_form.add_error(None, error)
                else:
                    ratelimit.record(request, "statement")
                    messages.success(
                        request,
                        _("Thank you. Your statement is shown when an editor has approved it."),
                    )
                    return redirect(dialogue.get_absolute_url())
    statements = dialogue.statements.filter(status=Statement.Status.APPROVED).order_by("pk")
    voted = set(participant.votes.values_list("statement_id", flat=True)) if participant else set()
    remaining = [s for s in statements if s.pk not in voted]
    errors = statement_form.errors or join_form.errors
    return render(
        request,
        "participation/dialogue.html",
        {
            "dialogue": dialogue,
            "statement": remaining[0] if remaining else None,
            "total": len(statements),
            "done": len(statements) - len(remaining),
            "statement_form": statement_form,
            "join_form": join_form,
            "participant": participant,
            "has_errors": bool(errors),
            "vote_choices": [
                (Vote.Value.AGREE, _("Agree")),
                (Vote.Value.DISAGREE, _("Disagree")),
                (Vote.Value.PASS, _("Pass / unsure")),
            ],
        },
        status=400 if errors else 200,
    )


def _vote(request: HttpRequest, dialogue: Dialogue) -> HttpResponse:
    statement_pk = parse_int(request.POST.get("statement"))
    try:
        value = int(request.POST["vote"])
        if statement_pk is None:
            raise ValueError
    except (KeyError, ValueError):
        messages.error(request, _("The vote was not understood. Try again."))
        return redirect(dialogue.get_absolute_url())
    statement = dialogue.statements.filter(pk=statement_pk).first()
    if statement is None:
        messages.error(request, _("The statement was not found."))
        return redirect(dialogue.get_absolute_url())
    participant = _ensure_participant(request, dialogue)
    try:
        services.vote_cast(participant=participant, statement=statement, value=value)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Your vote on “%(text)s” was saved.") % {"text": statement.text}
        )
    return redirect(dialogue.get_absolute_url() + "#statement")


@require_safe
@public_page("participation")
def dialogue_results(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _visible_dialogue(request, pk)
    result = selectors.dialogue_result(dialogue)
    by = request.GET.get("opdel", "")
    split = selectors.dialogue_split(dialogue, by=by) if by in ("school", "class") else None
    letters = "ABCDEFGHIJ"
    group_names = (
        [_("Group %(letter)s") % {"letter": letters[i]} for i in range(result.groups.count)]
        if result.groups
        else []
    )
    return render(
        request,
        "participation/dialogue_results.html",
        {
            "dialogue": dialogue,
            "result": result,
            "group_names": group_names,
            "groups": list(zip(group_names, result.groups.sizes, strict=True))
            if result.groups
            else [],
            "by": by if split else "",
            "split": split,
            "minimum": selectors.MIN_GROUP_ANSWERS,
        },
    )


# --- personal data ---


@require_safe
@public_page()
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/privacy.html",
        {
            "response_retention": retention.response_text(),
            "registration_retention": retention.registration_text(),
            "application_retention": bridge_retention.application_text(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.is_limited(request, "data"):
            _too_many(request, form)
        else:
            ratelimit.record(request, "data")
            services.personal_data_link_send(
                email=form.cleaned_data["email"], base_url=_base_url(request)
            )
            # The same answer whether or not anything is kept, so nobody can probe addresses.
            return render(request, "participation/my_data_sent.html")
    return render(request, "participation/my_data.html", {"form": form}, status=_status(form))


@require_http_methods(["GET", "HEAD", "POST"])
def my_data_token(request: HttpRequest, token: str) -> HttpResponse:
    email = data_token_email(token)
    if email is None:
        return render(request, "participation/link_invalid.html", status=404)
    if request.method == "POST":
        counts = services.personal_data_delete(email=email, base_url=_base_url(request))
        return render(request, "participation/my_data_deleted.html", {"counts": counts})
    data = selectors.personal_data(email)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
        return private(response)
    return private(
        render(request, "participation/my_data_view.html", {"data": data, "token": token})
    )
