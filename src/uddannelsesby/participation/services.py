"""Every write of citizen involvement, one function and one transaction each."""

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core import events
from uddannelsesby.core.extensions import personal_data_keepers
from uddannelsesby.core.scheduling import JobRun
from uddannelsesby.core.services import history_record
from uddannelsesby.core.text import email_subject, validate_no_control_characters
from uddannelsesby.policies.models import Policy, PolicyVersion

from . import retention
from .models import (
    Answer,
    ClassGroup,
    Dialogue,
    Hearing,
    HearingInvitation,
    HearingSummary,
    Meeting,
    Participant,
    ParticipationCode,
    Question,
    Registration,
    Response,
    Statement,
    Submission,
    Survey,
    Vote,
)
from .selectors import (
    decide_passages,
    hearing_counts,
    response_preview,
    statement_preview,
    version_sections,
)
from .tokens import cancel_token, data_token

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud


def _mail(template: str, context: dict[str, Any], recipients: Iterable[str]) -> None:
    """Render an e-mail in the site's language and send it once the transaction commits."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"participation/email/{template}_subject.txt", context)
        body = render_to_string(f"participation/email/{template}.txt", context)
    subject = email_subject(subject)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


# --- hearings ---


def _organisation_emails(organisation: Organisation) -> list[str]:
    contacts = organisation.memberships.filter(is_contact=True).select_related("user")
    return [m.user.email for m in contacts if m.user.email]


@transaction.atomic
def hearing_open(
    *,
    actor,
    version: PolicyVersion,
    title: str,
    text: str,
    target_groups: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    organisations: Iterable[Organisation] = (),
    emails: Iterable[str] = (),
    base_url: str = "",
) -> Hearing:
    """Open a hearing on a hearing draft and invite organisations and addresses by e-mail."""
    if version.kind != PolicyVersion.Kind.HEARING:
        raise ValidationError(_("A hearing can only be held on a hearing draft."))
    if Hearing.objects.filter(version=version).exists():
        raise ValidationError(_("This draft has a hearing already."))
    if ends_on < starts_on:
        raise ValidationError(_("The hearing cannot close before it opens."))
    hearing = Hearing.objects.create(
        version=version,
        title=title,
        text=text,
        target_groups=target_groups,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    invited: dict[str, Organisation | None] = {}
    for organisation in organisations:
        for email in _organisation_emails(organisation):
            invited.setdefault(email.lower(), organisation)
    for email in emails:
        invited.setdefault(email.strip().lower(), None)
    HearingInvitation.objects.bulk_create(
        HearingInvitation(hearing=hearing, organisation=org, email=email)
        for email, org in invited.items()
    )
    context = {"hearing": hearing, "url": base_url + hearing.get_absolute_url()}
    for email in invited:
        _mail("invitation", context, [email])
    history_record(
        target=hearing,
        actor=actor,
        action=_("Opened the hearing “%(title)s”") % {"title": title},
        changes={"invited": [None, len(invited)]},
    )
    events.event_announce(
        kind=events.HEARING_OPENED,
        targets=[hearing, version.policy],
        title=title,
        url=hearing.get_absolute_url(),
        payload={"date": ends_on.isoformat(), "starts": starts_on.isoformat()},
    )
    return hearing


@transaction.atomic
def response_submit(
    *,
    hearing: Hearing,
    anchor: str,
    kind: str,
    name: str,
    text: str,
    organisation: str = "",
    email: str = "",
    hide_name: bool = False,
    attachment: UploadedFile | None = None,
    base_url: str = "",
    today: datetime.date | None = None,
    late: bool = False,
) -> Response:
    """Receive a response; the sender gets a receipt with a copy of it.

    After the deadline a response is taken only when the sender asks to send it late, and only
    until the memo is published: it is marked late, and the editor decides whether it counts.
    """
    hearing = Hearing.objects.get(pk=hearing.pk)  # the memo may have been published meanwhile
    is_late = False
    if not hearing.is_open(today):
        if not (late and hearing.takes_late_responses(today)):
            raise ValidationError(_("The hearing is not open for responses."))
        is_late = True
    labels = dict(version_sections(hearing.version.content))
    if anchor not in labels:
        raise ValidationError(_("Choose a part of the draft."))
    if kind == Response.Kind.ORGANISATION and not organisation.strip():
        raise ValidationError(_("Write the name of the organisation."))
    response = Response(
        hearing=hearing,
        anchor=anchor,
        kind=kind,
        name=name.strip(),
        organisation=organisation.strip() if kind == Response.Kind.ORGANISATION else "",
        email=email.strip(),
        hide_name=hide_name and kind == Response.Kind.PRIVATE,
        text=text,
        is_late=is_late,
    )
    if attachment is not None:
        response.attachment.save(attachment.name, attachment, save=False)
    Hearing.objects.select_for_update().filter(pk=hearing.pk).first()  # numbers in turn
    response.save()
    _mail(
        "receipt",
        {
            "hearing": hearing,
            "response": response,
            "section": labels[anchor],
            "url": base_url + hearing.get_absolute_url(),
            "data_url": base_url + "/deltag/mine-data/",
        },
        [response.email],
    )
    return response


def _memo_is_final(hearing: Hearing) -> None:
    if Hearing.objects.filter(pk=hearing.pk, memo_published_at__isnull=False).exists():
        raise ValidationError(
            _("The hearing memo is published: its responses and replies no longer change.")
        )


@transaction.atomic
def response_publish(
    *,
    actor,
    response: Response,
    public_sender: str | None = None,
    public_text: str | None = None,
    blackout: Iterable[str] = (),
) -> Response:
    """Publish the moderator's version of a response: the sender and text as edited (by
    default what the citizen sent), with the chosen passages blacked out, and e-mail
    addresses, phone and CPR numbers redacted, exactly as `selectors.response_preview` showed
    it. The original stays with the editors."""
    _memo_is_final(response.hearing)
    blackout = [b for b in blackout if b and b.strip()]
    preview = response_preview(response, sender=public_sender, text=public_text, blackout=blackout)
    if not preview.text:
        raise ValidationError(_("There is no text left to publish. Choose “Do not publish”."))
    # Every passage that may be personal in what the citizen sent, and what the moderator
    # decided: kept if it is still in the published version, otherwise removed (blacked out,
    # in this step or an earlier preview, or edited away).
    published = f"{preview.sender}\n{preview.text}"
    sent = response_preview(response, sender=response.proposed_sender, text=response.text)
    decisions = decide_passages(sent.passages, published)
    old = [response.public_sender, response.public_text]
    response.public_sender, response.public_text = preview.sender, preview.text
    response.status = Response.Status.PUBLISHED
    response.moderation_note = ""
    response.passage_decisions = decisions
    response.save(
        update_fields=[
            "public_sender",
            "public_text",
            "status",
            "moderation_note",
            "passage_decisions",
        ]
    )
    history_record(
        target=response.hearing,
        actor=actor,
        action=_("Published response no. %(number)s") % {"number": response.number},
        changes={
            "published": [old, [preview.sender, preview.text]],
            # the categories only: the history outlives the passages themselves
            "passages": [
                None,
                ", ".join(f"{d['category']}: {d['decision']}" for d in decisions) or None,
            ],
        },
    )
    return response


@transaction.atomic
def response_reject(*, actor, response: Response, note: str) -> Response:
    _memo_is_final(response.hearing)
    response.status = Response.Status.REJECTED
    response.public_text = ""
    response.public_sender = ""
    response.moderation_note = note
    response.save(update_fields=["status", "public_text", "public_sender", "moderation_note"])
    history_record(
        target=response.hearing,
        actor=actor,
        action=_("Did not publish response no. %(number)s") % {"number": response.number},
        changes={"reason": [None, note]},
    )
    return response


@transaction.atomic
def response_reply(
    *, actor, response: Response, decision: str, reply: str, reply_anchor: str
) -> Response:
    """The municipality's reply to a response: a decision, its reason, and the section."""
    _memo_is_final(response.hearing)
    if decision not in Response.Decision.values:
        raise ValidationError(_("Choose a decision."))
    if reply_anchor not in dict(version_sections(response.hearing.version.content)):
        raise ValidationError(_("Choose a part of the draft."))
    old = [response.decision, response.reply]
    response.decision, response.reply, response.reply_anchor = decision, reply, reply_anchor
    response.replied_at = timezone.now()
    response.save(update_fields=["decision", "reply", "reply_anchor", "replied_at"])
    history_record(
        target=response.hearing,
        actor=actor,
        action=_("Replied to response no. %(number)s") % {"number": response.number},
        changes={"reply": [old, [decision, reply]]},
    )
    return response


