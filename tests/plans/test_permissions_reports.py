"""Every import, export, report and review URL times every role gives the expected status."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uddannelsesby.plans import services
from uddannelsesby.plans.models import ReviewVerdict

from ..conftest import ROLES
from ..factories import PolicyFactory
from ..test_permissions import (
    DRAFT_READERS,
    EDITORS_ONLY,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PUBLIC,
    REDIRECT,
)
from .factories import plan_site, review_of

ANON, REG, PARTNER, EDITOR, COUNCIL, ADMIN = ROLES
NOWHERE = dict.fromkeys(ROLES, NOT_FOUND)
EDITORS_FIND_NOTHING = EDITORS_ONLY | {EDITOR: NOT_FOUND, ADMIN: NOT_FOUND}
EDITORS_REDIRECTED = EDITORS_ONLY | {EDITOR: REDIRECT, ADMIN: REDIRECT}

MATRIX = [
    # export for editors, open data for everyone (drafts for those who read drafts)
    ("/handleplaner/{policy}/{year}/eksport.csv", EDITORS_ONLY),
    ("/handleplaner/{policy}/{year}/eksport.xlsx", EDITORS_ONLY),
    ("/handleplaner/{policy}/{draft_year}/eksport.xlsx", EDITORS_ONLY),
    ("/handleplaner/{policy}/{year}/aktiviteter.csv", PUBLIC),
    ("/handleplaner/{policy}/{year}/aktiviteter.json", PUBLIC),
    ("/handleplaner/{policy}/{draft_year}/aktiviteter.csv", DRAFT_READERS),
    ("/handleplaner/{policy}/{draft_year}/aktiviteter.json", DRAFT_READERS),
    ("/handleplaner/{policy}/1999/aktiviteter.csv", NOWHERE),
    # import
    ("/handleplaner/{policy}/{year}/importer/", EDITORS_ONLY),
    ("/handleplaner/{policy}/{draft_year}/importer/", EDITORS_ONLY),
    ("/handleplaner/{policy}/{closed_year}/importer/", EDITORS_ONLY),
    ("/handleplaner/{policy}/1999/importer/", EDITORS_FIND_NOTHING),
    # the annual report
    ("/handleplaner/{policy}/{year}/rapport/", PUBLIC),
    ("/handleplaner/{policy}/{year}/rapport.pdf", PUBLIC),
    ("/handleplaner/{policy}/{draft_year}/rapport/", DRAFT_READERS),
    ("/handleplaner/{policy}/{draft_year}/rapport.pdf", DRAFT_READERS),
    ("/handleplaner/{policy}/1999/rapport/", NOWHERE),
    # the council-period calendar
    ("/handleplaner/{policy}/kalender/", PUBLIC),
    ("/handleplaner/{policy}/kalender.ics", PUBLIC),
    ("/handleplaner/{draft_policy}/kalender/", DRAFT_READERS),
    ("/handleplaner/{draft_policy}/kalender.ics", DRAFT_READERS),
    ("/handleplaner/findes-ikke/kalender/", NOWHERE),
    # mid-term reviews
    ("/handleplaner/{policy}/eftersyn/", PUBLIC),
    ("/handleplaner/{draft_policy}/eftersyn/", DRAFT_READERS),
    ("/handleplaner/{policy}/eftersyn/nyt/", EDITORS_ONLY),
    ("/handleplaner/eftersyn/nr-{review}/", DRAFT_READERS),
    ("/handleplaner/eftersyn/nr-{review}/pdf/", DRAFT_READERS),
    ("/handleplaner/eftersyn/nr-{review}/indsats/{commitment}/", DRAFT_READERS),
    ("/handleplaner/eftersyn/nr-{review}/afslut/", EDITORS_ONLY),
    ("/handleplaner/eftersyn/nr-{completed}/", PUBLIC),
    ("/handleplaner/eftersyn/nr-{completed}/pdf/", PUBLIC),
    ("/handleplaner/eftersyn/nr-{completed}/indsats/{commitment}/", PUBLIC),
    ("/handleplaner/eftersyn/nr-{completed}/afslut/", EDITORS_REDIRECTED),
    ("/handleplaner/eftersyn/nr-{draft_policy_review}/", DRAFT_READERS),
    ("/handleplaner/eftersyn/nr-999999/", NOWHERE),
]


@pytest.fixture
def objects(db):
    site = plan_site()
    closed = services.plan_create(actor=None, policy=site.policy, year=2024)
    services.plan_adopt(actor=None, plan=closed, adopted_on=datetime.date(2023, 12, 1))
    services.plan_close(actor=None, plan=closed)
    review = review_of(site.policy)
    completed = review_of(site.policy, completed_on=datetime.date(2028, 3, 1))
    draft_policy = PolicyFactory(slug="kladde")
    hidden = services.review_create(actor=None, policy=draft_policy, title="Skjult")
    services.review_complete(actor=None, review=hidden, completed_on=datetime.date(2028, 3, 1))
    return {
        "site": site,
        "policy": site.policy.slug,
        "year": site.plan.year,
        "draft_year": site.draft.year,
        "closed_year": closed.year,
        "draft_policy": draft_policy.slug,
        "review": review.pk,
        "completed": completed.pk,
        "draft_policy_review": hidden.pk,
        "commitment": site.commitments[0].pk,
    }


def log_in(client, user_for_role, role) -> None:
    user = user_for_role(role)
    if user:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[url for url, _ in MATRIX])
def test_status_by_role(client, objects, user_for_role, url, expected, role):
    log_in(client, user_for_role, role)
    assert client.get(url.format(**objects)).status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_import(client, objects, user_for_role, role):
    log_in(client, user_for_role, role)
    site = objects["site"]
    data = (
        f"title;commitments;responsible\r\nNy;{site.commitments[0].anchor};Erhvervsskolen Herning"
    )
    url = f"/handleplaner/{site.policy.slug}/2026/importer/"
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", data.encode())})
    # Editors see a preview first and import by confirming it.
    expected = {ANON: REDIRECT, EDITOR: 200, ADMIN: 200}.get(role, FORBIDDEN)
    assert response.status_code == expected
    if role in (EDITOR, ADMIN):
        token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
        assert client.post(url, {"token": token}).status_code == REDIRECT
    else:
        confirmed = client.post(url, {"token": "x"}).status_code
        assert confirmed == (REDIRECT if role == ANON else FORBIDDEN)
    assert site.plan.activities.filter(title="Ny").exists() == (role in (EDITOR, ADMIN))


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_set_verdicts(client, objects, user_for_role, role):
    log_in(client, user_for_role, role)
    url = f"/handleplaner/eftersyn/nr-{objects['review']}/indsats/{objects['commitment']}/"
    response = client.post(url, {"verdict": "drop", "reason": "Ændret."})
    # A review in progress does not exist for those who cannot read drafts.
    expected = {EDITOR: REDIRECT, ADMIN: REDIRECT, COUNCIL: FORBIDDEN}.get(role, NOT_FOUND)
    assert response.status_code == expected
    verdict = ReviewVerdict.objects.get(
        review=objects["review"], commitment=objects["commitment"]
    ).verdict
    assert verdict == ("drop" if role in (EDITOR, ADMIN) else "keep")


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_start_reviews(client, objects, user_for_role, role):
    log_in(client, user_for_role, role)
    response = client.post(
        f"/handleplaner/{objects['policy']}/eftersyn/nyt/", {"title": "Nyt eftersyn"}
    )
    expected = {ANON: REDIRECT, EDITOR: REDIRECT, ADMIN: REDIRECT}.get(role, FORBIDDEN)
    assert response.status_code == expected


def test_the_matrix_lists_every_role():
    assert all(set(expected) == set(ROLES) for _url, expected in MATRIX)
    assert OK in PUBLIC.values()
