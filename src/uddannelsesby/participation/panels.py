"""What citizen involvement adds to a policy's page (see core.extensions; registered in apps.py):
its hearings and meetings for the policy as a whole, and beside each focus area and commitment
the number of published hearing responses about it. Three queries."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from uddannelsesby.policies.models import Policy

from .models import Hearing, Meeting, Response


def participation_panels(policy: Policy) -> dict[str, SafeString]:
    hearings = list(
        Hearing.objects.filter(version__policy=policy)
        .select_related("version")
        .annotate(
            published=Count("responses", filter=Q(responses__status=Response.Status.PUBLISHED))
        )
        .order_by("-ends_on")
    )
    meetings = list(Meeting.objects.filter(Q(policy=policy) | Q(hearing__in=hearings)))
    if not hearings and not meetings:
        return {}
    panels = {
        "": render_to_string(
            "participation/panels/policy.html",
            {"policy": policy, "hearings": hearings, "meetings": meetings},
        )
    }
    if hearings:
        latest = hearings[0]
        counts = (
            latest.responses.filter(status=Response.Status.PUBLISHED)
            .exclude(anchor="")
            .values_list("anchor")
            .annotate(n=Count("pk"))
        )
        for anchor, count in counts:
            panels[anchor] = render_to_string(
                "participation/panels/section.html",
                {"hearing": latest, "anchor": anchor, "count": count},
            )
    return panels