@transaction.atomic
def hearing_summaries_save(*, actor, hearing: Hearing, summaries: dict[str, str]) -> None:
    """Save the summary of each section (an empty text removes it)."""
    anchors = dict(version_sections(hearing.version.content))
    for anchor, text in summaries.items():
        if anchor not in anchors:
            continue
        if text.strip():
            HearingSummary.objects.update_or_create(
                hearing=hearing, anchor=anchor, defaults={"text": text.strip()}
            )
        else:
            HearingSummary.objects.filter(hearing=hearing, anchor=anchor).delete()
    history_record(target=hearing, actor=actor, action=_("Changed the section summaries"))


@transaction.atomic
def hearing_memo_publish(*, actor, hearing: Hearing, today: datetime.date | None = None) -> Hearing:
    """Publish the hearing memo when the editor says it is finished: the hearing has closed,
    every response is moderated and every published response has a reply."""
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.memo_published_at is not None:
        raise ValidationError(_("The hearing memo is published already."))
    if not hearing.is_closed(today):
        raise ValidationError(_("The memo can be published when the hearing has closed."))
    counts = hearing_counts(hearing)
    problems = []
    if counts["pending"]:
        problems.append(
            ngettext(
                "%(count)s response awaits moderation.",
                "%(count)s responses await moderation.",
                counts["pending"],
            )
            % {"count": counts["pending"]}
        )
    if counts["unanswered"]:
        problems.append(
            ngettext(
                "%(count)s published response has no reply.",
                "%(count)s published responses have no reply.",
                counts["unanswered"],
            )
            % {"count": counts["unanswered"]}
        )
    if problems:
        raise ValidationError(problems)
    hearing.memo_published_at = timezone.now()
    hearing.memo_published_by = actor if actor is not None and actor.is_authenticated else None
    hearing.save(update_fields=["memo_published_at", "memo_published_by"])
    history_record(target=hearing, actor=actor, action=_("Published the hearing memo"))
    events.event_announce(
        kind=events.MEMO_PUBLISHED,
        targets=[hearing, hearing.version.policy],
        title=hearing.title,
        url=reverse("participation:memo", args=[hearing.pk]),
    )
    return hearing


