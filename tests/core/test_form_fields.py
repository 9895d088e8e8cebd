"""Money in Danish notation, dates in the ISO form a browser shows, values that make sense.

The walking tests look at every form class of the product, so a new money or date field that
does not use the core fields fails here.
"""

import datetime
import importlib
import inspect
import pkgutil
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

import uddannelsesby
from uddannelsesby.core.fields import (
    DateField,
    DateTimeField,
    MoneyField,
    PhoneField,
    PostalCodeField,
    WholeMoneyField,
    harden_form,
    parse_amount,
    parse_int,
)
from uddannelsesby.core.text import parse_sdg_targets, sdg_targets
from uddannelsesby.core.widgets import DateInput, DateTimeInput

SRC = Path(uddannelsesby.__file__).parent


def product_form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages([str(SRC)], "uddannelsesby."):
        if not module_info.name.endswith(("forms", "report_forms")):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


MONEY_WORDS = ("dkk", "kr.", "budget", "spent", "rent", "price")


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in product_form_classes()}
    assert {"ActivityForm", "OpportunityForm", "HousingForm", "EventForm", "AdoptForm"} <= names


@pytest.mark.parametrize("cls", product_form_classes(), ids=lambda cls: cls.__qualname__)
def test_every_date_and_money_field_is_the_core_one(cls):
    for name, field in cls.base_fields.items():
        where = f"{cls.__qualname__}.{name}"
        if isinstance(field, forms.DateTimeField):
            assert isinstance(field, DateTimeField), where
            assert isinstance(field.widget, DateTimeInput), where
        elif isinstance(field, forms.DateField):
            assert isinstance(field, DateField), where
            assert isinstance(field.widget, DateInput), where
        elif isinstance(field, forms.DecimalField):
            assert isinstance(field, MoneyField), where
        elif isinstance(field, forms.IntegerField):
            label = f"{name} {field.label}".lower()
            assert not any(word in label for word in MONEY_WORDS), f"{where} is money"


def test_no_app_defines_its_own_date_widget():
    for path in SRC.rglob("*.py"):
        if path.parent.name == "core" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for widget in ("forms.DateInput", "forms.DateTimeInput", "forms.TimeInput"):
            assert widget not in text, f"{path.relative_to(SRC)} uses {widget}"


# --- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("125.000,50", "125000.50"),
        ("125000,50", "125000.50"),
        ("1.500.000 kr.", "1500000"),
        ("1.500.000", "1500000"),
        ("1 500 000", "1500000"),
        ("1\u00a0500\u00a0000 kr", "1500000"),
        ("1500000", "1500000"),
        ("125000.50", "125000.50"),
        ("1,500,000.00", "1500000"),
        ("DKK 4.500,-", "4500"),
        ("12,5", "12.5"),
        ("0", "0"),
    ],
)
def test_danish_amounts_are_read_as_meant(typed, amount):
    assert parse_amount(typed) == Decimal(amount)
    assert MoneyField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed", ["1,500", "12,345", "1.50.0", "1.5.000", "abc", "12 kr 50", "1,2,3"]
)
def test_ambiguous_or_wrong_amounts_are_refused_with_a_message(typed):
    with translation.override("da"), pytest.raises(forms.ValidationError) as refused:
        MoneyField().clean(typed)
    assert "125.000,50" in refused.value.messages[0]


def test_whole_kroner_fields_give_an_int_and_refuse_oere():
    assert WholeMoneyField().clean("4.500 kr.") == 4500
    with pytest.raises(forms.ValidationError):
        WholeMoneyField().clean("4500,50")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("amount", ["125000.50", "1500000", "0.05", "880000.00"])
def test_money_is_drawn_in_a_form_that_reads_back_the_same(language, amount):
    with translation.override(language):
        drawn = MoneyField().widget.format_value(Decimal(amount))
        assert MoneyField().clean(drawn) == Decimal(amount)
    assert "." not in drawn or language == "en"


