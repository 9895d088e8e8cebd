"""Template tags for other pages (plan reports) that show the indicators of a commitment.

{% load indicators %}
{% indicators_for policy.slug "focus-area--commitment" %}
"""

from django import template
from django.utils.safestring import SafeString

from ..formatting import format_change, format_value
from ..panels import render_panel
from ..selectors import policy_panel_items, site_area

register = template.Library()


@register.simple_tag
def indicators_for(policy_slug: str, anchor: str, heading_level: int = 5) -> SafeString | str:
    items = policy_panel_items(policy_slug, site_area()).get(anchor, [])
    return render_panel(items, heading_level=heading_level) if items else ""


@register.filter
def indicator_value(value, indicator) -> str:
    """An IndicatorValue (or None) as text in the indicator's unit."""
    number = getattr(value, "value", None)
    if indicator.formula.get("kind") == "change":
        return format_change(number, indicator.unit)
    return format_value(number, indicator.unit)
