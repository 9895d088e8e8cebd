from django import forms
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.concurrency import EditedFromMixin
from uddannelsesby.core.fields import HardenedMixin, PhoneField, harden_form
from uddannelsesby.core.idempotency import OnceFormMixin
from uddannelsesby.core.models import SiteSettings
from uddannelsesby.core.uploads import IMAGES, ImportFileField, UploadField

from .services import municipality_for, policy_files_read

CODE_HELP = _(
    "Its name, for example Høje-Taastrup, or Statistics Denmark's code of three digits, for "
    "example 169."
)


def municipality_field() -> forms.CharField:
    """The municipality by name or code; saved as its code (services.municipality_for)."""
    field = forms.CharField(label=_("Municipality"), max_length=60, help_text=CODE_HELP)
    field.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
    return field


PLACE_HELP = _(
    "The town or area named in “Study in …” and similar headings, for example Herning. "
    "Empty: the municipality's name from Statistics Denmark's list."
)


class OneLineMixin:
    """The name, place, address and phone are shown in one line (header, footer, e-mails): a tab
    or line break pasted into them becomes one space."""

    one_line = ("name", "place_name", "address", "phone")

    def clean(self):
        cleaned = super().clean()
        for name in self.one_line:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = " ".join(cleaned[name].split())
        return cleaned


class SiteSettingsForm(EditedFromMixin, OneLineMixin, HardenedMixin, forms.ModelForm):
    code = municipality_field()
    logo = UploadField(
        label=_("Logo"),
        accept=IMAGES,
        required=False,
        help_text=_("An image (PNG, JPEG, GIF or WebP), at most 5 MB, shown beside the name."),
    )

    class Meta:
        model = SiteSettings
        fields = ["name", "place_name", "code", "address", "email", "phone", "logo", "theme"]
        field_classes = {"phone": PhoneField}
        widgets = {"theme": forms.RadioSelect}
        help_texts = {
            "name": _("As shown in the header, footer and reports, for example Herning Kommune."),
            "place_name": PLACE_HELP,
            "theme": _("The colours of Det Fælles Designsystem the whole site is shown in."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        harden_form(self)

    def clean_code(self) -> str:
        return municipality_for(self.cleaned_data["code"]).code


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PolicyFilesField(ImportFileField):
    """Any number of policy files, read by the importer (not kept)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".docx,.pdf,.html,.htm,.txt"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PolicyFilesField, self).clean(file, initial) for file in files]


class OnboardForm(OneLineMixin, OnceFormMixin, HardenedMixin, forms.Form):
    code = municipality_field()
    name = forms.CharField(
        label=_("Name of the municipality"),
        max_length=100,
        help_text=_("As shown in the header, footer and reports, for example Fanø Kommune."),
    )
    place_name = forms.CharField(
        label=_("Place name"), max_length=60, required=False, help_text=PLACE_HELP
    )
    policies = PolicyFilesField(
        label=_("Policies"),
        required=False,
        help_text=_(
            "The municipality's policies as Word files, PDF files with text or web pages (HTML "
            "or text), at most 5 MB each. Each becomes a draft the editors check before it is "
            "published."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        harden_form(self)

    def clean_code(self) -> str:
        return municipality_for(self.cleaned_data["code"]).code

    def clean_policies(self) -> list:
        files = self.cleaned_data["policies"]
        if not files:
            return []
        return policy_files_read([(file.read(), file.name) for file in files])
