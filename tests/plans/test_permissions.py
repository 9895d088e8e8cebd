"""Every plan URL times every role, and partners limited to their own organisation."""

import pytest

from uddannelsesby.accounts.models import Role
from uddannelsesby.plans.models import ActionPlan

from ..conftest import ROLES
from ..test_permissions import DRAFT_READERS, EDITORS_ONLY, FORBIDDEN, OK, PUBLIC, REDIRECT
from .helpers import make_activity, make_plan

ANON, REG, PARTNER, EDITOR, COUNCIL, ADMIN = ROLES
EDITORS_AND_PARTNERS = EDITORS_ONLY | {PARTNER: OK}
OWN_PARTNER = EDITORS_ONLY | {PARTNER: OK}  # the partner fixture is a member of the organisation

MATRIX = [
    ("/handleplaner/", PUBLIC),
    ("/handleplaner/{policy}/{year}/", PUBLIC),
    ("/handleplaner/{policy}/{year}/?status=delayed&focus_area=x", PUBLIC),
    ("/handleplaner/{policy}/daekning/", PUBLIC),
    ("/handleplaner/aktivitet/{activity}/", PUBLIC),
    ("/handleplaner/{policy}/{draft_year}/", DRAFT_READERS),
    ("/handleplaner/aktivitet/{draft_activity}/", DRAFT_READERS),
    ("/handleplaner/oversigt/", EDITORS_AND_PARTNERS),
    ("/handleplaner/{policy}/ny/", EDITORS_ONLY),
    ("/handleplaner/{policy}/{year}/rediger/", EDITORS_ONLY),
    ("/handleplaner/{policy}/{draft_year}/vedtag/", EDITORS_ONLY),
    ("/handleplaner/{policy}/{year}/luk/", EDITORS_ONLY),
    ("/handleplaner/{policy}/{year}/aktiviteter/ny/", EDITORS_ONLY),
    ("/handleplaner/aktivitet/{activity}/rediger/", EDITORS_ONLY),
    ("/handleplaner/aktivitet/{activity}/slet/", EDITORS_ONLY),
    ("/handleplaner/aktivitet/{activity}/opdater/", OWN_PARTNER),
    ("/handleplaner/aktivitet/{other_activity}/opdater/", EDITORS_ONLY),
]


@pytest.fixture
def objects(db, user_for_role):
    plan = make_plan(year=2026)
    draft = ActionPlan.objects.create(policy=plan.policy, year=2027)
    partner = user_for_role(Role.PARTNER)
    own = make_activity(plan, organisation=partner.memberships.get().organisation)
    other = make_activity(plan)
    hidden = make_activity(draft)
    return {
        "policy": plan.policy.slug,
        "year": plan.year,
        "draft_year": draft.year,
        "activity": own.pk,
        "other_activity": other.pk,
        "draft_activity": hidden.pk,
        "partner": partner,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
def test_status_by_role(client, objects, user_for_role, url, expected, role):
    user = objects["partner"] if role == PARTNER else user_for_role(role)
    if user:
        client.force_login(user)
    assert client.get(url.format(**objects)).status_code == expected[role]


@pytest.mark.parametrize("target", ["activity", "other_activity"])
def test_a_partner_posts_updates_to_own_activities_only(client, objects, target):
    client.force_login(objects["partner"])
    url = f"/handleplaner/aktivitet/{objects[target]}/opdater/"
    response = client.post(
        url, {"status": "started", "kind": "update", "date": "2026-03-01", "text": "Godt i gang"}
    )
    assert response.status_code == (REDIRECT if target == "activity" else FORBIDDEN)


def test_the_matrix_lists_every_role():
    assert all(set(expected) == set(ROLES) for _url, expected in MATRIX)