def test_every_money_field_reads_danish_notation():
    from uddannelsesby.catalogue.forms import EventForm, HousingForm
    from uddannelsesby.plans.forms import ActivityForm, ActivityUpdateForm

    walked = []
    for cls in (ActivityForm, ActivityUpdateForm, HousingForm, EventForm):
        for name, field in cls.base_fields.items():
            if isinstance(field, MoneyField):
                whole = field.decimal_places == 0
                assert field.clean("4.500 kr.") == 4500
                if not whole:
                    assert field.clean("125.000,50") == Decimal("125000.50")
                walked.append(name)
    assert set(walked) == {"budget", "spent", "rent_min", "rent_max", "price"}


# --- dates -----------------------------------------------------------------------------------


def test_dates_are_drawn_iso_in_every_language():
    for language in ("da", "en"):
        with translation.override(language):
            html = DateField().widget.render("d", datetime.date(2026, 1, 15))
            assert 'value="2026-01-15"' in html
            assert 'type="date"' in html
            html = DateTimeField().widget.render("t", datetime.datetime(2026, 9, 1, 19, 30))
            assert 'value="2026-09-01T19:30"' in html


@pytest.mark.parametrize("typed", ["2026-01-15", "15.01.2026", "15-01-2026", "15/01/2026"])
def test_dates_are_read_back_in_any_notation(typed):
    with translation.override("en"):
        assert DateField().clean(typed) == datetime.date(2026, 1, 15)


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DANISH_EXAMPLE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}(?: \d{1,2}[.:]\d{2})?")


