"""History stays true for the activities themselves: a closed year's activity table (on the
plan page and on a review's evidence page) and its exports are read from the snapshot taken
when the year was closed, so changing the live rows behind it changes nothing that is shown."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from uddannelsesby.plans import services
from uddannelsesby.plans.models import ActionPlan, Activity

from .factories import activity, organisation, plan_site, review_of

ActivityCommitment = Activity.commitments.through
NONCE = re.compile(
    r'nonce="[^"]*"|name="(?:csrfmiddlewaretoken|form_token)" value="[^"]*"'
    r'|csrf-token" content="[^"]*"'
)
EVIDENCE = re.compile(r'<section aria-labelledby="activities-heading">.*?</section>', re.S)


@pytest.fixture
def closed(db, editor):
    """plan_site with 2025 closed (two activities, one serving two commitments), a completed
    review and one in progress, whose evidence pages list the 2025 activities."""
    site = plan_site()
    activity(
        site.earlier,
        title="Uddannelsesvejledning 2025",
        commitments=site.commitments[:2],
        responsible=site.organisations[0],
        budget=Decimal("12500.50"),
        spent=Decimal(4000),
        budget_account="3.22.05",
        starts_on=datetime.date(2025, 2, 1),
        ends_on=datetime.date(2025, 11, 30),
        status="on_track",
        progress=60,
        weight=2,
    )
    services.plan_close(actor=None, plan=ActionPlan.objects.get(pk=site.earlier.pk))
    site.frozen_pks = list(site.earlier.activities.values_list("pk", flat=True))
    site.reviews = [
        review_of(site.policy, completed_on=datetime.date(2026, 6, 1)),
        review_of(site.policy),  # in progress, for the editors
    ]
    return site


def _read(site, editor) -> dict:
    """What the public and an editor read of the closed year's activities."""
    anonymous, editing = Client(), Client()
    editing.force_login(editor)
    plan_url = "/handleplaner/uddannelse/2025/"
    partial = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "activity-results"}
    seen = {}
    for who, client in (("public", anonymous), ("editor", editing)):
        seen[f"{who} page"] = NONCE.sub("", client.get(plan_url).content.decode())
        for pk in site.frozen_pks:
            html = client.get(f"/handleplaner/aktivitet/{pk}/").content.decode()
            seen[f"{who} activity {pk}"] = NONCE.sub("", html)
        for query in ("", "?status=done", "?status=on_track", "?status=cancelled"):
            html = client.get(plan_url + query, **partial).content.decode()
            seen[f"{who} table {query}"] = NONCE.sub("", html)
        for partner in site.organisations:
            html = client.get(f"{plan_url}?partner={partner.pk}", **partial).content.decode()
            seen[f"{who} partner {partner.name}"] = NONCE.sub("", html)
        for area in site.policy.focus_areas.all():
            html = client.get(f"{plan_url}?focus_area={area.pk}", **partial).content.decode()
            seen[f"{who} area {area.pk}"] = NONCE.sub("", html)
        reviews = site.reviews if who == "editor" else site.reviews[:1]
        for review in reviews:
            for commitment in site.commitments:
                url = reverse("plans:review_commitment", args=[review.pk, commitment.pk])
                response = client.get(url)
                assert response.status_code == 200, url
                seen[f"{who} evidence {review.pk} {commitment.pk}"] = EVIDENCE.findall(
                    NONCE.sub("", response.content.decode())
                )
        for name in ("aktiviteter.csv", "aktiviteter.json"):
            seen[f"{who} {name}"] = client.get(plan_url + name).content
    seen["export csv"] = editing.get(plan_url + "eksport.csv").content
    workbook = openpyxl.load_workbook(io.BytesIO(editing.get(plan_url + "eksport.xlsx").content))
    seen["export xlsx"] = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    return seen


def test_changing_live_rows_does_not_change_a_closed_year(closed, editor):
    site = closed
    before = _read(site, editor)
    assert "Uddannelsesvejledning 2025" in before["public table "]
    assert "Brobygning 2025" in before["public partner Erhvervsskolen Herning"]
    assert "Brobygning 2025" not in before["public table ?status=on_track"]
    assert "Uddannelsesvejledning 2025" in "".join(
        before[f"public evidence {site.reviews[0].pk} {site.commitments[1].pk}"]
    )
    live = Activity.objects.filter(plan=site.earlier)
    live.update(
        title="Ændret bagefter",
        status=Activity.Status.CANCELLED,
        progress=3,
        weight=9,
        budget=Decimal(1),
        spent=Decimal(2),
        budget_account="9.99.99",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 1, 2),
        responsible=organisation("Ny ansvarlig bagefter"),
    )
    ActivityCommitment.objects.filter(activity__plan=site.earlier).delete()
    for row in live:
        row.commitments.add(site.commitments[-1])
    activity_after = Activity.objects.create(
        plan=site.earlier, title="Sneget ind bagefter", responsible=site.organisations[1]
    )
    activity_after.commitments.add(site.commitments[0])
    after = _read(site, editor)
    changed = [key for key, value in before.items() if after[key] != value]
    assert not changed, "\n".join(changed)