@transaction.atomic
def hearing_close_early(
    *, actor, hearing: Hearing, reason: str, today: datetime.date | None = None
) -> Hearing:
    """Close an open hearing before its planned last day, with a reason the hearing page shows.
    Its last day becomes yesterday: it takes no more responses from today."""
    today = today or timezone.localdate()
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if not hearing.is_open(today):
        raise ValidationError(_("Only an open hearing can be closed early."))
    if not reason.strip():
        raise ValidationError(_("Say why the hearing closes early."))
    yesterday = today - datetime.timedelta(days=1)
    changes = {
        "ends_on": [hearing.ends_on.isoformat(), yesterday.isoformat()],
        "closed_reason": ["", reason.strip()],
    }
    if hearing.starts_on > yesterday:  # it opened today
        changes["starts_on"] = [hearing.starts_on.isoformat(), yesterday.isoformat()]
        hearing.starts_on = yesterday
    hearing.ends_on = yesterday
    hearing.closed_early_on, hearing.closed_reason = today, reason.strip()
    hearing.save(update_fields=["starts_on", "ends_on", "closed_early_on", "closed_reason"])
    history_record(
        target=hearing, actor=actor, action=_("Closed the hearing early"), changes=changes
    )
    events.event_announce(
        kind=events.HEARING_CLOSED,
        targets=[hearing, hearing.version.policy],
        title=hearing.title,
        url=hearing.get_absolute_url(),
        payload={"date": today.isoformat(), "reason": hearing.closed_reason},
    )
    return hearing


