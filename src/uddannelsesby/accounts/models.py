from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PARTNER = "partner", _("Partner")
    EDITOR = "editor", _("Editor")
    COUNCIL = "council", _("Council member")
    ADMIN = "admin", _("Administrator")


# Municipal staff: they may be required to log in through the municipality's identity provider.
STAFF_ROLES = frozenset({Role.EDITOR, Role.COUNCIL, Role.ADMIN})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.REGISTERED)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # The admin role and Django's superuser flag are one and the same.
        if self.is_superuser:
            self.role = Role.ADMIN
        if self.role == Role.ADMIN:
            self.is_staff = self.is_superuser = True
        super().save(*args, **kwargs)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL_UNIT = "municipal", _("Municipal unit")
        INSTITUTION = "institution", _("Education institution")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(User, through="Membership", related_name="organisations")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    is_contact = models.BooleanField(_("contact person"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class OidcIdentity(models.Model):
    """A person's account at an OpenID Connect provider, by the provider's subject identifier.

    Only the subject is kept here; no other claim (and never a CPR number) is stored.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oidc_identities")
    provider = models.CharField(_("login provider"), max_length=20)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="unique_oidc_subject")
        ]
        verbose_name = _("login identity")
        verbose_name_plural = _("login identities")

    def __str__(self):
        return f"{self.user} – {self.provider}"
