from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "uddannelsesby.participation"
    verbose_name = _("Citizen involvement")

    def ready(self):
        from uddannelsesby.core.extensions import register_adoption_check, register_policy_panel

        from .adoption import open_hearing_blockers
        from .panels import participation_panels

        register_policy_panel(participation_panels)
        register_adoption_check(open_hearing_blockers)
