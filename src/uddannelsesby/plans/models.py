import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core.uploads import generated_name
from uddannelsesby.policies.models import Commitment, Policy


class ActionPlan(models.Model):
    """A policy's action plan (handleplan) for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        CLOSED = "closed", _("Closed")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="action_plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    introduction = models.TextField(_("introduction"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Closing the year freezes every activity's state here, so years can be compared.
    snapshot = models.JSONField(_("snapshot at closing"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["policy", "-year"]
        constraints = [models.UniqueConstraint(fields=["policy", "year"], name="unique_plan_year")]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return _("Action plan %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.policy.slug, self.year])

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Started")
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")

    # The progress each status suggests when an update does not say otherwise.
    SUGGESTED_PROGRESS = {
        Status.PLANNED: 0,
        Status.STARTED: 10,
        Status.ON_TRACK: 50,
        Status.DELAYED: 30,
        Status.DONE: 100,
        Status.CANCELLED: 0,
    }

    class Cadence(models.IntegerChoices):
        MONTHLY = 1, _("Every month")
        QUARTERLY = 3, _("Every quarter")
        HALF_YEARLY = 6, _("Every half year")
        YEARLY = 12, _("Every year")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("commitments"), related_name="activities"
    )
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="partner_activities"
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (DKK)"), max_digits=14, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    budget_account = models.CharField(_("budget account"), max_length=100, blank=True)
    spent = models.DecimalField(
        _("spent so far (DKK)"), max_digits=14, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    sdg_targets = models.JSONField(_("UN SDG targets"), default=list, blank=True)
    municipal_plan_ref = models.CharField(_("municipal plan reference"), max_length=300, blank=True)
    agenda21_ref = models.CharField(_("Agenda 21 strategy reference"), max_length=300, blank=True)
    cadence = models.PositiveSmallIntegerField(
        _("update cadence"), choices=Cadence, default=Cadence.QUARTERLY
    )
    last_update_on = models.DateField(_("last updated"), null=True, blank=True)
    due_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    overdue_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "title", "pk"]
        indexes = [models.Index(fields=["plan", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="progress_max_100"),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:activity", args=[self.pk])

    @property
    def update_due_on(self) -> datetime.date:
        """When the next status update is due: the cadence after the last one (or the start)."""
        start = self.last_update_on or self.starts_on or self.created_at.date()
        month = start.month - 1 + self.cadence
        year, month = start.year + month // 12, month % 12 + 1
        if year > datetime.MAXYEAR:  # a start in year 9999: never due, rather than a crash
            return datetime.date.max
        day = min(start.day, 28)
        return datetime.date(year, month, day)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.CANCELLED)


def attachment_path(instance: "ActivityUpdate", filename: str) -> str:
    """A random name: the uploader's file name is never stored (core.uploads)."""
    return generated_name("plans/attachments", filename)


class ActivityUpdate(models.Model):
    """One entry in an activity's timeline: a status update or a milestone."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Status update")
        MILESTONE = "milestone", _("Milestone")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.UPDATE)
    date = models.DateField(_("date"))
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=20, choices=Activity.Status)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    attachment_type = models.CharField(max_length=50, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activity update")
        verbose_name_plural = _("activity updates")

    def __str__(self):
        return f"{self.date}: {self.text[:40]}"


class MidtermReview(models.Model):
    """The mid-term review (serviceeftersyn) of a policy: a verdict per commitment."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="reviews")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Completing the review freezes what it shows here (see reports.review_freeze).
    snapshot = models.JSONField(_("snapshot at completion"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["policy", "-created_at"]
        verbose_name = _("mid-term review")
        verbose_name_plural = _("mid-term reviews")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:review", args=[self.pk])


class ReviewVerdict(models.Model):
    class Verdict(models.TextChoices):
        KEEP = "keep", _("Keep")
        ADJUST = "adjust", _("Adjust")
        DROP = "drop", _("Drop")

    review = models.ForeignKey(MidtermReview, on_delete=models.CASCADE, related_name="verdicts")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="verdicts")
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict)
    reason = models.TextField(_("reason"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "commitment"], name="unique_verdict")
        ]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")

    def __str__(self):
        return f"{self.commitment}: {self.get_verdict_display()}"