def date_fields():
    return [
        pytest.param(field, id=f"{cls.__qualname__}.{name}")
        for cls in product_form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("field", date_fields())
def test_every_date_hint_is_written_as_a_person_writes_a_date(field, language):
    """The hint shows day.month.year, not the ISO form the input sends (2026-03-31), and its
    example is one the field reads back when typed."""
    with translation.override(language):
        hint = str(field.help_text)
    assert not ISO_DATE.search(hint), hint
    example = DANISH_EXAMPLE.search(hint)
    assert example, hint
    assert field.clean(example[0])


@pytest.mark.parametrize(
    ("language", "date_hint", "time_hint"),
    [
        ("da", "Dag, måned og år, fx 31.3.2026.", "Dato og klokkeslæt, fx 31.3.2026 19.30."),
        ("en", "Day, month and year, for example 31.3.2026.", "Date and time, for example"),
    ],
    ids=["da", "en"],
)
def test_a_plain_django_date_field_gets_the_hint_under_the_picker(language, date_hint, time_hint):
    class Form(forms.Form):
        on = forms.DateField(label="On")
        at = forms.DateTimeField(label="At", help_text="When the doors open.")

    form = Form()
    harden_form(form)
    with translation.override(language):
        html = form.as_div()
    assert f'<span class="form-hint" id="id_on-hint">{date_hint}</span>' in html
    assert "When the doors open. " + time_hint in html
    assert 'type="date"' in html
    assert 'aria-describedby="id_on-hint"' in html


@pytest.mark.parametrize(
    "typed", ["7.12.2026", "07.12.2026", "7.12.26", "7-12-2026", "7/12-26", "7/12/26", "7/12-2026"]
)
def test_a_date_typed_the_danish_way_is_read(typed):
    with translation.override("da"):
        assert DateField().clean(typed) == datetime.date(2026, 12, 7)


@pytest.mark.parametrize("typed", ["9999-11-01", "0001-01-01", "1900-05-01", "2101-01-01"])
def test_years_outside_the_sane_range_are_refused(typed):
    with translation.override("da"), pytest.raises(forms.ValidationError) as refused:
        DateField().clean(typed)
    assert "1990" in refused.value.messages[0]
    with pytest.raises(forms.ValidationError):
        DateTimeField().clean(f"{typed}T10:00")


def test_an_activity_starting_in_9999_is_refused_next_to_the_field(policy):
    from uddannelsesby.plans.forms import ActivityForm
    from uddannelsesby.plans.models import ActionPlan

    plan = ActionPlan.objects.create(policy=policy, year=2027)
    form = ActivityForm(data={"starts_on": "9999-11-01", "ends_on": "2027-01-01"}, plan=plan)
    assert not form.is_valid()
    assert "starts_on" in form.errors


def test_adoption_and_completion_cannot_be_in_the_future_or_long_ago():
    from uddannelsesby.plans.forms import DateForm
    from uddannelsesby.plans.report_forms import ReviewCompleteForm
    from uddannelsesby.policies.forms import AdoptForm

    assert not AdoptForm(data={"adopted_on": "1900-01-01"}).is_valid()
    assert not AdoptForm(data={"adopted_on": "2099-01-01"}).is_valid()
    assert AdoptForm(data={"adopted_on": datetime.date.today().isoformat()}).is_valid()
    assert not DateForm(data={"date": "2099-01-01"}).is_valid()
    assert not ReviewCompleteForm(data={"completed_on": "2099-01-01"}, missing=[]).is_valid()
    assert ReviewCompleteForm(
        data={"completed_on": datetime.date.today().isoformat()}, missing=[]
    ).is_valid()


@pytest.mark.django_db
def test_a_ranking_cannot_close_in_the_past():
    from uddannelsesby.bridge.forms import RoundForm

    form = RoundForm(data={"name": "Praktik", "ranking_closes_on": "2020-01-01"})
    assert not form.is_valid()
    assert "ranking_closes_on" in form.errors


# --- other values that make no sense ---------------------------------------------------------


def test_the_169_sdg_targets_are_known():
    assert len(sdg_targets()) == 169
    assert parse_sdg_targets("4.3, 8.b,17.19 | 4.C") == ["4.3", "8.b", "17.19", "4.c"]
    for wrong in ("99.9", "18.1", "4.8", "17.20", "8.c"):
        with pytest.raises(forms.ValidationError):
            parse_sdg_targets(wrong)


@pytest.mark.django_db
def test_a_declared_length_is_applied_not_only_drawn():
    from uddannelsesby.bridge.forms import ApplicationForm

    assert not ApplicationForm(data={"message": "x" * 1_000_000}).is_valid()
    assert not ApplicationForm(data={"message": "x" * 4001}).is_valid()
    assert ApplicationForm(data={"message": "x" * 4000}).is_valid()


def test_every_text_field_has_an_applied_limit():
    class Loose(forms.Form):
        text = forms.CharField(widget=forms.Textarea)
        short = forms.CharField()
        year = forms.IntegerField()

    form = Loose(data={"text": "x" * 20_001, "short": "four", "year": str(2**63)})
    form.fields["short"].max_length = 3  # set after the field was made, as some forms do
    harden_form(form)
    assert set(form.errors) == {"text", "short", "year"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("da", "Denne værdi må højst have 20.000 tegn (den har 1.000.001)."),
        ("en", "This value may have at most 20,000 characters (it has 1,000,001)."),
    ],
)
def test_a_length_limit_is_written_as_the_reader_writes_numbers(language, message):
    """Django's own message read "at most 20000 characters (it has 1000001)"."""

    class Note(forms.Form):
        text = forms.CharField(widget=forms.Textarea)

    with translation.override(language):
        form = Note(data={"text": "x" * 1_000_001})
        harden_form(form)
        assert form.errors["text"] == [message]


def test_a_line_break_counts_as_one_character_as_in_the_browser():
    """The browser's maxlength counts a line break once and sends it as CR LF."""

    class Note(forms.Form):
        text = forms.CharField(widget=forms.Textarea, max_length=10)

    form = Note(data={"text": "abcde\r\nfghi"})  # ten characters in the textarea
    harden_form(form)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "abcde\nfghi"
    form = Note(data={"text": "abcde\r\nfghij"})
    harden_form(form)
    assert not form.is_valid()


