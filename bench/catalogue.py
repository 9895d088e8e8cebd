"""Benchmark of the programme search: 10,000 programmes, 5,000 events.

Runs on its own SQLite file (var/bench-catalogue.sqlite3), or on the database in
BENCH_DATABASE_URL. Target: the search page (plain, with an inflected search word, with filters,
and the htmx fragment) under 50 ms median server time, with the same number of queries whatever
the search and the filters.
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
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-catalogue.sqlite3'}"
)

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.catalogue.models import Event, Institution, Programme
from uddannelsesby.search import documents

PROGRAMMES, EVENTS, INSTITUTIONS, RUNS = 10_000, 5_000, 40, 30
WORDS = [
    "uddannelse", "uddannelser", "økonomi", "økonomer", "ledelse", "design", "designere",
    "sygepleje", "sygeplejersker", "teknologi", "ingeniører", "markedsføring", "logistik",
    "produktion", "data", "datamatikere", "innovation", "virksomheder", "tekstiler", "handel",
    "pædagogik", "pædagoger", "byggeri", "elektrikere", "smede", "kommunikation", "salg",
]  # fmt: skip


def build() -> None:
    call_command("migrate", verbosity=0)
    if Programme.objects.count() == PROGRAMMES and Event.objects.count() == EVENTS:
        return
    Event.objects.all().delete()
    Programme.objects.all().delete()
    Institution.objects.all().delete()
    rng = random.Random(7)
    institutions = []
    for i in range(INSTITUTIONS):
        organisation, _ = Organisation.objects.get_or_create(
            name=f"Bench institution {i}",
            defaults={"slug": f"bench-inst-{i}", "kind": "institution"},
        )
        institutions.append(
            Institution.objects.create(
                organisation=organisation,
                name=f"Bench institution {i}",
                slug=f"bench-{i}",
                kind=rng.choice(Institution.Kind.values),
                street_address="Vej 1",
                postal_code="7400",
                city="Herning",
                website="https://example.dk/",
            )  # fmt: skip
        )
    programmes = []
    for n in range(PROGRAMMES):
        institution = rng.choice(institutions)
        title = " ".join(rng.sample(WORDS, 3)).capitalize() + f" {n}"
        description = " ".join(rng.choices(WORDS, k=25))
        programme = Programme(
            institution=institution, slug=f"bench-{n}", title_da=title, title_en=f"Programme {n}",
            description_da=description, level=rng.choice(Programme.Level.values),
            field=rng.choice(Programme.Field.values), duration_months=rng.choice([24, 36, 42]),
            ects=rng.choice([None, 120, 180, 210]), language=rng.choice(["da", "en", "da-en"]),
            intake_months=[9], url="https://example.dk/",
        )  # fmt: skip
        programmes.append(programme)
    Programme.objects.bulk_create(programmes, batch_size=1000)
    documents.rebuild(["programme"])  # bulk_create sends no signals
    now = timezone.now()
    Event.objects.bulk_create(
        (
            Event(
                title=f"Begivenhed {n}",
                starts_at=now + datetime.timedelta(hours=3 * n),
                ends_at=now + datetime.timedelta(hours=3 * n + 2),
                place="Studenterhuset",
                organiser=rng.choice(Event.Organiser.values),
                language="da",
            )  # fmt: skip
            for n in range(EVENTS)
        ),
        batch_size=1000,
    )


def median_ms(function, runs=RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    build()
    connection.queries_log.clear()
    institution = Institution.objects.order_by("pk").first()
    print(
        f"\nProgramme search: {Programme.objects.count()} programmes, "
        f"{Event.objects.count()} events ({connection.vendor})"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {
        "all": ("/uddannelser/", {}),
        "word form": ("/uddannelser/?q=uddannelserne", {}),
        "two words": ("/uddannelser/?q=økonomerne+designer", {}),
        "filters": (f"/uddannelser/?level=bachelor&field=it&institution={institution.pk}", {}),
        "word+filters": ("/uddannelser/?q=sygeplejerskerne&level=master&language=en&side=2", {}),
        "htmx fragment": (
            "/uddannelser/?q=ingeniør&field=engineering",
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "programme-search"},
        ),
        "events": ("/uddannelser/begivenheder/?language=da", {}),
    }
    print(f"{'page':<16}{'median ms':>10}{'queries':>9}   target < 50 ms")
    counts, slow = set(), []
    for name, (url, headers) in pages.items():
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **headers)
        count = len(queries)  # now: the log is emptied when the next request reconnects
        ms = median_ms(lambda url=url, headers=headers: client.get(url, **headers))
        if name != "events":
            counts.add(count)
        if ms >= 50:
            slow.append(name)
        print(f"{name:<16}{ms:>10.1f}{count:>9}")
    constant = len(counts) == 1
    print(f"queries constant across searches: {'yes' if constant else 'NO'} ({sorted(counts)})")
    if slow:
        print(f"over 50 ms: {', '.join(slow)}")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
