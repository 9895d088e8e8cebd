"""Drafts stay private in the downloads too: every export of `plans` (walked from the URL
conf, so a new one is checked without being listed here) gives anonymous visitors, registered
users and partners only what the published version has; editors and the council get the
working copy."""

import datetime
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from uddannelsesby.accounts.models import Role
from uddannelsesby.plans import services as plan_services
from uddannelsesby.policies import services

from .factories import activity, plan_site, review_of

SECRET = "hemmelig"  # compared case-insensitively: anchors are slugs
PUBLIC_ROLES = ["anonymous", Role.REGISTERED, Role.PARTNER]
DRAFT_ROLES = [Role.COUNCIL, Role.EDITOR]
# A download is a route ending in a file name or a format: data.csv, rapport.pdf, .../pdf/.
DOWNLOAD = re.compile(r"(\.[a-z]+|/(pdf|json|csv|xlsx|ics)/)$")
# PDFs keep their text in compressed, glyph-encoded streams; they draw the same pages as the
# HTML reports, which tests/policies/test_drafts_private.py reads.
UNREADABLE = (".pdf", "/pdf/")


def _export_patterns() -> list[URLPattern]:
    resolver = get_resolver()
    plans = next(
        p for p in resolver.url_patterns if getattr(p, "namespace", None) == "plans"
    )  # the app's include()
    found = [p for p in plans.url_patterns if DOWNLOAD.search(str(p.pattern))]
    names = {p.name for p in found}
    assert {"activities_csv", "activities_json", "export_csv", "export_xlsx"} <= names, names
    return found


@pytest.fixture
def leak(db):
    """A closed 2025 and an adopted 2026 of a published policy, a completed review, then a
    renamed commitment and a new one that is not adopted, served by a 2026 activity."""
    site = plan_site()
    plan_services.plan_close(actor=None, plan=site.earlier)
    review = review_of(site.policy, completed_on=datetime.date(2026, 6, 1))
    first = site.commitments[0]
    services.commitment_update(actor=None, commitment=first, title="HEMMELIG nyt navn")
    new = services.commitment_create(
        actor=None, focus_area=first.focus_area, title="Hemmelig ny indsats"
    )
    activity(site.plan, title="Ny aktivitet", commitments=[new, first])
    assert SECRET in new.anchor
    kwargs = {"policy": site.policy.slug, "pk": review.pk, "commitment": first.pk}
    return site, new, first, kwargs


def _urls(kwargs: dict) -> list[str]:
    """Each download of both years (the closed and the open one), of the review too."""
    urls = []
    for pattern in _export_patterns():
        names = set(pattern.pattern.converters)
        for year in [2025, 2026] if "year" in names else [None]:
            values = {n: v for n, v in (kwargs | {"year": year}).items() if n in names}
            urls.append(reverse(f"plans:{pattern.name}", kwargs=values))
    return urls


def _text(response) -> str:
    content = b"".join(response) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):  # a workbook: its XML parts
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8-sig").casefold()


def _client(user_for_role, role) -> Client:
    client = Client()
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", PUBLIC_ROLES)
def test_the_public_downloads_only_what_is_published(leak, user_for_role, role):
    site, new, first, kwargs = leak
    client = _client(user_for_role, role)
    read = 0
    for url in _urls(kwargs):
        response = client.get(url)
        if response.status_code in (302, 403):  # the editors' exports
            continue
        assert response.status_code == 200, url
        if url.endswith(UNREADABLE):
            continue
        text = _text(response)
        assert SECRET not in text, url
        assert new.anchor not in text, url
        read += 1
    assert read >= 4  # the open data of both years at least
    # The activity that serves the new commitment is public, with the published one only.
    csv = _text(client.get(f"/handleplaner/{site.policy.slug}/2026/aktiviteter.csv"))
    assert f"ny aktivitet;;{first.anchor};" in csv


@pytest.mark.parametrize("role", DRAFT_ROLES)
def test_editors_and_the_council_download_the_working_copy(leak, user_for_role, role):
    """So the test above would see a leak; and the working copy is never cached publicly."""
    site, new, _first, kwargs = leak
    client = _client(user_for_role, role)
    for name in ("aktiviteter.csv", "aktiviteter.json"):
        response = client.get(f"/handleplaner/{site.policy.slug}/2026/{name}")
        assert new.anchor in _text(response), name
        assert "no-store" in response["Cache-Control"], name
    if role == Role.EDITOR:
        for name in ("eksport.csv", "eksport.xlsx"):
            response = client.get(f"/handleplaner/{site.policy.slug}/2026/{name}")
            assert new.anchor in _text(response), name
