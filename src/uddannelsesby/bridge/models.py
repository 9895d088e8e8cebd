"""The bridge between students and the area's employers: study jobs, internships, mentors.

Employers are organisations verified by an editor (CVR). Their opportunities are reviewed
before they are published and disappear from the public list at their deadline. Students keep
a profile; an organisation sees who a student is only after an application, a ranking in an
allocation round, or an explicit release. Every placement, however it came about, is one
`Placement` row, so the follow-up counts one table.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.catalogue.models import Programme
from uddannelsesby.core.uploads import generated_name


class Employer(models.Model):
    """An organisation's place in the bridge; it may post once an editor has verified it."""

    class Sector(models.TextChoices):
        PRIVATE = "private", _("Private company")
        PUBLIC = "public", _("Public employer")
        NONPROFIT = "nonprofit", _("Association or non-profit")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="employer",
    )  # fmt: skip
    # Not unique: anyone may claim a CVR number, and a pending claim must not block the real
    # company. Verification decides which claim stands: one verified employer per number.
    cvr = models.CharField(_("CVR number"), max_length=8, db_index=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    city = models.CharField(_("town"), max_length=100)
    description = models.TextField(_("about the organisation"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("registration date"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"], condition=models.Q(status="verified"), name="one_verified_cvr"
            )
        ]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self):
        return self.organisation.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self):
        return self.name


class OpportunityQuerySet(models.QuerySet):
    def open(self, today: datetime.date | None = None):
        """Published and not past the deadline: what the public sees."""
        return self.filter(
            status=Opportunity.Status.PUBLISHED,
            deadline__gte=today or timezone.localdate(),
            employer__status=Employer.Status.VERIFIED,
        )


class Opportunity(models.Model):
    class Kind(models.TextChoices):
        STUDY_JOB = "study_job", _("Study job")
        INTERNSHIP = "internship", _("Internship")
        MENTORSHIP = "mentorship", _("Mentorship")
        PROJECT = "project", _("Student project or thesis")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Sent back")
        CLOSED = "closed", pgettext_lazy("opportunity", "Closed")

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE,
        related_name="opportunities",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("suits these programmes"), blank=True, related_name="+"
    )
    levels = models.JSONField(_("suits these levels"), default=list, blank=True)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="+")
    place = models.CharField(_("place"), max_length=150)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    paid = models.BooleanField(_("paid"), default=False)
    credit_giving = models.BooleanField(_("gives credit (ECTS)"), default=False)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("application deadline"))
    places = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    review_note = models.TextField(_("note from the review"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    filled_places = models.PositiveSmallIntegerField(_("places filled"), null=True, blank=True)
    deadline_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    follow_up_sent_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="opportunity_open")]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bridge:opportunity", args=[self.pk])

    def is_open(self, today: datetime.date | None = None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.deadline >= (today or timezone.localdate())
            and self.employer.is_verified
        )

    def get_levels_display(self) -> list[str]:
        labels = dict(Programme.Level.choices)
        return [str(labels.get(level, level)) for level in self.levels]


def private_pdf_path(instance, filename: str) -> str:
    """CVs are stored under a random name: a file name says nothing and cannot be guessed.
    They are served only through views that check who asks."""
    return generated_name(f"bridge/{instance._meta.model_name}", "cv.pdf")  # core.uploads


class StudentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    semester = models.PositiveSmallIntegerField(
        _("semester"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="+")
    interests = models.TextField(_("interests"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours a week you can work"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    cv = models.FileField(_("CV (PDF)"), upload_to=private_pdf_path, blank=True)
    open_to_contact = models.BooleanField(
        _("organisations may find my profile"),
        default=False,
        help_text=_(
            "Verified organisations see your programme, semester and skills, but not your name, "
            "until you apply or show them your profile."
        ),
    )
    released_to = models.ManyToManyField(
        Employer, verbose_name=_("profile shown to"), blank=True, related_name="released_students"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")

    def __str__(self):
        return str(self.user)

    @property
    def alias(self) -> str:
        """How an organisation names a student it may not yet know."""
        return _("Student %(number)s") % {"number": self.pk}


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.JSONField(_("search"), default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    alerted_until = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('bridge:index')}?{urlencode(self.query)}"


class Application(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_DIALOGUE = "in_dialogue", _("In dialogue")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    FINAL = {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="applications"
    )
    student = models.ForeignKey(
        StudentProfile, on_delete=models.CASCADE, related_name="applications"
    )
    message = models.TextField(_("message"))
    cv = models.FileField(_("CV (PDF)"), upload_to=private_pdf_path, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    # When the retention job deleted the student's details (bridge.retention).
    expired_at = models.DateTimeField(_("details deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "student"], name="one_application")
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"{self.student} → {self.opportunity}"

    def get_absolute_url(self):
        return reverse("bridge:application", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def shows_student(self) -> bool:
        """False once withdrawn or expired: then the organisation no longer sees who sent it,
        nor the message or CV."""
        return not self.is_withdrawn and self.expired_at is None


class ApplicationEvent(models.Model):
    """One step of an application's history; the note is shown to the student."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=Application.Status)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.status}"


class AllocationRound(models.Model):
    """Internships placed in one round: both sides rank, the engine finds a stable matching."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for ranking")
        MATCHED = "matched", _("Matched, not yet published")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=150)
    ranking_closes_on = models.DateField(_("ranking closes"))
    seed = models.PositiveBigIntegerField(_("lottery seed"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    matched_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-ranking_closes_on", "-pk"]
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bridge:round", args=[self.pk])


class RoundPosition(models.Model):
    round = models.ForeignKey(AllocationRound, on_delete=models.CASCADE, related_name="positions")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    cutoff = models.ForeignKey(
        StudentProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["opportunity__title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "opportunity"], name="one_position")
        ]

    def __str__(self):
        return str(self.opportunity)


class StudentChoice(models.Model):
    """A student's ranking of a round's positions: 1 is the first choice."""

    position = models.ForeignKey(RoundPosition, on_delete=models.CASCADE, related_name="choices")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["position", "student"], name="one_choice"),
        ]

    def __str__(self):
        return f"{self.student_id} #{self.rank}: {self.position_id}"


class EmployerRanking(models.Model):
    """An organisation's ranking of the students who chose a position. Equal ranks are ties,
    broken by the round's lottery."""

    position = models.ForeignKey(RoundPosition, on_delete=models.CASCADE, related_name="rankings")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["position", "student"], name="one_ranking"),
        ]

    def __str__(self):
        return f"{self.position_id} #{self.rank}: {self.student_id}"


class RoundResult(models.Model):
    round = models.ForeignKey(AllocationRound, on_delete=models.CASCADE, related_name="results")
    student = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(
        RoundPosition, on_delete=models.CASCADE, null=True, related_name="+"
    )
    lottery = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "student"], name="one_result")]

    def __str__(self):
        return f"{self.round_id}: {self.student_id} -> {self.position_id}"


class PlacementQuerySet(models.QuerySet):
    def counted(self):
        """The placements the follow-up counts. A place an organisation reported filled counts
        only for a verified organisation's opportunity that was published: nobody changes the
        statistic for an organisation they have not proven."""
        return self.exclude(
            models.Q(source=Placement.Source.REPORTED)
            & (
                ~models.Q(opportunity__employer__status=Employer.Status.VERIFIED)
                | models.Q(opportunity__published_at__isnull=True)
            )
        )


class Placement(models.Model):
    """A student placed with an organisation, however it came about; the follow-up counts these."""

    class Source(models.TextChoices):
        APPLICATION = "application", _("Application")
        ROUND = "round", _("Allocation round")
        MENTORING = "mentoring", _("Mentor assignment")
        REPORTED = "reported", _("Reported by the organisation")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        StudentProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Opportunity.Kind)
    sector = models.CharField(_("sector"), max_length=20, choices=Employer.Sector)
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        indexes = [models.Index(fields=["year", "kind"], name="placement_year_kind")]
        constraints = [
            # A place is counted once: an accepted offer and a round on the same posting
            # are one placement of that student.
            models.UniqueConstraint(
                fields=["opportunity", "student"],
                condition=models.Q(student__isnull=False),
                name="one_placement_per_student",
            )
        ]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self):
        return f"{self.year} {self.kind}: {self.opportunity_id}"