def test_integers_the_database_cannot_hold_are_not_numbers():
    assert parse_int("9223372036854775807") == 2**63 - 1
    assert parse_int("9223372036854775808") is None
    assert parse_int("1e5") is None
    assert parse_int(None) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/bro/?programme=9223372036854775808",
        "/bro/?programme=99999999999999999999999999",
        "/bro/?programme=-1",
        "/handleplaner/?side=9223372036854775808",
    ],
)
def test_huge_numbers_in_query_strings_are_not_server_errors(client, url):
    assert client.get(url).status_code in (200, 400, 404)


@pytest.mark.django_db
def test_a_model_choice_with_a_huge_key_is_refused(policy):
    from uddannelsesby.plans.forms import ActivityForm
    from uddannelsesby.plans.models import ActionPlan

    plan = ActionPlan.objects.create(policy=policy, year=2027)
    huge = str(2**63)
    form = ActivityForm(
        data={"responsible": huge, "commitments": [huge], "contact": huge}, plan=plan
    )
    assert not form.is_valid()
    assert {"responsible", "commitments", "contact"} <= set(form.errors)


def test_a_chosen_file_asks_to_be_chosen_again_when_the_form_has_errors():
    """Browsers never fill a file input again: without a word the file would be lost."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    class Upload(forms.Form):
        title = forms.CharField()
        attachment = forms.FileField(required=False)

    def errors(data, files):
        form = Upload(data=data, files=files)
        harden_form(form)
        with translation.override("da"):
            return {name: list(messages) for name, messages in form.errors.items()}

    chosen = {"attachment": SimpleUploadedFile("notat.pdf", b"%PDF-1.4")}
    assert errors({"title": ""}, chosen)["attachment"] == [
        "Vælg filen igen. Filer bliver ikke gemt, når formularen har fejl."
    ]
    assert "attachment" not in errors({"title": ""}, {})  # nothing chosen, nothing to say
    assert errors({"title": "Notat"}, chosen) == {}


# Model forms that never change a record someone else may be editing at the same time.
NOT_SHARED_EDITS = {
    "ActivityUpdateForm": "adds a new status update; it edits nothing",
    "ApplicationForm": "a student's new application",
    "ProfileForm": "a student's own profile, edited by nobody else",
    "StudentSignupForm": "creates an account and a profile",
    "PolicyLinkForm": "adds a link between two policies",
}


def test_every_edit_form_of_a_shared_record_stops_a_crossing_save():
    """Two editors open the same programme, meeting or opportunity and both save: the second
    save is stopped once with a notice (core.concurrency), on every such form."""
    from uddannelsesby.core.concurrency import EditedFromMixin

    model_forms = [c for c in product_form_classes() if issubclass(c, forms.ModelForm)]
    unprotected = {
        c.__qualname__
        for c in model_forms
        if not issubclass(c, EditedFromMixin) and c.__name__ not in NOT_SHARED_EDITS
    }
    assert unprotected == set()
    assert set(NOT_SHARED_EDITS) <= {c.__name__ for c in model_forms}


# Every plain form (not a ModelForm) is either a decision on, or an edit of, a shared record,
# and then stops a crossing save (core.concurrency, given the record as ``record=``), or it is
# listed here with the reason it needs not.
DECISIONS = {
    "DecisionForm": "verifying an organisation, reviewing an opportunity",
    "MoveForm": "an application moved by the organisation's contacts or the student",
    "FilledForm": "places filled, reported by the organisation and corrected by an editor",
    "ReplyForm": "the municipality's reply to a hearing response",
    "PublishForm": "publishing a hearing response",
    "RejectForm": "not publishing a hearing response",
    "HearingCloseForm": "closing a hearing early",
    "HearingExtendForm": "extending a hearing",
    "SummaryForm": "the summaries of a hearing memo",
    "VerdictForm": "a review's verdict on a commitment",
}
NOT_DECISIONS = {
    "ActivityImportForm": "an upload; the import shows a preview and matches rows itself",
    "ReviewForm": "creates a review",
    "ReviewCompleteForm": "completing a review is refused when it is complete already",
    "DateForm": "adopting a plan is refused when it is adopted already",
    "PlanFilterForm": "a filter",
    "AreaForm": "a filter",
    "AdoptForm": "adopting a text twice is refused with its version (policies.services)",
    "ImportForm": "an upload that creates",
    "CompareForm": "a filter",
    "DocumentImportForm": "an upload that creates",
    "ImportTreeForm": "creates a policy",
    "ImportRowForm": "a row of the import above",
    "SiteSearchForm": "a search",
    "FrequencyForm": "a person's own following",
    "FollowByEmailForm": "a person's own following",
    "PolicyMailForm": "sends a mail",
    "OnboardForm": "the first set-up, once",
    "ProgrammeSearchForm": "a search",
    "EventFilterForm": "a filter",
    "OfferFilterForm": "a filter",
    "AccountFields": "part of a sign-up",
    "SavedSearchForm": "a person's own search",
    "RoundForm": "creates a round",
    "RankForm": "a person's own ranking",
    "SearchForm": "a search",
    "HearingForm": "creates a hearing",
    "ResponseForm": "a citizen's new response",
    "ResponseFilterForm": "a filter",
    "RegistrationForm": "a citizen's new registration",
    "ClassGroupForm": "creates a class group",
    "QuestionForm": "adds a question",
    "SurveyAnswerForm": "a citizen's new answer",
    "StatementForm": "adds a statement",
    "JoinForm": "a person's own joining",
    "EmailForm": "a person's own e-mail",
    "AuthenticationForm": "a person's own login",
    "PasswordResetForm": "a person's own password",
    "SetPasswordForm": "a person's own password",
}


def test_every_decision_on_a_shared_record_stops_a_crossing_decision():
    """Two editors verify the same organisation, or moderate the same response, at once: the
    second is told (tests/core/test_stale_decisions.py walks the pages)."""
    from uddannelsesby.core.concurrency import EditedFromMixin

    plain = {c.__name__: c for c in product_form_classes() if not issubclass(c, forms.ModelForm)}
    assert set(plain) - set(DECISIONS) - set(NOT_DECISIONS) == set(), "classify the new form"
    assert {n for n in DECISIONS if not issubclass(plain[n], EditedFromMixin)} == set()


@pytest.mark.parametrize(
    ("typed", "an_hour_later"),
    [("28.3.2027 02.30", "28.3.2027 03.30"), ("2027-03-28T02:30", "2027-03-28T03:30")],
    ids=["danish", "iso"],
)
@pytest.mark.parametrize("kind", ["core", "plain"])
def test_a_time_the_clocks_skip_is_refused_in_plain_words(typed, an_hour_later, kind):
    """Django's own message named the time zone ("Europe/Copenhagen") and the datetime."""

    class Meeting(forms.Form):
        starts_at = DateTimeField() if kind == "core" else forms.DateTimeField()

    form = Meeting(data={"starts_at": typed})
    harden_form(form)
    with translation.override("da"):
        assert form.errors["starts_at"] == [
            "Det klokkeslæt findes ikke, eller det kommer to gange, den nat uret stilles om. "
            "Vælg et andet klokkeslæt."
        ]
    form = Meeting(data={"starts_at": an_hour_later})
    harden_form(form)
    assert form.is_valid(), form.errors


