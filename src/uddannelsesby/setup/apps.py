from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    """Set-up without code: the site settings page and onboarding a municipality.

    It sits on top of the other apps (core's settings, the indicators' list of municipalities
    and catalogue, the policies' importer), so none of them imports it."""

    name = "uddannelsesby.setup"
    verbose_name = _("Set-up")
