"""On PostgreSQL, codes (area, period, series key) compare byte-wise: COLLATE "C".

Codes have no language, and with the database's default collation (often a locale such as
C.UTF-8 or da_DK.UTF-8) every comparison in the primary-key index goes through the locale,
which makes a million-row import several times slower. SQLite compares bytes already.
"""

from django.db import migrations

COLUMNS = [
    ("indicators_observation", "area", 12),
    ("indicators_observation", "period", 12),
    ("indicators_observationhistory", "area", 12),
    ("indicators_observationhistory", "period", 12),
    ("indicators_series", "key", 255),
]


def bytewise(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, length in COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "C"'
        )


def default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, length in COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length}) '
            'COLLATE "default"'
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(bytewise, default, elidable=False)]
