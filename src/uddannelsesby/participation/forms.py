import datetime
import re

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.core.concurrency import EditedFromMixin
from uddannelsesby.core.fields import DateField, DateTimeField, HardenedMixin
from uddannelsesby.core.idempotency import OnceFormMixin
from uddannelsesby.core.uploads import PDF, UploadField
from uddannelsesby.policies.forms import MARKDOWN_HINT, clean_text_fields
from uddannelsesby.policies.models import Policy, PolicyVersion

from . import retention
from .models import (
    RECOMMENDED_HEARING_DAYS,
    Dialogue,
    Meeting,
    ParticipationCode,
    Question,
    Response,
    Survey,
)
from .selectors import open_hearing_versions, version_sections

HONEYPOT = "website"
CONSENT_TEXT = _(
    "I agree that the municipality keeps my response to use it in the hearing, and publishes "
    "it after moderation (see the privacy page)."
)


def response_consent_label() -> str:
    """The consent for a hearing response, with the retention period the job applies."""
    return f"{CONSENT_TEXT} {retention.response_text()}"


def registration_consent_label() -> str:
    """The consent for a meeting registration, with the retention period the job applies."""
    return "{} {}".format(
        _(
            "I agree that the municipality keeps my registration to plan the meeting "
            "(see the privacy page)."
        ),
        retention.registration_text(),
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PolicyVersion) -> str:
        return f"{obj.policy.title}, version {obj.number}"


def _addresses(text: str) -> list[str]:
    """The addresses in a list as people paste it: one a line, or separated by commas or
    semicolons (Outlook), written "Ane Hansen <ane@example.dk>" or "mailto:ane@example.dk"."""
    found = []
    for chunk in re.split(r"[;,\n\r\t]+", text):
        if "<" in chunk and chunk.rstrip().endswith(">"):
            found.append(chunk[chunk.rfind("<") + 1 : chunk.rstrip().rfind(">")])
        else:
            found.extend(chunk.split())
    return [re.sub(r"(?i)^mailto:", "", a.strip()).strip() for a in found if a.strip()]


def parse_emails(text: str) -> list[str]:
    emails, wrong = [], []
    for email in _addresses(text):
        try:
            validate_email(email)
        except forms.ValidationError:
            wrong.append(email)
        else:
            if email.lower() not in emails:
                emails.append(email.lower())
    if wrong:
        raise forms.ValidationError(
            _("Not e-mail addresses: %(wrong)s"), params={"wrong": ", ".join(wrong)}
        )
    return emails


