"""The indicators beside the focus areas and commitments they measure on a policy page."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .selectors import PanelItem, policy_panel_items, site_area


def render_panel(items: list[PanelItem], *, heading_level: int = 5) -> SafeString:
    return render_to_string(
        "indicators/includes/panel.html",
        {"items": items, "area": site_area(), "heading": f"h{heading_level}"},
    )


def policy_panel(policy) -> dict[str, SafeString]:
    """{anchor: html} for the policy page: two queries, however many indicators."""
    area = site_area()
    return {
        anchor: render_panel(items)
        for anchor, items in policy_panel_items(policy.slug, area).items()
    }