@transaction.atomic
def hearing_extend(
    *, actor, hearing: Hearing, ends_on: datetime.date, today: datetime.date | None = None
) -> Hearing:
    """Give the hearing a later last day; a hearing closed early opens again. Not once the
    memo is published: the memo answers the responses of the hearing as it was."""
    today = today or timezone.localdate()
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.memo_is_published:
        raise ValidationError(_("The hearing memo is published: the hearing cannot be extended."))
    if ends_on <= hearing.ends_on or ends_on < today:
        raise ValidationError(
            _("The new last day must be after the present one (%(date)s) and not in the past.")
            % {"date": date_format(hearing.ends_on, "DATE_FORMAT")}
        )
    changes = {"ends_on": [hearing.ends_on.isoformat(), ends_on.isoformat()]}
    if hearing.closed_early_on:
        changes["closed_reason"] = [hearing.closed_reason, ""]
    hearing.ends_on, hearing.closed_early_on, hearing.closed_reason = ends_on, None, ""
    hearing.save(update_fields=["ends_on", "closed_early_on", "closed_reason"])
    history_record(target=hearing, actor=actor, action=_("Extended the hearing"), changes=changes)
    events.event_announce(
        kind=events.HEARING_EXTENDED,
        targets=[hearing, hearing.version.policy],
        title=hearing.title,
        url=hearing.get_absolute_url(),
        payload={"date": ends_on.isoformat()},
    )
    return hearing


# --- citizen meetings ---

MEETING_FIELDS = {
    "title", "description", "policy", "hearing", "starts_at", "ends_at", "place", "address",
    "accessibility", "capacity", "notes",
}  # fmt: skip


@transaction.atomic
def meeting_create(*, actor, **fields: Any) -> Meeting:
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    if fields["ends_at"] < fields["starts_at"]:
        raise ValidationError(_("The meeting cannot end before it starts."))
    meeting = Meeting.objects.create(**fields)
    history_record(target=meeting, actor=actor, action=_("Created the meeting"))
    _meeting_announce(meeting, events.MEETING_ANNOUNCED)
    return meeting


def _meeting_announce(meeting: Meeting, kind: str) -> None:
    """Followers of the meeting, its policy, its hearing and of all citizen meetings hear."""
    events.event_announce(
        kind=kind,
        targets=[meeting, meeting.policy, meeting.hearing],
        title=meeting.title,
        url=meeting.get_absolute_url(),
        payload={"date": timezone.localdate(meeting.starts_at).isoformat()},
    )


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, base_url: str = "", **fields: Any) -> Meeting:
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.ends_at < meeting.starts_at:
        raise ValidationError(_("The meeting cannot end before it starts."))
    meeting.save()
    # What a participant plans by: when and where. Notes after the meeting are no news.
    if changed & {"title", "starts_at", "ends_at", "place", "address"} and not meeting.is_past:
        _meeting_announce(meeting, events.MEETING_CHANGED)
    _promote(meeting, base_url)  # more seats may have been added
    history_record(target=meeting, actor=actor, action=_("Changed the meeting"))
    return meeting


def _registration_mail(registration: Registration, base_url: str, *, again: bool = False) -> None:
    meeting = registration.meeting
    _mail(
        "registration",
        {
            "meeting": meeting,
            "registration": registration,
            "again": again,
            "url": base_url + meeting.get_absolute_url(),
            "cancel_url": f"{base_url}/deltag/afmeld/{cancel_token(registration.pk)}/",
        },
        [registration.email],
    )


