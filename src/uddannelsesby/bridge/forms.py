from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uddannelsesby.catalogue.models import Programme
from uddannelsesby.core.concurrency import EditedFromMixin
from uddannelsesby.core.fields import DateField, HardenedMixin
from uddannelsesby.core.idempotency import OnceFormMixin
from uddannelsesby.core.uploads import PDF, UploadField
from uddannelsesby.policies.forms import clean_text_fields

from .cvr import normalise_cvr, validate_cvr
from .models import Application, Employer, Opportunity, StudentProfile
from .selectors import filled_opportunities

SKILLS_HINT = _("Separate them with commas, for example: Python, Excel, customer service.")


class CVField(UploadField):
    """A CV: a PDF that opens, has pages and no password, checked by its content."""

    def __init__(self, **kwargs):
        super().__init__(accept=(PDF,), refused=_("The CV must be a PDF file."), **kwargs)


class ProfileForm(OnceFormMixin, HardenedMixin, forms.ModelForm):
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=500, help_text=SKILLS_HINT
    )

    class Meta:
        model = StudentProfile
        fields = [
            "programme", "semester", "skills", "interests", "hours_per_week", "available_from",
            "cv", "open_to_contact",
        ]  # fmt: skip
        field_classes = {"available_from": DateField, "cv": CVField}
        help_texts = {
            "interests": _("What you would like to work with, in your own words."),
            "cv": _("A PDF of at most 5 MB. It is sent with your applications."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.select_related(
            "institution"
        ).order_by("title_da", "institution__name")
        self.fields["programme"].label_from_instance = lambda p: (
            f"{p.title_da} ({p.institution.name})"
        )
        if self.instance.pk:
            self.initial["skills"] = ", ".join(s.name for s in self.instance.skills.all())
        clean_text_fields(self)


class AccountFields(HardenedMixin, forms.Form):
    """Name, e-mail and password for a new account."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )  # fmt: skip
    last_name = forms.CharField(
        label=_("Last name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        # Never written back into the page: after an error the password is typed again.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, not only digits, not a common password and not like your name."
        ),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password"):
            from uddannelsesby.accounts.models import User

            person = User(
                username=data.get("email", ""), email=data.get("email", ""),
                first_name=data.get("first_name", ""), last_name=data.get("last_name", ""),
            )  # fmt: skip
            try:
                validate_password(data["password"], person)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class StudentSignupForm(AccountFields, ProfileForm):
    field_order = ["first_name", "last_name", "email", "password"]


class EmployerForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    # Longer than the eight digits stored: "CVR-nr.: DK 12 34 56 78" is normalised in clean_cvr.
    cvr = forms.CharField(
        label=_("CVR number"), max_length=30,
        help_text=_("Eight digits, as in the Central Business Register (CVR)."),
    )  # fmt: skip
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Employer
        fields = ["name", "cvr", "sector", "industry", "city", "website", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)

    def clean_cvr(self):
        cvr = normalise_cvr(self.cleaned_data["cvr"])
        validate_cvr(cvr)
        return cvr


class EmployerSignupForm(AccountFields, EmployerForm):
    field_order = ["name", "cvr", "sector", "industry", "city", "website", "description"]


class DecisionForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.Form):
    """An editor's yes or no on a record (``record=``), with a reason required for no. Two
    editors deciding at once: the second is told (core.concurrency)."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you say no; the organisation reads it."),
    )  # fmt: skip

    def __init__(self, *args, yes: str, no: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("yes", yes), ("no", no)]
        clean_text_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "no" and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason when you say no."))
        return data


class OpportunityForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Suits these levels"), required=False, choices=Programme.Level,
        widget=forms.CheckboxSelectMultiple, help_text=_("None chosen: any level."),
    )  # fmt: skip
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=500, help_text=SKILLS_HINT
    )

    class Meta:
        model = Opportunity
        fields = [
            "title", "kind", "description", "programmes", "levels", "skills", "place",
            "hours_per_week", "paid", "credit_giving", "starts_on", "deadline", "places",
        ]  # fmt: skip
        widgets = {"programmes": forms.SelectMultiple(attrs={"size": 8})}
        field_classes = {"starts_on": DateField, "deadline": DateField}
        help_texts = {
            "programmes": _("None chosen: open to every programme. Hold Ctrl to choose several."),
            "deadline": _("The opportunity disappears from the list after this day."),
            "places": _("For a mentorship: how many students the mentor can take."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.select_related(
            "institution"
        ).order_by("title_da", "institution__name")
        self.fields["programmes"].label_from_instance = lambda p: (
            f"{p.title_da} ({p.institution.name})"
        )
        if self.instance.pk:
            self.initial["skills"] = ", ".join(s.name for s in self.instance.skills.all())
        clean_text_fields(self)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate() and deadline != self.initial.get("deadline"):
            raise ValidationError(_("The deadline cannot be in the past."))
        return deadline

    def clean(self):
        data = super().clean()
        starts, deadline = data.get("starts_on"), data.get("deadline")
        if starts and deadline and starts < deadline:
            self.add_error("starts_on", _("The start cannot be before the application deadline."))
        return data


class ApplicationForm(OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["message"]
        help_texts = {
            "message": _("Why you apply, in a few lines. Your profile and CV go with it.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = 4000
        clean_text_fields(self)


class StatusField(forms.ChoiceField):
    """The statuses the application can move to are offered; any status is read back, so that
    one no longer possible (the other side moved the application meanwhile) is refused by the
    service in words, not as an unknown choice."""

    def valid_value(self, value) -> bool:
        return value in Application.Status.values


class MoveForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.Form):
    status = StatusField(label=_("New status"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Message to the student"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, statuses, by_student: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if record := kwargs.get("record"):  # crossing answers: say where the application is now
            self.stale_message = _(
                "Someone changed the application while you had it open: its status is "
                "“%(now)s” now. Your answer is not saved yet; send it again to keep it."
            ) % {"now": record.get_status_display()}
        self.fields["status"].choices = [(s, Application.Status(s).label) for s in statuses]
        if by_student:  # the student's note goes to the organisation
            self.fields["note"].label = _("Message to the organisation")
        clean_text_fields(self)


class FilledForm(EditedFromMixin, HardenedMixin, forms.Form):
    filled = forms.IntegerField(label=_("Places filled"), min_value=0, max_value=500)


class SavedSearchForm(OnceFormMixin, HardenedMixin, forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class RoundForm(OnceFormMixin, HardenedMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("For example: Internships, spring 2027.")
    )
    ranking_closes_on = DateField(label=_("Ranking closes"))
    opportunities = forms.ModelMultipleChoiceField(
        label=_("Internships in the round"), queryset=Opportunity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each keeps its number of places as its capacity in the round."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunities"].queryset = (
            Opportunity.objects.open()
            .filter(kind=Opportunity.Kind.INTERNSHIP)
            .exclude(pk__in=filled_opportunities())  # a filled internship leaves later rounds
            .select_related("employer__organisation")
        )
        self.fields["opportunities"].label_from_instance = lambda o: (
            f"{o.title}, {o.employer.organisation.name} ({o.places})"
        )
        clean_text_fields(self)

    def clean_ranking_closes_on(self):
        closes_on = self.cleaned_data["ranking_closes_on"]
        if closes_on < timezone.localdate():
            raise ValidationError(_("The ranking cannot close in the past."))
        return closes_on


class RankForm(HardenedMixin, forms.Form):
    """One number field per item: 1 for the first choice; empty leaves the item out."""

    def __init__(self, *args, items, initial_ranks, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in items:
            self.fields[f"rank-{key}"] = forms.IntegerField(
                label=label, required=False, min_value=1, max_value=999,
                initial=initial_ranks.get(key),
            )  # fmt: skip

    def ranks(self) -> dict[int, int | None]:
        return {int(name.removeprefix("rank-")): value for name, value in self.cleaned_data.items()}


class SearchForm(HardenedMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + Opportunity.Kind.choices
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    paid = forms.BooleanField(label=_("Paid only"), required=False)
    credit = forms.BooleanField(label=_("Gives credit (ECTS) only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.order_by("title_da").values_list("pk", "title_da")
        self.fields["programme"].choices = [("", _("All"))] + [
            (str(pk), title) for pk, title in programmes
        ]
