"""Reads: the overview, an indicator's page, the policy panels, the API and CSV."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet

from uddannelsesby.core.site import site_settings
from uddannelsesby.policies.models import Commitment, FocusArea, Policy

from .areas import COUNTRY, Area, all_areas, get_area, municipalities
from .models import (
    Fetch,
    Indicator,
    IndicatorLink,
    IndicatorValue,
    Observation,
    Series,
    series_dimensions,
)

CELL_LIMIT = 1000


def site_area() -> Area:
    """The municipality this installation serves (its code in the site settings), with the
    neighbours and region it is compared with from the shipped list; the country if none."""
    return get_area(site_settings().code or COUNTRY) or all_areas()[COUNTRY]


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("position", "code")


def headline_period(indicator: Indicator, values: dict[str, IndicatorValue]) -> str | None:
    """The period an indicator is told by: its headline period, else the latest with a value."""
    if indicator.headline_period and indicator.headline_period in values:
        return indicator.headline_period
    with_value = [period for period, v in values.items() if v.value is not None]
    return max(with_value) if with_value else (max(values) if values else None)


@dataclass
class OverviewRow:
    indicator: Indicator
    period: str | None
    value: IndicatorValue | None
    national: IndicatorValue | None
    is_demo: bool


def indicator_overview(area: Area) -> list[OverviewRow]:
    """Every indicator with its headline value for the area and the country: two queries."""
    indicators = list(indicator_list())
    by_indicator: dict[int, dict[str, dict[str, IndicatorValue]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for value in IndicatorValue.objects.filter(area__in={area.code, COUNTRY}):
        by_indicator[value.indicator_id][value.area][value.period] = value
    rows = []
    for indicator in indicators:
        values = by_indicator[indicator.pk]
        period = headline_period(indicator, values[area.code] or values[COUNTRY])
        own = values[area.code].get(period) if period else None
        national = values[COUNTRY].get(period) if period else None
        demo = any(v.is_demo for v in (own, national) if v)
        rows.append(OverviewRow(indicator, period, own, national, demo))
    return rows


@dataclass
class Target:
    period: str
    value: float
    label: str


@dataclass
class Comparison:
    area: Area
    value: IndicatorValue | None
    is_selected: bool = False


@dataclass
class CommitmentRef:
    title: str
    url: str
    policy_title: str


@dataclass
class IndicatorPage:
    indicator: Indicator
    area: Area
    region: Area | None
    country: Area
    periods: list[str]
    series: dict[str, dict[str, IndicatorValue]]
    period: str | None
    value: IndicatorValue | None
    national: IndicatorValue | None
    base_period: str
    comparison: list[Comparison]
    ranked: int
    targets: list[Target]
    baseline: IndicatorValue | None
    fetch: Fetch | None
    is_demo: bool
    measures: list[CommitmentRef] = field(default_factory=list)
    related: list[Indicator] = field(default_factory=list)

    def row(self, period: str) -> list[IndicatorValue | None]:
        codes = [self.area.code] + ([self.region.code] if self.region else [])
        if self.area.code != COUNTRY:
            codes.append(COUNTRY)
        return [self.series.get(code, {}).get(period) for code in codes]

    @property
    def columns(self) -> list[Area]:
        areas = [self.area] + ([self.region] if self.region else [])
        return areas + ([self.country] if self.area.code != COUNTRY else [])

    @property
    def table_rows(self) -> list[tuple[str, list[IndicatorValue | None]]]:
        return [(period, self.row(period)) for period in self.periods]


def _targets(indicator: Indicator, baseline: IndicatorValue | None, language: str) -> list[Target]:
    targets = []
    for target in indicator.targets:
        label = target["label"].get(language) or target["label"]["da"]
        if "value" in target:
            targets.append(Target(str(target["period"]), float(target["value"]), label))
        elif baseline and baseline.value is not None:
            value = baseline.value * float(target["factor_of_baseline"])
            targets.append(Target(str(target["period"]), value, label))
    return targets


def _measures(indicator: Indicator) -> list[CommitmentRef]:
    """The focus areas and commitments the indicator measures, where they exist: 3 queries."""
    links = list(indicator.links.all())
    slugs = {link.policy_slug for link in links}
    policies = {p.slug: p for p in Policy.objects.filter(slug__in=slugs)}
    areas = {
        (a.policy.slug, a.slug): a
        for a in FocusArea.objects.filter(policy__slug__in=slugs).select_related("policy")
    }
    commitments = {
        (c.focus_area.policy.slug, f"{c.focus_area.slug}--{c.slug}"): c
        for c in Commitment.objects.filter(focus_area__policy__slug__in=slugs).select_related(
            "focus_area__policy"
        )
    }
    refs = []
    for link in links:
        policy = policies.get(link.policy_slug)
        part = commitments.get((link.policy_slug, link.anchor)) or areas.get(
            (link.policy_slug, link.anchor)
        )
        if policy and part:
            url = f"{policy.get_absolute_url()}#{link.anchor}"
            refs.append(CommitmentRef(part.title, url, policy.title))
    return refs


def indicator_page(indicator: Indicator, area: Area, language: str = "da") -> IndicatorPage:
    region = all_areas().get(area.region) if area.region else None
    country = all_areas()[COUNTRY]
    neighbours = [all_areas()[code] for code in area.neighbours]
    codes = {area.code, COUNTRY, *(a.code for a in neighbours)} | (
        {region.code} if region else set()
    )
    series: dict[str, dict[str, IndicatorValue]] = defaultdict(dict)
    for value in IndicatorValue.objects.filter(indicator=indicator, area__in=codes):
        series[value.area][value.period] = value
    own = series[area.code]
    period = headline_period(indicator, own or series[COUNTRY])
    periods = sorted(set(own) | set(series[COUNTRY]))
    comparison = [Comparison(area, own.get(period) if period else None, is_selected=True)]
    comparison += [
        Comparison(n, series[n.code].get(period) if period else None) for n in neighbours
    ]
    if region:
        comparison.append(Comparison(region, series[region.code].get(period) if period else None))
    if area.code != COUNTRY:
        comparison.append(Comparison(country, series[COUNTRY].get(period) if period else None))
    baseline = own.get(indicator.baseline) if indicator.baseline else None
    shown = [v for values in series.values() for v in values.values()]
    fetch_ids = {v.fetch_id for v in shown if v.fetch_id}
    fetch = Fetch.objects.filter(pk__in=fetch_ids).order_by("-fetched_at", "-pk").first()
    ranked = (
        IndicatorValue.objects.filter(
            indicator=indicator, period=period, rank__isnull=False
        ).count()
        if period
        else 0
    )
    related = list(Indicator.objects.filter(code__in=indicator.related))
    return IndicatorPage(
        indicator=indicator,
        area=area,
        region=region,
        country=country,
        periods=periods,
        series=dict(series),
        period=period,
        value=own.get(period) if period else None,
        national=series[COUNTRY].get(period) if period else None,
        base_period=min(own) if own else "",
        comparison=comparison,
        ranked=ranked,
        targets=_targets(indicator, baseline, language),
        baseline=baseline,
        fetch=fetch,
        is_demo=any(v.is_demo for v in shown),
        measures=_measures(indicator),
        related=related,
    )


@dataclass
class PanelItem:
    indicator: Indicator
    period: str | None
    value: IndicatorValue | None
    national: IndicatorValue | None


def policy_panel_items(policy_slug: str, area: Area) -> dict[str, list[PanelItem]]:
    """Indicators per anchor of a policy, with headline values: two queries in all."""
    links = list(
        IndicatorLink.objects.filter(policy_slug=policy_slug)
        .select_related("indicator")
        .order_by("indicator__position", "pk")
    )
    if not links:
        return {}
    ids = {link.indicator_id for link in links}
    values: dict[int, dict[str, dict[str, IndicatorValue]]] = defaultdict(lambda: defaultdict(dict))
    for value in IndicatorValue.objects.filter(indicator_id__in=ids, area__in={area.code, COUNTRY}):
        values[value.indicator_id][value.area][value.period] = value
    panels: dict[str, list[PanelItem]] = defaultdict(list)
    for link in links:
        own = values[link.indicator_id]
        period = headline_period(link.indicator, own[area.code] or own[COUNTRY])
        panels[link.anchor].append(
            PanelItem(
                link.indicator,
                period,
                own[area.code].get(period) if period else None,
                own[COUNTRY].get(period) if period else None,
            )
        )
    return dict(panels)


def indicator_values(
    indicator: Indicator, *, area: str | None = None, period: str | None = None
) -> QuerySet[IndicatorValue]:
    values = IndicatorValue.objects.filter(indicator=indicator).order_by("area", "period")
    if area:
        values = values.filter(area=area)
    if period:
        values = values.filter(period=period)
    return values


def all_values() -> Iterator[tuple[Indicator, IndicatorValue]]:
    indicators = {i.pk: i for i in indicator_list()}
    values = IndicatorValue.objects.order_by("indicator__position", "area", "period")
    for value in values.iterator(chunk_size=5000):
        yield indicators[value.indicator_id], value


def known_tables() -> list[str]:
    return sorted(set(Series.objects.values_list("table", flat=True)))


@dataclass
class ObservationPage:
    count: int
    rows: list[tuple[str, dict[str, str], str, str, float | None, int]]


def observations(
    *, table: str, area: str | None, period: str | None, limit: int, offset: int
) -> ObservationPage:
    """One page of a table's cells: (table, codes, area, period, value, fetch id)."""
    series = dict(Series.objects.filter(table=table).values_list("pk", "key"))
    cells = Observation.objects.filter(series_id__in=list(series))
    if area:
        cells = cells.filter(area=area)
    if period:
        cells = cells.filter(period=period)
    total = cells.count()
    page = cells.order_by("series_id", "area", "period").values_list(
        "series_id", "area", "period", "value", "fetch_id"
    )[offset : offset + limit]
    rows = [(table, series_dimensions(series[s]), a, p, v, f) for s, a, p, v, f in page]
    return ObservationPage(total, rows)


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Areas for a <select>, grouped: the country, the regions, the municipalities."""
    areas: Iterable[Area] = all_areas().values()
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for area in areas:
        grouped[area.kind].append((area.code, area.name))
    return [
        (str(kind), sorted(grouped[kind], key=lambda item: item[1]))
        for kind in ("country", "region", "municipality")
    ]


def municipality_count() -> int:
    return len(municipalities())
