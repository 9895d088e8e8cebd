"""Whole numbers and dates as people in Denmark type them.

"1.000" is a thousand to a Danish reader; Django's own integer field read it as 1 (it drops a
decimal part of zeros), so an activity's weight typed "1.000" was saved as 1 without a word."""

import datetime

import pytest
from django import forms
from django.utils import translation

from uddannelsesby.core.fields import DateField, harden_form
from uddannelsesby.plans.models import Activity

from ..formreader import main_form
from .helpers import make_activity, make_plan


class Count(forms.Form):
    count = forms.IntegerField(required=False)


def cleaned(typed):
    form = Count(data={"count": typed})
    harden_form(form)
    return form.cleaned_data["count"] if form.is_valid() else form.errors["count"][0]


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1500", 1500), ("1.500", 1500), ("1 500", 1500), ("1.500.000", 1500000), ("-3", -3),
     ("12", 12), (" 7 ", 7), ("1\u00a0000", 1000)],
)  # fmt: skip
def test_whole_numbers_in_danish_notation_are_read_as_meant(typed, number):
    assert cleaned(typed) == number


@pytest.mark.parametrize("typed", ["1.0", "1.000,5", "1,5", "1.5", "12.34", "1e3", "1.00"])
def test_a_number_with_a_decimal_part_is_refused_in_danish(typed):
    with translation.override("da"):
        assert cleaned(typed) == "Indtast et heltal."


@pytest.mark.django_db
def test_an_activity_weight_typed_1_000_is_not_saved_as_1(editor_client):
    activity = make_activity(make_plan(), weight=5)
    url = f"/handleplaner/aktivitet/{activity.pk}/rediger/"
    data = main_form(editor_client.get(url).content.decode(), url).data()
    response = editor_client.post(url, data | {"weight": ["1.000"]})
    assert response.status_code == 400  # a thousand is more than the 100 allowed
    assert Activity.objects.get(pk=activity.pk).weight == 5
    response = editor_client.post(url, data | {"weight": ["2"]})
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).weight == 2


@pytest.mark.parametrize("typed", ["7/12-2026", "07/12-2026", "7.12.2026", "07.12.26"])
def test_dates_in_danish_notations_are_read(typed):
    assert DateField().clean(typed) == datetime.date(2026, 12, 7)
