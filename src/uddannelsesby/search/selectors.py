"""The site-wide search: what the public may see, matched and ranked, with counts per kind."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

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
    """The entries the public may see today. Who may see what changes with the data and the
    date alone (``documents.KINDS``), so the condition's SQL (nine subqueries) is compiled once
    a day: building it per search took 3-6 ms, a tenth of a search."""
    sql, params = _visible_sql(connection.vendor, timezone.localdate())
    # The SQL is Django's own, compiled from the ORM condition; every value is a parameter.
    return SearchEntry.objects.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611


@lru_cache(maxsize=4)
def _visible_sql(vendor: str, today: datetime.date) -> tuple[str, tuple]:
    query = SearchEntry.objects.filter(visible_condition()).query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return sql, tuple(params)


def site_search(*, text: str, kinds: list[str] = (), page: object = 1) -> SiteSearch:
    """Three queries whatever the data: the vocabulary, the counts per kind together with the
    ids of the page asked for (one pass over the matches, ``engine.counts_and_page``), and the
    page's rows when ``results`` is sliced; a few more for "Did you mean" when nothing is
    found, and one more for a page number past the end (the last page's ids, which the
    paginator shows instead). Any other slice is ranked on its own (``engine.Ranked``)."""
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
    if start >= count > 0:  # past the end: the paginator shows the last page instead
        start = (count - 1) // PAGE_SIZE * PAGE_SIZE
        _counts, ids = engine.counts_and_page(matched, query, chosen, start, start + PAGE_SIZE)
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
