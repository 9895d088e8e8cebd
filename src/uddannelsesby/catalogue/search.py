"""Free-text search that understands Danish word forms, on PostgreSQL and on SQLite.

PostgreSQL: a stored ``tsvector`` (``Programme.search_vector``) built with the built-in
``danish`` text search configuration (Snowball's Danish stemmer and stop words), a GIN index
(migration 0002), and ``SearchQuery(config="danish")``.

SQLite: the same Snowball Danish stemmer, from the ``snowballstemmer`` package, applied to the
same texts and stored as a normalised column (``Programme.search_text``: " stem stem ... "),
indexed in an FTS5 table (``catalogue_programme_fts``, rowid = programme id, migration 0003)
and searched with MATCH, every query word's stem required. (LIKE over the column gives the
same results but scans every row: 60 ms at 10,000 programmes, against a few with FTS5.)
Stop words are the Snowball Danish list, as in PostgreSQL's ``danish`` configuration, so both
back-ends find the same programmes.

Both are written by ``programme_index`` (called by the services, never by signals); deleting a
programme removes its FTS row (``programme_unindex``). A stale FTS row cannot match anything
that is not there, since the search joins on the programme's id.
"""

import functools
import re

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+", re.UNICODE)
# Snowball's Danish stop-word list (what PostgreSQL's danish.stop holds).
_STOP_LIST = """
    ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din
    disse dog du efter eller en end er et for fra ham han hans har havde have hende hendes her hos
    hun hvad hvis hvor i ikke ind jeg jer jo kunne man mange med meget men mig min mine mit mod ned
    noget nogle nu når og også om op os over på selv sig sin sine sit skal skulle som sådan thi til
    ud under var vi vil ville vor være været"""
STOP_WORDS = frozenset(_STOP_LIST.split())


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("danish")


def stems(text: str) -> list[str]:
    words = [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]
    return _stemmer().stemWords(words)


def normalise(*texts: str) -> str:
    """The stemmed words of the texts, each with a space either side, for LIKE " stem "."""
    words = stems(" ".join(texts))
    return f" {' '.join(words)} " if words else ""


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def programme_texts(programme) -> list[str]:
    return [
        programme.title_da,
        programme.title_en,
        programme.description_da,
        programme.description_en,
        programme.institution.name,
    ]


def programme_vector():
    """The tsvector of a programme: titles weigh most, then descriptions, then the institution."""
    return (
        SearchVector("title_da", "title_en", weight="A", config="danish")
        + SearchVector("description_da", "description_en", weight="B", config="danish")
        + SearchVector("institution__name", weight="C", config="danish")
    )


def programme_index(queryset: QuerySet) -> None:
    """Rebuild the stored search data of the programmes in the queryset."""
    programmes = list(queryset.select_related("institution"))
    model = queryset.model
    for programme in programmes:
        programme.search_text = normalise(*programme_texts(programme))
    model.objects.bulk_update(programmes, ["search_text"], batch_size=500)
    if connection.vendor == "sqlite":
        _fts_write([(p.pk, p.search_text) for p in programmes])
    if uses_postgres() and programmes:
        # An UPDATE cannot join (institution__name), so the vector is computed per row in SQL.
        vectors = model.objects.filter(pk=OuterRef("pk")).annotate(v=programme_vector()).values("v")
        model.objects.filter(pk__in=[p.pk for p in programmes]).update(
            search_vector=Subquery(vectors)
        )


FTS_DELETE = "DELETE FROM catalogue_programme_fts WHERE rowid = %s"
FTS_INSERT = "INSERT INTO catalogue_programme_fts(rowid, words) VALUES (%s, %s)"
FTS_MATCH = "SELECT rowid FROM catalogue_programme_fts WHERE catalogue_programme_fts MATCH %s"


def _fts_write(rows: list[tuple[int, str]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(FTS_DELETE, [(pk,) for pk, _text in rows])
        cursor.executemany(FTS_INSERT, rows)


def programme_unindex(pk: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(FTS_DELETE, [pk])


def fts_rebuild() -> None:
    """Fill the SQLite FTS index from search_text again (after bulk loads that bypass services)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalogue_programme_fts")
            cursor.execute(
                "INSERT INTO catalogue_programme_fts(rowid, words) "
                "SELECT id, search_text FROM catalogue_programme"
            )


def search_filter(queryset: QuerySet, text: str) -> QuerySet:
    """Programmes matching every word of ``text``, in any Danish word form."""
    words = stems(text)
    if not words:
        return queryset
    if uses_postgres():
        return queryset.filter(search_vector=SearchQuery(text, config="danish"))
    # Stems are \w+ words, so quoting them is enough to keep FTS5's query syntax out.
    match = " AND ".join(f'"{word}"' for word in words)
    return queryset.filter(
        pk__in=RawSQL(FTS_MATCH, [match])  # noqa: S611 - a constant query with a parameter
    )
