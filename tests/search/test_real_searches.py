"""Real Danish programme titles searched the way people type them: plurals and definite
forms, parts of compounds, abbreviations, English, typos, and letters typed without æ, ø, å.

The programmes have no English title or description here, so every English word is found
through the synonym list (``search/data/synonyms_da_en.txt``) alone. The assertions hold on
either database (``DATABASE_URL``); run on both, they prove both back-ends agree.
"""

import pytest
from django.db import transaction

from uddannelsesby.catalogue.selectors import programme_search
from uddannelsesby.search import engine, text
from uddannelsesby.search.selectors import site_search

from ..catalogue.helpers import make_event, make_institution, make_programme

# Titles as ug.dk and Optagelse.dk write them.
TITLES = [
    "Sygeplejerske",
    "Socialrådgiver",
    "Læreruddannelsen",
    "Pædagog",
    "Fysioterapeut",
    "Ergoterapeut",
    "Bioanalytiker",
    "Radiograf",
    "Jordemoder",
    "Maskinmester",
    "Multimediedesigner",
    "Datamatiker",
    "Markedsføringsøkonom",
    "Serviceøkonom",
    "Produktionsteknolog",
    "Byggetekniker",
    "Installatør, stærkstrøm",
    "Laborant",
    "Tandplejer",
    "Klinisk diætist",
    "Cand.merc. i økonomi",
    "HA – Erhvervsøkonomi",
    "Diplomingeniør i maskinteknik",
    "Civilingeniør i elektronik",
    "Bygningskonstruktør",
    "Elektriker",
    "Tømrer",
    "Smed",
    "Murer",
    "Frisør",
    "Kok",
    "Social- og sundhedsassistent",
    "Social- og sundhedshjælper",
    "Pædagogisk assistent (PAU)",
    "Ernæringsassistent",
    "Detailhandelsuddannelsen",
    "HHX – Højere Handelseksamen",
    "HTX – Højere Teknisk Eksamen",
    "HF – Højere Forberedelseseksamen",
    "STX – Studentereksamen",
    "EUX Business",
    "10. klasse",
    "IT-teknolog",
    "Webudvikler",
    "Landmand",
    "VVS-energispecialist",
]

