import json
import logging

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.concurrency import EditedFromMixin
from uddannelsesby.core.fields import TEXT_LIMIT, DateField, HardenedMixin, harden_form
from uddannelsesby.core.idempotency import OnceFormMixin
from uddannelsesby.core.text import parse_sdg_targets
from uddannelsesby.core.uploads import ImportFileField

from .models import Commitment, FocusArea, Policy, PolicyLink

__all__ = ["TEXT_LIMIT", "MARKDOWN_HINT", "clean_text_fields"]
logger = logging.getLogger(__name__)
MARKDOWN_HINT = _("Markdown: a blank line starts a new paragraph, *italic*, **bold**, - lists.")


def clean_text_fields(form: forms.BaseForm) -> None:
    """Every field follows the product's rules (core.fields.harden_form): free text refuses
    control characters and over-long input, dates use the ISO widget and a sane range,
    integers and choices stay within what the database holds."""
    harden_form(form)


class PolicyForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    sdg_targets = forms.CharField(
        label=_("UN SDG targets"),
        required=False,
        help_text=_("Targets separated by commas, for example 4.3, 4.4, 8.6."),
    )

    class Meta:
        model = Policy
        fields = [
            "title", "summary", "sector", "owner", "related", "municipal_plan_ref",
            "agenda21_ref", "sdg_targets", "background", "vision", "listed_only", "external_url",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "related": forms.CheckboxSelectMultiple,
        }
        labels = {"related": _("Sister policies it supports")}
        help_texts = {
            "summary": _("One or two sentences shown in lists and search results."),
            "background": MARKDOWN_HINT,
            "vision": MARKDOWN_HINT,
            "municipal_plan_ref": _("The part of the municipal plan this policy supports."),
            "agenda21_ref": _("The part of the Agenda 21 strategy this policy supports."),
            "sector": _("The policies are grouped by area in the overview."),
            "listed_only": _(
                "The council has adopted the policy, but its text is not in Uddannelsesby yet: "
                "the public sees the title, the summary and the link to the municipality's site."
            ),
            "external_url": _("Where the municipality publishes the policy, starting https://."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["related"].queryset = Policy.objects.exclude(pk=self.instance.pk)
            self.initial["sdg_targets"] = ", ".join(self.instance.sdg_targets)
        clean_text_fields(self)

    def clean_sdg_targets(self) -> list[str]:
        return parse_sdg_targets(self.cleaned_data["sdg_targets"])

    def clean(self):
        data = super().clean()
        if data.get("listed_only") and not data.get("external_url"):
            self.add_error(
                "external_url",
                _("Give the address of the policy on the municipality's site: it is listed only."),
            )
        return data


class FocusAreaForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["title", "introduction"]
        help_texts = {"introduction": MARKDOWN_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class CommitmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        return f"{obj.focus_area.policy.title}: {obj.title}"


class CommitmentForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    references = CommitmentChoiceField(
        label=_("Supports commitments of other policies"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Both policies' pages show the link, each from its own side."),
    )

    class Meta:
        model = Commitment
        fields = ["title", "text"]
        help_texts = {"text": MARKDOWN_HINT}

    def __init__(self, *args, policy: Policy | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if policy is None:
            del self.fields["references"]
        else:
            self.fields["references"].queryset = (
                Commitment.objects.exclude(focus_area__policy=policy)
                .select_related("focus_area__policy")
                .order_by("focus_area__policy__title", "focus_area__position", "position", "pk")
            )
            if self.instance.pk:
                self.initial["references"] = list(
                    self.instance.references.values_list("target_id", flat=True)
                )
        clean_text_fields(self)


class PolicyLinkForm(OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = PolicyLink
        fields = ["kind", "title", "url"]
        help_texts = {
            "title": _("For example “Kommuneplan 2025–2037” or “Budget 2027”."),
            "url": _("The document on the municipality's site, starting https://."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class AdoptForm(HardenedMixin, forms.Form):
    adopted_on = DateField(
        label=_("Adopted by the city council on"),
    )

    def clean_adopted_on(self):
        adopted_on = self.cleaned_data["adopted_on"]
        if adopted_on > timezone.localdate():
            raise forms.ValidationError(_("The adoption cannot be dated in the future."))
        return adopted_on


class ImportForm(HardenedMixin, forms.Form):
    file = ImportFileField(
        label=_("Export file"),
        help_text=_("A JSON file exported from Uddannelsesby, at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise forms.ValidationError(_("The file is not valid JSON.")) from error


class CompareForm(HardenedMixin, forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v.number} – {v.get_kind_display()}") for v in versions]
        choices.append((0, _("the current draft")))
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


# --- importing a policy from a document --------------------------------------------------------

LONG_TEXT = 500_000  # an imported introduction may be long; the database field has no limit
PASTE_LIMIT = 2_000_000
DOCUMENT_TYPES = (
    ".docx,.pdf,.html,.htm,.txt,application/pdf,text/html,text/plain,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


class DocumentImportForm(HardenedMixin, forms.Form):
    """A file or pasted text; when valid, cleaned_data["tree"] is the detected policy."""

    file = ImportFileField(
        label=_("Word file, PDF or web page"),
        required=False,
        help_text=_(
            "A Word document (.docx), a PDF with text, or a saved web page (.html) or text file "
            "(.txt), at most 5 MB. The file is read and not kept."
        ),
    )
    text = forms.CharField(
        label=_("Or paste the text of the policy's web page"),
        required=False,
        max_length=PASTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Select all the text on the page, copy it and paste it here."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)
        self.fields["file"].widget.attrs["accept"] = DOCUMENT_TYPES

    def clean(self):
        from .importing import PolicyImportError, read_policy, read_policy_text

        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload, text = cleaned.get("file"), (cleaned.get("text") or "")
        if upload and text.strip():
            self.add_error("text", _("Upload a file or paste text, not both."))
            return cleaned
        if not upload and not text.strip():
            self.add_error("file", _("Choose a file, or paste the text of the web page below."))
            return cleaned
        field = "file" if upload else "text"
        try:
            tree = read_policy(upload.read(), upload.name) if upload else read_policy_text(text)
        except PolicyImportError as error:
            self.add_error(field, error.message)
        except Exception:  # a document may trip the detection in a way not foreseen: no 500
            logger.exception("Policy import failed on %s", upload.name if upload else "text")
            self.add_error(field, _("The document could not be read. Try another format."))
        else:
            cleaned["tree"] = tree
            cleaned["filename"] = upload.name[:200] if upload else ""
        return cleaned


class ImportTreeForm(OnceFormMixin, HardenedMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            "{} {}", _("Its first paragraph becomes the summary when more follows."), MARKDOWN_HINT
        ),
    )
    vision_quote = forms.CharField(label=_("Quoted vision line"), required=False, max_length=500)
    vision = forms.CharField(
        label=_("Vision"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HINT,
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    contact = forms.CharField(
        label=_("Contact details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class ImportRowForm(HardenedMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from .importing import AREA, COMMITMENT

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(AREA, _("Focus area")), (COMMITMENT, _("Commitment"))]
        clean_text_fields(self)


class BaseImportRowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"] = forms.IntegerField(
            label=_("Position"), required=False, min_value=1, max_value=100_000
        )
        form.fields["DELETE"] = forms.BooleanField(label=_("Leave out"), required=False)


ImportRowFormSet = forms.formset_factory(
    ImportRowForm,
    formset=BaseImportRowFormSet,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=3000,
    absolute_max=3000,
)
