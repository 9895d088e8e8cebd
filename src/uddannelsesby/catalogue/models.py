"""The education city: institutions, programmes, student life and the "study in Herning" pages."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uddannelsesby.accounts.models import Organisation


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")
    BOTH = "da-en", _("Danish and English")


class Institution(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University campus")
        UNIVERSITY_COLLEGE = "university_college", _("University college")
        BUSINESS_ACADEMY = "business_academy", _("Business academy")
        VOCATIONAL = "vocational", _("Vocational school")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
        OTHER = "other", _("Other institution")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="institution",
        limit_choices_to={"kind": Organisation.Kind.INSTITUTION},
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"))
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    accessibility = models.TextField(
        _("physical accessibility"),
        blank=True,
        help_text=_("Step-free access, lifts, accessible toilets, parking, hearing loops."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:institution", args=[self.slug])

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"


class Programme(models.Model):
    class Level(models.TextChoices):
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
        VOCATIONAL = "vocational", _("Vocational")
        SHORT_CYCLE = "short_cycle", _("Short-cycle higher education")
        PROFESSIONAL_BACHELOR = "professional_bachelor", _("Professional bachelor")
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        PHD = "phd", _("PhD")

    # Statistics Denmark's DISCED-15 main groups (the "H" codes of the StatBank tables on the
    # population's highest completed education), so programmes can be set beside indicators:
    # H20 upper secondary, H30 vocational, H40 short-cycle (erhvervsakademi), H50 medium-cycle
    # (professionsbachelor), H60 bachelor, H70 long-cycle (kandidat/master), H80 PhD.
    # H10 (primary school) and H90 (unknown) are not programmes one can apply for here.
    DISCED = {
        Level.UPPER_SECONDARY: "H20",
        Level.VOCATIONAL: "H30",
        Level.SHORT_CYCLE: "H40",
        Level.PROFESSIONAL_BACHELOR: "H50",
        Level.BACHELOR: "H60",
        Level.MASTER: "H70",
        Level.PHD: "H80",
    }

    class Field(models.TextChoices):
        BUSINESS = "business", _("Business and economics")
        IT = "it", _("IT and digital")
        ENGINEERING = "engineering", _("Engineering and technology")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Pedagogy and teaching")
        DESIGN = "design", _("Design, textiles and creative")
        CRAFTS = "crafts", _("Building and crafts")
        SOCIAL = "social", _("Society and social work")
        GENERAL = "general", _("General education")
        OTHER = "other", _("Other fields")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="programmes",
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_da = models.CharField(_("title in Danish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_da = models.TextField(_("description in Danish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    level = models.CharField(_("level"), max_length=30, choices=Level)
    field = models.CharField(_("field"), max_length=30, choices=Field)
    duration_months = models.PositiveSmallIntegerField(
        _("prescribed duration (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    ects = models.PositiveSmallIntegerField(
        _("ECTS points"), null=True, blank=True, validators=[MaxValueValidator(480)]
    )
    language = models.CharField(
        _("language of teaching"), max_length=10, choices=Language, default=Language.DANISH
    )
    intake_months = models.JSONField(_("intake months"), default=list, blank=True)
    admission = models.TextField(_("admission requirements"), blank=True)
    url = models.URLField(_("the institution's page about the programme"), max_length=500)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title_da", "pk"]
        indexes = [
            models.Index(fields=["title_da", "id"], name="catalogue_programme_order"),
            models.Index(fields=["level"]),
            models.Index(fields=["field"]),
            models.Index(fields=["language"]),
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.title_da

    def get_absolute_url(self):
        return reverse("catalogue:programme", args=[self.slug])

    @property
    def disced(self) -> str:
        return self.DISCED[self.Level(self.level)]

    def title_for(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_da

    def description_for(self, language: str) -> str:
        return (
            self.description_en if language == "en" and self.description_en else self.description_da
        )


class Housing(models.Model):
    class Kind(models.TextChoices):
        DORMITORY = "dormitory", _("Dormitory")
        YOUTH_HOUSING = "youth_housing", _("Youth housing")
        SHARED = "shared", _("Shared flat")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DORMITORY)
    description = models.TextField(_("description"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    rent_min = models.PositiveIntegerField(_("lowest monthly rent (kr.)"))
    rent_max = models.PositiveIntegerField(_("highest monthly rent (kr.)"))
    size_min = models.PositiveSmallIntegerField(_("smallest size (m²)"))
    size_max = models.PositiveSmallIntegerField(_("largest size (m²)"))
    waiting_list = models.TextField(_("how to get on the waiting list"))
    website = models.URLField(_("website"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rent_max__gte=models.F("rent_min")),
                name="housing_rent_range",
                violation_error_message=_("The highest rent cannot be below the lowest."),
            ),
            models.CheckConstraint(
                condition=models.Q(size_max__gte=models.F("size_min")),
                name="housing_size_range",
                violation_error_message=_("The largest size cannot be below the smallest."),
            ),
        ]
        verbose_name = _("housing")
        verbose_name_plural = _("housing")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:housing_detail", args=[self.slug])

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"


class Event(models.Model):
    class Audience(models.TextChoices):
        STUDENTS = "students", _("Students")
        INTERNATIONAL = "international", _("International students")
        PUPILS = "pupils", _("Upper secondary pupils")
        EVERYONE = "everyone", _("Everyone")

    class Organiser(models.TextChoices):
        CULTURE_HOUSE = "culture_house", _("Culture house")
        STUDENT_HOUSE = "student_house", _("Student house")
        INSTITUTION = "institution", _("Institution")
        MUNICIPALITY = "municipality", _("Municipality")
        OTHER = "other", _("Other organiser")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    price = models.PositiveIntegerField(_("price (kr.)"), default=0, help_text=_("0 is free."))
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience, default=Audience.STUDENTS
    )
    language = models.CharField(_("language"), max_length=10, choices=Language, default="da")
    organiser = models.CharField(_("organiser"), max_length=20, choices=Organiser)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    url = models.URLField(_("more information"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:event", args=[self.pk])


class Offer(models.Model):
    """A culture, sport or leisure offer aimed at young people."""

    class Category(models.TextChoices):
        CULTURE = "culture", _("Culture")
        MUSIC = "music", _("Music and nightlife")
        SPORT = "sport", _("Sport")
        OUTDOORS = "outdoors", _("Nature and outdoors")
        ASSOCIATIONS = "associations", _("Associations and volunteering")
        LEISURE = "leisure", _("Other leisure")

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    price = models.CharField(_("price"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("leisure offer")
        verbose_name_plural = _("leisure offers")

    def __str__(self):
        return self.name


class StudyPage(models.Model):
    """A "study in Herning" page, written by editors from blocks, in one language."""

    language = models.CharField(
        _("language"), max_length=2, choices=[("da", _("Danish")), ("en", _("English"))]
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    translation = models.OneToOneField(
        "self",
        verbose_name=_("the same page in the other language"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ["language", "position", "pk"]
        verbose_name = _("study page")
        verbose_name_plural = _("study pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:page", args=[self.slug])


class Block(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        PROGRAMMES = "programmes", _("Featured programmes")
        EVENTS = "events", _("Featured events")

    page = models.ForeignKey(StudyPage, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.TEXT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    programmes = models.ManyToManyField(Programme, verbose_name=_("programmes"), blank=True)
    events = models.ManyToManyField(Event, verbose_name=_("events"), blank=True)

    class Meta:
        ordering = ["page", "position", "pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self):
        return self.heading or self.get_kind_display()
