"""What keeps a common word fast (bench/search.py measures it): the index's shape per database."""

import pytest
from django.db import connection

from uddannelsesby.search import documents, engine, text
from uddannelsesby.search.models import SearchEntry
from uddannelsesby.search.selectors import site_search, visible_entries

from ..catalogue.helpers import make_event, make_programme

pytestmark = pytest.mark.django_db


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_rebuild_leaves_planner_statistics(db):
    """Without statistics PostgreSQL scans every entry instead of using the GIN index."""
    make_programme(title_da="Statistikuddannelsen")
    documents.rebuild(["programme"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
        assert cursor.fetchone()[0] >= 1


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_rebuild_leaves_nothing_pending_in_the_gin_indexes(db):
    """A search reads a GIN index's pending list in full: the whole vocabulary sat in it
    after a build (10 ms to find the words with "design" inside instead of 0.2)."""
    indexes = ["search_word_trgm", "search_entry_terms_vector"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [indexes]
        )
        assert dict(cursor.fetchall()) == {i: ["gin_pending_list_limit=64"] for i in indexes}
    for n in range(20):
        make_programme(title_da=f"Statistikuddannelsen {n}", description_da="Tekstildesign")
    documents.rebuild(["programme"])
    with connection.cursor() as cursor:
        for index in indexes:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            assert cursor.fetchone() == (0,), index


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_the_entries_fts_table_keeps_no_positions(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_entry_fts'")
        assert "detail='none'" in cursor.fetchone()[0]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_entries_carry_their_stems_as_a_vector(db):
    """Matching reads a stored vector: casting every entry's text was 3 s for 60,000 entries
    whenever the planner did not use the index."""
    programme = make_programme(title_da="Statistikuddannelsen")
    entry = SearchEntry.objects.get(kind="programme", object_id=programme.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT terms_vector = terms::tsvector FROM search_searchentry WHERE id = %s",
            [entry.pk],
        )
        assert cursor.fetchone() == (True,)
    programme.title_da = "Datamatiker"
    programme.save()
    assert site_search(text="datamatiker").count == 1
    assert site_search(text="statistikuddannelsen").count == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchentry'")
        indexes = " ".join(row[0] for row in cursor.fetchall())
    assert "gin (terms_vector)" in indexes
    assert "::tsvector" not in indexes


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_rebuild_leaves_sqlite_statistics_that_start_from_the_fts_table(db):
    """Without statistics SQLite read every visible entry by the kind index to test it against
    the FTS5 result, also for a word that matches nothing."""
    make_programme(title_da="Statistikuddannelsen")
    documents.rebuild(["programme"])
    query = engine.parse("kvantefysik")
    entries = engine.matching(visible_entries(), engine.parse("kvantefysik"))
    sql, params = engine.scored(entries, query).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "MULTI-INDEX OR" not in plan


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_ranks_the_matches_from_a_covering_index(db):
    """The kind, object id, title stems and sort key of a match are read from an index, not
    from the entry's wide row."""
    make_programme(title_da="Statistikuddannelsen")
    documents.rebuild(["programme"])
    query = engine.parse("statistik")
    entries = engine.matching(visible_entries(), query)
    sql, params = (
        engine.scored(entries, query).values("id", "kind", "sort_key", "score").query
    ).sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING COVERING INDEX search_entry_rank" in plan


def test_a_known_word_is_not_looked_up_as_a_typo(db):
    """Only a word the vocabulary does not know is corrected, so the look-up of its typo forms
    (every word sharing one of many trigrams) is left out for a known word: on PostgreSQL it
    read the whole vocabulary for every long word."""
    make_programme(title_da="Datamatiker")
    make_programme(title_da="Matematikeruddannelsen")

    assert _candidates("datamatiker") == {"datamatiker"}
    assert "datamatiker" in _candidates("datamatiler")  # unknown: its typo forms are looked up
    assert "matematikeruddannelsen" in _candidates("datamatiler")  # (a superset)


def test_a_part_of_a_known_compound_is_not_looked_up_as_a_typo(db):
    """ "design" is no word of its own here, but part of a compound: it finds that, so its typo
    forms are not looked up (on PostgreSQL that read the whole vocabulary for every search)."""
    make_programme(title_da="Tekstildesign")
    make_event(title="Desing-aften")  # a typo in the data: one letter swapped
    assert "desing" not in _candidates("design")
    assert "tekstildesign" in _candidates("design")
    assert [r.title for r in site_search(text="design").results] == ["Tekstildesign"]
    assert [r.title for r in site_search(text="desing").results] == ["Desing-aften"]
    assert "desing" in _candidates("desigm")  # unknown, and part of nothing: corrected


def _candidates(word: str) -> set[str]:
    stem = text.stem(word)
    rows = engine._vocabulary_candidates([stem], [(word, [stem], [stem])], [stem])
    return {found for found, _stem in rows}


def test_the_index_itself_keeps_the_matches_of_one_kind(db):
    """The kind is a term of the entry, so the FTS5 table and the GIN index leave out the other
    kinds (the programme search for a common word read every kind's matches); a query cannot
    ask for that term."""
    make_programme(title_da="Finansuddannelsen")
    make_event(title="Finansfest")
    query = engine.parse("finans")
    everything = SearchEntry.objects.all()
    assert {e.kind for e in engine.matching(everything, query)} == {"programme", "event"}
    assert [e.kind for e in engine.matching(everything, query, ["event"])] == ["event"]
    assert [e.kind for e in engine.matching(everything, query, ["programme"])] == ["programme"]
    assert site_search(text=text.kind_term("programme")).count == 0