# --- every form hardened ---------------------------------------------------------------------


def every_form_class() -> list[type[forms.BaseForm]]:
    """Every form class defined anywhere in the product, and those its views hand to Django's
    own views (login, password reset)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = set()
    for module_info in pkgutil.walk_packages([str(SRC)], "uddannelsesby."):
        if ".migrations" in module_info.name or ".settings." in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.add(cls)

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                given = getattr(pattern.callback, "view_initkwargs", {})  # as_view(form_class=)
                if form_class := given.get("form_class", getattr(view_class, "form_class", None)):
                    found.add(form_class)

    walk(get_resolver().url_patterns)
    return sorted(found, key=lambda cls: cls.__qualname__)


def test_every_form_is_hardened():
    """The follow-by-e-mail form, the class code form and others were made without
    harden_form and answered in Django's words ("Ensure this value has at most 254
    characters"): every form class of the product, and every one a view uses, hardens."""
    from uddannelsesby.core.fields import HardenedMixin

    classes = every_form_class()
    names = {cls.__name__ for cls in classes}
    assert {"FollowByEmailForm", "JoinForm", "AuthenticationForm", "SetPasswordForm"} <= names
    assert [cls.__qualname__ for cls in classes if not issubclass(cls, HardenedMixin)] == []


@pytest.mark.parametrize(
    ("form", "data", "field"),
    [
        ("uddannelsesby.follow.forms.FollowByEmailForm", {"email": "a@" + "b" * 300}, "email"),
        ("uddannelsesby.participation.forms.JoinForm", {"code": "x" * 12_000}, "code"),
    ],
)
def test_the_forms_once_missed_answer_in_the_products_words(form, data, field):
    module, name = form.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)
    with translation.override("en"):
        errors = " ".join(cls(data=data).errors.get(field, []))
    assert "Ensure this value" not in errors
    assert errors


