"""Confirmation and unsubscribe links as they may arrive: cut short, mangled, or reused."""

import pytest

from uddannelsesby.follow import services
from uddannelsesby.follow.models import Subscription
from uddannelsesby.policies.models import Policy

from ..factories import PolicyFactory, adopted_policy

pytestmark = pytest.mark.django_db

MANGLED = {
    "nul": "abc%00def",
    "only-nul": "%00",
    "too-long": "x" * 500,
    "unicode": "%C3%A6%C3%B8%C3%A5",
    "quote": "abc'%22",
}


@pytest.mark.parametrize("method", ["get", "post", "head"])
@pytest.mark.parametrize("token", list(MANGLED))
def test_a_mangled_confirmation_link_says_it_does_not_work(client, token, method):
    response = getattr(client, method)(f"/folg/bekraeft/{MANGLED[token]}/")
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "post", "head"])
@pytest.mark.parametrize("token", list(MANGLED))
def test_a_mangled_unsubscribe_link_sends_nothing_more_and_does_not_fail(client, token, method):
    response = getattr(client, method)(f"/folg/afmeld/{MANGLED[token]}/")
    assert response.status_code == 200


def test_an_unsubscribe_link_used_twice_says_the_same(client):
    policy = adopted_policy(areas=1, commitments=1)
    subscription = services.subscription_request(
        email="ung@example.org", obj=policy, frequency="immediate"
    )
    url = f"/folg/afmeld/{subscription.token}/"
    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_listed_only_policy_offers_no_e_mail_of_a_text_it_does_not_have(client):
    policy = PolicyFactory(
        listed_only=True, status=Policy.Status.ADOPTED, external_url="https://example.org/p"
    )
    page = client.get(policy.get_absolute_url()).content.decode()
    assert f"/folg/politik/{policy.slug}/send/" not in page
    assert client.get(f"/folg/politik/{policy.slug}/send/").status_code == 404


def test_an_adopted_policy_offers_its_text_by_e_mail(client):
    policy = adopted_policy(areas=1, commitments=1)
    page = client.get(policy.get_absolute_url()).content.decode()
    assert f"/folg/politik/{policy.slug}/send/" in page