@transaction.atomic
def meeting_register(
    *, meeting: Meeting, name: str, email: str, needs: str = "", base_url: str = ""
) -> Registration:
    """Register for a meeting: a seat while there are any, else a place on the waiting list.

    One registration per address: an address that is registered already keeps its registration
    and is told so by e-mail, while the visitor sees the same as for a new registration, so the
    form never reveals who has signed up.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.registration_is_open:
        raise ValidationError(_("Registration closed when the meeting started."))
    existing = meeting.registrations.filter(
        email__iexact=email.strip(),
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
    ).first()
    if existing is not None:
        _registration_mail(existing, base_url, again=True)
        return existing
    taken = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
    status = (
        Registration.Status.CONFIRMED if taken < meeting.capacity else Registration.Status.WAITING
    )
    registration = Registration.objects.create(
        meeting=meeting, name=name.strip(), email=email.strip(), needs=needs, status=status
    )
    _registration_mail(registration, base_url)
    return registration


def _promote(meeting: Meeting, base_url: str) -> list[Registration]:
    """Give free seats to the waiting list, first come first served."""
    taken = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = max(meeting.capacity - taken, 0)
    promoted = list(meeting.registrations.filter(status=Registration.Status.WAITING)[:free])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        _registration_mail(registration, base_url)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, base_url: str = "") -> list[Registration]:
    """Cancel a registration; return those promoted from the waiting list to the free seat."""
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    if registration.status == Registration.Status.CANCELLED:
        return []
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    return _promote(meeting, base_url)


# --- classes, surveys and dialogues ---


def _new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


@transaction.atomic
def class_group_create(
    *, actor, school: str, name: str, codes: int, expires_on: datetime.date | None = None
) -> ClassGroup:
    """A class of ``codes`` pupils with anonymous participation codes, one for each pupil."""
    fields = {"expires_on": expires_on} if expires_on else {}
    group = ClassGroup.objects.create(
        school=school.strip(), name=name.strip(), size=codes, **fields
    )
    taken = set(ParticipationCode.objects.values_list("code", flat=True))
    ParticipationCode.objects.bulk_create(
        ParticipationCode(class_group=group, code=_new_code(taken)) for _ in range(codes)
    )
    history_record(target=group, actor=actor, action=_("Created the class and its codes"))
    return group


@transaction.atomic
def survey_create(
    *, actor, title: str, introduction: str = "", policy: Policy | None = None
) -> Survey:
    survey = Survey.objects.create(title=title, introduction=introduction, policy=policy)
    history_record(target=survey, actor=actor, action=_("Created the survey"))
    return survey


@transaction.atomic
def survey_set_status(*, actor, survey: Survey, status: str) -> Survey:
    if status not in Survey.Status.values:
        raise ValidationError(_("Unknown status."))
    if status == Survey.Status.OPEN and not survey.questions.exists():
        raise ValidationError(_("Add at least one question before the survey is opened."))
    survey.status = status
    survey.save(update_fields=["status"])
    history_record(
        target=survey, actor=actor, action=_("Set the status to %(status)s") % {"status": status}
    )
    return survey


@transaction.atomic
def question_add(
    *, actor, survey: Survey, kind: str, text: str, choices: list[str], required: bool = True
) -> Question:
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
        raise ValidationError(_("A choice question needs at least two choices."))
    if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        choices = []
    position = (survey.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question.objects.create(
        survey=survey, kind=kind, text=text, choices=choices, required=required, position=position
    )
    history_record(
        target=survey, actor=actor, action=_("Added the question “%(text)s”") % {"text": text}
    )
    return question


LOCKED_AFTER_ANSWERS = ("kind", "choices", "required")


def _locked_message():
    return _("The survey has answers: only the wording of the question can be changed.")


@transaction.atomic
def question_update(
    *, actor, question: Question, kind: str, text: str, choices: list[str], required: bool
) -> Question:
    """Change a question; once the survey has answers, only its wording may change."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        choices = []
    new = {"kind": kind, "text": text, "choices": choices, "required": required}
    changed = {name: value for name, value in new.items() if getattr(question, name) != value}
    if not changed:
        return question
    answered = question.survey.has_answers
    if answered:
        if locked := [name for name in LOCKED_AFTER_ANSWERS if name in changed]:
            raise ValidationError({name: _locked_message() for name in locked})
    elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
        raise ValidationError({"choices": _("A choice question needs at least two choices.")})
    history = {name: [getattr(question, name), value] for name, value in changed.items()}
    for name, value in changed.items():
        setattr(question, name, value)
    question.save(update_fields=list(changed))
    if answered:
        action = _("Corrected the wording of a question from “%(old)s” to “%(new)s”") % {
            "old": history["text"][0],
            "new": text,
        }
    else:
        action = _("Edited the question “%(text)s”") % {"text": text}
    history_record(target=question.survey, actor=actor, action=action, changes=history)
    return question


