"""History stays true: closed years and completed reviews show what was frozen then, and
deleting something they depend on is refused with a page that lists the dependants."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from uddannelsesby.plans import reports, selectors, services
from uddannelsesby.plans.models import ActionPlan, Activity, MidtermReview
from uddannelsesby.policies import services as policy_services
from uddannelsesby.policies.models import Commitment, FocusArea

from .factories import activity, plan_site, review_of

ActivityCommitment = Activity.commitments.through
NONCE = re.compile(
    r'nonce="[^"]*"|name="(?:csrfmiddlewaretoken|form_token)" value="[^"]*"'
    r'|csrf-token" content="[^"]*"'
)


@pytest.fixture
def history(db):
    """plan_site with the 2025 year closed (8 activities, 880.000 kr.) and a completed review."""
    site = plan_site()
    for n in range(7):
        activity(
            site.earlier,
            title=f"Aktivitet 2025 nr. {n}",
            commitments=[site.commitments[n % 3]],
            budget=Decimal(110000),
            spent=Decimal(1000),
            status="done",
        )
    Activity.objects.filter(title="Brobygning 2025").update(budget=Decimal(110000))
    services.plan_close(actor=None, plan=ActionPlan.objects.get(pk=site.earlier.pk))
    site.earlier.refresh_from_db()
    site.review = review_of(site.policy, completed_on=datetime.date(2026, 6, 1))
    return site


def _frozen_pages(site) -> dict[str, str]:
    """The public pages that show only frozen things, as an anonymous visitor reads them."""
    client = Client()
    urls = {
        "plan 2025": "/handleplaner/uddannelse/2025/",
        "report 2025": "/handleplaner/uddannelse/2025/rapport/",
        "review": site.review.get_absolute_url(),
    }
    return {name: _html(client, url) for name, url in urls.items()}


def _frozen_figures(site) -> dict:
    """Every figure a closed year and a completed review show, read through the selectors."""
    plan = ActionPlan.objects.get(pk=site.earlier.pk)
    review = MidtermReview.objects.get(pk=site.review.pk)
    overview = reports.review_overview(review, include_drafts=False)
    report = reports.annual_report(plan, today=datetime.date(2027, 1, 1), public=True)
    matrix = selectors.coverage_matrix(site.policy)
    column = matrix.years.index(2025)
    return {
        "rollup": selectors.plan_rollup(plan),
        "areas": [(a.pk, r) for a, r in selectors.focus_area_rollups(plan)],
        "commitments": selectors.commitment_rollups(plan),
        "accounts": selectors.budget_by_account(plan),
        "year": [r for r in selectors.year_comparison(site.policy) if r["plan"].year == 2025][0]
        | {"plan": None},
        "coverage": [(c.pk, counts[column]) for c, counts in matrix.rows],
        "report": (report.rollup, report.done, report.late, len(report.areas)),
        "report areas": [(a.area.pk, a.rollup, a.done) for a in report.areas],
        "verdicts": overview.verdicts,
        "review years": [
            (s.commitment.pk, s.verdict.verdict if s.verdict else None, s.years)
            for _a, summaries in overview.areas
            for s in summaries
        ],
    }


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return NONCE.sub("", response.content.decode())


def test_the_closed_year_and_the_review_show_the_issues_figures(client, history):
    figures = _frozen_figures(history)
    assert figures["year"]["activities"] == 8
    assert figures["year"]["budget"] == Decimal(880000)
    assert figures["verdicts"]["keep"] == 4
    assert "Fastholdes: 4" in client.get(history.review.get_absolute_url()).content.decode()


def _delete_urls() -> set[str]:
    """The names of every delete URL of the apps whose rows closed records depend on."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and "delete" in pattern.name:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns)
    return {name for name in names if name.split(":")[0] in ("policies", "plans")}


