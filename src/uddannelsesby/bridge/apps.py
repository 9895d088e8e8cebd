from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BridgeConfig(AppConfig):
    name = "uddannelsesby.bridge"
    verbose_name = _("Student-business bridge")