def test_a_form_that_lowers_a_limit_after_hardening_keeps_the_lower_one():
    from uddannelsesby.core.fields import HardenedMixin

    class Message(HardenedMixin, forms.Form):
        text = forms.CharField(widget=forms.Textarea)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["text"].max_length = 40

    assert not Message(data={"text": "x" * 41}).is_valid()
    assert 'maxlength="40"' in str(Message()["text"])


# --- numbers: the range the field enforces, named ----------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [("da", "Skriv et tal fra 2000 til 2100."), ("en", "Enter a number from 2000 to 2100.")],
)
@pytest.mark.parametrize("typed", ["-3", "0", "1999", "2101", "70000"])
def test_a_plan_year_outside_the_range_names_the_range(language, message, typed):
    """ "-3" was told "at least 0" (the column's own minimum), while the plan allows 2000-2100."""
    from uddannelsesby.plans.forms import PlanForm
    from uddannelsesby.policies.models import Policy

    with translation.override(language):
        form = PlanForm(data={"year": typed}, policy=Policy())
        assert form.errors["year"] == [message]
        assert 'min="2000"' in str(form["year"])
        assert 'max="2100"' in str(form["year"])


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (forms.IntegerField(min_value=0, max_value=100), "101", "Skriv et tal fra 0 til 100."),
        (forms.IntegerField(min_value=1), "0", "Tallet skal være mindst 1."),
        (forms.IntegerField(), str(2**40), "Tallet må højst være 2.147.483.647."),
        (MoneyField(), "-5", "Beløbet kan ikke være negativt."),
        (MoneyField(min_value=100), "50", "Beløbet skal være mindst 100 kr."),
        (
            MoneyField(min_value=0, max_value=50_000),
            "60.000",
            "Skriv et beløb fra 0 til 50.000 kr.",
        ),
        (MoneyField(), "1.000.000.000.000.000", "Beløbet må højst være 999.999.999.999,99 kr."),
    ],
)
def test_every_kind_of_range_is_named_in_danish(field, typed, message):
    class One(forms.Form):
        pass

    form = One(data={"value": typed})
    form.fields["value"] = field
    harden_form(form)
    with translation.override("da"):
        assert form.errors["value"] == [message]