# (what is typed, the title it must find first)
FIRST = [
    # plural and definite forms, also the irregular ones Snowball leaves apart
    ("sygeplejersker", "Sygeplejerske"),
    ("sygeplejerskerne", "Sygeplejerske"),
    ("lærerne", "Læreruddannelsen"),
    ("pædagogerne", "Pædagog"),
    ("elektrikere", "Elektriker"),
    ("tømrerne", "Tømrer"),
    ("frisører", "Frisør"),
    ("socialrådgivere", "Socialrådgiver"),
    ("jordemødre", "Jordemoder"),
    ("jordemødrene", "Jordemoder"),
    ("maskinmestre", "Maskinmester"),
    ("maskinmestrene", "Maskinmester"),
    ("landmænd", "Landmand"),
    ("bioanalytikere", "Bioanalytiker"),
    ("radiograferne", "Radiograf"),
    # parts of compounds, at the end or in the middle
    ("konstruktør", "Bygningskonstruktør"),
    ("tekniker", "Byggetekniker"),
    ("designer", "Multimediedesigner"),
    ("mester", "Maskinmester"),
    ("rådgiver", "Socialrådgiver"),
    ("handelseksamen", "HHX – Højere Handelseksamen"),
    ("sundhedsassistent", "Social- og sundhedsassistent"),
    # the programme named by the title it leads to
    ("tømreruddannelsen", "Tømrer"),
    ("sygeplejerskeuddannelse", "Sygeplejerske"),
    ("fysioterapeutuddannelsen", "Fysioterapeut"),
    ("elektrikeruddannelsen", "Elektriker"),
    ("sosuuddannelsen", "Social- og sundhedsassistent"),
    ("læreruddannelse", "Læreruddannelsen"),
    ("sygeplejerskeuddanelsen", "Sygeplejerske"),
    ("pædagogudannelsen", "Pædagog"),
    # the work or field for the programme of the person doing it
    ("webudvikling", "Webudvikler"),
    ("byggeri", "Byggetekniker"),
    # abbreviations, capitals, hyphens, slashes
    ("sosu", "Social- og sundhedsassistent"),
    ("SOSU-assistent", "Social- og sundhedsassistent"),
    ("sosu assistent", "Social- og sundhedsassistent"),
    ("SOSU-hjælper", "Social- og sundhedshjælper"),
    ("Social- og sundhedsassistent", "Social- og sundhedsassistent"),
    ("social og sundhedsassistent", "Social- og sundhedsassistent"),
    ("sosuassistent", "Social- og sundhedsassistent"),
    ("sosuhjælper", "Social- og sundhedshjælper"),
    ("social-og sundhedsassistent", "Social- og sundhedsassistent"),
    ("SOCIAL- OG SUNDHEDSASSISTENT", "Social- og sundhedsassistent"),
    ("sosu assistent uddannelsen", "Social- og sundhedsassistent"),
    ("pædagog uddannelse", "Pædagog"),  # every programme is an education
    ("nursing programme", "Sygeplejerske"),
    ("uddannelsen til tømrer", "Tømrer"),
    ("it teknolog", "IT-teknolog"),
    ("it-teknologuddannelsen", "IT-teknolog"),
    ("10.-klasse", "10. klasse"),
    ("bygnings konstruktør", "Bygningskonstruktør"),
    ("eux", "EUX Business"),
    ("EUD/EUX", "EUX Business"),
    ("hhx", "HHX – Højere Handelseksamen"),
    ("htx", "HTX – Højere Teknisk Eksamen"),
    ("HF", "HF – Højere Forberedelseseksamen"),
    ("ha", "HA – Erhvervsøkonomi"),
    ("cand.merc", "Cand.merc. i økonomi"),
    ("cand merc", "Cand.merc. i økonomi"),
    ("it", "IT-teknolog"),
    ("IT-teknolog", "IT-teknolog"),
    ("pau", "Pædagogisk assistent (PAU)"),
    ("vvs", "VVS-energispecialist"),
    # numbers
    ("10. klasse", "10. klasse"),
    ("10 klasse", "10. klasse"),
    ("10.klasse", "10. klasse"),
    ("tiende klasse", "10. klasse"),
    # English, through the synonym list alone
    ("nurse", "Sygeplejerske"),
    ("nurses", "Sygeplejerske"),
    ("nursing", "Sygeplejerske"),
    ("teacher", "Læreruddannelsen"),
    ("social worker", "Socialrådgiver"),
    ("social workers", "Socialrådgiver"),
    ("physiotherapist", "Fysioterapeut"),
    ("occupational therapist", "Ergoterapeut"),
    ("midwife", "Jordemoder"),
    ("electrician", "Elektriker"),
    ("carpenter", "Tømrer"),
    ("bricklayer", "Murer"),
    ("hairdresser", "Frisør"),
    ("chef", "Kok"),
    ("cook", "Kok"),
    ("computer science", "Datamatiker"),
    ("marketing", "Markedsføringsøkonom"),
    ("plumber", "VVS-energispecialist"),
    ("farmer", "Landmand"),
    ("dietitian", "Klinisk diætist"),
    ("radiographer", "Radiograf"),
    ("dental", "Tandplejer"),
    ("retail", "Detailhandelsuddannelsen"),
    ("pedagogue", "Pædagog"),
    # one typo in a word of six letters or more, also in a compound's later part
    ("sygeplejerke", "Sygeplejerske"),
    ("fysiotarapeut", "Fysioterapeut"),
    ("fysioterapuet", "Fysioterapeut"),
    ("elektrikker", "Elektriker"),
    ("pædagoc", "Pædagog"),
    ("radiogarf", "Radiograf"),
    ("bioanalytikker", "Bioanalytiker"),
    ("socialrådgivr", "Socialrådgiver"),
    ("multimediedesginer", "Multimediedesigner"),
    ("markedsføringsøkonon", "Markedsføringsøkonom"),
    ("konstruktor", "Bygningskonstruktør"),
    ("sundhedsasistent", "Social- og sundhedsassistent"),
    # letters typed without æ, ø, å
    ("paedagog", "Pædagog"),
    ("paedagogerne", "Pædagog"),
    ("laerer", "Læreruddannelsen"),
    ("laereruddannelsen", "Læreruddannelsen"),
    ("toemrer", "Tømrer"),
    ("tomrer", "Tømrer"),
    ("frisor", "Frisør"),
    ("socialraadgiver", "Socialrådgiver"),
    ("socialradgiver", "Socialrådgiver"),
    ("jordemoedre", "Jordemoder"),
    ("diaetist", "Klinisk diætist"),
    ("markedsfoeringsoekonom", "Markedsføringsøkonom"),
    ("paedagoc", "Pædagog"),  # and a typo
    ("socialraadgivr", "Socialrådgiver"),
]