@transaction.atomic
def question_move(*, actor, question: Question, up: bool) -> Question:
    """Swap a question with the one before (up) or after it; not once the survey has answers."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    if survey.has_answers:
        raise ValidationError(_("The survey has answers: the questions can no longer be moved."))
    questions = list(survey.questions.all())
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return question
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        item.position = position
    Question.objects.bulk_update(questions, ["position"])
    history_record(
        target=survey,
        actor=actor,
        action=_("Moved the question “%(text)s”") % {"text": question.text},
    )
    return questions[other]


@transaction.atomic
def survey_submit(
    *, survey: Survey, answers: dict[int, Any], code: ParticipationCode | None = None
) -> Submission:
    """Store one participant's answers; a class code answers a survey once."""
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("The survey is not open."))
    if code is not None:
        _code_check(code)
        if Submission.objects.filter(survey=survey, code=code).exists():
            raise ValidationError(_("This participation code has answered the survey already."))
        taken = Submission.objects.filter(survey=survey, code__class_group=code.class_group_id)
        if taken.count() >= code.class_group.size:
            raise ValidationError(_("The whole class has answered already."))
    submission = Submission.objects.create(survey=survey, code=code)
    Answer.objects.bulk_create(
        Answer(submission=submission, question_id=question_id, value=value)
        for question_id, value in answers.items()
        if value not in (None, "", [])
    )
    return submission


@transaction.atomic
def dialogue_create(
    *, actor, title: str, question: str, policy: Policy | None = None, status: str = "draft"
) -> Dialogue:
    dialogue = Dialogue.objects.create(title=title, question=question, policy=policy, status=status)
    history_record(target=dialogue, actor=actor, action=_("Created the dialogue"))
    return dialogue


@transaction.atomic
def dialogue_set_status(*, actor, dialogue: Dialogue, status: str) -> Dialogue:
    if status not in Dialogue.Status.values:
        raise ValidationError(_("Unknown status."))
    dialogue.status = status
    dialogue.save(update_fields=["status"])
    history_record(
        target=dialogue,
        actor=actor,
        action=_("Set the status to %(status)s") % {"status": status},
    )
    return dialogue


@transaction.atomic
def statement_add(
    *, actor, dialogue: Dialogue, text: str, by_participant: bool = False
) -> Statement:
    """An editor's statement is approved at once; a participant's waits for an editor."""
    if by_participant and dialogue.status != Dialogue.Status.OPEN:
        raise ValidationError(_("The dialogue is not open."))
    if by_participant:
        # The same statement twice (sent twice, or by two participants) would split the votes;
        # one rejected before may be sent again.
        Dialogue.objects.select_for_update().filter(pk=dialogue.pk).first()
        said = dialogue.statements.exclude(status=Statement.Status.REJECTED)
        if said.filter(text__iexact=text.strip()).exists():
            raise ValidationError(
                _("This statement is in the dialogue already. Vote on it, or write another.")
            )
    statement = Statement.objects.create(
        dialogue=dialogue,
        text=text.strip(),
        submitted_by_participant=by_participant,
        status=Statement.Status.PENDING if by_participant else Statement.Status.APPROVED,
    )
    if not by_participant:
        history_record(
            target=dialogue, actor=actor, action=_("Added a statement: %(text)s") % {"text": text}
        )
    return statement


