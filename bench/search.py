"""Benchmark of the search: 10,000 programmes and 50,000 other items (events, citizen meetings,
housing).

Runs on its own SQLite file (var/bench-search-2.sqlite3), or on the database in
BENCH_DATABASE_URL (PostgreSQL). Target: the site-wide search page and the programme search
under 50 ms median server time for words as typed (inflected forms, compound parts, a typo,
English words, several words, a kind filter), with the same number of queries for every search
that finds something.
"""

import datetime
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uddannelsesby.config.settings.dev")
os.environ["DEBUG"] = "0"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-search-2.sqlite3'}"
)

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.catalogue.models import Event, Housing, Institution, Programme
from uddannelsesby.catalogue.selectors import programme_search
from uddannelsesby.participation.models import Meeting
from uddannelsesby.search import documents, engine
from uddannelsesby.search.models import SearchEntry, SearchWord
from uddannelsesby.search.selectors import site_search

PROGRAMMES, EVENTS, MEETINGS, HOUSING, INSTITUTIONS, RUNS = 10_000, 30_000, 10_000, 10_000, 40, 30
# Compounds of these make the vocabulary Danish-like: "sygeplejerskeuddannelsen", "tekstildesign".
FIRST = [
    "sygepleje", "pædagog", "tekstil", "finans", "logistik", "data", "design", "handels",
    "bygge", "el", "maskin", "bio", "land", "skov", "musik", "sports", "kultur", "miljø",
    "energi", "turisme", "produktions", "markedsførings", "sundheds", "social", "bolig",
]  # fmt: skip
SECOND = [
    "uddannelsen", "økonom", "tekniker", "ingeniør", "design", "værksted", "festival", "kursus",
    "linje", "hold", "aften", "kollegium", "messe", "rådgiver", "assistent", "leder",
]  # fmt: skip
# Each kind talks about its own things, as on the real site, with a few words in common.
WORDS = {
    "programme": [
        "uddannelse", "uddannelser", "økonomi", "ledelse", "praktik", "projekt", "undervisning",
        "international", "innovation", "iværksætteri", "teknologi", "kommunikation", "eksamen",
        "semester", "adgangskrav", "virksomheder", "samarbejde",
    ],
    "event": [
        "koncert", "foredrag", "café", "fest", "quiz", "film", "musik", "aften", "billetter",
        "gratis", "studenterhuset", "workshop", "bibliotek",
    ],
    "housing": [
        "værelse", "lejlighed", "husleje", "venteliste", "kollegium", "køkken", "altan",
        "cykelkælder", "vaskeri", "beboere",
    ],
    "meeting": [
        "borgermøde", "politik", "høring", "byråd", "dialog", "trafik", "skole", "kommune",
        "forslag", "debat",
    ],
}  # fmt: skip
SHARED = ["herning", "unge", "studerende", "fællesskab", "bæredygtighed", "campus", "fremtid"]
SYLLABLES = ["ka", "ri", "mo", "sen", "dal", "ter", "bo", "lin", "vej", "strup", "hav", "kil"]
RARE = sorted({"".join(random.Random(n).choices(SYLLABLES, k=3)) for n in range(3000)})


def _title(rng: random.Random, kind: str, n: int) -> str:
    compound = rng.choice(FIRST) + rng.choice(SECOND)
    return f"{compound.capitalize()} {' '.join(rng.sample(WORDS[kind], 2))} {n}"


def _text(rng: random.Random, kind: str) -> str:
    compounds = [rng.choice(FIRST) + rng.choice(SECOND) for _ in range(3)]
    words = rng.choices(WORDS[kind], k=12) + rng.choices(SHARED, k=4) + rng.sample(RARE, 6)
    return " ".join(words + compounds)


