"""Followers in the personal-data export and delete, and the retention of unconfirmed ones."""

import datetime
import json

from django.utils import timezone

from uddannelsesby.core.scheduling import recurring_job_run
from uddannelsesby.follow import services
from uddannelsesby.follow.models import Subscription
from uddannelsesby.participation import selectors as participation_selectors
from uddannelsesby.participation.tokens import data_token

from ..participation.helpers import make_hearing


def test_the_export_shows_and_the_delete_removes_what_an_address_follows(client, db):
    hearing = make_hearing()
    services.subscription_request(email="eva@example.dk", obj=hearing, frequency="weekly")
    data = participation_selectors.personal_data("Eva@example.dk")
    (entry,) = data["other"]["subscriptions"]
    assert (entry["follows"], entry["frequency"], entry["confirmed"]) == (
        hearing.title, "weekly", None,
    )  # fmt: skip
    token = data_token("eva@example.dk")
    exported = json.loads(client.get(f"/deltag/mine-data/{token}/?format=json").content)
    assert exported["other"]["subscriptions"][0]["follows"] == hearing.title
    page = client.get(f"/deltag/mine-data/{token}/").content.decode()
    assert hearing.title in page
    response = client.post(f"/deltag/mine-data/{token}/")
    assert "1 abonnement slettet" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_link_to_the_data_is_sent_to_an_address_that_only_follows(db):
    from uddannelsesby.participation import services as participation_services

    services.subscription_request(email="eva@example.dk", obj=make_hearing(), frequency="weekly")
    assert participation_services.personal_data_link_send(email="eva@example.dk")


def test_unconfirmed_requests_are_deleted_after_the_retention_period(db, settings):
    settings.FOLLOW_UNCONFIRMED_DAYS = 7
    hearing = make_hearing()
    old = services.subscription_request(email="old@example.dk", obj=hearing, frequency="weekly")
    new = services.subscription_request(email="new@example.dk", obj=hearing, frequency="weekly")
    kept = services.subscription_request(email="yes@example.dk", obj=hearing, frequency="weekly")
    services.subscription_confirm(subscription=kept)
    eight_days = timezone.now() - datetime.timedelta(days=8)
    Subscription.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=eight_days)
    assert recurring_job_run("follow.retention") == {"unconfirmed_deleted": 1}
    assert set(Subscription.objects.values_list("pk", flat=True)) == {new.pk, kept.pk}
