"""Benchmark of the search: 10,000 programmes and 50,000 other items (events, citizen meetings,
housing).

Runs on its own SQLite file (var/bench-search.sqlite3), or on the database in
BENCH_DATABASE_URL (PostgreSQL). Target: the site-wide search page and the programme search
under 50 ms median server time for words as typed (inflected forms, compound parts, a typo,
English words, several words, a kind filter), with the same number of queries for every search
that finds something.
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uddannelsesby.config.settings.dev")
os.environ["DEBUG"] = "0"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-search.sqlite3'}"
)

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.catalogue.models import Event, Housing, Institution, Programme
from uddannelsesby.participation.models import Meeting
from uddannelsesby.search import documents
from uddannelsesby.search.models import SearchEntry, SearchWord

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
WORDS = [
    "uddannelse", "uddannelser", "økonomi", "ledelse", "studerende", "virksomheder", "praktik",
    "projekt", "samarbejde", "undervisning", "studiejob", "fællesskab", "international",
    "innovation", "iværksætteri", "bæredygtighed", "teknologi", "kommunikation", "salg",
    "fremtid", "unge", "herning", "campus", "bibliotek", "koncert", "foredrag", "café",
    "værelse", "lejlighed", "husleje", "venteliste", "borgermøde", "politik", "høring",
]  # fmt: skip


def _title(rng: random.Random, n: int) -> str:
    compound = rng.choice(FIRST) + rng.choice(SECOND)
    return f"{compound.capitalize()} {' '.join(rng.sample(WORDS, 2))} {n}"


def _text(rng: random.Random) -> str:
    compounds = [rng.choice(FIRST) + rng.choice(SECOND) for _ in range(3)]
    return " ".join(rng.choices(WORDS, k=22) + compounds)


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
                title_da=_title(rng, n),
                title_en=f"Programme {n}",
                description_da=_text(rng),
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
                title=_title(rng, n),
                description=_text(rng),
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
                title=_title(rng, n),
                description=_text(rng),
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
                name=_title(rng, n),
                slug=f"bench-{n}",
                description=_text(rng),
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
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


PAGES = {
    "site: word": "/soeg/?q=uddannelserne",
    "site: part": "/soeg/?q=tekstil",
    "site: typo": "/soeg/?q=sygeplejerke",
    "site: english": "/soeg/?q=nurse",
    "site: 2 words": "/soeg/?q=pædagoger+praktik",
    "site: kind": "/soeg/?q=design&kind=event&kind=housing&side=3",
    "programmes: part": "/uddannelser/?q=finans",
    "programmes: typo": "/uddannelser/?q=logsitik&level=bachelor",
    "site: nothing": "/soeg/?q=kvantefysik",
}


def main() -> int:
    build()
    print(
        f"\nSearch: {Programme.objects.count()} programmes, "
        f"{SearchEntry.objects.count() - Programme.objects.count()} other items, "
        f"{SearchWord.objects.count()} words ({connection.vendor})"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'page':<18}{'median ms':>10}{'queries':>9}{'results':>9}   target < 50 ms")
    counts, slow = {}, []
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        ms = median_ms(lambda url=url: client.get(url))
        found = response.context["search"].count if "search" in response.context else "-"
        if name != "site: nothing":
            counts.setdefault(name.split(":")[0], set()).add(len(queries))
        if ms >= 50:
            slow.append(name)
        print(f"{name:<18}{ms:>10.1f}{len(queries):>9}{found!s:>9}")
    constant = all(len(c) == 1 for c in counts.values())
    print(f"queries constant per page: {'yes' if constant else 'NO'} ({counts})")
    if slow:
        print(f"over 50 ms: {', '.join(slow)}")
    return 0 if constant and not slow else 1


if __name__ == "__main__":
    sys.exit(main())
