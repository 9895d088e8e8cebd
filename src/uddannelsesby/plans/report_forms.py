"""Forms of the import page and the mid-term review."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.concurrency import EditedFromMixin
from uddannelsesby.core.fields import DateField, HardenedMixin
from uddannelsesby.core.idempotency import OnceFormMixin
from uddannelsesby.core.uploads import ImportFileField
from uddannelsesby.policies.forms import MARKDOWN_HINT, clean_text_fields
from uddannelsesby.policies.models import Commitment

from . import io
from .models import ReviewVerdict


class ActivityImportForm(HardenedMixin, forms.Form):
    file = ImportFileField(
        label=_("File with activities"),
        help_text=_(
            "A CSV file (separated by semicolons or commas) or an Excel workbook (.xlsx), "
            "at most 5 MB, with the columns described below."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> io.Rows:
        upload = self.cleaned_data["file"]
        if upload.size > io.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        try:
            return io.parse_upload(upload.name or "", upload.read(io.MAX_BYTES + 1))
        except io.ImportFileError as error:
            raise ValidationError([_describe(e) for e in error.errors]) from error


def _describe(error: io.RowError) -> str:
    if error.column:
        return _("Column “%(column)s”: %(message)s") % {
            "column": error.column,
            "message": error.message,
        }
    return error.message


class ReviewForm(OnceFormMixin, HardenedMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            "{} {}", _("What the review is about and who takes part."), MARKDOWN_HINT
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class VerdictForm(EditedFromMixin, HardenedMixin, forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=ReviewVerdict.Verdict.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            "{} {}",
            _("Why: what the activities and indicators show, and what should change."),
            MARKDOWN_HINT,
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class ReviewCompleteForm(HardenedMixin, forms.Form):
    completed_on = DateField(label=_("Completed on"))

    def __init__(self, *args, missing: list[Commitment], **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = missing
        clean_text_fields(self)

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise ValidationError(_("A review cannot be completed in the future."))
        return completed_on

    def clean(self):
        if self.missing:
            raise ValidationError(
                _("Give a verdict on every commitment first. Missing: %(titles)s.")
                % {"titles": ", ".join(c.title for c in self.missing)}
            )
        return super().clean()
