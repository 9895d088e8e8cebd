"""Participation's check before a policy is adopted (registered in apps.py; see
core.extensions.register_adoption_check): a policy is not adopted while a hearing on one of
its drafts still takes responses. The editor may close the hearing as part of the adoption."""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from uddannelsesby.core.extensions import AdoptionBlocker
from uddannelsesby.core.services import history_record

from .models import Hearing


def unclosed_hearings(policy, today: datetime.date | None = None) -> list[Hearing]:
    """Hearings on the policy's drafts that are open, or scheduled to open."""
    today = today or timezone.localdate()
    return list(Hearing.objects.filter(version__policy=policy, ends_on__gte=today).order_by("pk"))


@transaction.atomic
def hearing_close_now(*, actor, hearing: Hearing, today: datetime.date | None = None) -> Hearing:
    """Close the hearing: its last day becomes yesterday, so it takes no more responses."""
    today = today or timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    changes = {"ends_on": [hearing.ends_on.isoformat(), yesterday.isoformat()]}
    hearing.ends_on = yesterday
    if hearing.starts_on > yesterday:
        changes["starts_on"] = [hearing.starts_on.isoformat(), yesterday.isoformat()]
        hearing.starts_on = yesterday
    hearing.save(update_fields=["starts_on", "ends_on"])
    history_record(
        target=hearing,
        actor=actor,
        action=_("Closed the hearing before the policy was adopted"),
        changes=changes,
    )
    return hearing


def open_hearing_blockers(policy) -> list[AdoptionBlocker]:
    return [
        AdoptionBlocker(
            message=_(
                "The hearing “%(title)s” is open until %(date)s and still takes responses. "
                "Close it before the policy is adopted."
            )
            % {"title": hearing.title, "date": date_format(hearing.ends_on, "DATE_FORMAT")},
            resolve_label=_("Close the hearing “%(title)s” now") % {"title": hearing.title},
            resolve=partial(hearing_close_now, hearing=hearing),
        )
        for hearing in unclosed_hearings(policy)
    ]
