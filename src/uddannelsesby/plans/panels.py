"""What the plans app adds to a policy's page (see core.extensions; registered in apps.py)."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from uddannelsesby.policies.models import Policy
from uddannelsesby.policies.selectors import once, policy_commitments

from .models import MidtermReview
from .reports import review_overview
from .selectors import commitment_rollups, public_plans


def completed_reviews(policy: Policy) -> list[MidtermReview]:
    """The policy's completed mid-term reviews, latest first (read once per page)."""
    return once(
        policy,
        "completed_reviews",
        lambda: list(
            MidtermReview.objects.filter(policy=policy, completed_on__isnull=False).order_by(
                "-completed_on", "-pk"
            )
        ),
    )


def review_verdict_panels(policy: Policy) -> dict[str, SafeString]:
    """Beside each commitment, what the latest completed mid-term review decided (as frozen
    at completion): one query."""
    reviews = completed_reviews(policy)
    if not reviews:
        return {}
    review = reviews[0]
    if review.snapshot is not None:
        return {
            summary.commitment.anchor: render_to_string(
                "plans/reports/_verdict_panel.html", {"review": review, "verdict": summary.verdict}
            )
            for _area, summaries in review_overview(review, include_drafts=False).areas
            for summary in summaries
            if summary.verdict
        }
    verdicts = review.verdicts.select_related("commitment__focus_area")
    return {
        verdict.commitment.anchor: render_to_string(
            "plans/reports/_verdict_panel.html", {"review": review, "verdict": verdict}
        )
        for verdict in verdicts
    }


def activity_panels(policy: Policy) -> dict[str, SafeString]:
    """Beside each commitment, the activities that serve it in the latest public plan; and, for
    the policy as a whole, its action plans, coverage, calendar and reviews. Four queries."""
    plans = list(public_plans(policy).order_by("-year"))
    reviews = completed_reviews(policy)
    panels = {
        "": render_to_string(
            "plans/panels/policy.html", {"policy": policy, "plans": plans, "reviews": reviews}
        )
    }
    if not plans:
        return panels
    latest = plans[0]
    rollups = commitment_rollups(latest)
    for commitment in policy_commitments(policy):
        panels[commitment.anchor] = render_to_string(
            "plans/panels/commitment.html",
            {"plan": latest, "commitment": commitment, "rollup": rollups.get(commitment.pk)},
        )
    return panels
