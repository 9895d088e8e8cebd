"""Django's own account forms, under the product's rules (core.fields.harden_form): a name or
address too long or with control characters is refused in the product's words."""

from django.contrib.auth import forms as auth_forms

from uddannelsesby.core.fields import HardenedMixin


class AuthenticationForm(HardenedMixin, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(HardenedMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(HardenedMixin, auth_forms.SetPasswordForm):
    pass
