"""Each entry's terms end with its kind as a term ("0kindprogramme", see ``text.KIND_PREFIX``).

With it the FTS5 table (SQLite) and the GIN index over the stored vector (PostgreSQL) find the
matches of one kind by themselves: the programme search for "finans" read the 8,900 entries of
every kind that have the word to keep the 1,500 programmes. The update fires the triggers that
keep the FTS5 table and the vector in step.
"""

from django.db import migrations

ADD = (
    "UPDATE search_searchentry SET terms = "
    "CASE WHEN terms = '' THEN ' ' ELSE terms END || '0kind' || kind || ' '"
)
REMOVE = "UPDATE search_searchentry SET terms = REPLACE(terms, ' 0kind' || kind || ' ', ' ')"


def _run(statement):
    def run(apps, schema_editor):
        schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_entry_rank_index")]
    operations = [migrations.RunPython(_run(ADD), _run(REMOVE))]
