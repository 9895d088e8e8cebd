from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "uddannelsesby.plans"
    verbose_name = _("Action plans")

    def ready(self):
        from uddannelsesby.core.extensions import register_policy_panel

        from .panels import activity_panels, review_verdict_panels

        register_policy_panel(activity_panels)
        register_policy_panel(review_verdict_panels)
