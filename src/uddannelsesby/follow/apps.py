from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowConfig(AppConfig):
    name = "uddannelsesby.follow"
    verbose_name = _("Follow")

    def ready(self):
        from uddannelsesby.core.events import event_announced
        from uddannelsesby.core.extensions import (
            PersonalDataKeeper,
            register_follow,
            register_personal_data,
            register_policy_panel,
        )

        from . import services, widgets

        event_announced.connect(services.event_record, dispatch_uid="follow.event_record")
        register_follow(box=widgets.follow_box, feeds=widgets.follow_feeds)
        register_policy_panel(widgets.follow_panels)
        register_personal_data(
            PersonalDataKeeper(
                name="subscriptions",
                export=services.subscriptions_export,
                delete=services.subscriptions_delete_all,
            )
        )
