"""Indicators and the official statistics they are computed from.

Raw data: every fetch from StatBank (or imported file) is a `Fetch`, kept on disk as it came.
Its cells are stored as `AreaSeries`: one row per table and dimension codes (`Series`) and
area, with the periods, values and fetches as parallel arrays. `Observation` reads them back
one cell per row (a database view). A newer release replaces a value and moves the old one to
`ObservationHistory`.

The catalogue (data/catalogue.json) is loaded into `Indicator` and `IndicatorLink`;
`IndicatorValue` holds what `indicators compute` made of the observations.
"""

import json
from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Fetch(models.Model):
    """One raw answer from StatBank, or one imported file, kept on disk under VAR_DIR."""

    class Origin(models.TextChoices):
        API = "api", _("StatBank API")
        FILE = "file", _("Imported file")
        DEMO = "demo", _("Demo data")
        LOCAL = "local", _("Own data")

    table = models.CharField(_("table"), max_length=20)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin)
    request = models.JSONField(_("request"), default=dict)
    url = models.CharField(_("address"), max_length=500, blank=True)
    fetched_at = models.DateTimeField(_("fetched"))
    path = models.CharField(_("stored file"), max_length=500)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("bytes"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    changed = models.PositiveIntegerField(_("new or changed values"), default=0)
    table_updated = models.DateTimeField(_("table updated"), null=True, blank=True)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "sha256"], name="unique_fetch_content")
        ]
        verbose_name = _("fetch")
        verbose_name_plural = _("fetches")

    def __str__(self):
        return f"{self.table} {self.fetched_at:%Y-%m-%d %H:%M}"

    @property
    def is_demo(self) -> bool:
        return self.origin == self.Origin.DEMO


class Series(models.Model):
    """A table and a combination of codes for its variables other than area and time.

    The key lists them sorted by variable: "UDDANNELSE=TOT|UDDSTAT=AFBRUDT".
    """

    table = models.CharField(_("table"), max_length=20)
    key = models.CharField(_("codes"), max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="unique_series")]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return f"{self.table} {self.key}"

    @property
    def dimensions(self) -> dict[str, str]:
        return series_dimensions(self.key)


def series_key(dimensions: dict[str, str]) -> str:
    return "|".join(f"{name}={dimensions[name]}" for name in sorted(dimensions))


def series_dimensions(key: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in key.split("|") if part)


class ArrayField(models.Field):
    """A list: a PostgreSQL array, or a JSON array in a text column on other databases."""

    postgresql_type: ClassVar[str]

    def db_type(self, connection) -> str:
        return self.postgresql_type if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value: Any, expression, connection) -> list | None:
        return json.loads(value) if isinstance(value, str) else value

    def get_db_prep_value(self, value: Any, connection, prepared: bool = False) -> Any:
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(list(value))


class CodeArrayField(ArrayField):
    """Codes compare byte-wise on PostgreSQL (see migration 0002)."""

    postgresql_type = 'text[] COLLATE "C"'


class FloatArrayField(ArrayField):
    postgresql_type = "double precision[]"


class IdArrayField(ArrayField):
    postgresql_type = "bigint[]"