class HearingForm(OnceFormMixin, HardenedMixin, forms.Form):
    version = VersionChoiceField(
        label=_("Hearing draft"),
        queryset=PolicyVersion.objects.none(),
        help_text=_("A policy is sent to hearing from its editing page; its draft appears here."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text of the hearing"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HINT,
    )
    target_groups = forms.CharField(
        label=_("Target groups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who the municipality especially wants to hear from."),
    )
    starts_on = DateField(label=_("Opens on"))
    ends_on = DateField(
        label=_("Closes on"),
        help_text=_("A hearing should last at least four weeks."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Invite organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their contact people get an e-mail with a link to the hearing."),
    )
    emails = forms.CharField(
        label=_("Invite other e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address a line, or separated by commas or semicolons."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = open_hearing_versions()
        self.fields["organisations"].queryset = Organisation.objects.exclude(
            kind=Organisation.Kind.MUNICIPAL_UNIT
        ).order_by("name")
        clean_text_fields(self)

    def clean_emails(self) -> list[str]:
        return parse_emails(self.cleaned_data["emails"])

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The hearing cannot close before it opens."))
        return data

    @property
    def is_short(self) -> bool:
        data = self.cleaned_data
        return (data["ends_on"] - data["starts_on"]).days < RECOMMENDED_HEARING_DAYS


class HoneypotMixin:
    """A field people never see (hidden by the style sheet, skipped by screen readers) that
    robots fill in. Rendered by the template, not by {{ form }}."""

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != HONEYPOT]

    @property
    def honeypot(self):
        return self[HONEYPOT]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class ResponseForm(OnceFormMixin, HoneypotMixin, HardenedMixin, forms.Form):
    anchor = forms.ChoiceField(
        required=False,  # "" is the draft as a whole
        label=_("What does your response concern?"),
        help_text=_("The whole draft, or one focus area or commitment."),
    )
    kind = forms.ChoiceField(
        label=_("You answer"),
        choices=Response.Kind.choices,
        widget=forms.RadioSelect,
        initial=Response.Kind.PRIVATE,
    )
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Only if you answer on behalf of an organisation."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("For your receipt with a copy of the response. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    hide_name = forms.BooleanField(
        label=_("Do not publish my name (private persons only)"), required=False
    )
    text = forms.CharField(
        label=_("Your response"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Do not write personal information such as phone numbers or CPR numbers. If you "
            "do, they are removed before the response is published."
        ),
    )
    attachment = UploadField(
        accept=(PDF,),
        label=_("Attachment"),
        required=False,
        help_text=_("A PDF file of at most 5 MB."),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = version_sections(hearing.version.content)
        self.fields["consent"].label = response_consent_label()
        clean_text_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Response.Kind.ORGANISATION and not data.get("organisation"):
            self.add_error("organisation", _("Write the name of the organisation."))
        return data

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("consent", HONEYPOT)}


class ResponseFilterForm(HardenedMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + Response.Status.choices,
    )
    anchor = forms.ChoiceField(label=_("Section"), required=False)
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("All")), ("none", _("Not replied yet"))] + Response.Decision.choices,
    )

    def __init__(self, *args, hearing, public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = [("*", _("All"))] + version_sections(
            hearing.version.content
        )
        self.fields["anchor"].initial = "*"
        if public:
            del self.fields["status"]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        anchor = data.get("anchor")
        return {
            "anchor": None if anchor in (None, "*") else anchor,
            "status": data.get("status") or None,
            "decision": data.get("decision") or None,
        }


class ReplyForm(EditedFromMixin, HardenedMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Response.Decision.choices, widget=forms.RadioSelect
    )
    reply = forms.CharField(label=_("Reply and reason"), widget=forms.Textarea(attrs={"rows": 5}))
    reply_anchor = forms.ChoiceField(
        required=False,  # "" is the draft as a whole
        label=_("Section the reply concerns"),
        help_text=_("Where the reply is placed in the hearing memo."),
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_anchor"].choices = version_sections(hearing.version.content)
        clean_text_fields(self)


class PassageChoiceField(forms.MultipleChoiceField):
    """Passages to black out: any text may be chosen (the text may have been edited since the
    preview listed them); one that no longer occurs simply changes nothing."""

    def valid_value(self, value) -> bool:
        return True


class PublishForm(EditedFromMixin, HardenedMixin, forms.Form):
    """The moderator's version of a response, published only as the preview showed it."""

    public_sender = forms.CharField(
        label=_("Sender as published"),
        max_length=200,
        required=False,
        help_text=_(
            "Leave it empty to show “Private person (name not published)”. E-mail "
            "addresses, phone and CPR numbers are removed in this field too."
        ),
    )
    public_text = forms.CharField(
        label=_("Text as published"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Edit the text, or delete a passage, before publishing. The response as sent "
            "is kept for the editors only."
        ),
    )
    blackout = PassageChoiceField(
        label=_("Black out these passages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Highlighted because they may be personal: other people's names and addresses, "
            "children, health, and the other special categories of personal data."
        ),
    )
    checked = forms.BooleanField(
        label=_("I have read the highlighted passages and decided what to publish"),
        required=False,
    )
    checksum = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, passages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.passages = list(passages)
        self.fields["blackout"].choices = [(p.text, f"{p.text} ({p.label})") for p in self.passages]
        if not self.passages:
            del self.fields["blackout"]
            del self.fields["checked"]
        clean_text_fields(self)

    def clean_blackout(self) -> list[str]:
        return self.cleaned_data.get("blackout") or []


class RejectForm(EditedFromMixin, HardenedMixin, forms.Form):
    note = forms.CharField(
        label=_("Why is the response not published?"),
        max_length=300,
        help_text=_("For example: offensive language, or not about the draft."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class SummaryForm(EditedFromMixin, HardenedMixin, forms.Form):
    def __init__(self, *args, hearing, initial_texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.anchors = {}
        for i, (anchor, label) in enumerate(version_sections(hearing.version.content)):
            name = f"section_{i}"
            self.anchors[name] = anchor
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=initial_texts.get(anchor, ""),
            )
        clean_text_fields(self)

    def summaries(self) -> dict[str, str]:
        return {anchor: self.cleaned_data[name] for name, anchor in self.anchors.items()}


class MeetingForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title", "description", "policy", "hearing", "starts_at", "ends_at", "place",
            "address", "accessibility", "capacity", "notes",
        ]  # fmt: skip
        field_classes = {"starts_at": DateTimeField, "ends_at": DateTimeField}
        help_texts = {
            "description": MARKDOWN_HINT,
            "accessibility": _(
                "Step-free access, hearing loop, accessible toilet, parking, sign language."
            ),
            "capacity": _("When the seats are taken, new registrations go on a waiting list."),
            "notes": _("Notes from the meeting, published as input to the policy. ")
            + str(MARKDOWN_HINT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = Policy.objects.order_by("title")
        clean_text_fields(self)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        return data


class RegistrationForm(OnceFormMixin, HoneypotMixin, HardenedMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the confirmation and a link to cancel here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    needs = forms.CharField(
        label=_("Do you need anything to take part?"),
        required=False,
        max_length=500,
        help_text=_("For example a sign language interpreter or a seat near the door."),
    )
    consent = forms.BooleanField()
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = registration_consent_label()
        clean_text_fields(self)


class ClassGroupForm(OnceFormMixin, HardenedMixin, forms.Form):
    school = forms.CharField(label=_("School"), max_length=200)
    name = forms.CharField(label=_("Class"), max_length=100, help_text=_("For example 9.B."))
    codes = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=60,
        help_text=_(
            "The number of pupils in the class, at most 60: one code for each. The class never "
            "counts more participants than this."
        ),
    )
    expires_on = DateField(
        label=_("Codes valid until"),
        help_text=_("After this day the codes cannot be used. At most a year ahead."),
    )

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Choose a day from today on."))
        if value > today + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a day at most a year ahead."))
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Class code"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "help_text",
            _("Only if your teacher gave you one. Nobody can see who answered what."),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        """The code as a class writes it down from the board: "abcd efgh", "ABCD-EFGH"."""
        return re.sub(r"[\s.\-–_/]", "", super().to_python(value)).upper()

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code = ParticipationCode.objects.select_related("class_group").filter(code=value).first()
        if code is None:
            raise forms.ValidationError(_("The code is not known. Check it and try again."))
        if code.class_group.is_expired():
            raise forms.ValidationError(_("The code has expired. Ask your teacher for a new one."))
        return code


class SurveyForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "policy"]
        help_texts = {"introduction": MARKDOWN_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = Policy.objects.order_by("title")
        clean_text_fields(self)


class QuestionForm(OnceFormMixin, HardenedMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"), choices=Question.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choice questions: one choice a line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    LOCKED = ("kind", "choices", "required")

    def __init__(self, *args, question: Question | None = None, locked: bool = False, **kwargs):
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": question.kind,
                    "text": question.text,
                    "choices": "\n".join(question.choices),
                    "required": question.required,
                },
            )
        super().__init__(*args, **kwargs)
        self.locked = locked
        if locked:
            for name in self.LOCKED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Locked: the survey has answers, and changing this would change "
                    "what the answers mean. Only the wording of the question can be fixed."
                )
        clean_text_fields(self)

    @staticmethod
    def _lines(value: str) -> list[str]:
        return [c.strip() for c in (value or "").splitlines() if c.strip()]

    def clean_choices(self) -> list[str]:
        return self._lines(self.cleaned_data["choices"])

    def _posted_change(self, name: str) -> bool:
        """A locked field sent with another value than it has (a browser sends none)."""
        key = self.add_prefix(name)
        if key not in self.data:
            return False
        field = self.fields[name]
        try:
            value = field.clean(field.widget.value_from_datadict(self.data, self.files, key))
        except forms.ValidationError:
            return True
        initial = self.get_initial_for_field(field, name)
        if name == "choices":
            value, initial = self._lines(value), self._lines(initial)
        return value != initial

    def clean(self):
        for name in self.LOCKED if self.locked else ():
            if self._posted_change(name):
                self.add_error(
                    name,
                    _("The survey has answers: only the wording of the question can be changed."),
                )
        data = super().clean()
        if (
            "choices" not in self.errors
            and data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
            and len(data.get("choices") or []) < 2
        ):
            self.add_error("choices", _("Write at least two choices, one a line."))
        return data


SCALE_CHOICES = [
    (1, _("1 – not at all")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – very much")),
]  # fmt: skip


class SurveyAnswerForm(OnceFormMixin, HardenedMixin, forms.Form):
    """The questions of a survey as fields named q<pk>, and an optional class code."""

    def __init__(self, *args, survey: Survey, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)
        self.fields["code"] = CodeField()
        clean_text_fields(self)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {"label": question.text, "required": question.required}
        choices = list(enumerate(question.choices))
        if question.kind == Question.Kind.SINGLE:
            return forms.TypedChoiceField(
                choices=choices, coerce=int, widget=forms.RadioSelect, **common
            )
        if question.kind == Question.Kind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == Question.Kind.SCALE:
            return forms.TypedChoiceField(
                choices=SCALE_CHOICES, coerce=int, widget=forms.RadioSelect, **common
            )
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, **common)

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class DialogueForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.ModelForm):
    class Meta:
        model = Dialogue
        fields = ["title", "question", "policy"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = Policy.objects.order_by("title")
        clean_text_fields(self)


class StatementForm(OnceFormMixin, HoneypotMixin, HardenedMixin, forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=140,
        help_text=_("One short opinion others can agree or disagree with. At most 140 characters."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        # Something to agree or disagree with: a word or a number, not only signs or emoji
        # (or invisible characters, which the required check lets through).
        if not any(c.isalnum() for c in text):
            raise forms.ValidationError(
                _("Write your statement in words: signs or emoji alone cannot be voted on.")
            )
        return text


class JoinForm(HardenedMixin, forms.Form):
    code = CodeField(required=True)


class EmailForm(HardenedMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address you used when you answered or registered."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class HearingCloseForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why does the hearing close early?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the hearing's page and sent to those who follow it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_text_fields(self)


class HearingExtendForm(EditedFromMixin, OnceFormMixin, HardenedMixin, forms.Form):
    ends_on = DateField(label=_("New last day"))
