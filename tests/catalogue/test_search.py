"""Search that understands Danish word forms, on SQLite and PostgreSQL, and the filter counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uddannelsesby.catalogue import services
from uddannelsesby.catalogue.selectors import programme_search
from uddannelsesby.search.text import stems
from uddannelsesby.search.text import terms as normalise

from .helpers import make_institution, make_programme

pytestmark = pytest.mark.django_db


def titles(search) -> list[str]:
    return sorted(p.title_da for p in search.programmes)


def test_stems_are_danish_snowball():
    assert stems("uddannelse") == stems("uddannelser") == stems("uddannelserne")
    assert stems("og i på") == []  # stop words, as in PostgreSQL's danish configuration
    assert normalise("Sygeplejersker og jordemødre") == " sygeplejersk jordemødr "


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("uddannelse", ["Korte uddannelser i økonomi"]),
        ("uddannelserne", ["Korte uddannelser i økonomi"]),
        ("sygeplejersker", ["Sygeplejerske"]),
        ("Sygeplejerskens", ["Sygeplejerske"]),
        ("økonomien", ["Korte uddannelser i økonomi"]),
        ("designer", []),
    ],
)
def test_an_inflected_word_finds_other_forms(query, found):
    make_programme(title_da="Korte uddannelser i økonomi")
    make_programme(title_da="Sygeplejerske", field="health")
    assert titles(programme_search(text=query)) == found, connection.vendor


def test_every_word_must_match_and_stop_words_are_ignored():
    make_programme(title_da="Uddannelse i design og business", field="design")
    make_programme(title_da="Uddannelse i økonomi")
    assert titles(programme_search(text="uddannelser og design")) == [
        "Uddannelse i design og business"
    ]
    assert len(titles(programme_search(text="og"))) == 2  # nothing to search for: all


def test_descriptions_english_titles_and_institution_names_are_searched():
    campus = make_institution(name="Aarhus Universitet Herning")
    make_programme(campus, title_da="Ingeniør", title_en="Engineering", description_da="Robotter")
    assert titles(programme_search(text="robot")) == ["Ingeniør"]
    assert titles(programme_search(text="engineering")) == ["Ingeniør"]
    assert titles(programme_search(text="universitets")) == ["Ingeniør"]


def test_the_search_data_follows_changes():
    programme = make_programme(title_da="Datamatiker")
    services.programme_update(actor=None, programme=programme, title_da="Finansøkonom")
    assert titles(programme_search(text="datamatikere")) == []
    assert titles(programme_search(text="finansøkonomer")) == ["Finansøkonom"]
    services.institution_update(
        actor=None, institution=programme.institution, name="Erhvervsakademi MidtVest"
    )
    assert titles(programme_search(text="erhvervsakademiet")) == ["Finansøkonom"]


def test_counts_per_filter_value_ignore_their_own_filter():
    via, eamv = make_institution(name="VIA"), make_institution(name="EAMV")
    make_programme(via, title_da="Sygeplejerske", level="professional_bachelor", field="health")
    make_programme(via, title_da="Design", level="professional_bachelor", field="design")
    make_programme(eamv, title_da="Datamatiker", level="short_cycle", field="it")
    search = programme_search(level=["professional_bachelor"])
    counts = {name: {v.value: v.count for v in values} for name, values in search.facets.items()}
    assert counts["level"]["professional_bachelor"] == 2
    assert counts["level"]["short_cycle"] == 1  # the level filter does not narrow its own counts
    assert counts["field"] == counts["field"] | {"health": 1, "design": 1, "it": 0}
    assert counts["institution"] == {str(via.pk): 2, str(eamv.pk): 0}
    assert [v.value for v in search.facets["level"] if v.selected] == ["professional_bachelor"]
    assert titles(search) == ["Design", "Sygeplejerske"]
    assert search.count == 2
    both = programme_search(level=["professional_bachelor"], institution=[str(eamv.pk)])
    assert both.count == 0
    assert {v.value: v.count for v in both.facets["institution"]} == {
        str(via.pk): 2,
        str(eamv.pk): 0,
    }
    assert {v.value: v.count for v in both.facets["level"]}["short_cycle"] == 1


def _queries(**kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        search = programme_search(**kwargs)
        list(search.programmes[:20])
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_programmes():
    institution = make_institution()
    make_programme(institution)
    few = _queries(text="økonom", level=["short_cycle"])
    for n in range(15):
        make_programme(make_institution() if n % 3 else institution, title_da=f"Økonom {n}")
    assert _queries(text="økonom", level=["short_cycle"]) == few
