"""The search index: one entry per thing a visitor can find, and the vocabulary of its words.

Entries hold what the public sees of each thing (a policy's public version, never the working
copy). Who may see an entry is decided when searching, by each app's own selectors (see
``documents.py``), so a draft or a hearing that has not started never shows.
"""

from django.db import models


class StemVectorField(models.TextField):
    """PostgreSQL: the entry's stems as a ``tsvector``, filled from ``terms`` by a trigger (see
    migration 0005), so matching reads a parsed vector instead of casting every entry's text;
    SQLite, which matches through its FTS5 table: an unused column, always empty."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchEntry(models.Model):
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=250)  # a commitment: "policy:area--commitment"
    # The row whose visibility decides whether this entry may be shown (a commitment's policy).
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.CharField(max_length=400, blank=True)
    url = models.CharField(max_length=400)
    sort_key = models.CharField(max_length=200)
    title_terms = models.TextField()  # " stem stem " of the title
    terms = models.TextField()  # " stem stem " of the title and the rest of the text
    terms_vector = StemVectorField(null=True, editable=False)  # written by the database

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_entry_unique_key")
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="search_entry_object")]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchWord(models.Model):
    """Every word that occurs in the index (lower-cased) and its stem: what compound parts,
    typos and "Did you mean" are looked up in."""

    word = models.CharField(max_length=60, unique=True)
    stem = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["stem"], name="search_word_stem")]

    def __str__(self):
        return self.word
