"""The site-wide search: what the public may see, matched and ranked, with counts per kind."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Concat

from . import engine
from .documents import KINDS, visible_condition
from .models import SearchEntry


@dataclass(frozen=True)
class KindFacet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SiteSearch:
    text: str
    results: QuerySet
    count: int
    facets: list[KindFacet] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def visible_entries() -> QuerySet:
    return SearchEntry.objects.filter(visible_condition())


def site_search(*, text: str, kinds: list[str] = ()) -> SiteSearch:
    """Three queries whatever the data (the vocabulary, the counts per kind, the page), and a
    few more for "Did you mean" when nothing is found."""
    query = engine.parse(text)
    if not query:
        return SiteSearch(text=text, results=SearchEntry.objects.none(), count=0)
    visible = visible_entries()
    matched = engine.matching(visible, query)
    counts = dict(matched.order_by().values_list("kind").annotate(n=Count("pk")))
    chosen = [k for k in kinds if k in KINDS]
    # The kinds through an expression no index has: PostgreSQL would otherwise read every
    # entry of the kinds by the (kind, object_id) index and cast each one's stems to a tsvector
    # (1 s for 40,000 entries) instead of using the GIN index on the stems (0.2 s).
    results = (
        matched.alias(kind_text=Concat("kind", Value(""))).filter(kind_text__in=chosen)
        if chosen
        else matched
    )
    facets = [
        KindFacet(name, str(kind.label), counts.get(name, 0), name in chosen)
        for name, kind in KINDS.items()
    ]
    count = sum(n for kind, n in counts.items() if not chosen or kind in chosen)
    return SiteSearch(
        text=text,
        # The stems are only read by the database: sorting every match does not carry them.
        results=engine.ordered(engine.scored(results, query)).defer("terms", "title_terms"),
        count=count,
        facets=facets,
        suggestions=engine.suggestions(query, visible) if not counts else [],
    )
