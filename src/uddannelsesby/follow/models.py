"""Following: who follows what, what happened, and what was sent to whom (never twice)."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What can be followed. Object id 0 of a citizen meeting is the series of all citizen meetings.
FOLLOWABLE = (
    "policies.policy",
    "policies.focusarea",
    "policies.commitment",
    "plans.actionplan",
    "participation.hearing",
    "participation.meeting",
    "indicators.indicator",
)
MEETING_SERIES = ("participation.meeting", 0)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """One person follows one thing: with an account (user), or by a confirmed e-mail address."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("An e-mail each time")
        WEEKLY = "weekly", _("One weekly digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    email = models.EmailField(_("e-mail address"), blank=True)  # lower case; without account
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("follows"), max_length=300)  # as named when followed
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency, default=Frequency.IMMEDIATE
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email=""))
                | (Q(user__isnull=True) & ~Q(email="")),
                name="follow_user_or_email",
            ),
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                condition=Q(user__isnull=False),
                name="follow_unique_user",
            ),
            models.UniqueConstraint(
                fields=["email", "content_type", "object_id"],
                condition=~Q(email=""),
                name="follow_unique_email",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.address} → {self.title}"

    @property
    def address(self) -> str:
        return self.user.email if self.user_id else self.email


class Event(models.Model):
    """Something that happened to followed things, recorded in the transaction that did it."""

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)  # a path on the site
    payload = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=100, null=True, blank=True, unique=True)  # happens once
    created_at = models.DateTimeField(_("happened"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self):
        return self.url


class EventTarget(models.Model):
    """One of the things an event is about (a hearing and its policy)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="targets")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.event_id}: {self.content_type_id}/{self.object_id}"


class Delivery(models.Model):
    """An e-mail sent to an address: one per event (notices) or per week (digests). The unique
    constraints make a second worker's attempt fail instead of sending again."""

    email = models.CharField(max_length=254)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE)
    period = models.DateField(null=True, blank=True)  # the Monday the digest's week starts
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "event"],
                condition=Q(event__isnull=False),
                name="follow_once_event",
            ),
            models.UniqueConstraint(
                fields=["email", "period"],
                condition=Q(period__isnull=False),
                name="follow_once_period",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.event_id or self.period}"
