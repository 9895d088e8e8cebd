import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uddannelsesby.accounts.models import Organisation, Role, User
from uddannelsesby.core.concurrency import EditedFromMixin
from uddannelsesby.core.fields import DateField, HardenedMixin, MoneyField
from uddannelsesby.core.idempotency import OnceFormMixin
from uddannelsesby.core.text import parse_sdg_targets
from uddannelsesby.core.uploads import UploadField
from uddannelsesby.policies.forms import MARKDOWN_HINT, clean_text_fields
from uddannelsesby.policies.models import Commitment, Policy

from .models import ActionPlan, Activity, ActivityUpdate
from .selectors import frozen_states


class CommitmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        return f"{obj.focus_area.title}: {obj.title}"


class PlanForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["year", "introduction"]
        help_texts = {"introduction": MARKDOWN_HINT}

    def __init__(self, *args, policy: Policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        if self.instance.pk:
            del self.fields["year"]
        else:
            self.initial.setdefault("year", timezone.localdate().year + 1)
        clean_text_fields(self)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if ActionPlan.objects.filter(policy=self.policy, year=year).exists():
            raise forms.ValidationError(_("The policy already has an action plan for this year."))
        return year


class DateForm(HardenedMixin, forms.Form):
    date = DateField(label=_("Adopted on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The adoption cannot be dated in the future."))
        return date


class ActivityForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    commitments = CommitmentChoiceField(
        label=_("Commitments the activity serves"),
        queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = forms.CharField(
        label=_("UN SDG targets"),
        required=False,
        help_text=_("Targets separated by commas, for example 4.3, 4.4."),
    )

    class Meta:
        model = Activity
        fields = [
            "title", "description", "commitments", "responsible", "contact", "partners",
            "starts_on", "ends_on", "budget", "budget_account", "spent", "status", "progress",
            "weight", "cadence", "sdg_targets", "municipal_plan_ref", "agenda21_ref",
        ]  # fmt: skip
        widgets = {"partners": forms.CheckboxSelectMultiple}
        field_classes = {
            "starts_on": DateField, "ends_on": DateField, "budget": MoneyField,
            "spent": MoneyField,
        }  # fmt: skip
        help_texts = {
            "description": MARKDOWN_HINT,
            "progress": _("0 to 100. Leave it empty to use what the status suggests."),
            "weight": _("How much the activity counts in the roll-ups, 1 to 100."),
            "contact": _("Gets the reminders when an update is due."),
        }

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = (
            Commitment.objects.filter(focus_area__policy=plan.policy)
            .select_related("focus_area")
            .order_by("focus_area__position", "position", "pk")
        )
        self.fields["contact"].queryset = User.objects.filter(
            role__in=[Role.EDITOR, Role.PARTNER, Role.ADMIN], is_active=True
        ).order_by("first_name", "last_name")
        self.fields["responsible"].queryset = Organisation.objects.order_by("name")
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        self.fields["progress"].required = False
        if self.instance.pk:
            self.initial["sdg_targets"] = ", ".join(self.instance.sdg_targets)
        clean_text_fields(self)

    def clean_sdg_targets(self) -> list[str]:
        return parse_sdg_targets(self.cleaned_data["sdg_targets"])

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        if data.get("progress") is None and data.get("status"):
            data["progress"] = Activity.SUGGESTED_PROGRESS[data["status"]]
        return data

    def service_fields(self) -> dict:
        """The cleaned data as keyword arguments for activity_create and activity_update."""
        data = dict(self.cleaned_data)
        data["commitments"] = list(data["commitments"])
        data["partners"] = list(data["partners"])
        return data


class ActivityUpdateForm(OnceFormMixin, HardenedMixin, forms.ModelForm):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave it empty to use what the status suggests."),
    )
    spent = MoneyField(label=_("Spent so far (DKK)"), required=False)

    class Meta:
        model = ActivityUpdate
        fields = ["status", "progress", "spent", "kind", "date", "text", "attachment"]
        widgets = {"kind": forms.RadioSelect}
        field_classes = {"date": DateField, "attachment": UploadField}
        help_texts = {
            "text": _("What happened since the last update, and what comes next."),
            "attachment": _("Optional: a PDF or an image, at most 5 MB."),
        }

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("status", activity.status)
        self.initial.setdefault("spent", activity.spent)
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault("kind", ActivityUpdate.Kind.UPDATE)
        clean_text_fields(self)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_type = upload.content_type  # checked by content in UploadField
        return upload

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("An update cannot be dated in the future."))
        return date


class PlanFilterForm(HardenedMixin, forms.Form):
    focus_area = forms.TypedChoiceField(
        label=_("Focus area"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["focus_area"].choices = everything + [
            (a.pk, a.title) for a in plan.policy.focus_areas.order_by("position", "pk")
        ]
        self.fields["status"].choices = everything + list(Activity.Status.choices)
        states = frozen_states(plan)
        if states is None:
            involved = Q(activities__plan=plan) | Q(partner_activities__plan=plan)
        else:  # a closed year: those responsible then, as frozen
            involved = Q(name__in={s["responsible"] for s in states}) | Q(
                partner_activities__in=[s["id"] for s in states]
            )
        self.fields["partner"].choices = everything + [
            (o.pk, o.name)
            for o in Organisation.objects.filter(involved).distinct().order_by("name")
        ]
