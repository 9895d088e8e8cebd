from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "uddannelsesby.search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import documents

        documents.connect_signals()
        post_migrate.connect(documents.rebuild_if_empty, sender=self)
