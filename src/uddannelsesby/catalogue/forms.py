import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core.concurrency import EditedFromMixin
from uddannelsesby.core.fields import (
    DateField,
    DateTimeField,
    HardenedMixin,
    PhoneField,
    PostalCodeField,
    WholeMoneyField,
)
from uddannelsesby.core.idempotency import OnceFormMixin
from uddannelsesby.core.uploads import ImportFileField
from uddannelsesby.policies.forms import MARKDOWN_HINT, clean_text_fields

from .models import Block, Event, Housing, Institution, Language, Offer, Programme, StudyPage

MONTH_CHOICES = [(str(number), name) for number, name in MONTHS.items()]


class ProgrammeSearchForm(HardenedMixin, forms.Form):
    """Reads the search's GET parameters. The template draws the filters itself (with a count
    beside each value), in the markup the DKFDS form renderer uses, because rendering some
    eighty checkboxes through widget templates costs more than the whole search."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    level = forms.MultipleChoiceField(
        label=_("Level"), required=False, choices=Programme.Level,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    field = forms.MultipleChoiceField(
        label=_("Field"), required=False, choices=Programme.Field,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    language = forms.MultipleChoiceField(
        label=_("Language of teaching"), required=False, choices=Language,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    institution = forms.MultipleChoiceField(
        label=_("Institution"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, institutions: list[Institution], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [(str(i.pk), i.name) for i in institutions]
        clean_text_fields(self)


class EventFilterForm(HardenedMixin, forms.Form):
    start = DateField(label=pgettext_lazy("start of a date range", "From"), required=False)
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("All"))] + Event.Audience.choices
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All"))] + Language.choices
    )
    organiser = forms.ChoiceField(
        label=_("Organiser"), required=False, choices=[("", _("All"))] + Event.Organiser.choices
    )
    free = forms.BooleanField(label=_("Free events only"), required=False)


class OfferFilterForm(HardenedMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + Offer.Category.choices
    )


class InstitutionForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = [
            "organisation", "name", "kind", "description", "street_address", "postal_code",
            "city", "website", "email", "phone", "accessibility",
        ]  # fmt: skip
        field_classes = {"postal_code": PostalCodeField, "phone": PhoneField}
        help_texts = {"description": MARKDOWN_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                kind=Organisation.Kind.INSTITUTION, institution__isnull=True
            ).order_by("name")
        clean_text_fields(self)


class ProgrammeForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    intake_months = forms.TypedMultipleChoiceField(
        label=_("Intake months"), required=False, choices=MONTH_CHOICES, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Programme
        fields = [
            "institution", "title_da", "title_en", "level", "field", "duration_months", "ects",
            "language", "intake_months", "admission", "url", "description_da", "description_en",
        ]  # fmt: skip
        help_texts = {
            "duration_months": _("The prescribed duration (normeret tid), for example 36."),
            "ects": _("Leave it empty for programmes without ECTS points."),
            "admission": _("In plain language: what you need to be admitted."),
            "description_da": MARKDOWN_HINT,
            "description_en": MARKDOWN_HINT,
        }

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        if self.instance.pk:
            self.initial["intake_months"] = [str(m) for m in self.instance.intake_months]
        clean_text_fields(self)


class HousingForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Housing
        fields = [
            "name", "kind", "description", "street_address", "postal_code", "city", "rent_min",
            "rent_max", "size_min", "size_max", "waiting_list", "website", "accessibility",
        ]  # fmt: skip
        field_classes = {
            "rent_min": WholeMoneyField,
            "rent_max": WholeMoneyField,
            "postal_code": PostalCodeField,
        }
        help_texts = {"description": MARKDOWN_HINT, "waiting_list": MARKDOWN_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)

    def clean(self):
        data = super().clean()
        for low, high in (("rent_min", "rent_max"), ("size_min", "size_max")):
            if data.get(low) is not None and data.get(high) is not None and data[high] < data[low]:
                self.add_error(high, _("The highest cannot be below the lowest."))
        return data


class EventForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title", "description", "starts_at", "ends_at", "place", "address", "price",
            "audience", "language", "organiser", "institution", "url",
        ]  # fmt: skip
        field_classes = {
            "starts_at": DateTimeField, "ends_at": DateTimeField, "price": WholeMoneyField,
        }  # fmt: skip
        help_texts = {
            "description": MARKDOWN_HINT,
            "price": _("In whole kroner, for example 150. Write 0 or Gratis if it is free."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end cannot be before the start."))
        return data


class OfferForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["name", "category", "description", "address", "price", "website", "accessibility"]
        help_texts = {"description": MARKDOWN_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class StudyPageForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = StudyPage
        fields = ["language", "title", "summary", "position", "is_published", "translation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = StudyPage.objects.order_by("language", "title")
        if self.instance.pk:
            pages = pages.filter(~Q(pk=self.instance.pk), ~Q(language=self.instance.language))
        self.fields["translation"].queryset = pages
        clean_text_fields(self)

    def clean(self):
        data = super().clean()
        other = data.get("translation")
        if other and other.language == data.get("language"):
            self.add_error("translation", _("Choose a page in the other language."))
        return data


class BlockForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Block
        fields = ["kind", "heading", "text", "programmes", "events"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "text": MARKDOWN_HINT,
            "programmes": _("For a block of featured programmes."),
            "events": _("For a block of featured events."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.select_related(
            "institution"
        ).order_by("title_da")
        # Events from the last year on, and those the block shows already.
        recent = Q(starts_at__gte=timezone.now() - datetime.timedelta(days=365))
        if self.instance.pk:
            recent |= Q(pk__in=self.instance.events.values("pk"))
        self.fields["events"].queryset = Event.objects.filter(recent).order_by("-starts_at")
        clean_text_fields(self)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Block.Kind.TEXT and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the text of the block."))
        if kind == Block.Kind.PROGRAMMES and not data.get("programmes"):
            self.add_error("programmes", _("Choose at least one programme."))
        if kind == Block.Kind.EVENTS and not data.get("events"):
            self.add_error("events", _("Choose at least one event."))
        return data


class ImportForm(HardenedMixin, forms.Form):
    file = ImportFileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or Windows-1252, separated by semicolons or commas, at most 5 MB."),
    )
