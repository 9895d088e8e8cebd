from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEntry(models.Model):
    """One change an editor made: who, when, what. Written by services, never edited."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class JobFailure(models.Model):
    """One item a recurring background job could not handle. The job logs it, skips it and
    goes on; editors see it on their dashboard. The same item failing again updates the row."""

    job = models.CharField(_("job"), max_length=100)
    item = models.CharField(_("item"), max_length=200, blank=True)  # "app.model:pk"
    description = models.CharField(_("description"), max_length=300, blank=True)
    error = models.TextField(_("error"))
    first_at = models.DateTimeField(_("first failed"), auto_now_add=True)
    last_at = models.DateTimeField(_("last failed"), db_index=True)
    count = models.PositiveIntegerField(_("times"), default=1)

    class Meta:
        ordering = ["-last_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "item"], name="unique_job_failure_item")
        ]
        verbose_name = _("background job failure")
        verbose_name_plural = _("background job failures")

    def __str__(self):
        return f"{self.job} {self.item}: {self.error[:60]}"


class FormToken(models.Model):
    """A one-time token a create form carried, claimed when the form was saved, with where the
    saving answered. A second post of the same form (a double click, a reload) is answered
    from here instead of creating the thing twice. See core.idempotency."""

    token = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=500)
    result = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form token")
        verbose_name_plural = _("form tokens")

    def __str__(self):
        return f"{self.path} {self.created_at:%Y-%m-%d %H:%M}"


def logo_upload_to(instance, filename: str) -> str:
    from .uploads import generated_name

    return generated_name("site", filename)


class SiteSettings(models.Model):
    """The municipality this installation serves: one row (pk 1), edited by an administrator.

    Until the row exists, the environment variables (settings.SITE_MUNICIPALITY) are used.
    Read it with `core.site.site_settings()` (cached), write it with
    `core.services.site_settings_save()`."""

    class Theme(models.TextChoices):
        NEUTRAL = "neutral", _("Neutral (Det Fælles Designsystem)")
        BORGERDK = "borgerdk", _("borger.dk")
        VIRKDK = "virkdk", _("Virk")

    SINGLETON = 1

    name = models.CharField(_("name of the municipality"), max_length=100)
    place_name = models.CharField(_("place name"), max_length=60)
    code = models.CharField(_("municipality code"), max_length=3)
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_upload_to, blank=True)
    theme = models.CharField(_("design theme"), max_length=20, choices=Theme, default=Theme.NEUTRAL)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_one_row")
        ]
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.name
