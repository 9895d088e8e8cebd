from django import forms

from uddannelsesby.core.text import danish_slugify


class ExampleForm(forms.Form):
    name = forms.CharField(label="Navn", help_text="Dit fulde navn")
    kind = forms.ChoiceField(
        label="Slags", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Enig")


def test_fields_are_described_by_their_hint_and_error():
    form = ExampleForm(data={"name": ""})
    html = str(form)
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-invalid="true"' in html
    assert '<span class="form-hint" id="id_name-hint">Dit fulde navn</span>' in html
    assert 'id="id_name-error"' in html
    assert 'class="form-input"' in html


def test_error_summary_links_to_each_field():
    html = str(ExampleForm(data={}))
    assert 'id="error-summary"' in html
    assert 'href="#id_name"' in html
    assert 'href="#id_kind_0"' in html  # a radio list is linked by its first option
    assert 'href="#id_agree"' in html


def test_a_valid_form_has_no_error_markup():
    html = str(ExampleForm(data={"name": "Ane", "kind": "a", "agree": "on"}))
    assert "error" not in html
    assert "aria-invalid" not in html


def test_radio_lists_are_fieldsets_with_a_legend():
    html = str(ExampleForm())
    assert "<fieldset" in html
    assert '<legend class="form-label">Slags' in html


def test_danish_slugs_keep_the_letters():
    assert danish_slugify("Ærø og Ålborg, Søby") == "aeroe-og-aalborg-soeby"
    assert danish_slugify("!!!") == "x"
    assert danish_slugify("Uddannelsespolitik 2026–2030") == "uddannelsespolitik-2026-2030"
    assert danish_slugify("Handleplan 2026/27 — Fanø") == "handleplan-2026-27-fanoe"
    assert danish_slugify("Midtjysk Tekstil A/S") == "midtjysk-tekstil-as"
