"""Benchmarks for action plans at scale: 5,000 activities serving 100 commitments.

Runs on its own SQLite file (var/bench-plans.sqlite3), or on the database in BENCH_DATABASE_URL.
Targets: the plan overview and the coverage matrix under 100 ms (median server time) with a
constant number of queries; recomputing every roll-up of the plan under 1 s.
"""

import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uddannelsesby.config.settings.dev")
os.environ["DEBUG"] = "0"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-plans.sqlite3'}"
)

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.plans.models import ActionPlan, Activity
from uddannelsesby.plans.selectors import (
    budget_by_account,
    commitment_rollups,
    coverage_matrix,
    focus_area_rollups,
    plan_rollup,
)
from uddannelsesby.policies.models import Commitment, FocusArea, Policy, PolicyVersion

ACTIVITIES, AREAS, PER_AREA, RUNS = 5000, 10, 10, 30
SLUG = "bench-politik"


def build() -> ActionPlan:
    call_command("migrate", verbosity=0)
    Policy.objects.filter(slug=SLUG).delete()
    policy = Policy.objects.create(title="Bench", slug=SLUG, status="adopted")
    PolicyVersion.objects.create(
        policy=policy, number=1, kind="adopted", content={}, created_at=django.utils.timezone.now()
    )
    commitments = []
    for a in range(AREAS):
        area = FocusArea.objects.create(
            policy=policy, position=a, title=f"Område {a}", slug=f"o{a}"
        )
        commitments += Commitment.objects.bulk_create(
            Commitment(focus_area=area, position=c, title=f"Indsats {a}.{c}", slug=f"i{c}")
            for c in range(PER_AREA)
        )
    organisations = [
        Organisation.objects.get_or_create(
            name=f"Bench org {i}", defaults={"slug": f"bench-{i}", "kind": "company"}
        )[0]
        for i in range(20)
    ]
    rng = random.Random(7)
    plans = []
    for year in (2025, 2026):
        plan = ActionPlan.objects.create(policy=policy, year=year, status="adopted")
        activities = Activity.objects.bulk_create(
            Activity(
                plan=plan,
                title=f"Aktivitet {year}-{i}",
                responsible=rng.choice(organisations),
                status=rng.choice(Activity.Status.values),
                progress=rng.randint(0, 100),
                weight=rng.randint(1, 5),
                budget=Decimal(rng.randint(0, 500_000)),
                spent=Decimal(rng.randint(0, 200_000)),
                budget_account=f"Konto {rng.randint(1, 12)}",
            )
            for i in range(ACTIVITIES // 2)
        )
        Activity.commitments.through.objects.bulk_create(
            Activity.commitments.through(activity=activity, commitment=c)
            for activity in activities
            for c in rng.sample(commitments, rng.randint(1, 3))
        )
        plans.append(plan)
    return plans[-1]


def median_ms(function, runs=RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    plan = build()
    total = Activity.objects.filter(plan__policy=plan.policy).count()
    print(
        f"\nAction plans: {total} activities, {AREAS * PER_AREA} commitments ({connection.vendor})"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {
        "plan overview": f"/handleplaner/{SLUG}/{plan.year}/",
        "filtered": f"/handleplaner/{SLUG}/{plan.year}/?status=delayed",
        "coverage": f"/handleplaner/{SLUG}/daekning/",
    }
    print(f"{'page':<16}{'median ms':>10}{'queries':>9}   target < 100 ms")
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)
        print(f"{name:<16}{median_ms(lambda url=url: client.get(url)):>10.1f}{count:>9}")

    def rollups():
        plan_rollup(plan)
        focus_area_rollups(plan)
        commitment_rollups(plan)
        budget_by_account(plan)
        coverage_matrix(plan.policy)

    print(f"{'all roll-ups':<16}{median_ms(rollups, runs=10):>10.1f}{'':>9}   target < 1000 ms")


if __name__ == "__main__":
    sys.exit(main())