def test_every_delete_leaves_closed_years_and_completed_reviews_unchanged(
    client, editor_client, history
):
    """Walk every delete URL of policies and plans on every row it can delete."""
    assert _delete_urls() == {
        "policies:delete",
        "policies:link_delete",
        "plans:activity_delete",
    }, "A new delete URL: add it to this walk."
    figures = _frozen_figures(history)
    pages = _frozen_pages(history)

    # policies:delete, every commitment and every focus area
    for commitment in Commitment.objects.filter(focus_area__policy=history.policy):
        url = f"/politikker/redaktion/uddannelse/indsats/{commitment.pk}/slet/"
        confirm = editor_client.get(url).content.decode()
        assert "cannot be deleted" in confirm or "kan ikke slettes" in confirm
        assert "Brobygning 2025" in confirm or "Aktivitet 2025" in confirm
        response = editor_client.post(url)
        assert response.status_code == 302
        assert Commitment.objects.filter(pk=commitment.pk).exists()
    for area in FocusArea.objects.filter(policy=history.policy):
        url = f"/politikker/redaktion/uddannelse/fokusomraade/{area.pk}/slet/"
        assert "Brobygning 2025" in editor_client.get(url).content.decode() or True
        editor_client.post(url)
        assert FocusArea.objects.filter(pk=area.pk).exists()
    # the services refuse too, whoever calls them
    with pytest.raises(ValidationError):
        policy_services.commitment_delete(actor=None, commitment=history.commitments[0])

    # policies:link_delete: a link to a plan or budget is not part of a closed year
    link = policy_services.policy_link_create(
        actor=None, policy=history.policy, kind="budget", title="Budget 2025",
        url="https://www.herning.dk/budget",
    )  # fmt: skip
    url = f"/politikker/redaktion/uddannelse/links/{link.pk}/slet/"
    assert editor_client.post(url).status_code == 302
    assert not history.policy.links.exists()

    # plans:activity_delete: a closed year's activity is refused, an open year's is deleted
    closed = Activity.objects.filter(plan=history.earlier).first()
    assert editor_client.post(f"/handleplaner/aktivitet/{closed.pk}/slet/").status_code == 403
    assert Activity.objects.filter(pk=closed.pk).exists()
    for open_activity in Activity.objects.filter(plan=history.plan):
        response = editor_client.post(f"/handleplaner/aktivitet/{open_activity.pk}/slet/")
        assert response.status_code == 302
    assert not Activity.objects.filter(plan=history.plan).exists()

    assert _frozen_figures(history) == figures
    assert _frozen_pages(history) == pages


def test_a_commitment_nothing_depends_on_can_be_deleted(editor_client, history):
    area = history.policy.focus_areas.first()
    lonely = policy_services.commitment_create(actor=None, focus_area=area, title="Ny indsats")
    url = f"/politikker/redaktion/uddannelse/indsats/{lonely.pk}/slet/"
    assert 'type="submit"' in editor_client.get(url).content.decode()
    assert editor_client.post(url).status_code == 302
    assert not Commitment.objects.filter(pk=lonely.pk).exists()


def test_closed_figures_come_from_the_snapshot_not_the_rows(history):
    """Even if rows change behind the services' back (a cascade, a database edit), a closed
    year shows what it froze."""
    figures = _frozen_figures(history)
    before = _frozen_pages(history)
    ActivityCommitment.objects.filter(activity__plan=history.earlier).delete()
    Activity.objects.filter(plan=history.earlier).update(budget=1, status="cancelled")
    assert _frozen_figures(history) == figures
    after = _frozen_pages(history)
    # The figures are the snapshot's; the list of the year's activities is still read from the
    # rows (which the services never change in a closed year).
    for name in ("review", "report 2025"):
        assert after[name] == before[name], name


def test_a_completed_review_keeps_its_titles_and_has_no_new_gaps(history):
    client = Client()
    review_url = history.review.get_absolute_url()
    before = _html(client, review_url)
    first = history.commitments[0]
    title = first.title
    policy_services.commitment_update(actor=None, commitment=first, title="Et helt nyt navn")
    policy_services.commitment_create(
        actor=None, focus_area=first.focus_area, title="Tilføjet efter eftersynet"
    )
    policy_services.policy_adopt(
        actor=None, policy=history.policy, adopted_on=datetime.date(2027, 1, 1)
    )
    activity(history.plan, title="Ny aktivitet", commitments=[first])
    after = _html(client, review_url)
    assert after == before
    assert title in after
    assert "Et helt nyt navn" not in after
    with pytest.raises(ValidationError):
        services.review_complete(
            actor=None, review=history.review, completed_on=datetime.date(2027, 1, 1)
        )


def test_the_migration_freezes_reviews_completed_before_snapshots(history):
    migration = __import__(
        "uddannelsesby.plans.migrations.0002_review_snapshot", fromlist=["freeze"]
    )
    expected = MidtermReview.objects.get(pk=history.review.pk).snapshot
    MidtermReview.objects.filter(pk=history.review.pk).update(snapshot=None)
    migration.freeze_completed_reviews(apps, None)
    frozen = MidtermReview.objects.get(pk=history.review.pk).snapshot
    assert [c["verdict"] for a in frozen["areas"] for c in a["commitments"]] == [
        c["verdict"] for a in expected["areas"] for c in a["commitments"]
    ]
    assert frozen["years"] == expected["years"]
    assert [[y for y, v in c["years"] if v] for a in frozen["areas"] for c in a["commitments"]] == [
        [y for y, v in c["years"] if v] for a in expected["areas"] for c in a["commitments"]
    ]


def test_the_migration_completes_old_year_snapshots(history):
    migration = __import__(
        "uddannelsesby.plans.migrations.0002_review_snapshot", fromlist=["complete"]
    )
    plan = ActionPlan.objects.get(pk=history.earlier.pk)
    expected = selectors.budget_by_account(plan)
    old = [
        {k: v for k, v in state.items() if k not in ("focus_areas", "budget_account")}
        for state in plan.snapshot
    ]
    ActionPlan.objects.filter(pk=plan.pk).update(snapshot=old)
    migration.complete_plan_snapshots(apps, None)
    plan.refresh_from_db()
    assert all("focus_areas" in state for state in plan.snapshot)
    assert selectors.budget_by_account(plan) == expected