class AreaSeries(models.Model):
    """The cells of one series for one area: parallel arrays of periods, values and fetches.

    One row per series and area instead of one per cell keeps a million-cell import within a
    small multiple of PostgreSQL's own COPY (see the README). Written only by the importer,
    in bulk; `periods` has each period once, sorted, `values[i]` is the value of
    `periods[i]` (None where suppressed) and `fetches[i]` the fetch it came from. The
    references to the series have no database constraint (the importer guarantees them;
    series are never deleted).
    """

    pk = models.CompositePrimaryKey("series", "area")
    series = models.ForeignKey(
        Series, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    area = models.CharField(_("area"), max_length=12)
    periods = CodeArrayField(_("periods"))
    values = FloatArrayField(_("values"))
    fetches = IdArrayField(_("fetches"))

    class Meta:
        verbose_name = _("series of an area")
        verbose_name_plural = _("series of areas")

    def __str__(self):
        return f"{self.series_id} {self.area}: {len(self.periods)} periods"


class Observation(models.Model):
    """One cell of a StatBank table. A missing (suppressed) value is NULL.

    Read-only: a database view that unnests `AreaSeries` (migration 0003), so queries can
    filter, count and aggregate cells as before.
    """

    pk = models.CompositePrimaryKey("series", "area", "period")
    series = models.ForeignKey(
        Series, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    area = models.CharField(_("area"), max_length=12)
    period = models.CharField(_("period"), max_length=12)
    value = models.FloatField(_("value"), null=True)
    fetch = models.ForeignKey(
        Fetch, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        managed = False
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self):
        return f"{self.series_id} {self.area} {self.period}: {self.value}"


class ObservationHistory(models.Model):
    """A value that a newer release replaced, with the fetch it came from and the one after."""

    series = models.ForeignKey(
        Series, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    area = models.CharField(_("area"), max_length=12)
    period = models.CharField(_("period"), max_length=12)
    value = models.FloatField(_("value"), null=True)
    fetch = models.ForeignKey(
        Fetch, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    replaced_by = models.ForeignKey(
        Fetch, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    replaced_at = models.DateTimeField(_("replaced"))

    class Meta:
        ordering = ["series", "area", "period", "-replaced_at"]
        indexes = [models.Index(fields=["series", "area", "period"], name="obs_history_cell")]
        verbose_name = _("replaced observation")
        verbose_name_plural = _("replaced observations")

    def __str__(self):
        return f"{self.series_id} {self.area} {self.period}: {self.value}"


class Indicator(models.Model):
    """An entry of the catalogue (data/catalogue.json); edit the file, not the row."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("per cent")
        PERSONS = "persons", _("persons")
        PER100 = "per100", _("per 100")

    class Better(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        NEUTRAL = "neutral", _("neither higher nor lower is better")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_da = models.TextField(_("definition (Danish)"))
    definition_en = models.TextField(_("definition (English)"))
    note_da = models.TextField(_("note (Danish)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit)
    better = models.CharField(_("direction"), max_length=10, choices=Better)
    table = models.CharField(_("source table"), max_length=20)
    formula = models.JSONField(_("formula"))
    baseline = models.CharField(_("baseline period"), max_length=12, blank=True)
    targets = models.JSONField(_("targets"), default=list, blank=True)
    headline_period = models.CharField(_("headline period"), max_length=12, blank=True)
    related = models.JSONField(_("related indicators"), default=list, blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("indicators:detail", args=[self.code])

    def _localised(self, field: str) -> str:
        language = (get_language() or "da")[:2]
        value = getattr(self, f"{field}_{language}", "") if language in ("da", "en") else ""
        return value or getattr(self, f"{field}_da")

    @property
    def name(self) -> str:
        return self._localised("name")

    @property
    def definition(self) -> str:
        return self._localised("definition")

    @property
    def note(self) -> str:
        return self._localised("note")


class IndicatorLink(models.Model):
    """An indicator measures a focus area or commitment, named by its stable anchor."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="links")
    policy_slug = models.SlugField(_("policy"), max_length=100)
    anchor = models.CharField(_("anchor"), max_length=210)

    class Meta:
        ordering = ["indicator", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "policy_slug", "anchor"], name="unique_indicator_link"
            )
        ]
        indexes = [models.Index(fields=["policy_slug"], name="indicator_link_policy")]
        verbose_name = _("indicator link")
        verbose_name_plural = _("indicator links")

    def __str__(self):
        return f"{self.indicator_id} -> {self.policy_slug}#{self.anchor}"


class IndicatorValue(models.Model):
    """An indicator computed for one area and period, with the numbers it came from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.CharField(_("area"), max_length=12)
    period = models.CharField(_("period"), max_length=12)
    value = models.FloatField(_("value"), null=True)
    numerator = models.FloatField(_("numerator"), null=True)
    denominator = models.FloatField(_("denominator"), null=True)
    rank = models.PositiveSmallIntegerField(_("rank among municipalities"), null=True)
    fetch = models.ForeignKey(
        Fetch, on_delete=models.SET_NULL, null=True, db_constraint=False, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["indicator", "area", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="unique_indicator_value"
            )
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self):
        return f"{self.indicator_id} {self.area} {self.period}: {self.value}"
