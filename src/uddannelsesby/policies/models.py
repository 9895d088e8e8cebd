from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uddannelsesby.accounts.models import Organisation


class Policy(models.Model):
    """A sector policy. Its fields and parts are the working copy; versions are frozen copies."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        HEARING = "hearing", _("In hearing")
        ADOPTED = "adopted", _("Adopted")
        ARCHIVED = "archived", _("Archived")

    class Sector(models.TextChoices):
        """The policy area a policy belongs to, as the overview groups them."""

        EDUCATION = "education", _("Education")
        CHILDREN = "children", _("Children and young people")
        CULTURE = "culture", _("Culture and libraries")
        LEISURE = "leisure", _("Sport and leisure")
        BUSINESS = "business", _("Business, tourism and events")
        CITY = "city", _("City, nature and environment")
        SOCIAL = "social", _("Health, care and social affairs")
        OTHER = "other", _("Other policies")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    sector = models.CharField(_("policy area"), max_length=20, choices=Sector, default=Sector.OTHER)
    # A policy the council has adopted that is only listed here, with a link to where the
    # municipality publishes it, until its text is imported (then the flag is cleared).
    listed_only = models.BooleanField(_("listed only, not yet imported"), default=False)
    external_url = models.URLField(_("the policy on the municipality's own site"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policies",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    related = models.ManyToManyField("self", verbose_name=_("related policies"), blank=True)
    municipal_plan_ref = models.CharField(_("municipal plan reference"), max_length=300, blank=True)
    agenda21_ref = models.CharField(_("Agenda 21 strategy reference"), max_length=300, blank=True)
    sdg_targets = models.JSONField(_("UN SDG targets"), default=list, blank=True)
    background = models.TextField(_("background"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("policies:detail", args=[self.slug])

    def get_editor_url(self):
        return reverse("policies:editor_detail", args=[self.slug])


class FocusArea(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="focus_areas")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("anchor"), max_length=100)
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "slug"], name="unique_focus_area_slug")
        ]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.title


class Commitment(models.Model):
    """One "Det vil vi" under a focus area."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("anchor"), max_length=100)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "slug"], name="unique_commitment_slug")
        ]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.title

    @property
    def anchor(self) -> str:
        return f"{self.focus_area.slug}--{self.slug}"


class CommitmentReference(models.Model):
    """A commitment refers to (supports, builds on) a commitment of another policy; both policy
    pages show it, from either side."""

    source = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="references")
    target = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="referenced_by")

    class Meta:
        ordering = ["source", "target"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_commitment_reference")
        ]
        verbose_name = _("commitment reference")
        verbose_name_plural = _("commitment references")

    def __str__(self):
        return f"{self.source_id} -> {self.target_id}"


class PolicyLink(models.Model):
    """A document outside Uddannelsesby the policy hangs together with: the municipal plan, the
    Agenda 21 strategy, the budget."""

    class Kind(models.TextChoices):
        MUNICIPAL_PLAN = "municipal_plan", _("Municipal plan")
        AGENDA21 = "agenda21", _("Agenda 21 strategy")
        BUDGET = "budget", _("Budget")
        OTHER = "other", _("Other document")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address (URL)"), max_length=500)

    class Meta:
        ordering = ["policy", "kind", "title", "pk"]
        verbose_name = _("policy link")
        verbose_name_plural = _("policy links")

    def __str__(self):
        return self.title


class PolicyVersion(models.Model):
    """A frozen copy of a policy's content, made when it goes to hearing or is adopted."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("Hearing draft")
        ADOPTED = "adopted", _("Adopted")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    content = models.JSONField(_("content"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="unique_policy_version")
        ]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")

    def __str__(self):
        return f"{self.policy} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A policy version cannot be changed once it is made."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("policies:version", args=[self.policy.slug, self.number])
