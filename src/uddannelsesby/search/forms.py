from django import forms
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.fields import HardenedMixin
from uddannelsesby.policies.forms import clean_text_fields

from .documents import KINDS


class SiteSearchForm(HardenedMixin, forms.Form):
    """Reads the GET parameters; the template draws the fields (with counts beside the kinds)."""

    q = forms.CharField(label=_("Search the site"), required=False, max_length=200)
    kind = forms.MultipleChoiceField(
        label=_("Kind"),
        required=False,
        choices=[(name, kind.label) for name, kind in KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)
