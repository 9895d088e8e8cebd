"""Sending to hearing and adopting, posted twice (a double click, a reload of the answer).

Each post froze one more identical version, and each adoption told the followers again."""

import pytest

from uddannelsesby.follow import services as follow_services
from uddannelsesby.follow.models import Event
from uddannelsesby.policies.models import PolicyVersion

from ..factories import UserFactory, policy_with_parts

pytestmark = pytest.mark.django_db


def kinds(policy):
    return list(policy.versions.order_by("number").values_list("kind", flat=True))


def test_a_hearing_posted_twice_freezes_one_version(editor_client):
    policy = policy_with_parts(areas=1, commitments=1)
    url = f"/politikker/redaktion/{policy.slug}/hoering/"
    assert editor_client.post(url).status_code == 302
    assert editor_client.post(url).status_code == 302
    assert kinds(policy) == ["hearing"]


def test_an_adoption_posted_twice_freezes_one_version_and_tells_once(editor_client):
    policy = policy_with_parts(areas=1, commitments=1)
    follow_services.subscription_follow(user=UserFactory(), obj=policy, frequency="immediate")
    url = f"/politikker/redaktion/{policy.slug}/vedtag/"
    assert editor_client.post(url, {"adopted_on": "2026-12-01"}).status_code == 302
    assert editor_client.post(url, {"adopted_on": "2026-12-01"}).status_code == 302
    assert kinds(policy) == ["adopted"]
    assert Event.objects.filter(kind="policy_adopted").count() == 1


def test_the_same_text_adopted_again_on_another_date_is_refused(editor_client):
    policy = policy_with_parts(areas=1, commitments=1)
    url = f"/politikker/redaktion/{policy.slug}/vedtag/"
    assert editor_client.post(url, {"adopted_on": "2026-12-01"}).status_code == 302
    response = editor_client.post(url, {"adopted_on": "2026-12-02"})
    assert response.status_code == 400
    assert "allerede vedtaget som version 1" in response.content.decode()
    assert kinds(policy) == ["adopted"]


def test_a_changed_text_is_sent_to_hearing_and_adopted_anew(editor_client):
    policy = policy_with_parts(areas=1, commitments=1)
    editor_client.post(f"/politikker/redaktion/{policy.slug}/hoering/")
    editor_client.post(f"/politikker/redaktion/{policy.slug}/vedtag/", {"adopted_on": "2026-12-01"})
    policy.vision = "En ny vision."
    policy.save()
    editor_client.post(f"/politikker/redaktion/{policy.slug}/hoering/")
    editor_client.post(f"/politikker/redaktion/{policy.slug}/vedtag/", {"adopted_on": "2026-12-03"})
    assert kinds(policy) == ["hearing", "adopted", "hearing", "adopted"]
    assert policy.versions.get(number=4).kind == PolicyVersion.Kind.ADOPTED
