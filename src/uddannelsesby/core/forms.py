"""Django forms rendered the way Det Fælles Designsystem (DKFDS) marks up form controls.

Every field gets its label, hint and error message, tied to the control with
aria-describedby and aria-invalid; each form starts with an error summary that links to the
fields in error. Set as FORM_RENDERER, so every form in the project renders this way.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

# The first match wins, so a subclass comes before its base: CheckboxSelectMultiple is a
# RadioSelect in Django, and would otherwise be drawn as radio buttons.
WIDGET_CLASSES = {
    forms.CheckboxInput: "form-checkbox",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.ClearableFileInput: "form-file-input",
}


def hint_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}-hint"


def error_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}-error"


class DKFDSBoundField(BoundField):
    @property
    def hint_id(self) -> str:
        return hint_id(self)

    @property
    def error_id(self) -> str:
        return error_id(self)

    @property
    def anchor_id(self) -> str:
        """The element the error summary links to: the first option of a choice list."""
        return f"{self.auto_id}_0" if self.is_choice_list else self.auto_id

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_choice_list(self) -> bool:
        return isinstance(self.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = next(
            (c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)), "form-input"
        )
        attrs["class"] = " ".join(filter(None, [css, attrs.get("class")]))
        described_by = [self.hint_id] if self.help_text else []
        if self.errors:
            described_by.append(self.error_id)
            attrs["aria-invalid"] = "true"
        if described_by and not self.is_choice_list:
            attrs["aria-describedby"] = " ".join(described_by)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class DKFDSFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = DKFDSBoundField
