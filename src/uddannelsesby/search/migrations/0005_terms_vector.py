"""PostgreSQL: the entries' stems as a stored ``tsvector`` with a GIN index.

The GIN index used to be over the expression ``terms::tsvector``. Whenever the planner chose
not to use it (a common word, a filter by kind), PostgreSQL cast every entry's text to a
tsvector to test it: about 50 µs an entry, 3 s for 60,000 entries. A stored vector is parsed
once, when the entry is written (by a trigger, so every writer keeps it right), and testing it
costs a microsecond. SQLite gets the column too (the model is the same) but never fills it.
"""

from django.db import migrations

import uddannelsesby.search.models

POSTGRES = [
    "CREATE FUNCTION search_entry_terms_vector() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN NEW.terms_vector := NEW.terms::tsvector; RETURN NEW; END $$",
    "CREATE TRIGGER search_entry_terms_vector BEFORE INSERT OR UPDATE ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_entry_terms_vector()",
    "UPDATE search_searchentry SET terms_vector = terms::tsvector",
    "DROP INDEX IF EXISTS search_entry_terms",
    "CREATE INDEX search_entry_terms_vector ON search_searchentry USING gin (terms_vector)",
    "ANALYZE search_searchentry",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_terms_vector",
    "CREATE INDEX IF NOT EXISTS search_entry_terms ON search_searchentry "
    "USING gin ((terms::tsvector))",
    "DROP TRIGGER IF EXISTS search_entry_terms_vector ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_terms_vector()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_fts_detail_none")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="terms_vector",
            field=uddannelsesby.search.models.StemVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE)),
    ]
