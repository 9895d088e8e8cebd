from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "uddannelsesby.participation"
    verbose_name = _("Citizen involvement")

    def ready(self):
        from uddannelsesby.core.extensions import register_policy_panel

        from .panels import participation_panels

        register_policy_panel(participation_panels)