# (what is typed, titles it must find, in any order among the first)
AMONG = [
    ("økonom", {"Markedsføringsøkonom", "Serviceøkonom", "HA – Erhvervsøkonomi"}),
    ("oekonom", {"Markedsføringsøkonom", "Serviceøkonom"}),
    # "ø" typed "o": one typo; a word beginning with it is a nearer form than a later part
    ("okonom", {"Cand.merc. i økonomi"}),
    ("ingeniør", {"Diplomingeniør i maskinteknik", "Civilingeniør i elektronik"}),
    ("ingeniører", {"Diplomingeniør i maskinteknik", "Civilingeniør i elektronik"}),
    ("ingenør", {"Diplomingeniør i maskinteknik", "Civilingeniør i elektronik"}),
    ("engineer", {"Diplomingeniør i maskinteknik", "Civilingeniør i elektronik"}),
    ("assistent", {"Social- og sundhedsassistent", "Ernæringsassistent"}),
    ("teknolog", {"IT-teknolog", "Produktionsteknolog"}),
    ("terapeut", {"Fysioterapeut", "Ergoterapeut"}),
    ("eksamen", {"HTX – Højere Teknisk Eksamen", "HHX – Højere Handelseksamen"}),
    ("sosu", {"Social- og sundhedsassistent", "Social- og sundhedshjælper"}),
    ("gymnasium", {"STX – Studentereksamen", "HHX – Højere Handelseksamen",
                   "HF – Højere Forberedelseseksamen"}),
    ("high school", {"STX – Studentereksamen", "HTX – Højere Teknisk Eksamen"}),
    ("hhx/htx", {"HHX – Højere Handelseksamen", "HTX – Højere Teknisk Eksamen"}),
    ("ungdomsuddannelse", {"STX – Studentereksamen", "EUX Business"}),
]  # fmt: skip

# (what is typed, titles it must not find): the new rules stay out of words that find
# something as typed.
NOT = [
    ("sosu", {"Pædagogisk assistent (PAU)", "Ernæringsassistent"}),
    ("hhx", {"HTX – Højere Teknisk Eksamen", "STX – Studentereksamen"}),
    ("smed", {"Frisør", "Murer"}),
    ("datamatiker", {"Webudvikler", "Radiograf"}),
    ("sundhedsassistent", {"Social- og sundhedshjælper"}),
]


