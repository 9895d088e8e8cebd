"""Reads: the programme search with counts per filter value, events, the open-data rows."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Collate
from django.utils import timezone

from uddannelsesby.search import engine
from uddannelsesby.search.models import SearchEntry

from .models import Event, Institution, Programme, StudyPage


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


IMPLIED_WORDS = ("uddannelse", "uddannelsen", "education", "programme", "program")

COLUMNS = {
    "level": "level",
    "field": "field",
    "language": "language",
    "institution": "institution_id",
}


class RankedProgrammes(engine.Paged):
    """Programmes in rank order, a page at a time, one query a slice: the ranking runs over
    the programmes' search entries alone (id, score, sort key), and only the page's
    programmes are read whole. Sorting every match with its descriptions and institution, and
    scoring each one twice through a subquery, took 70 ms for a common word."""

    def __init__(self, ranked_ids: QuerySet, results: QuerySet, count: int):
        self.ranked_ids, self.results, self.count = ranked_ids, results, count

    def _rows(self, start: int, stop: int) -> list:
        return list(self.results.filter(pk__in=self.ranked_ids[start:stop]))


@dataclass
class ProgrammeSearch:
    programmes: Sequence  # a QuerySet without a text, else RankedProgrammes
    count: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)  # "Did you mean" when nothing matched


def _facet_filter(filters: dict[str, list[str]]) -> Q:
    q = Q()
    for name, values in filters.items():
        if values:
            q &= Q(**{f"{COLUMNS[name]}__in": values})
    return q


def _facet_counts(base: QuerySet, filters: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Counts per value of every filter, in one query over the text search's matches.

    Each filter's counts apply the *other* filters, not its own, so choosing a level still
    shows how many programmes the other levels have. The matches are a CTE that the four
    GROUP BYs share, so the text search runs once (SQLite and PostgreSQL both materialise a
    CTE that is referenced more than once).
    """
    base_sql, base_params = base.order_by().values(*COLUMNS.values()).query.sql_with_params()
    parts, params = [], list(base_params)
    for name, column in COLUMNS.items():
        conditions, values = [], []
        for other, chosen in filters.items():
            if other != name and chosen:
                conditions.append(f"{COLUMNS[other]} IN ({', '.join(['%s'] * len(chosen))})")
                values.extend(chosen)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        parts.append(
            f"SELECT %s, CAST({column} AS TEXT), COUNT(*) FROM matches {where} "  # noqa: S608
            f"GROUP BY {column}"
        )
        params += [name, *values]
    # Column names are the constants above; every value is a parameter.
    sql = f"WITH matches AS ({base_sql}) " + " UNION ALL ".join(parts)  # noqa: S608
    counts: dict[str, dict[str, int]] = {name: {} for name in COLUMNS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, value, n in cursor.fetchall():
            counts[name][str(value)] = n
    return counts


def programme_search(
    *,
    text: str = "",
    level: list[str] = (),
    field: list[str] = (),
    language: list[str] = (),
    institution: list[str] = (),
    institutions: list[Institution] | None = None,
) -> ProgrammeSearch:
    """Programmes matching the text and the filters, with counts.

    The text is read by the site's search engine (``uddannelsesby.search.engine``: word forms,
    compound parts, one typo, English words), ranked as it ranks: title words first, then
    compound parts, then the rest. Four queries whatever the data: the query's words in the
    vocabulary, the counts per filter value (one GROUP BY query, see ``_facet_counts``), the
    page of results when it is evaluated, and the institutions' names unless the caller passes
    them. The number of results comes from the counts, not from a COUNT query of its own.
    """
    filters = {
        "level": list(level),
        "field": list(field),
        "language": list(language),
        "institution": [str(i) for i in institution],
    }
    # Every programme is an education: the word adds nothing to a query with other words.
    query = engine.parse(text, implied=IMPLIED_WORDS) if text else None
    base = Programme.objects.all()
    if query:
        entries = engine.matching(
            SearchEntry.objects.filter(kind="programme"), query, ["programme"]
        )
        base = base.filter(pk__in=entries.values("object_id"))
    if query:
        # The ranking runs over the matching entries of the chosen programmes; the page's
        # programmes are read with their entry's score and sort key (one entry each).
        order = ("-score", Collate(F("sort_key"), engine.binary_collation()))
        chosen = Programme.objects.filter(_facet_filter(filters)).values("pk")
        ranked_ids = (
            engine.scored(entries.filter(object_id__in=chosen), query)
            .order_by(*order, "object_id")
            .values("object_id")
        )
        entry = engine.scored(
            SearchEntry.objects.filter(kind="programme", object_id=OuterRef("pk")), query
        )
        page_rows = (
            Programme.objects.select_related("institution")
            .annotate(
                score=Subquery(entry.values("score")[:1]),
                sort_key=Subquery(entry.values("sort_key")[:1]),
            )
            .order_by(*order, "pk")
        )
    else:
        results = (
            base.filter(_facet_filter(filters))
            .select_related("institution")
            .order_by("title_da", "pk")
        )

    if institutions is None:
        institutions = list(Institution.objects.order_by("name").only("pk", "name"))
    labels: dict[str, dict[str, str]] = {
        "level": dict(Programme.Level.choices),
        "field": dict(Programme.Field.choices),
        "language": {k: str(v) for k, v in Programme._meta.get_field("language").choices},
        "institution": {str(i.pk): i.name for i in institutions},
    }
    counts = _facet_counts(base, filters)
    facets = {
        name: [
            FacetValue(value, str(label), counts[name].get(value, 0), value in filters[name])
            for value, label in labels[name].items()
        ]
        for name in COLUMNS
    }
    # Every programme has a level, so the level counts (under the other filters) add up to
    # the results once the level filter itself is applied.
    total = sum(
        n
        for value, n in counts["level"].items()
        if not filters["level"] or value in filters["level"]
    )
    suggestions = []
    if query and not total and not any(filters.values()):
        suggestions = engine.suggestions(query, SearchEntry.objects.filter(kind="programme"))
    if query:
        results = RankedProgrammes(ranked_ids, page_rows, total)
    return ProgrammeSearch(programmes=results, count=total, facets=facets, suggestions=suggestions)


def upcoming_events(
    *,
    start: datetime.date | None = None,
    audience: str = "",
    language: str = "",
    organiser: str = "",
    free: bool = False,
) -> QuerySet:
    """Events that have not ended before ``start`` (today by default), soonest first."""
    start = start or timezone.localdate()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    events = Event.objects.filter(ends_at__gte=since).select_related("institution")
    if audience:
        events = events.filter(audience=audience)
    if language:
        events = events.filter(language=language)
    if organiser:
        events = events.filter(organiser=organiser)
    if free:
        events = events.filter(price=0)
    return events.order_by("starts_at", "pk")


def published_pages(language: str) -> QuerySet:
    return StudyPage.objects.filter(is_published=True, language=language).order_by("position", "pk")


def page_blocks(page: StudyPage) -> list[Any]:
    """The page's blocks with their programmes and events: three queries however many."""
    return list(
        page.blocks.order_by("position", "pk").prefetch_related("programmes__institution", "events")
    )
