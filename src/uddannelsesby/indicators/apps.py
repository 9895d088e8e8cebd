from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "uddannelsesby.indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from uddannelsesby.core.extensions import register_policy_panel

        from .panels import policy_panel

        register_policy_panel(policy_panel)