@pytest.fixture(scope="module")
def real_catalogue(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        institution = make_institution(name="Erhvervsakademi MidtVest")
        for title in TITLES:
            make_programme(institution, title_da=title, title_en="", description_da="")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def catalogue(real_catalogue, db):
    return None


def titles(query: str) -> list[str]:
    return [p.title_da for p in programme_search(text=query).programmes]


@pytest.mark.parametrize(("query", "title"), FIRST)
def test_a_real_search_finds_its_programme_first(catalogue, query, title):
    assert titles(query)[:1] == [title]


@pytest.mark.parametrize(("query", "expected"), AMONG)
def test_a_real_search_finds_every_programme_it_names(catalogue, query, expected):
    found = titles(query)
    assert expected <= set(found), found
    assert len(found) < len(TITLES) // 2, found  # and not everything


@pytest.mark.parametrize(("query", "unwanted"), NOT)
def test_a_word_that_finds_something_as_typed_is_not_read_otherwise(catalogue, query, unwanted):
    assert not unwanted & set(titles(query))


def test_a_misspelling_that_finds_nothing_suggests_the_title_word(catalogue):
    # Two letters wrong: no typo rule finds it, "Mente du" offers the word.
    search = programme_search(text="elektricien")
    assert search.count == 0
    assert "elektriker" in search.suggestions


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("paedagog", ["pædagog"]),
        ("socialraadgiver", ["socialrådgiver"]),
        ("århus", ["aarhus"]),
        ("jordemødrene", ["jordemoedrene", "jordemoder"]),
        ("landmænd", ["landmaend", "landmand"]),
        ("maskinmestre", ["maskinmester"]),
        ("webudvikling", ["webudvikl"]),
        ("tømreruddannelsen", ["tømreruddannelsen".replace("ø", "oe"), "tømrer"]),
        ("smed", []),
    ],
)
def test_other_spellings(word, forms):
    assert text.spellings(word) == forms


def test_a_typo_in_a_later_part_of_a_compound():
    assert text.one_typo_in_later_part("ingenør", "diplomingeniør")
    assert text.one_typo_in_later_part("okonom", "markedsføringsøkonom")
    assert not text.one_typo_in_later_part("ingenør", "ingen")
    assert not text.one_typo_in_later_part("design", "kursusdag")
    # one letter more than the part: too loose ("men-torer" is no "tømrer")
    assert not text.one_typo_in_later_part("tomrer", "mentorer")


def test_a_later_part_typo_only_when_nothing_nearer_is_found(catalogue):
    make_programme(title_da="Mentorordning", title_en="", description_da="Mentorer og lærlinge")
    assert titles("tomrer") == ["Tømrer"]
    assert "Diplomingeniør i maskinteknik" in titles("ingenør")


@pytest.mark.parametrize(
    ("word", "needle"),
    [
        ("værelse", "værels"),
        ("værelser", "værels"),
        ("lejlighed", "lejlighed"),
        ("lejligheder", "lejlighed"),
        ("pædagoger", "pædagog"),
        ("design", "design"),
    ],
)
def test_a_word_cut_short_by_the_stemmer_is_found_as_a_part_by_more(word, needle):
    assert text.part_needle(word, text.stem(word)) == needle


def test_a_word_cut_short_by_the_stemmer_finds_its_compounds_and_no_others(db):
    make_event(title="Åbent værksted")
    make_event(title="Kollegieværelser til leje")
    make_event(title="Delelejlighed i midtbyen")
    assert [r.title for r in site_search(text="værelse").results] == ["Kollegieværelser til leje"]
    # (Snowball gives "lejlighed" and "leje" one stem, so the rent comes along.)
    assert "Delelejlighed i midtbyen" in [r.title for r in site_search(text="lejligheder").results]


def test_phrases_and_one_way_synonyms():
    assert text.stem("socialrådgiver") in text.phrases()[("social", text.stem("worker"))]
    gymnasium = text.synonyms()[text.stem("gymnasium")]
    assert text.stem("stx") in gymnasium
    assert text.stem("gymnasium") not in text.synonyms().get(text.stem("hhx"), set())


def test_slash_joins_alternatives(db):
    query = engine.parse("EUD/EUX hhx")
    assert [w.word for w in query.words] == ["eud", "hhx"]
    assert "eux" in query.words[0].synonyms


def test_a_compound_the_texts_write_in_two_words_finds_them(db):
    make_event(title="Værelser på kollegiet", description="Ledige værelser i Herning")
    make_event(title="Fest på kollegiet")
    make_event(title="Studiestart", description="Billige boliger tæt på dit studie")
    for query in ["kollegieværelse", "kollegieværelser", "kollegievaerelse"]:
        assert [r.title for r in site_search(text=query).results] == ["Værelser på kollegiet"]
    assert [r.title for r in site_search(text="studiebolig").results] == ["Studiestart"]
    assert not site_search(text="kollegiexyzzy").count  # a part alone is no compound
