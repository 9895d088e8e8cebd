"""Cells as arrays: one `AreaSeries` row per series and area instead of one row per cell.

The existing cells are moved into the arrays, the one-row-per-cell table is dropped, and a view
of the same name (`indicators_observation`) unnests the arrays again for reading. On SQLite the
arrays are JSON arrays in text columns. Reversible: going back rebuilds the table from the view.
"""

import django.db.models.deletion
from django.db import migrations, models

import uddannelsesby.indicators.models

CELLS = "indicators_areaseries"
OBSERVATION = "indicators_observation"

UNNESTED = {
    "postgresql": (
        "SELECT c.series_id, c.area, u.period, u.value, u.fetch_id "
        f"FROM {CELLS} c "
        'CROSS JOIN LATERAL unnest(c.periods, c."values", c.fetches) AS u(period, value, fetch_id)'
    ),
    "sqlite": (
        "SELECT c.series_id AS series_id, c.area AS area, p.value AS period, "
        'c."values" ->> p.key AS value, c.fetches ->> p.key AS fetch_id '
        f"FROM {CELLS} c, json_each(c.periods) p"
    ),
}

TO_ARRAYS = {
    "postgresql": (
        f'INSERT INTO {CELLS} (series_id, area, periods, "values", fetches) '
        "SELECT series_id, area, array_agg(period ORDER BY period), "
        "array_agg(value ORDER BY period), array_agg(fetch_id ORDER BY period) "
        f"FROM {OBSERVATION} GROUP BY series_id, area"
    ),
    "sqlite": (
        f'INSERT INTO {CELLS} (series_id, area, periods, "values", fetches) '
        "SELECT series_id, area, json_group_array(period), json_group_array(value), "
        "json_group_array(fetch_id) "
        f"FROM (SELECT * FROM {OBSERVATION} ORDER BY series_id, area, period) "
        "GROUP BY series_id, area"
    ),
}


def _vendor(schema_editor) -> str:
    vendor = schema_editor.connection.vendor
    if vendor not in UNNESTED:
        raise NotImplementedError(
            f"Observations as arrays need PostgreSQL or SQLite, not {vendor}."
        )
    return vendor


def to_arrays(apps, schema_editor):
    vendor = _vendor(schema_editor)
    if vendor == "postgresql":
        schema_editor.execute(f'ALTER TABLE {CELLS} ALTER COLUMN area TYPE varchar(12) COLLATE "C"')
    schema_editor.execute(TO_ARRAYS[vendor])
    schema_editor.execute(f"DROP TABLE {OBSERVATION}")
    schema_editor.execute(f"CREATE VIEW {OBSERVATION} AS {UNNESTED[vendor]}")


def to_rows(apps, schema_editor):
    vendor = _vendor(schema_editor)
    schema_editor.execute(f"DROP VIEW {OBSERVATION}")
    schema_editor.create_model(apps.get_model("indicators", "Observation"))
    if vendor == "postgresql":
        for column in ("area", "period"):
            schema_editor.execute(
                f'ALTER TABLE {OBSERVATION} ALTER COLUMN {column} TYPE varchar(12) COLLATE "C"'
            )
    schema_editor.execute(
        f"INSERT INTO {OBSERVATION} (series_id, area, period, value, fetch_id) {UNNESTED[vendor]}"
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_codes_compare_bytewise")]

    operations = [
        migrations.CreateModel(
            name="AreaSeries",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "series",
                        "area",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("area", models.CharField(max_length=12, verbose_name="area")),
                (
                    "periods",
                    uddannelsesby.indicators.models.CodeArrayField(verbose_name="periods"),
                ),
                ("values", uddannelsesby.indicators.models.FloatArrayField(verbose_name="values")),
                ("fetches", uddannelsesby.indicators.models.IdArrayField(verbose_name="fetches")),
                (
                    "series",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.series",
                    ),
                ),
            ],
            options={
                "verbose_name": "series of an area",
                "verbose_name_plural": "series of areas",
            },
        ),
        migrations.RunPython(to_arrays, to_rows, elidable=False),
        migrations.AlterModelOptions(
            name="observation",
            options={
                "managed": False,
                "verbose_name": "observation",
                "verbose_name_plural": "observations",
            },
        ),
    ]
