from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "uddannelsesby.catalogue"
    verbose_name = _("Programmes and student life")