@transaction.atomic
def statement_moderate(
    *,
    actor,
    statement: Statement,
    approve: bool,
    public_text: str | None = None,
    blackout: Iterable[str] = (),
) -> Statement:
    """Approve (publish) or reject a pending statement. A participant's statement is published
    as the moderator saw it in the preview: the passages the moderator chose blacked out,
    redacted (e-mail addresses, CPR and phone numbers removed), possibly edited by the
    moderator, and redacted again after the edit. Only the published text is kept, with the
    moderator's decision on each passage that may be personal (kept or removed). A statement
    that was decided already (by another moderator meanwhile) is refused, nothing changed."""
    current = Statement.objects.select_for_update().get(pk=statement.pk)
    if current.status != Statement.Status.PENDING:
        statement.status, statement.text = current.status, current.text
        raise ValidationError(statement_decided_message(current), code="decided")
    decisions: list[dict[str, str]] = []
    if approve and statement.submitted_by_participant:
        validate_no_control_characters(public_text or "")  # as every text typed in a form
        preview = statement_preview(current, public_text, blackout)
        text = preview.public_text
        if not text:
            raise ValidationError(_("The statement to publish is empty."))
        limit = Statement._meta.get_field("text").max_length
        if len(text) > limit:
            raise ValidationError(
                _(
                    "After personal data was removed the statement is %(length)d characters "
                    "long; at most %(limit)d can be published. Shorten it before approving."
                )
                % {"length": len(text), "limit": limit}
            )
        decisions = preview.decisions
        statement.text = text
    statement.status = Statement.Status.APPROVED if approve else Statement.Status.REJECTED
    statement.passage_decisions = decisions
    statement.save(update_fields=["status", "text", "passage_decisions"])
    message = _("Approved the statement: %(text)s") if approve else _("Rejected: %(text)s")
    history_record(
        target=statement.dialogue,
        actor=actor,
        action=message % {"text": statement},
        # the categories only, as for responses
        changes={
            "passages": [
                None,
                ", ".join(f"{d['category']}: {d['decision']}" for d in decisions) or None,
            ]
        }
        if decisions
        else None,
    )
    return statement


def statement_decided_message(statement: Statement) -> str:
    return _(
        "Someone else has decided on this statement already: %(status)s. Your decision and "
        "your edit are not saved; what you wrote is shown here so you can copy it."
    ) % {"status": statement.get_status_display()}


def _code_used() -> str:
    return _(
        "This code has been used in this dialogue already. Each pupil has a code of their own."
    )


def _code_check(code: ParticipationCode) -> None:
    if code.class_group.is_expired():
        raise ValidationError(_("The code has expired. Ask your teacher for a new one."))


def _code_claim(dialogue: Dialogue, code: ParticipationCode) -> None:
    """A code joins a dialogue once, and a class never counts more than its size."""
    _code_check(code)
    if Participant.objects.filter(dialogue=dialogue, code=code).exists():
        raise ValidationError(_code_used())
    taken = Participant.objects.filter(dialogue=dialogue, code__class_group=code.class_group_id)
    if taken.count() >= code.class_group.size:
        raise ValidationError(_("The whole class has taken part already."))


@transaction.atomic
def participant_join(*, dialogue: Dialogue, code: ParticipationCode | None = None) -> Participant:
    if code is not None:
        _code_claim(dialogue, code)
    try:
        with transaction.atomic():
            return Participant.objects.create(
                dialogue=dialogue, key=secrets.token_urlsafe(32), code=code
            )
    except IntegrityError as error:  # the same code joined at the same moment elsewhere
        raise ValidationError(_code_used()) from error


@transaction.atomic
def participant_code_set(
    *, dialogue: Dialogue, participant: Participant | None, code: ParticipationCode
) -> Participant:
    """Let a participant's votes count for a class: a new participant with the code, or the
    code given to one who has voted without it. Raises ValidationError when the votes would
    not count for the class (the code is used, expired, or the participant has another)."""
    if participant is None:
        return participant_join(dialogue=dialogue, code=code)
    if participant.code_id == code.pk:
        return participant
    if participant.code_id is not None:
        raise ValidationError(_("You have taken part with another code already."))
    _code_claim(dialogue, code)
    participant.code = code
    try:
        with transaction.atomic():
            participant.save(update_fields=["code"])
    except IntegrityError as error:
        raise ValidationError(_code_used()) from error
    return participant


@transaction.atomic
def vote_cast(*, participant: Participant, statement: Statement, value: int) -> Vote:
    if value not in Vote.Value.values:
        raise ValidationError(_("Choose agree, disagree or pass."))
    if statement.dialogue_id != participant.dialogue_id:
        raise ValidationError(_("The statement belongs to another dialogue."))
    if statement.status != Statement.Status.APPROVED:
        raise ValidationError(_("The statement is not open for votes."))
    if statement.dialogue.status != Dialogue.Status.OPEN:
        raise ValidationError(_("The dialogue is not open."))
    vote, _created = Vote.objects.update_or_create(
        participant=participant, statement=statement, defaults={"value": value}
    )
    return vote


