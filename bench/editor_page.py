"""The policy page as a logged-in editor sees it: server CPU time and queries, in-process.

Median of RUNS requests with Django's test client over the demo database (after warm-up), as
bench/pages.py does for anonymous pages: `DATABASE_URL=... python bench/editor_page.py`.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uddannelsesby.config.settings.dev")
os.environ["DEBUG"] = "0"

import django

django.setup()

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

POLICY = "/politikker/politik-for-erhvervs-og-videregaaende-uddannelser/"
RUNS = int(next((a for a in sys.argv[1:] if a.isdigit()), "60"))


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="redaktoer"))
    for _ in range(5):
        assert client.get(POLICY).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(POLICY)
    sql = [query["sql"] for query in queries.captured_queries]  # the next request clears it
    count = len(sql)
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(POLICY)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    print(
        f"policy (editor): median {statistics.median(wall):.1f} ms wall, "
        f"{statistics.median(cpu):.1f} ms CPU, {count} queries ({RUNS} requests)"
    )
    if "-v" in sys.argv:
        for query in sql:
            print(query)


if __name__ == "__main__":
    main()
