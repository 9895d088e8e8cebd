"""Every change in the bridge: one function and one transaction each, with a history line."""

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uddannelsesby.accounts.models import Membership, Organisation, Role, User
from uddannelsesby.core.scheduling import JobRun, mail_prepare
from uddannelsesby.core.services import history_record
from uddannelsesby.core.text import unique_slug

from . import retention
from .models import (
    Application,
    ApplicationEvent,
    Employer,
    Opportunity,
    Placement,
    SavedSearch,
    Skill,
    StudentProfile,
)

OPPORTUNITY_FIELDS = {
    "title", "description", "kind", "levels", "place", "hours_per_week", "paid", "credit_giving",
    "starts_on", "deadline", "places",
}  # fmt: skip
PROFILE_FIELDS = {
    "programme", "semester", "interests", "hours_per_week", "available_from", "open_to_contact",
}  # fmt: skip
EMPLOYER_FIELDS = {"cvr", "sector", "industry", "city", "description"}
logger = logging.getLogger(__name__)
DEADLINE_NOTICE_DAYS = 3  # the poster is reminded this many days before the deadline


# E-mail ---------------------------------------------------------------------------------------


def notify(
    recipients: Iterable[str], template: str, context: dict[str, Any], *, strict: bool = False
) -> bool:
    """Send the e-mail `bridge/email/<template>.txt` after the transaction commits.

    The template's first line is the subject. E-mails are written in the site's language.
    An e-mail that cannot be sent (a line break in an address) is logged and left out, so the
    user's action still succeeds. With `strict` (the recurring jobs, each item in its own
    transaction) the e-mail is sent at once and a failure raises: the item is rolled back, not
    marked as done, and the job records it.
    """
    recipients = [address for address in recipients if address]
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            f"bridge/email/{template}.txt", {"site_url": settings.SITE_URL, **context}
        )
    # The subject is the template's first paragraph: a value with a line break stays in it.
    subject, _blank, body = text.strip().partition("\n\n")
    # Built now, so that a bad address fails inside the caller's transaction, not after it.
    try:
        message = mail_prepare(subject, body.strip() + "\n", recipients)
    except ValueError:
        if strict:
            raise
        logger.exception("Cannot send the e-mail %s to %s", template, recipients)
        return False
    if strict:
        message.send()
    else:
        transaction.on_commit(message.send)
    return True


def employer_contacts(employer: Employer) -> list[str]:
    memberships = Membership.objects.filter(
        organisation_id=employer.organisation_id, user__is_active=True
    )
    contacts = [m.user.email for m in memberships.select_related("user") if m.is_contact]
    return contacts or [m.user.email for m in memberships.select_related("user")]


# Skills ---------------------------------------------------------------------------------------


def skills_from_text(text: str) -> list[Skill]:
    """'Python, Excel; kundeservice' -> Skill rows, found case-insensitively or created."""
    names = {}
    for raw in text.replace(";", ",").split(","):
        name = " ".join(raw.split())[:80]
        if name:
            names.setdefault(name.casefold(), name)
    if not names:
        return []
    # Compared in Python: SQLite's iexact folds only ASCII (Ø, ø), and casefold() is not UPPER()
    # (ß), so a database lookup would miss a skill that exists, and creating it again fails.
    existing = {skill.name.casefold(): skill for skill in Skill.objects.order_by("pk")}
    return [existing.get(key) or Skill.objects.create(name=name) for key, name in names.items()]


# Accounts -------------------------------------------------------------------------------------


# Signing up never tells whether an address has an account: a new account waits, inactive,
# until its owner follows the link e-mailed to the address; an address that has an account
# already gets an e-mail saying so. Both answer the visitor with the same page.


def account_of(email: str) -> User | None:
    return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()