# --- personal data ---


@transaction.atomic
def personal_data_link_send(*, email: str, base_url: str = "") -> bool:
    """E-mail a signed link to the data kept about the address, if any is kept."""
    email = email.strip()
    kept = (
        Response.objects.filter(email__iexact=email).exists()
        or Registration.objects.filter(email__iexact=email).exists()
        or any(keeper.export(email) for keeper in personal_data_keepers())
    )
    if kept:
        _mail(
            "data_link",
            {"url": f"{base_url}/deltag/mine-data/{data_token(email)}/"},
            [email],
        )
    return kept


def _anonymise(responses, now: datetime.datetime) -> int:
    count = 0
    for response in responses:
        if response.attachment:
            response.attachment.delete(save=False)
        response.name = ""
        response.email = ""
        response.text = response.public_text
        if response.kind == Response.Kind.PRIVATE:
            response.public_sender = ""
        response.anonymised_at = now
        # The decisions stay, without the passages they were about.
        response.passage_decisions = [
            {"text": "", "category": d.get("category", ""), "decision": d.get("decision", "")}
            for d in response.passage_decisions or []
        ]
        response.save(
            update_fields=[
                "name",
                "email",
                "text",
                "public_sender",
                "attachment",
                "anonymised_at",
                "passage_decisions",
            ]
        )
        count += 1
    return count


@transaction.atomic
def personal_data_delete(*, email: str, base_url: str = "") -> dict[str, int]:
    """Delete what is kept about an e-mail address.

    Responses that were never published are deleted. Published ones are part of the hearing's
    public record: they keep their redacted text, without name, address or attachment.
    """
    email = email.strip()
    now = timezone.now()
    responses = Response.objects.filter(email__iexact=email)
    unpublished = responses.exclude(status=Response.Status.PUBLISHED)
    for response in unpublished:
        if response.attachment:
            response.attachment.delete(save=False)
    deleted, _detail = unpublished.delete()
    anonymised = _anonymise(responses.filter(status=Response.Status.PUBLISHED), now)
    registrations = list(Registration.objects.filter(email__iexact=email))
    meetings = {r.meeting_id for r in registrations if r.status != Registration.Status.CANCELLED}
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).delete()
    for meeting in Meeting.objects.filter(pk__in=meetings, ends_at__gte=now):
        _promote(meeting, base_url)
    others = {keeper.name: keeper.delete(email) for keeper in personal_data_keepers()}
    return {
        "responses_deleted": deleted,
        "responses_anonymised": anonymised,
        "registrations_deleted": len(registrations),
        "subscriptions_deleted": others.get("subscriptions", 0),
        "student_profiles_deleted": others.get("student_profiles", 0),
    }


def personal_data_expire(
    *, now: datetime.datetime | None = None, run: JobRun | None = None
) -> dict[str, int]:
    """Anonymise responses to hearings that closed longer ago than their retention period, and
    delete registrations for meetings that ended longer ago than theirs (both periods from
    `retention`, which the consent texts and the privacy page quote). Each response on its own:
    one that fails is recorded by the run and skipped, and the others are still anonymised."""
    now = now or timezone.now()
    run = run or JobRun("participation.retention")
    responses = Response.objects.filter(
        anonymised_at__isnull=True, hearing__ends_on__lt=retention.response_cutoff(now)
    )
    anonymised = registrations = 0
    for pk in responses.order_by("pk").values_list("pk", flat=True):
        with run.item(key=f"participation.response:{pk}"):
            anonymised += _anonymise(responses.filter(pk=pk).select_for_update(), now)
    with run.item(key="participation.registrations"):
        registrations, _detail = Registration.objects.filter(
            meeting__ends_at__lt=retention.registration_cutoff(now)
        ).delete()
    return {"responses_anonymised": anonymised, "registrations_deleted": registrations}
