"""What keeps a common word fast (bench/search.py measures it): the index's shape per database."""

import pytest
from django.db import connection

from uddannelsesby.search import documents

from ..catalogue.helpers import make_programme

pytestmark = pytest.mark.django_db


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_rebuild_leaves_planner_statistics(db):
    """Without statistics PostgreSQL scans every entry instead of using the GIN index."""
    make_programme(title_da="Statistikuddannelsen")
    documents.rebuild(["programme"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
        assert cursor.fetchone()[0] >= 1


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_the_entries_fts_table_keeps_no_positions(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_entry_fts'")
        assert "detail='none'" in cursor.fetchone()[0]
