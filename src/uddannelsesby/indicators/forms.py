from django import forms
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.fields import HardenedMixin

from .areas import all_areas, get_area

GROUPS = {"country": _("Country"), "region": _("Regions"), "municipality": _("Municipalities")}


def _choices() -> list:
    grouped: dict[str, list[tuple[str, str]]] = {kind: [] for kind in GROUPS}
    for area in all_areas().values():
        grouped[area.kind].append((area.code, area.name))
    return [
        (GROUPS[kind], sorted(items, key=lambda item: item[1])) for kind, items in grouped.items()
    ]


class AreaForm(HardenedMixin, forms.Form):
    """Which area an indicator page shows (a GET form: it works without JavaScript)."""

    omraade = forms.ChoiceField(
        label=_("Show the figures for"),
        help_text=_("A municipality, a region or the whole country."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["omraade"].choices = _choices()

    def clean_omraade(self):
        area = get_area(self.cleaned_data["omraade"])
        if area is None:
            raise forms.ValidationError(_("Choose an area from the list."))
        return area
