"""RSS and Atom feeds of the same events that followers are told about."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from uddannelsesby.plans.models import ActionPlan
from uddannelsesby.policies.models import Commitment, FocusArea, Policy

from .models import Event, EventTarget
from .texts import event_details, event_headline

FORMATS = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
SIZE = 50


@dataclass
class Scope:
    title: str
    link: str
    events: QuerySet[Event]


def _about(*pairs: tuple[type, list[int] | None]) -> QuerySet[Event]:
    """Events about any of the given objects (None: any object of that model)."""
    condition = Q(pk__in=[])
    for model, pks in pairs:
        ct = ContentType.objects.get_for_model(model)
        part = Q(content_type=ct) if pks is None else Q(content_type=ct, object_id__in=pks)
        condition |= part
    return Event.objects.filter(
        pk__in=EventTarget.objects.filter(condition).values("event_id")
    ).order_by("-created_at", "-pk")


class EventFeed(Feed):
    def __init__(self, scope: Scope, feed_type):
        super().__init__()
        self.scope = scope
        self.feed_type = feed_type

    def title(self):
        return self.scope.title

    def link(self):
        return self.scope.link

    def description(self):
        return _("What happened: %(title)s") % {"title": self.scope.title}

    def items(self):
        return self.scope.events[:SIZE]

    def item_title(self, item: Event) -> str:
        return event_headline(item.kind, item.title, item.payload)

    def item_description(self, item: Event) -> str:
        return "\n".join(event_details(item.kind, item.payload))

    def item_link(self, item: Event) -> str:
        return item.url

    def item_guid(self, item: Event) -> str:
        return f"{item.url}#event-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event):
        return item.created_at


def _feed(request: HttpRequest, scope: Scope, format: str) -> HttpResponse:
    if format not in FORMATS:
        raise Http404
    return EventFeed(scope, FORMATS[format])(request)


def list_feed(request: HttpRequest, feed: str, format: str) -> HttpResponse:
    from uddannelsesby.participation.models import Hearing, Meeting

    if feed == "hoeringer":
        scope = Scope(_("Hearings"), reverse("participation:index"), _about((Hearing, None)))
    elif feed == "borgermoeder":
        scope = Scope(
            _("Citizen meetings"), reverse("participation:meetings"), _about((Meeting, [0]))
        )
    else:
        raise Http404
    return _feed(request, scope, format)


def _public_policy(request: HttpRequest, slug: str) -> Policy:
    policy = get_object_or_404(Policy, slug=slug)
    if not request.user.has_perm("policies.view_policy", policy):
        raise Http404
    return policy


def policy_feed(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    policy = _public_policy(request, slug)
    areas = list(FocusArea.objects.filter(policy=policy).values_list("pk", flat=True))
    commitments = list(
        Commitment.objects.filter(focus_area__policy=policy).values_list("pk", flat=True)
    )
    plans = list(ActionPlan.objects.filter(policy=policy).values_list("pk", flat=True))
    events = _about(
        (Policy, [policy.pk]), (FocusArea, areas), (Commitment, commitments), (ActionPlan, plans)
    )
    return _feed(request, Scope(policy.title, policy.get_absolute_url(), events), format)


def plan_feed(request: HttpRequest, slug: str, year: int, format: str) -> HttpResponse:
    policy = _public_policy(request, slug)
    plan = get_object_or_404(ActionPlan, policy=policy, year=year)
    if not plan.is_public and not request.user.has_perm("policies.view_drafts"):
        raise Http404
    title = f"{policy.title}: {plan}"
    return _feed(
        request, Scope(title, plan.get_absolute_url(), _about((ActionPlan, [plan.pk]))), format
    )


def feed_links(kind: str, **kwargs) -> list[tuple[str, str, str]]:
    """(type, title, url) of the RSS and Atom feeds."""
    name = {"list": "follow:list_feed", "policy": "follow:policy_feed", "plan": "follow:plan_feed"}[
        kind
    ]
    return [
        ("application/rss+xml", "RSS", reverse(name, kwargs=kwargs | {"format": "rss"})),
        ("application/atom+xml", "Atom", reverse(name, kwargs=kwargs | {"format": "atom"})),
    ]
