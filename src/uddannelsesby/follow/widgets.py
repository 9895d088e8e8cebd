"""The "follow" box and the feed links that other apps' pages show through core's template
tags ({% follow_box obj %}, {% follow_feeds obj %}); registered in apps.py."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .feeds import feed_links
from .models import Subscription
from .targets import LABEL_KIND, MeetingSeries, target_key, target_kind


def _target(obj):
    if obj == "meetings":
        return MeetingSeries()
    if getattr(obj, "_meta", None) is None or obj._meta.label_lower not in LABEL_KIND:
        return None
    return obj


def follow_box(context, obj) -> SafeString:
    """Following with an account is one click and the same click twice is one subscription
    (``services.subscription_follow``), so its form carries no one-time token: the box is then
    the same on every load, and nginx may keep the reader's page a second (core.pagecache)."""
    target = _target(obj)
    request = context.get("request")
    if target is None or request is None:
        return mark_safe("")
    subscription = None
    if request.user.is_authenticated:
        content_type, object_id = target_key(target)
        subscription = Subscription.objects.filter(
            user=request.user, content_type=content_type, object_id=object_id
        ).first()
    label = getattr(target._meta, "label_lower", "") if target._meta else ""
    # A policy only listed (adopted elsewhere) has no adopted text here to send.
    adopted = (
        label == "policies.policy"
        and target.status == target.Status.ADOPTED
        and not target.listed_only
    )
    return render_to_string(
        "follow/_box.html",
        {
            "kind": target_kind(target),
            "pk": target.pk,
            "subscription": subscription,
            "policy_slug": target.slug if adopted else "",
            # Visible too, not only as <link> in the head, which browsers no longer show.
            "feeds": _feeds(obj),
            "next": request.get_full_path(),
        },
        request=request,
    )


def _feeds(obj) -> list[tuple[str, str, str]]:
    """The RSS and Atom feeds of what a page shows, if it has any: (type, name, url)."""
    label = obj._meta.label_lower if getattr(obj, "_meta", None) is not None else ""
    if obj == "hearings":
        return feed_links("list", feed="hoeringer")
    if obj == "meetings":
        return feed_links("list", feed="borgermoeder")
    if label == "policies.policy":
        return feed_links("policy", slug=obj.slug)
    if label == "plans.actionplan":
        return feed_links("plan", slug=obj.policy.slug, year=obj.year)
    return []


def follow_feeds(context, obj) -> SafeString:
    links = _feeds(obj)
    if not links:
        return mark_safe("")
    title = _("News feed")
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{} ({})" href="{}">',
        ((kind, title, name, url) for kind, name, url in links),
    )


def follow_panels(policy) -> dict[str, SafeString]:
    """A "follow" link beside each focus area and commitment of the policy page (three queries;
    see core.extensions.register_policy_panel). The link names the part by its title in the
    public version: a rename in the working copy stays with the editors until it is adopted."""
    from uddannelsesby.policies.models import FocusArea
    from uddannelsesby.policies.selectors import policy_commitments, public_index

    published = public_index(policy) or {}

    def title(anchor: str, live: str) -> str:
        return published.get(anchor, {}).get("title", live)

    panels = {}
    for area in FocusArea.objects.filter(policy=policy):
        panels[area.slug] = _panel_link("fokusomraade", area.pk, title(area.slug, area.title))
    for commitment in policy_commitments(policy):
        anchor = commitment.anchor
        panels[anchor] = _panel_link("indsats", commitment.pk, title(anchor, commitment.title))
    return panels


def _panel_link(kind: str, pk: int, title: str) -> SafeString:
    return format_html(
        '<p class="follow-link d-print-none">'
        '<a href="{}">{}<span class="sr-only"> “{}”</span></a></p>',
        reverse("follow:follow", args=[kind, pk]),
        _("Follow"),
        title,
    )
