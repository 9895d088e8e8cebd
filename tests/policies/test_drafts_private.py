"""Drafts stay private: every public page that shows policy data shows the published version to
anonymous visitors, registered users and partners; editors and the council see the draft."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from uddannelsesby.accounts.models import Role
from uddannelsesby.plans import services as plan_services
from uddannelsesby.plans.models import Activity
from uddannelsesby.policies import services
from uddannelsesby.policies.models import Policy

from ..factories import OrganisationFactory, policy_with_parts
from ..plans.factories import activity, plan_for, plan_site, review_of

SECRET = "HEMMELIG"
PUBLIC_ROLES = ["anonymous", Role.REGISTERED, Role.PARTNER]
DRAFT_ROLES = [Role.COUNCIL, Role.EDITOR]


@pytest.fixture
def drafts(db):
    """An adopted policy with plans and a completed review, then edits nobody has adopted:
    the policy's title, references, targets and owner, a renamed focus area and commitment, a
    new commitment an activity serves; and a related draft policy with a plan of its own."""
    site = plan_site()
    plan_services.plan_close(actor=None, plan=site.earlier)
    review = review_of(site.policy, completed_on=datetime.date(2026, 6, 1))
    policy = Policy.objects.get(pk=site.policy.pk)
    draft = policy_with_parts(1, 1, title=f"{SECRET} kladdepolitik", slug="kladde")
    draft_plan = plan_for(draft, 2026)
    services.policy_update(
        actor=None,
        policy=policy,
        related=[draft],
        title=f"{SECRET} titel",
        summary=f"{SECRET} resumé",
        municipal_plan_ref=f"{SECRET} kommuneplan",
        agenda21_ref=f"{SECRET} agenda",
        sdg_targets=["4.7"],
        owner=OrganisationFactory(name=f"{SECRET} enhed"),
    )
    first = site.commitments[0]
    services.commitment_update(actor=None, commitment=first, title=f"{SECRET} indsatsnavn")
    services.focus_area_update(
        actor=None, focus_area=first.focus_area, title=f"{SECRET} fokusområde"
    )
    new = services.commitment_create(
        actor=None, focus_area=first.focus_area, title=f"{SECRET} ny indsats"
    )
    served = activity(site.plan, title="Ny aktivitet", commitments=[new, first])
    pages = [
        "/",
        "/politikker/",
        "/politikker/uddannelse/",
        "/politikker/uddannelse/json/",
        "/politikker/uddannelse/versioner/",
        "/handleplaner/",
        "/handleplaner/uddannelse/2025/",
        "/handleplaner/uddannelse/2026/",
        "/handleplaner/uddannelse/daekning/",
        "/handleplaner/uddannelse/2025/rapport/",
        "/handleplaner/uddannelse/2026/rapport/",
        "/handleplaner/uddannelse/eftersyn/",
        "/handleplaner/uddannelse/kalender/",
        review.get_absolute_url(),
        reverse("plans:review_commitment", args=[review.pk, first.pk]),
        served.get_absolute_url(),
        *[a.get_absolute_url() for a in Activity.objects.filter(plan=site.plan)],
    ]
    hidden = ["/handleplaner/kladde/2026/", draft_plan.get_absolute_url(), "/politikker/kladde/"]
    return pages, hidden


def _client(user_for_role, role) -> Client:
    client = Client()
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", PUBLIC_ROLES)
def test_the_public_never_sees_what_is_not_adopted(drafts, user_for_role, role):
    pages, hidden = drafts
    client = _client(user_for_role, role)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    for url in hidden:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", DRAFT_ROLES)
def test_editors_and_the_council_read_the_draft(drafts, user_for_role, role):
    """The same pages show the draft's edits to those who may read drafts, so the test above
    would see a leak."""
    pages, hidden = drafts
    client = _client(user_for_role, role)
    seen = {url: SECRET in client.get(url).content.decode() for url in pages}
    for url in (
        "/handleplaner/uddannelse/2026/",
        "/handleplaner/uddannelse/daekning/",
        "/handleplaner/uddannelse/2026/rapport/",
        "/handleplaner/",
    ):
        assert seen[url], url
    for url in hidden:
        assert client.get(url).status_code == 200, url