# --- postal codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "city", "code", "town"),
    [
        ("7400", "Herning", "7400", "Herning"),
        ("7400 Herning", "", "7400", "Herning"),
        ("7400 Herning", "Herning", "7400", "Herning"),
        ("7400  herning ", "Herning", "7400", "Herning"),
        ("DK-7400 Herning", "", "7400", "Herning"),
        ("7400, Herning", "", "7400", "Herning"),
        ("8000 Aarhus C", "", "8000", "Aarhus C"),
        ("7400Herning", "", "7400", "Herning"),
    ],
)
def test_a_postal_code_typed_with_its_town_is_read(db, typed, city, code, town):
    from uddannelsesby.catalogue.forms import HousingForm

    form = HousingForm(data={"postal_code": typed, "city": city})
    form.is_valid()
    assert "postal_code" not in form.errors
    assert "city" not in form.errors
    assert form.cleaned_data["postal_code"] == code
    assert form.cleaned_data["city"] == town


@pytest.mark.parametrize(
    ("typed", "city", "message"),
    [
        ("7400 Herning", "Ikast", "Ved postnummeret står der Herning, men bynavnet er Ikast."),
        ("3900 Nuuk", "", "3900 er ikke et dansk postnummer."),
        ("100 Tórshavn", "", "100 er ikke et dansk postnummer."),
        ("12345", "", "12345 er ikke et dansk postnummer."),
        ("0123", "", "0123 er ikke et dansk postnummer."),
        ("Herning", "", "Skriv postnummeret med fire cifre"),
        ("SW1A 1AA", "", "Skriv postnummeret med fire cifre"),
    ],
)
def test_a_wrong_or_foreign_postal_code_is_explained(db, typed, city, message):
    from uddannelsesby.catalogue.forms import HousingForm

    with translation.override("da"):
        form = HousingForm(data={"postal_code": typed, "city": city})
        assert message in " ".join(form.errors["postal_code"])


def test_every_postal_code_field_reads_the_town_too():
    walked = []
    for cls in every_form_class():
        for name, field in cls.base_fields.items():
            if "postal" in name or "postnummer" in str(field.label).lower():
                assert isinstance(field, PostalCodeField), f"{cls.__qualname__}.{name}"
                assert int(field.widget.attrs["maxlength"]) >= len("7400 Ringkøbing-Skjern")
                walked.append(cls.__name__)
    assert {"HousingForm", "InstitutionForm"} <= set(walked)


# --- phone numbers ----------------------------------------------------------------------------

PHONES = [
    ("96 28 28 28", "96 28 28 28"), ("96282828", "96 28 28 28"), ("9628 2828", "96 28 28 28"),
    ("+45 96 28 28 28", "96 28 28 28"), ("+4596282828", "96 28 28 28"),
    ("0045 96282828", "96 28 28 28"), ("(+45) 96 28 28 28", "96 28 28 28"),
    ("+45 (0) 20 30 40 50", "20 30 40 50"), ("tlf. 96 28 28 28", "96 28 28 28"),
    ("Tlf: 9628 2828", "96 28 28 28"), ("96-28-28-28", "96 28 28 28"),
    ("96.28.28.28", "96 28 28 28"), ("+46 70 123 45 67", "+46 70 123 45 67"),
    ("0046 701234567", "+46 70 123 45 67"), ("+49 151 12345678", "+49 1511 2345678"),
]  # fmt: skip
NOT_PHONES = ["12", "9628 28", "ring til os", "info@herning.dk", "96 28 28 28 (hverdage 8-15)",
              "123456789012345678"]  # fmt: skip


@pytest.mark.parametrize(("typed", "kept"), PHONES)
def test_a_phone_number_is_read_as_people_write_it(typed, kept):
    assert PhoneField().clean(typed) == kept


