import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from ..markdown import linkify_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter(name="linkify")
def linkify_filter(text: str):
    """Plain text, escaped, with bare addresses as links; for text that is not Markdown (what
    citizens write, status updates). Published citizens' text is redacted already."""
    return linkify_text(text)


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str, exclude: str = "") -> str:
    """aria-current for a main-menu link whose section the current page is in.

    ``exclude`` is a subsection that has its own menu link, so only one link is current.
    """
    request = context.get("request")
    if request is None:  # the 500 page renders without a request
        return ""
    path = request.path
    if exclude and path.startswith(exclude):
        return ""
    if path == prefix:
        return mark_safe(' aria-current="page"')
    if prefix != "/" and path.startswith(prefix):
        return mark_safe(' aria-current="true"')
    return ""


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or an empty list when it is missing."""
    return (mapping or {}).get(key, [])


@register.filter
def amount(value) -> str:
    """An amount as people read it in the active language, thousands grouped:
    "125.000" and "125.000,50" in Danish, "125,000.50" in English; "–" when there is none."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, places, use_l10n=True, force_grouping=True)


@register.filter
def iso(value) -> str:
    """A machine-readable time for <time datetime>: local time, whole seconds, with offset
    (Django's |date:"c" keeps microseconds, which HTML does not allow)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.simple_tag(takes_context=True)
def follow_box(context, obj) -> str:
    """The "follow this" form for a policy, focus area, commitment, plan, hearing, meeting or
    indicator ("meetings" for the series of citizen meetings), from the follow app."""
    from uddannelsesby.core.extensions import follow_renderer

    render = follow_renderer("box")
    return render(context, obj) if render else ""


@register.simple_tag(takes_context=True)
def follow_feeds(context, obj) -> str:
    """<link rel="alternate"> to the RSS and Atom feeds of obj ("hearings", "meetings")."""
    from uddannelsesby.core.extensions import follow_renderer

    render = follow_renderer("feeds")
    return render(context, obj) if render else ""
