"""Citizen involvement: hearings and their responses, citizen meetings, surveys, dialogues."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core.uploads import generated_name
from uddannelsesby.policies.models import Policy, PolicyVersion

RECOMMENDED_HEARING_DAYS = 28


class Hearing(models.Model):
    """A public hearing on a frozen draft (a PolicyVersion of kind "hearing")."""

    version = models.OneToOneField(
        PolicyVersion,
        verbose_name=_("hearing draft"),
        on_delete=models.CASCADE,
        related_name="hearing",
        limit_choices_to={"kind": PolicyVersion.Kind.HEARING},
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    target_groups = models.TextField(_("target groups"), blank=True)
    starts_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("closes on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Closed before its planned last day, with the editor's reason (shown on the hearing page).
    closed_early_on = models.DateField(_("closed early on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing early"), blank=True)
    # The memo is public from an editor's decision, not from the calendar.
    memo_published_at = models.DateTimeField(_("memo published"), null=True, blank=True)
    memo_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:hearing", args=[self.pk])

    @property
    def policy(self) -> Policy:
        return self.version.policy

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on

    def is_closed(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.ends_on

    @property
    def memo_is_published(self) -> bool:
        return self.memo_published_at is not None

    def takes_late_responses(self, today: datetime.date | None = None) -> bool:
        """After the deadline a response can still be handed in, marked late, until the memo
        is published; the editor decides whether it is included."""
        return self.is_closed(today) and not self.memo_is_published

    @property
    def is_short(self) -> bool:
        return (self.ends_on - self.starts_on).days < RECOMMENDED_HEARING_DAYS


class HearingSummary(models.Model):
    """The editor's summary of what the responses said about one section, for the memo."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="summaries")
    anchor = models.CharField(_("section"), max_length=210, blank=True)
    text = models.TextField(_("summary"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hearing", "anchor"], name="unique_hearing_summary")
        ]
        verbose_name = _("section summary")
        verbose_name_plural = _("section summaries")

    def __str__(self):
        return f"{self.hearing}: {self.anchor or '-'}"


class HearingInvitation(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email


def response_attachment_path(instance: "Response", filename: str) -> str:
    """A random name (core.uploads); files stored before under a time stamp keep their name."""
    return generated_name("participation/attachments", filename)


class Response(models.Model):
    """A hearing response (høringssvar), sent without an account."""

    class Kind(models.TextChoices):
        PRIVATE = "private", _("As a private person")
        ORGANISATION = "organisation", _("On behalf of an organisation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    class Decision(models.TextChoices):
        TAKEN = "taken", _("Taken into account")
        PARTLY = "partly", _("Partly taken into account")
        NOT_TAKEN = "not_taken", _("Not taken into account")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="responses")
    # 1, 2, 3... within the hearing, in the order received: the memo's "response no. 7".
    number = models.PositiveIntegerField(_("number"), editable=False)
    anchor = models.CharField(_("section"), max_length=210, blank=True)  # "" = the whole draft
    kind = models.CharField(_("sent"), max_length=20, choices=Kind, default=Kind.PRIVATE)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    hide_name = models.BooleanField(_("do not publish my name"), default=False)
    text = models.TextField(_("response"))
    # What the public sees is kept apart from what was sent: the moderator's redacted and
    # edited version, published only from a preview (services.response_publish).
    public_sender = models.CharField(_("published sender"), max_length=200, blank=True)
    public_text = models.TextField(_("published text"), blank=True)
    is_late = models.BooleanField(_("sent after the deadline"), default=False)
    attachment = models.FileField(_("attachment"), upload_to=response_attachment_path, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    moderation_note = models.CharField(_("reason for not publishing"), max_length=300, blank=True)
    # The moderator's decision on each passage that may be personal, at publishing:
    # [{"text": ..., "category": ..., "decision": "remove" | "keep"}, ...]
    passage_decisions = models.JSONField(_("decisions on passages"), default=list, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    reply_anchor = models.CharField(_("section the reply concerns"), max_length=210, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["hearing", "status", "created_at"]),
            models.Index(fields=["hearing", "anchor"]),
            models.Index(fields=["email"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "number"], name="response_number_unique")
        ]
        verbose_name = _("hearing response")
        verbose_name_plural = _("hearing responses")

    def __str__(self):
        return f"{self.hearing}: {self.sender}"

    def save(self, *args, **kwargs):
        # The next number in the hearing. services.response_submit locks the hearing's row
        # first, so two responses sent at once do not take the same number.
        if self.number is None:
            last = Response.objects.filter(hearing_id=self.hearing_id).aggregate(
                last=models.Max("number")
            )["last"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def sender(self) -> str:
        """The sender as the public sees it: only what the moderator published."""
        return self.public_sender or str(_("Private person (name not published)"))

    @property
    def proposed_sender(self) -> str:
        """The sender before redaction, as the citizen asked it to be shown (or "")."""
        if self.kind == self.Kind.ORGANISATION and self.organisation:
            return self.organisation
        if self.hide_name or self.anonymised_at or not self.name:
            return ""
        return self.name


class Meeting(models.Model):
    """A citizen meeting or workshop, with registration, capacity and a waiting list."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    hearing = models.ForeignKey(
        Hearing,
        verbose_name=_("hearing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    accessibility = models.TextField(_("accessibility"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    notes = models.TextField(_("notes from the meeting"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("citizen meeting")
        verbose_name_plural = _("citizen meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:meeting", args=[self.pk])

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def registration_is_open(self) -> bool:
        """Registration closes when the meeting starts."""
        return timezone.now() < self.starts_at


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("meeting registration", "Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    needs = models.CharField(_("needs"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["meeting", "status", "created_at"]),
            models.Index(fields=["email"]),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self):
        return f"{self.meeting}: {self.name}"


CODE_VALID_DAYS = 180


def default_code_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=CODE_VALID_DAYS)


class ClassGroup(models.Model):
    """A school class of a declared size that takes part anonymously with participation codes:
    one code a pupil, so the class never counts more participants than it has."""

    school = models.CharField(_("school"), max_length=200)
    name = models.CharField(_("class"), max_length=100)
    size = models.PositiveIntegerField(_("pupils in the class"), default=0)
    expires_on = models.DateField(_("codes valid until"), default=default_code_expiry)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["school", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self):
        return f"{self.school}, {self.name}"

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.expires_on


class ParticipationCode(models.Model):
    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=12, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participation code")
        verbose_name_plural = _("participation codes")

    def __str__(self):
        return self.code


class Engagement(models.Model):
    """The header a survey and a dialogue share: title, policy, status and when it was made."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",  # policy.surveys, policy.dialogues
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class Survey(Engagement):
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta(Engagement.Meta):
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def get_absolute_url(self):
        return reverse("participation:survey", args=[self.pk])

    @property
    def has_answers(self) -> bool:
        """After the first answer, only the wording of a question may change."""
        return self.submissions.exists()


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class Submission(models.Model):
    """One participant's answers to a survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="submissions")
    code = models.ForeignKey(
        ParticipationCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="unique_submission_per_code")
        ]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()  # a choice index, a list of them, 1-5, or text

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.question}: {self.value}"


class Dialogue(Engagement):
    """Statement voting in the way of pol.is: agree, disagree or pass on short statements."""

    question = models.TextField(_("question"))

    class Meta(Engagement.Meta):
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def get_absolute_url(self):
        return reverse("participation:dialogue", args=[self.pk])


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    submitted_by_participant = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # As Response.passage_decisions: each passage that may be personal in what the participant
    # sent, and whether the moderator kept or removed it ({"text", "category", "decision"}).
    passage_decisions = models.JSONField(_("decisions on passages"), default=list, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["dialogue", "status"])]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text


class Participant(models.Model):
    """An anonymous voter in a dialogue, known only by a random key kept in their session."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="participants")
    key = models.CharField(max_length=64, unique=True)
    code = models.ForeignKey(
        ParticipationCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One code is one pupil: it joins a dialogue once, however many browsers use it.
            models.UniqueConstraint(fields=["dialogue", "code"], name="unique_participant_code")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return f"{self.dialogue} #{self.pk}"


class Vote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=Value)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="unique_vote")
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return f"{self.participant_id}/{self.statement_id}: {self.value}"
