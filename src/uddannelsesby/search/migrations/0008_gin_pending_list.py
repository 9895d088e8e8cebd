"""PostgreSQL: the two GIN indexes keep at most 64 kB of new entries unsorted.

A GIN index collects new entries in a "pending list" that every search reads in full until a
vacuum (or the list reaching its limit, 4 MB by default) merges it into the index. After the
index was built, the whole vocabulary (32,000 words) sat in that list: finding the words with
"design" inside read all of them, 10 ms instead of 0.2, and the entries' index took twice as
long as it does merged. With the least limit a search reads a few pages of it at most, and
writes still go in batches; ``engine.analyze`` merges the list after a rebuild.
"""

from django.db import migrations

INDEXES = ("search_word_trgm", "search_entry_terms_vector")


def _set(limit):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in INDEXES:
            value = f"(gin_pending_list_limit = {limit})" if limit else "(gin_pending_list_limit)"
            verb = "SET" if limit else "RESET"
            schema_editor.execute(f"ALTER INDEX {index} {verb} {value}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_kind_term")]
    operations = [migrations.RunPython(_set(64), _set(None))]