def build() -> None:
    call_command("migrate", verbosity=0)
    if (
        Programme.objects.count() == PROGRAMMES
        and Event.objects.count() == EVENTS
        and SearchEntry.objects.count() == PROGRAMMES + EVENTS + MEETINGS + HOUSING
    ):
        return
    for model in (Event, Meeting, Housing, Programme, Institution, SearchEntry, SearchWord):
        model.objects.all().delete()
    rng = random.Random(7)
    institutions = []
    for i in range(INSTITUTIONS):
        organisation, _ = Organisation.objects.get_or_create(
            name=f"Bench institution {i}", defaults={"slug": f"bench-{i}", "kind": "institution"}
        )
        institutions.append(
            Institution.objects.create(
                organisation=organisation,
                name=f"Bench institution {i}",
                slug=f"bench-{i}",
                kind="university",
                street_address="Vej 1",
                postal_code="7400",
                city="Herning",
                website="https://example.dk/",
            )  # fmt: skip
        )
    Programme.objects.bulk_create(
        (
            Programme(
                institution=rng.choice(institutions),
                slug=f"bench-{n}",
                title_da=_title(rng, "programme", n),
                title_en=f"Programme {n}",
                description_da=_text(rng, "programme"),
                level=rng.choice(Programme.Level.values),
                field=rng.choice(Programme.Field.values),
                duration_months=36,
                language="da",
                url="https://example.dk/",
            )  # fmt: skip
            for n in range(PROGRAMMES)
        ),
        batch_size=1000,
    )
    now = timezone.now()
    Event.objects.bulk_create(
        (
            Event(
                title=_title(rng, "event", n),
                description=_text(rng, "event"),
                place="Studenterhuset",
                starts_at=now + datetime.timedelta(hours=n),
                organiser="other",
                ends_at=now + datetime.timedelta(hours=n + 2),
            )  # fmt: skip
            for n in range(EVENTS)
        ),
        batch_size=1000,
    )
    Meeting.objects.bulk_create(
        (
            Meeting(
                title=_title(rng, "meeting", n),
                description=_text(rng, "meeting"),
                place="Rådhuset",
                address="Torvet",
                starts_at=now + datetime.timedelta(hours=n),
                capacity=50,
                ends_at=now + datetime.timedelta(hours=n + 2),
            )  # fmt: skip
            for n in range(MEETINGS)
        ),
        batch_size=1000,
    )
    Housing.objects.bulk_create(
        (
            Housing(
                name=_title(rng, "housing", n),
                slug=f"bench-{n}",
                description=_text(rng, "housing"),
                street_address="Vej 2",
                postal_code="7400",
                city="Herning",
                rent_min=3000,
                rent_max=4000,
                size_min=20,
                size_max=30,
                waiting_list="Skriv dig op.",
            )  # fmt: skip
            for n in range(HOUSING)
        ),
        batch_size=1000,
    )
    start = time.perf_counter()
    documents.rebuild()  # bulk_create sends no signals: what `uddannelsesby search_index` does
    print(f"index built in {time.perf_counter() - start:.0f} s")


def median_ms(function, runs=RUNS) -> float:
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(samples), statistics.median(cpu)


PAGES = {
    "site: word": "/soeg/?q=uddannelserne",
    "site: part": "/soeg/?q=tekstil",
    "site: typo": "/soeg/?q=sygeplejerke",
    "site: english": "/soeg/?q=nurse",
    "site: 2 words": "/soeg/?q=pædagoger+praktik",
    "site: kind": "/soeg/?q=design&kind=event&kind=housing&side=3",
    "programmes: part": "/uddannelser/?q=finans",
    "programmes: typo": "/uddannelser/?q=logsitikøkonom&level=bachelor",
    "site: nothing": "/soeg/?q=kvantefysik",
}


def _search(url: str) -> None:
    """What the page asks of the database, without the session and the rest of the request."""
    query = QueryDict(url.split("?", 1)[1])
    if url.startswith("/soeg/"):
        search = site_search(text=query.get("q", ""), kinds=query.getlist("kind"))
        list(search.results[:20])
    else:
        search = programme_search(text=query.get("q", ""), level=query.getlist("level"))
        list(search.programmes[:20])


def main() -> int:
    # Without collectstatic's manifest the pages' {% static %} fails: plain storage here. The
    # page cache is off: it would answer every run after the first without searching.
    override_settings(
        PAGE_CACHE_SECONDS=0,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    build()
    engine.analyze()  # what `documents.rebuild` does; a database built before it did not
    print(
        f"\nSearch: {Programme.objects.count()} programmes, "
        f"{SearchEntry.objects.count() - Programme.objects.count()} other items, "
        f"{SearchWord.objects.count()} words ({connection.vendor})"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    header = f"{'page':<18}{'median ms':>10}{'cpu ms':>8}{'queries':>9}{'results':>9}"
    print(f"{header}   target < 50 ms")
    counts, slow = {}, []
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        response = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            _search(url)
        # Counted now: the next request's request_started signal empties the connection's log.
        n_queries = len(queries)
        ms, cpu = median_ms(lambda url=url: client.get(url))
        heading = re.search(r'<h2 class="h3">(\d+)', response.content.decode())
        found = heading.group(1) if heading else "-"
        if found not in ("0", "-"):  # nothing found: "Mente du" asks more, by design
            counts.setdefault(name.split(":")[0], set()).add(n_queries)
        if ms >= 50:
            slow.append(name)
        print(f"{name:<18}{ms:>10.1f}{cpu:>8.1f}{n_queries:>9}{found!s:>9}")
    constant = all(len(c) == 1 for c in counts.values())
    print(f"queries constant per page: {'yes' if constant else 'NO'} ({counts})")
    if slow:
        print(f"over 50 ms: {', '.join(slow)}")
    return 0 if constant and not slow else 1


if __name__ == "__main__":
    sys.exit(main())
