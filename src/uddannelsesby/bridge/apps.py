from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BridgeConfig(AppConfig):
    name = "uddannelsesby.bridge"
    verbose_name = _("Student-business bridge")

    def ready(self):
        from uddannelsesby.core.extensions import PersonalDataKeeper, register_personal_data

        from . import personal_data

        register_personal_data(
            PersonalDataKeeper(
                name="student_profiles", export=personal_data.export, delete=personal_data.delete
            )
        )
