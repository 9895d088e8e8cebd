"""A policy is not adopted while a hearing on one of its drafts still takes responses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from uddannelsesby.core.extensions import adoption_blockers
from uddannelsesby.participation.models import Hearing
from uddannelsesby.policies import services
from uddannelsesby.policies.models import Policy

from ..participation.helpers import make_hearing, respond

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_service_refuses_while_the_hearing_is_open():
    hearing = make_hearing()
    policy = hearing.version.policy
    with pytest.raises(ValidationError, match="Høring over udkastet"):
        services.policy_adopt(actor=None, policy=policy, adopted_on=TODAY())
    policy.refresh_from_db()
    assert policy.status == Policy.Status.HEARING
    assert not policy.versions.filter(kind="adopted").exists()
    respond(hearing)  # still open


def test_a_hearing_scheduled_to_open_later_blocks_too():
    hearing = make_hearing(
        starts_on=TODAY() + datetime.timedelta(days=3),
        ends_on=TODAY() + datetime.timedelta(days=30),
    )
    assert len(adoption_blockers(hearing.version.policy)) == 1


def test_a_closed_hearing_does_not_block():
    hearing = make_hearing(open_=False)
    version = services.policy_adopt(actor=None, policy=hearing.version.policy, adopted_on=TODAY())
    assert version.kind == "adopted"


def test_the_editor_is_told_and_may_close_the_hearing_as_part_of_adopting(editor_client):
    hearing = make_hearing()
    policy = hearing.version.policy
    url = f"/politikker/redaktion/{policy.slug}/vedtag/"
    page = editor_client.get(url).content.decode()
    assert hearing.title in page
    assert 'name="resolve_blockers"' in page

    refused = editor_client.post(url, {"adopted_on": TODAY().isoformat()})
    assert refused.status_code == 400
    assert hearing.title in refused.content.decode()
    assert Policy.objects.get(pk=policy.pk).status == Policy.Status.HEARING

    done = editor_client.post(url, {"adopted_on": TODAY().isoformat(), "resolve_blockers": "1"})
    assert done.status_code == 302
    assert Policy.objects.get(pk=policy.pk).status == Policy.Status.ADOPTED
    hearing = Hearing.objects.get(pk=hearing.pk)
    assert not hearing.is_open()
    assert hearing.ends_on == TODAY() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        respond(hearing)
    assert adoption_blockers(policy) == []
