"""What the plans app adds beside a policy's commitments (see core.extensions).

Register in PlansConfig.ready():

    from uddannelsesby.core.extensions import register_policy_panel
    from .panels import review_verdict_panels
    register_policy_panel(review_verdict_panels)
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from uddannelsesby.policies.models import Policy

from .models import MidtermReview


def review_verdict_panels(policy: Policy) -> dict[str, SafeString]:
    """Beside each commitment, what the latest completed mid-term review decided: two queries."""
    review = (
        MidtermReview.objects.filter(policy=policy, completed_on__isnull=False)
        .order_by("-completed_on", "-pk")
        .first()
    )
    if review is None:
        return {}
    verdicts = review.verdicts.select_related("commitment__focus_area")
    return {
        verdict.commitment.anchor: render_to_string(
            "plans/reports/_verdict_panel.html", {"review": review, "verdict": verdict}
        )
        for verdict in verdicts
    }