@pytest.mark.parametrize("typed", NOT_PHONES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_what_is_no_phone_number_is_explained(typed, language):
    expected = {"da": "Skriv et telefonnummer", "en": "Write a phone number"}[language]
    with translation.override(language):
        with pytest.raises(forms.ValidationError) as refused:
            PhoneField().clean(typed)
        assert expected in str(refused.value)


def test_every_phone_field_reads_phone_numbers():
    walked = []
    for cls in every_form_class():
        for name, field in cls.base_fields.items():
            if "phone" in name or "telefon" in str(field.label).lower():
                assert isinstance(field, PhoneField), f"{cls.__qualname__}.{name}"
                assert field.widget.input_type == "tel"
                walked.append(cls.__name__)
    assert {"InstitutionForm", "SiteSettingsForm"} <= set(walked)


# --- amounts as Danes write them -------------------------------------------------------------

DANISH_AMOUNTS = [
    ("1.000", 1000), ("1 000", 1000), ("1.000,-", 1000), ("kr. 1.000", 1000),
    ("1.000 kr.", 1000), ("DKK 1.000", 1000), ("1.000 DKK", 1000), ("1000,-", 1000),
    ("1.000,- kr.", 1000), ("1000 kroner", 1000), ("Kr. 250,-", 250),
    ("Gratis", 0), ("gratis", 0), ("GRATIS!", 0), ("0 kr.", 0), ("Fri entré", 0),
    ("fri adgang", 0), ("Free", 0),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "amount"), DANISH_AMOUNTS)
def test_every_money_field_reads_amounts_as_danes_write_them(typed, amount):
    """A free event typed "Gratis" was refused; so were "1.000,- kr." and "1000 kroner"."""
    walked = []
    for cls in every_form_class():
        for name, field in cls.base_fields.items():
            if isinstance(field, MoneyField):
                assert field.clean(typed) == amount, f"{cls.__qualname__}.{name}"
                walked.append(name)
    assert {"budget", "spent", "rent_min", "rent_max", "price"} <= set(walked)
    assert MoneyField().clean("1000,50") == Decimal("1000.50")


# --- addresses as people type them -----------------------------------------------------------


def test_every_web_address_field_takes_an_address_without_https():
    """A browser refuses "www.herning.dk" in an <input type="url"> before the form is sent,
    in its own words: every URL field is drawn as text, and the server adds https://."""
    import copy

    walked = []
    for cls in every_form_class():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.URLField):
                walked.append(f"{cls.__name__}.{name}")
                form = forms.Form(data={name: " www.herning.dk "})
                form.fields[name] = copy.deepcopy(field)
                harden_form(form)
                assert 'type="url"' not in str(form[name]), walked[-1]
                assert form.is_valid(), (walked[-1], form.errors)
                assert form.cleaned_data[name] == "https://www.herning.dk"
    assert {"InstitutionForm.website", "EventForm.url"} <= set(walked)


@pytest.mark.parametrize(
    "typed",
    [
        " ane.hansen@herning.dk ",
        "Ane.Hansen@Herning.DK",
        "Ane Hansen <ane.hansen@herning.dk>",
        '"Hansen, Ane" <ane.hansen@herning.dk>',
        "mailto:ane.hansen@herning.dk",
    ],
)
def test_every_email_field_takes_an_address_as_people_paste_it(typed):
    """An address pasted from Outlook ("Ane Hansen <ane@...>") or a mailto: link was refused
    as not an e-mail address."""
    import copy

    walked = []
    for cls in every_form_class():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.EmailField):
                walked.append(f"{cls.__name__}.{name}")
                form = forms.Form(data={name: typed})
                form.fields[name] = copy.deepcopy(field)
                harden_form(form)
                assert form.is_valid(), (walked[-1], form.errors)
                assert form.cleaned_data[name].lower() == "ane.hansen@herning.dk"
    expected = {"FollowByEmailForm.email", "RegistrationForm.email", "PasswordResetForm.email"}
    assert expected <= set(walked)
