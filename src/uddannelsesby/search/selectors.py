"""The site-wide search: what the public may see, matched and ranked, with counts per kind."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from . import engine
from .documents import KINDS, visible_condition
from .models import SearchEntry

PAGE_SIZE = 20


@dataclass(frozen=True)
class KindFacet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SiteSearch:
    text: str
    results: Sequence  # engine.Ranked, or an empty QuerySet
    count: int
    facets: list[KindFacet] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def visible_entries() -> QuerySet:
    return SearchEntry.objects.filter(visible_condition())


def site_search(*, text: str, kinds: list[str] = (), page: object = 1) -> SiteSearch:
    """Three queries whatever the data: the vocabulary, the counts per kind together with the
    ids of the page asked for (one pass over the matches, ``engine.counts_and_page``), and the
    page's rows when ``results`` is sliced; a few more for "Did you mean" when nothing is
    found. A slice other than that page (a page number out of range) is ranked on its own,
    still one query."""
    query = engine.parse(text)
    if not query:
        return SiteSearch(text=text, results=SearchEntry.objects.none(), count=0)
    visible = visible_entries()
    matched = engine.matching(visible, query)
    chosen = [k for k in kinds if k in KINDS]
    start = (_page_number(page) - 1) * PAGE_SIZE
    counts, ids = engine.counts_and_page(matched, query, chosen, start, start + PAGE_SIZE)
    facets = [
        KindFacet(name, str(kind.label), counts.get(name, 0), name in chosen)
        for name, kind in KINDS.items()
    ]
    count = sum(n for kind, n in counts.items() if not chosen or kind in chosen)
    results = engine.matching(visible, query, chosen) if chosen else matched
    return SiteSearch(
        text=text,
        results=engine.Ranked(results, query, count, start=start, ids=ids),
        count=count,
        facets=facets,
        suggestions=engine.suggestions(query, visible) if not counts else [],
    )


def _page_number(page: object) -> int:
    try:
        return max(int(page), 1)
    except (TypeError, ValueError):
        return 1