def _user_create(*, email: str, first_name: str, last_name: str, password: str, role) -> User:
    """A new account, inactive until the address is confirmed (`account_activate`)."""
    user = User.objects.create_user(
        username=email, email=email, password=password, first_name=first_name,
        last_name=last_name, role=role, is_active=False,
    )  # fmt: skip
    _activation_send(user)
    return user


def _activation_send(user: User) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "bridge:signup_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    notify([user.email], "signup_confirm", {"user": user, "path": path})


def signup_existing_notify(*, user: User) -> None:
    """Someone signed up with an address that has an account: tell its owner, and nobody else.
    An account never confirmed gets a new link instead."""
    if not user.is_active and user.last_login is None:
        _activation_send(user)
    else:
        notify([user.email], "signup_exists", {"user": user})


@transaction.atomic
def account_activate(*, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    history_record(target=user, actor=user, action="confirmed")
    return user


def _profile_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The profile's fields as a form gives them: a CV cleared with its checkbox is False."""
    fields = _only(fields, PROFILE_FIELDS | {"cv"})
    if fields.get("cv") is False:
        fields["cv"] = ""
    return fields


@transaction.atomic
def student_register(
    *, email: str, first_name: str, last_name: str, password: str, skills: str = "", **profile
) -> StudentProfile | None:
    """A new account with a student profile, active once the address is confirmed; None (and
    an e-mail to the owner) if the address has an account already."""
    existing = account_of(email)
    if existing is not None:
        make_password(password)  # as long as a new account takes: time tells nothing either
        signup_existing_notify(user=existing)
        return None
    user = _user_create(
        email=email, first_name=first_name, last_name=last_name, password=password,
        role=Role.REGISTERED,
    )  # fmt: skip
    return profile_create(user=user, skills=skills, **profile)


@transaction.atomic
def profile_create(*, user: User, skills: str = "", **profile) -> StudentProfile:
    """A student profile for an existing account."""
    student = StudentProfile.objects.create(user=user, **_profile_fields(profile))
    student.skills.set(skills_from_text(skills))
    history_record(target=student, actor=user, action="registered")
    return student


@transaction.atomic
def profile_update(*, student: StudentProfile, skills: str, **fields) -> StudentProfile:
    for name, value in _profile_fields(fields).items():
        setattr(student, name, value)
    student.full_clean()
    student.save()
    student.skills.set(skills_from_text(skills))
    history_record(target=student, actor=student.user, action="updated")
    return student


@transaction.atomic
def profile_release(*, student: StudentProfile, employer: Employer, release: bool = True) -> None:
    """Show (or stop showing) the student's name and CV to one organisation."""
    if release:
        student.released_to.add(employer)
    else:
        student.released_to.remove(employer)
    history_record(
        target=student, actor=student.user, action="released" if release else "withheld",
        changes={"employer": employer.pk},
    )  # fmt: skip


@transaction.atomic
def employer_register(
    *,
    actor: User | None,
    name: str,
    website: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str = "",
    **fields,
) -> Employer | None:
    """A new organisation asks to join; an editor verifies it before it can publish.

    A logged-in user becomes its contact. An anonymous visitor gets an account as the contact
    person, active once the address is confirmed; if the address has an account already,
    nothing is registered (None) and its owner is told by e-mail to log in first.

    Anyone may claim a CVR number: a pending or refused claim blocks nobody, and the editor's
    verification decides which claim stands (`employer_review`).
    """
    name = _claimable_name(name, cvr=fields.get("cvr", ""))
    if Employer.objects.filter(cvr=fields.get("cvr"), status=Employer.Status.VERIFIED).exists():
        raise ValidationError(
            {"cvr": _("A verified organisation has this CVR number. Ask its contact person to "
                      "add you to it.")}
        )  # fmt: skip
    user = actor if actor is not None and actor.is_authenticated else None
    if user is None:
        existing = account_of(email)
        if existing is not None:
            make_password(password)  # as long as a new account takes
            signup_existing_notify(user=existing)
            return None
        user = _user_create(
            email=email, first_name=first_name, last_name=last_name, password=password,
            role=Role.PARTNER,
        )  # fmt: skip
    elif user.role == Role.REGISTERED:
        user.role = Role.PARTNER
        user.save(update_fields=["role"])
    kind = (
        Organisation.Kind.MUNICIPAL_UNIT
        if fields.get("sector") == Employer.Sector.PUBLIC
        else Organisation.Kind.COMPANY
    )
    taken = set(Organisation.objects.values_list("slug", flat=True))
    organisation = Organisation.objects.create(
        name=name, slug=unique_slug(name, taken, 200), kind=kind,
        website=website,
    )  # fmt: skip
    Membership.objects.create(user=user, organisation=organisation, is_contact=True)
    employer = Employer.objects.create(organisation=organisation, **_only(fields, EMPLOYER_FIELDS))
    history_record(target=employer, actor=user, action="registered")
    return employer


@transaction.atomic
def employer_review(
    *, actor: User, employer: Employer, verified: bool, reason: str = ""
) -> Employer:
    """Verify or refuse an organisation. Verifying decides which claim on the CVR number
    stands: the other claims still waiting are refused, saying why."""
    if not verified and not reason.strip():
        raise ValidationError({"reason": _("Say why the organisation is refused.")})
    claims = Employer.objects.filter(cvr=employer.cvr).exclude(pk=employer.pk)
    if verified and claims.filter(status=Employer.Status.VERIFIED).exists():
        raise ValidationError(
            _("Another organisation is verified with this CVR number. Refuse this claim, or "
              "refuse the other organisation first.")
        )  # fmt: skip
    _employer_decide(actor=actor, employer=employer, verified=verified, reason=reason.strip())
    if verified:
        _name_settle(employer)
        with translation.override(settings.LANGUAGE_CODE):  # kept and shown: site's language
            taken = _("Another organisation has proven that this CVR number is theirs.")
        for claim in claims.filter(status=Employer.Status.PENDING).select_for_update():
            _employer_decide(actor=actor, employer=claim, verified=False, reason=taken)
    return employer


def _unproven_holder(name: str) -> Organisation | None:
    """The organisation holding the name (compared in Python: SQLite folds only ASCII letters)
    if it is an employer not verified; None if the name is free. Raise if a proven
    organisation (verified, or not in the bridge) holds it."""
    key = name.casefold()
    for organisation in Organisation.objects.select_related("employer"):
        if organisation.name.casefold() == key:
            employer = getattr(organisation, "employer", None)
            if employer is None or employer.is_verified:
                raise ValidationError(
                    {"name": _("An organisation with this name is registered already.")}
                )
            return organisation
    return None


def _claim_name(name: str, cvr: str) -> str:
    return f"{name} (CVR {cvr})"[:200]


def _claimable_name(name: str, *, cvr: str) -> str:
    """A name an unproven claim holds blocks nobody: the new claim is registered under the name
    with its CVR number, and verification gives the plain name to the claim that stands."""
    if _unproven_holder(name) is None:
        return name
    claim = _claim_name(name, cvr)
    if _unproven_holder(claim) is not None:
        raise ValidationError({"name": _("An organisation with this name is registered already.")})
    return claim


def _name_settle(employer: Employer) -> None:
    """The verified organisation takes the plain name it asked for from an unproven claim."""
    organisation = employer.organisation
    suffix = f" (CVR {employer.cvr})"
    if not organisation.name.endswith(suffix):
        return
    plain = organisation.name.removesuffix(suffix)
    try:
        holder = _unproven_holder(plain)
    except ValidationError:
        return  # a proven organisation has it: keep the name with the number
    if holder is not None:
        holder.name = _claim_name(holder.name, holder.employer.cvr)
        holder.save(update_fields=["name"])
    organisation.name = plain
    organisation.save(update_fields=["name"])


def _employer_decide(*, actor: User, employer: Employer, verified: bool, reason: str) -> None:
    employer.status = Employer.Status.VERIFIED if verified else Employer.Status.REFUSED
    employer.refusal_reason = "" if verified else reason
    employer.reviewed_by, employer.reviewed_at = actor, timezone.now()
    employer.save()
    history_record(target=employer, actor=actor, action=employer.status, changes={"reason": reason})
    notify(employer_contacts(employer), f"employer_{employer.status}", {"employer": employer})


# Opportunities ------------------------------------------------------------------------------


def _only(fields: Mapping[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return dict(fields)


def _opportunity_save(opportunity: Opportunity, *, programmes, skills: str) -> None:
    # Not created_by: opportunities from before it was kept (the demo's) have none.
    opportunity.full_clean(exclude=["created_by"])
    opportunity.save()
    opportunity.programmes.set(programmes)
    opportunity.skills.set(skills_from_text(skills))


@transaction.atomic
def opportunity_create(
    *, actor: User, employer: Employer, programmes=(), skills: str = "", **fields
) -> Opportunity:
    opportunity = Opportunity(
        employer=employer, created_by=actor, **_only(fields, OPPORTUNITY_FIELDS)
    )
    _opportunity_save(opportunity, programmes=programmes, skills=skills)
    history_record(target=opportunity, actor=actor, action="created")
    return opportunity


@transaction.atomic
def opportunity_update(
    *, actor: User, opportunity: Opportunity, programmes=(), skills: str = "", **fields
) -> Opportunity:
    """A published opportunity that is changed goes back to the review queue."""
    for name, value in _only(fields, OPPORTUNITY_FIELDS).items():
        setattr(opportunity, name, value)
    if opportunity.status == Opportunity.Status.PUBLISHED:
        opportunity.status = Opportunity.Status.SUBMITTED
    _opportunity_save(opportunity, programmes=programmes, skills=skills)
    history_record(target=opportunity, actor=actor, action="updated")
    return opportunity


@transaction.atomic
def opportunity_submit(*, actor: User, opportunity: Opportunity) -> Opportunity:
    if not opportunity.employer.is_verified:
        raise ValidationError(
            _("Your organisation must be verified before its opportunities can be reviewed.")
        )
    if opportunity.status not in (Opportunity.Status.DRAFT, Opportunity.Status.REJECTED):
        raise ValidationError(_("Only a draft or a returned opportunity can be sent for review."))
    if opportunity.deadline < timezone.localdate():
        raise ValidationError(_("The deadline has passed: move it before sending for review."))
    opportunity.status = Opportunity.Status.SUBMITTED
    opportunity.save(update_fields=["status"])
    history_record(target=opportunity, actor=actor, action="submitted")
    return opportunity


@transaction.atomic
def opportunity_review(
    *, actor: User, opportunity: Opportunity, approved: bool, note: str = ""
) -> Opportunity:
    if opportunity.status != Opportunity.Status.SUBMITTED:
        raise ValidationError(_("This opportunity is not waiting for review."))
    if not opportunity.employer.is_verified:
        raise ValidationError(_("Verify the organisation before publishing its opportunities."))
    if not approved and not note.strip():
        raise ValidationError({"note": _("Say what must change before it can be published.")})
    opportunity.review_note = note.strip()
    if approved:
        opportunity.status = Opportunity.Status.PUBLISHED
        opportunity.published_at = opportunity.published_at or timezone.now()
    else:
        opportunity.status = Opportunity.Status.REJECTED
    opportunity.save(update_fields=["status", "review_note", "published_at"])
    history_record(target=opportunity, actor=actor, action=opportunity.status)
    notify(
        employer_contacts(opportunity.employer),
        f"opportunity_{opportunity.status}",
        {"opportunity": opportunity},
    )
    return opportunity


@transaction.atomic
def opportunity_close(*, actor: User, opportunity: Opportunity) -> Opportunity:
    opportunity.status = Opportunity.Status.CLOSED
    opportunity.save(update_fields=["status"])
    history_record(target=opportunity, actor=actor, action="closed")
    return opportunity


def _placements_on_platform(opportunity: Opportunity) -> int:
    return (
        Placement.objects.filter(opportunity=opportunity)
        .exclude(source=Placement.Source.REPORTED)
        .count()
    )


def _may_report(opportunity: Opportunity) -> bool:
    """Only a verified organisation's opportunity that was published can have filled places."""
    return (
        opportunity.employer.is_verified
        and opportunity.published_at is not None
        and opportunity.status in (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED)
    )


@transaction.atomic
def opportunity_report_filled(
    *, actor: User, opportunity: Opportunity, filled: int, by_editor: bool = False
) -> int:
    """The poster says how many places were filled after the deadline; an editor may correct it.

    Places filled through the bridge are counted already; the rest are recorded as reported
    placements (without a student), so the follow-up counts every place once. Only a verified
    organisation's published opportunity reports, and never more than its places.
    """
    if not _may_report(opportunity):
        raise ValidationError(
            _("Only a published opportunity of a verified organisation can report places filled.")
        )
    if filled < 0:
        raise ValidationError({"filled": _("The number cannot be negative.")})
    if filled > opportunity.places:
        raise ValidationError(
            {
                "filled": ngettext(
                    "There is only %(places)s place.",
                    "There are only %(places)s places.",
                    opportunity.places,
                )
                % {"places": opportunity.places}
            }
        )
    before = opportunity.filled_places
    opportunity.filled_places = filled
    if opportunity.deadline < timezone.localdate() and not by_editor:
        opportunity.status = Opportunity.Status.CLOSED
    opportunity.save(update_fields=["filled_places", "status"])
    extra = _reported_sync(opportunity)
    history_record(
        target=opportunity, actor=actor, action="filled_corrected" if by_editor else "filled",
        changes={"filled": [before, filled]},
    )  # fmt: skip
    return extra


def _reported_sync(opportunity: Opportunity) -> int:
    """The reported placements: the places the organisation says are filled beyond those
    filled through the bridge. Returns how many there are."""
    Placement.objects.filter(opportunity=opportunity, source=Placement.Source.REPORTED).delete()
    if not _may_report(opportunity):
        return 0
    extra = max(0, (opportunity.filled_places or 0) - _placements_on_platform(opportunity))
    Placement.objects.bulk_create(
        Placement(
            opportunity=opportunity,
            year=placement_year(opportunity),
            kind=opportunity.kind,
            sector=opportunity.employer.sector,
            source=Placement.Source.REPORTED,
        )  # fmt: skip
        for _ in range(extra)
    )
    return extra


def places_left(opportunity: Opportunity) -> int:
    """Places not yet filled, by the bridge or as the organisation reports."""
    taken = Placement.objects.filter(opportunity=opportunity).count()
    return max(0, opportunity.places - max(taken, opportunity.filled_places or 0))


def placement_year(opportunity: Opportunity) -> int:
    """A placement counts in the year the place starts, or of the deadline if no start is given."""
    return (opportunity.starts_on or opportunity.deadline).year


def placement_record(
    *, opportunity: Opportunity, student: StudentProfile, source: str
) -> Placement | None:
    """The student is placed on the opportunity; a place is counted once, however many ways
    lead to it (an accepted offer and then a round): None if the student is placed there
    already. A place reported filled by the organisation before becomes this placement."""
    if Placement.objects.filter(opportunity=opportunity, student=student).exists():
        return None
    placement = Placement.objects.create(
        opportunity=opportunity, student=student, year=placement_year(opportunity),
        kind=opportunity.kind,
        sector=opportunity.employer.sector, programme_id=student.programme_id, source=source,
    )  # fmt: skip
    _reported_sync(opportunity)
    return placement


# Applications -------------------------------------------------------------------------------

# Who may move an application from which status to which.
EMPLOYER_MOVES = {
    Application.Status.RECEIVED: {Application.Status.IN_DIALOGUE, Application.Status.OFFERED,
                                  Application.Status.DECLINED},
    Application.Status.IN_DIALOGUE: {Application.Status.OFFERED, Application.Status.DECLINED},
    Application.Status.OFFERED: {Application.Status.DECLINED},
}  # fmt: skip
STUDENT_MOVES = {
    Application.Status.RECEIVED: {Application.Status.WITHDRAWN},
    Application.Status.IN_DIALOGUE: {Application.Status.WITHDRAWN},
    Application.Status.OFFERED: {Application.Status.ACCEPTED, Application.Status.DECLINED},
}


@transaction.atomic
def application_create(
    *, student: StudentProfile, opportunity: Opportunity, message: str
) -> Application:
    if not opportunity.is_open():
        raise ValidationError(_("This opportunity no longer takes applications."))
    if Application.objects.filter(opportunity=opportunity, student=student).exists():
        raise ValidationError(_("You have applied for this already."))
    application = Application(opportunity=opportunity, student=student, message=message)
    if student.cv:
        with student.cv.open("rb") as cv:
            application.cv.save(f"cv-{student.pk}.pdf", ContentFile(cv.read()), save=False)
    application.save()
    ApplicationEvent.objects.create(
        application=application, status=application.status, actor=student.user
    )
    notify([student.user.email], "application_received", {"application": application})
    notify(employer_contacts(opportunity.employer), "application_new", {"application": application})
    return application


@transaction.atomic
def application_move(
    *, actor: User, application: Application, status: str, note: str = "", by_student: bool
) -> Application:
    moves = STUDENT_MOVES if by_student else EMPLOYER_MOVES
    if status == application.status:
        raise ValidationError(
            {"status": _("The application is “%(now)s” already.")
             % {"now": application.get_status_display()}}
        )  # fmt: skip
    if status not in moves.get(application.status, set()):
        raise ValidationError(
            {"status": _("An application that is “%(now)s” cannot become “%(next)s”.")
             % {"now": application.get_status_display(),
                "next": Application.Status(status).label}}
        )  # fmt: skip
    application.status = status
    application.updated_at = timezone.now()
    fields = ["status", "updated_at"]
    if status == Application.Status.WITHDRAWN:
        # The student takes back what they sent: the organisation keeps that there was an
        # application, not the student's message, CV or name (``student_visibility``).
        fields += _student_details_delete(application)
    application.save(update_fields=fields)
    ApplicationEvent.objects.create(
        application=application, status=status, note=note.strip(), actor=actor
    )
    if status == Application.Status.ACCEPTED:
        placement_record(
            opportunity=application.opportunity,
            student=application.student,
            source=Placement.Source.APPLICATION,
        )
    if by_student:
        notify(
            employer_contacts(application.opportunity.employer),
            "application_student_moved",
            {"application": application},
        )
    else:
        notify([application.student.user.email], "application_moved", {"application": application})
    return application


def _student_details_delete(application: Application) -> list[str]:
    """Empty the message and delete the CV copy (its file when the change is committed);
    returns the fields to save."""
    if application.cv:
        storage, name = application.cv.storage, application.cv.name
        transaction.on_commit(lambda: storage.delete(name))
    application.message, application.cv = "", None
    return ["message", "cv"]


def applications_expire(*, now: datetime.datetime, run: JobRun) -> int:
    """Delete the student's details from applications that led to no place once the
    retention period has passed (``retention``); returns how many. Each on its own."""
    cutoff = retention.application_cutoff(now)
    due = Application.objects.filter(
        expired_at__isnull=True, updated_at__lt=cutoff, opportunity__deadline__lt=cutoff.date()
    ).exclude(status__in=[Application.Status.ACCEPTED, Application.Status.WITHDRAWN])
    count = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with run.item(key=f"bridge.application:{pk}"):
            application = Application.objects.select_for_update().get(pk=pk)
            fields = _student_details_delete(application)
            application.expired_at = now
            application.save(update_fields=[*fields, "expired_at"])
            count += 1
    return count


# Saved searches and notices ---------------------------------------------------------------


@transaction.atomic
def saved_search_create(*, user: User, name: str, query: dict[str, Any]) -> SavedSearch:
    return SavedSearch.objects.create(user=user, name=name, query=query)


@transaction.atomic
def saved_search_delete(*, search: SavedSearch) -> None:
    search.delete()


def saved_search_alerts_send(
    *, now: datetime.datetime | None = None, run: JobRun | None = None
) -> int:
    """E-mail each saved search's new matches since its last alert; returns e-mails sent.
    Each search on its own: one that fails is recorded by the run and skipped."""
    from .selectors import opportunity_search

    now = now or timezone.now()
    run = run or JobRun("bridge.notices")
    sent = 0
    for pk, name in SavedSearch.objects.order_by("pk").values_list("pk", "name"):
        with run.item(key=f"bridge.savedsearch:{pk}", description=name):
            search = SavedSearch.objects.select_related("user").select_for_update(of=("self",))
            search = search.get(pk=pk)
            new = list(
                opportunity_search(search.query, today=timezone.localdate(now)).filter(
                    published_at__gt=search.alerted_until, published_at__lte=now
                )[:20]
            )
            search.name = " ".join(search.name.split())  # for the subject line, not saved
            context = {"search": search, "new": new}
            if new and notify([search.user.email], "saved_search", context, strict=True):
                sent += 1
            search.alerted_until = now
            search.save(update_fields=["alerted_until"])
    return sent


def opportunity_notices_send(*, today: datetime.date, run: JobRun | None = None) -> dict[str, int]:
    """Remind posters before the deadline; after it, ask whether the places were filled.
    Each opportunity on its own: one that fails is recorded by the run and skipped."""
    run = run or JobRun("bridge.notices")
    count = {"reminders": 0, "follow_ups": 0}
    published = Opportunity.objects.filter(
        status=Opportunity.Status.PUBLISHED, employer__status=Employer.Status.VERIFIED
    ).select_related("employer__organisation")
    soon = published.filter(
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=DEADLINE_NOTICE_DAYS),
        deadline_reminder_sent_on__isnull=True,
    )
    for pk, title in soon.order_by("pk").values_list("pk", "title"):
        with run.item(key=f"bridge.opportunity:{pk}", description=title):
            opportunity = soon.select_for_update(of=("self",)).filter(pk=pk).first()
            if opportunity is None:
                continue
            # Counted apart: PostgreSQL refuses FOR UPDATE with the GROUP BY of an annotated Count.
            context = {"opportunity": opportunity, "applicants": opportunity.applications.count()}
            contacts = employer_contacts(opportunity.employer)
            if notify(contacts, "deadline_soon", context, strict=True):
                opportunity.deadline_reminder_sent_on = today
                opportunity.save(update_fields=["deadline_reminder_sent_on"])
                count["reminders"] += 1
    past = published.filter(
        deadline__lt=today, follow_up_sent_on__isnull=True, filled_places__isnull=True
    )
    for pk, title in past.order_by("pk").values_list("pk", "title"):
        with run.item(key=f"bridge.opportunity:{pk}", description=title):
            opportunity = past.select_for_update(of=("self",)).filter(pk=pk).first()
            if opportunity is None:
                continue
            contacts = employer_contacts(opportunity.employer)
            if notify(contacts, "follow_up", {"opportunity": opportunity}, strict=True):
                opportunity.follow_up_sent_on = today
                opportunity.save(update_fields=["follow_up_sent_on"])
                count["follow_ups"] += 1
    return count
