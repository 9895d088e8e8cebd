from django import forms
from django.utils.translation import gettext_lazy as _

from uddannelsesby.core.fields import HardenedMixin
from uddannelsesby.core.idempotency import OnceFormMixin

from .models import Subscription


class FrequencyForm(OnceFormMixin, HardenedMixin, forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often do you want to hear?"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )


# The longest address the standards allow (RFC 5321), and what Subscription.email holds.
EMAIL_MAX = 254


class FollowByEmailForm(FrequencyForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX,
        help_text=_("We send a link to confirm. Nothing else is sent until you confirm."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email", "frequency"]


class PolicyMailForm(OnceFormMixin, HardenedMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX,
        help_text=_("We send the policy as an accessible PDF, with the link to this page."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
