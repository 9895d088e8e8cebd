from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "uddannelsesby.core"
    verbose_name = _("Core")

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
