"""The mid-term review (serviceeftersyn): evidence per commitment, verdicts, publication."""

import datetime
import io

import pikepdf
import pytest
from django.template.loader import render_to_string
from django.urls import resolve
from django.utils.safestring import SafeString

from uddannelsesby.core import extensions
from uddannelsesby.core.extensions import policy_panels, register_policy_panel
from uddannelsesby.plans import reports, services
from uddannelsesby.plans.models import MidtermReview, ReviewVerdict
from uddannelsesby.plans.panels import review_verdict_panels

from .factories import activity, plan_site, review_of


@pytest.fixture
def site(db):
    return plan_site()


def test_review_urls_are_not_taken_by_the_plan_year_pattern():
    assert resolve("/handleplaner/eftersyn/nr-7/").url_name == "review"
    assert resolve("/handleplaner/eftersyn/nr-7/pdf/").url_name == "review_pdf"
    assert resolve("/handleplaner/eftersyn/nr-7/indsats/3/").url_name == "review_commitment"
    assert MidtermReview(pk=7).get_absolute_url() == "/handleplaner/eftersyn/nr-7/"


def test_an_editor_creates_a_review_and_sets_verdicts(editor_client, site):
    response = editor_client.post(
        "/handleplaner/uddannelse/eftersyn/nyt/", {"title": "Serviceeftersyn 2028", "summary": ""}
    )
    review = MidtermReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    commitment = site.commitments[1]
    url = f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{commitment.pk}/"
    page = editor_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Praktikpladsmesse" in html
    assert "Mentorordning for unge" in html
    assert "Tyve mentorer er fundet." in html  # the latest updates are evidence
    assert 'name="verdict"' in html
    response = editor_client.post(url, {"verdict": "adjust", "reason": "Messen er forsinket."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#c-{commitment.pk}")
    verdict = ReviewVerdict.objects.get()
    assert (verdict.commitment, verdict.verdict) == (commitment, "adjust")


def test_a_verdict_without_reason_is_a_400_with_errors(editor_client, site):
    review = services.review_create(actor=None, policy=site.policy, title="Eftersyn")
    url = f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{site.commitments[0].pk}/"
    response = editor_client.post(url, {"verdict": "keep", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert not ReviewVerdict.objects.exists()


def test_a_commitment_of_another_policy_is_not_found(editor_client, site):
    other = plan_site(slug="anden")
    review = services.review_create(actor=None, policy=site.policy, title="Eftersyn")
    url = f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{other.commitments[0].pk}/"
    assert editor_client.get(url).status_code == 404


def test_the_evidence_spans_every_plan_year(site):
    review = services.review_create(actor=None, policy=site.policy, title="Eftersyn")
    evidence = reports.commitment_evidence(review, site.commitments[0], include_drafts=False)
    assert [plan.year for plan, _rollup in evidence.years] == [2025, 2026]
    assert [a.title for a in evidence.activities] == ["Mentorordning for unge", "Brobygning 2025"]
    assert evidence.activities[0].latest_updates[0].text == "Tyve mentorer er fundet."
    with_drafts = reports.commitment_evidence(review, site.commitments[0], include_drafts=True)
    assert "Kladdeaktivitet" in [a.title for a in with_drafts.activities]


@pytest.fixture
def registered():
    """Register panel providers for one test only."""
    added = []

    def register(provider):
        if provider not in extensions._providers:
            register_policy_panel(provider)
            added.append(provider)

    yield register
    for provider in added:
        extensions._providers.remove(provider)


def test_the_evidence_includes_other_apps_panels(site, registered):
    def indicator_panel(policy):
        return {site.commitments[0].anchor: SafeString("<p>Indikator: 87 %</p>")}

    registered(indicator_panel)
    review = services.review_create(actor=None, policy=site.policy, title="Eftersyn")
    evidence = reports.commitment_evidence(review, site.commitments[0], include_drafts=False)
    assert "<p>Indikator: 87 %</p>" in evidence.panels


def test_the_overview_has_progress_per_year_and_verdicts(site):
    review = review_of(site.policy, verdicts="keep")
    services.review_set_verdict(
        actor=None, review=review, commitment=site.uncovered, verdict="drop", reason="Ingen."
    )
    overview = reports.review_overview(review, include_drafts=False)
    assert overview.years == [2025, 2026]
    assert overview.verdicts == {"keep": 3, "adjust": 0, "drop": 1}
    first = overview.areas[0][1][0]
    assert [(year, r.activities if r else 0) for year, r in first.years] == [(2025, 1), (2026, 1)]
    assert overview.missing == 0


def test_completing_needs_a_verdict_on_every_commitment(editor_client, site):
    review = services.review_create(actor=None, policy=site.policy, title="Eftersyn")
    url = f"/handleplaner/eftersyn/nr-{review.pk}/afslut/"
    day = datetime.date.today() - datetime.timedelta(days=1)  # not in the future
    response = editor_client.post(url, {"completed_on": day.isoformat()})
    assert response.status_code == 400
    assert site.commitments[0].title in response.content.decode()
    for commitment in site.commitments:
        services.review_set_verdict(
            actor=None, review=review, commitment=commitment, verdict="keep", reason="God."
        )
    response = editor_client.post(url, {"completed_on": day.isoformat()})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.completed_on == day


def test_a_review_in_progress_is_internal(client, site):
    review = review_of(site.policy)
    assert client.get(review.get_absolute_url()).status_code == 404
    assert client.get(f"/handleplaner/eftersyn/nr-{review.pk}/pdf/").status_code == 404
    listing = client.get("/handleplaner/uddannelse/eftersyn/").content.decode()
    assert review.title not in listing


def test_a_completed_review_is_public_with_a_pdf(client, site):
    review = review_of(site.policy, verdicts="adjust", completed_on=datetime.date(2028, 3, 1))
    page = client.get(review.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Begrundelse for" in html
    assert 'name="verdict"' not in html
    evidence = client.get(
        f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{site.commitments[0].pk}/"
    )
    assert evidence.status_code == 200
    assert 'name="verdict"' not in evidence.content.decode()
    listing = client.get("/handleplaner/uddannelse/eftersyn/").content.decode()
    assert review.title in listing
    response = client.get(f"/handleplaner/eftersyn/nr-{review.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    pdf = pikepdf.open(io.BytesIO(response.content))
    assert "/StructTreeRoot" in pdf.Root
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"


def test_a_completed_review_can_no_longer_change(editor_client, site):
    review = review_of(site.policy, completed_on=datetime.date(2028, 3, 1))
    url = f"/handleplaner/eftersyn/nr-{review.pk}/indsats/{site.commitments[0].pk}/"
    response = editor_client.post(url, {"verdict": "drop", "reason": "Nej."})
    assert response.status_code == 400
    assert ReviewVerdict.objects.get(commitment=site.commitments[0]).verdict == "keep"


def test_the_policy_page_panel_shows_the_latest_completed_verdicts(site):
    assert review_verdict_panels(site.policy) == {}
    review_of(site.policy, verdicts="keep")  # in progress: not shown
    assert review_verdict_panels(site.policy) == {}
    done = review_of(site.policy, verdicts="drop", completed_on=datetime.date(2028, 3, 1))
    panels = review_verdict_panels(site.policy)
    assert set(panels) == {c.anchor for c in site.commitments}
    first = panels[site.commitments[0].anchor]
    assert f'href="/handleplaner/eftersyn/nr-{done.pk}/#c-{site.commitments[0].pk}"' in first


def test_the_panel_costs_one_query(site, django_assert_num_queries):
    """The latest completed review, read from its snapshot."""
    review_of(site.policy, completed_on=datetime.date(2028, 3, 1))
    for n in range(5):
        activity(site.plan, title=f"Ekstra {n}")
    with django_assert_num_queries(1):
        review_verdict_panels(site.policy)


def test_reviews_by_policy_for_the_plan_list(site):
    review_of(site.policy)
    done = review_of(site.policy, completed_on=datetime.date(2028, 3, 1))
    assert reports.reviews_by_policy(include_in_progress=False) == {site.policy.pk: [done]}
    assert len(reports.reviews_by_policy(include_in_progress=True)[site.policy.pk]) == 2


def test_the_policy_page_shows_the_verdicts_once_registered(client, site, registered):
    registered(review_verdict_panels)
    review = review_of(site.policy, completed_on=datetime.date(2028, 3, 1))
    assert site.commitments[0].anchor in policy_panels(site.policy)
    html = client.get(site.policy.get_absolute_url()).content.decode()
    assert f'href="/handleplaner/eftersyn/nr-{review.pk}/#c-{site.commitments[0].pk}"' in html


def test_the_include_for_the_plan_list(site):
    done = review_of(site.policy, completed_on=datetime.date(2028, 3, 1))
    reviews = reports.reviews_by_policy(include_in_progress=False)
    html = render_to_string(
        "plans/reports/_reviews_for_policy.html",
        {"policy": site.policy, "reviews": reviews.get(site.policy.pk, [])},
    )
    assert f'href="{done.get_absolute_url()}"' in html
    assert 'href="/handleplaner/uddannelse/eftersyn/"' in html
    assert 'href="/handleplaner/uddannelse/kalender/"' in html
