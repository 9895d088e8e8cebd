"""Every text search treats Æ, Ø, Å (and other non-ASCII letters) like æ, ø, å, on SQLite and
PostgreSQL: SQLite's LIKE folds ASCII letters only."""

import re
from pathlib import Path

import pytest

import uddannelsesby
from uddannelsesby.bridge.selectors import opportunity_search
from uddannelsesby.catalogue.selectors import programme_search
from uddannelsesby.core.search import spellings

from ..bridge.helpers import make_opportunity
from ..catalogue.helpers import make_programme

SRC = Path(uddannelsesby.__file__).parent
QUERIES = {
    "ældre": ["ældre", "Ældre", "ÆLDRE"],
    "østjylland": ["østjylland", "Østjylland", "ØSTJYLLAND"],
    "århus": ["århus", "Århus", "ÅRHUS"],
}


def test_spellings_fold_non_ascii_letters_only():
    assert spellings("ældre") == ["Ældre", "ældre"]
    assert spellings("abc") == ["abc"]
    assert len(spellings("æøåæø")) == 32
    assert "ÆØÅÆØÅÆ" in spellings("æøåæøåæ")  # long words: the common spellings


@pytest.mark.django_db
def test_bridge_postings_search_folds_danish_letters():
    make_opportunity(title="Hjælper til Ældre borgere", place="Herning")
    make_opportunity(title="Studiejob", description="Kunder i ØSTJYLLAND")
    make_opportunity(title="Praktik", place="århus")
    make_opportunity(title="Noget andet")
    for expected, queries in QUERIES.items():
        for query in queries:
            found = list(opportunity_search({"q": query}))
            assert len(found) == 1, (expected, query)


@pytest.mark.django_db
def test_catalogue_search_folds_danish_letters():
    make_programme(title_da="Ældrepleje", description_da="Om ældre")
    make_programme(title_da="Landbrug", description_da="Gårde i Østjylland")
    make_programme(title_da="Historie", description_da="Byen Århus")
    for queries in QUERIES.values():
        for query in queries:
            assert len(list(programme_search(text=query).programmes)) == 1, query


def test_no_text_filter_bypasses_the_helper():
    """icontains/iexact/istartswith on free text must go through core.search (emails excepted,
    which are ASCII in practice and compared exactly)."""
    offenders = []
    pattern = re.compile(r"__i(contains|startswith|endswith)\b")
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name == "search.py" and path.parent.name == "core":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []
