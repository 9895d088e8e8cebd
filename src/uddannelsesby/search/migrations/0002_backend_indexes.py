"""The full-text and trigram indexes, which differ per database.

PostgreSQL: pg_trgm, a GIN trigram index on the vocabulary's words (compound parts and typos by
``LIKE '%...%'``) and a GIN index over the entries' stems as a tsvector (``terms::tsvector``:
the stems are made in Python, so the cast takes them as they are, without a second stemming).

SQLite: two FTS5 tables kept in sync with their tables by triggers: the entries' stems
(``unicode61``) and the vocabulary's words (``trigram``).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRES = [
    "CREATE INDEX IF NOT EXISTS search_word_trgm ON search_searchword "
    "USING gin (word gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_terms ON search_searchentry "
    "USING gin ((terms::tsvector))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_word_trgm", "DROP INDEX IF EXISTS search_entry_terms"]


def _fts(table: str, fts: str, column: str, tokenize: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='{tokenize}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


SQLITE = _fts(
    "search_searchentry", "search_entry_fts", "terms", "unicode61 remove_diacritics 0"
) + _fts("search_searchword", "search_word_fts", "word", "trigram")
SQLITE_DROP = [
    f"DROP {what} IF EXISTS {name}"
    for what, name in [
        ("TRIGGER", "search_entry_fts_ai"),
        ("TRIGGER", "search_entry_fts_ad"),
        ("TRIGGER", "search_entry_fts_au"),
        ("TABLE", "search_entry_fts"),
        ("TRIGGER", "search_word_fts_ai"),
        ("TRIGGER", "search_word_fts_ad"),
        ("TRIGGER", "search_word_fts_au"),
        ("TABLE", "search_word_fts"),
    ]
]


def create(apps, schema_editor):
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    for statement in statements or []:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    statements = {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}.get(
        schema_editor.connection.vendor
    )
    for statement in statements or []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
