"""Benchmarks: server time and queries of the main pages, and bytes a browser transfers.

Run with `make bench` (which sets up the demo first). Server time is measured in-process with
Django's test client over the demo database (median of many requests, after warm-up); bytes are
measured with Chromium against a real server (gunicorn, DEBUG off, static files compressed and
cached as in production), on a first visit and a repeat visit.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uddannelsesby.config.settings.dev")
os.environ["DEBUG"] = "0"

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

POLICY = "/politikker/politik-for-erhvervs-og-videregaaende-uddannelser/"
PAGES = {"home": "/", "policy": POLICY, "policy list": "/politikker/"}
TARGET_MS = {"policy": 50}
TARGET_REPEAT_BYTES = 30 * 1024
RUNS = 60
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def server_times() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"Server time, in-process, median of {RUNS} requests after warm-up")
    print(f"{'page':<14}{'median ms':>10}{'p90 ms':>9}{'queries':>9}{'target':>10}")
    for name, url in PAGES.items():
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)  # read now: the next request clears the log
        samples = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        target = f"< {TARGET_MS[name]} ms" if name in TARGET_MS else ""
        median, p90 = statistics.median(samples), samples[int(len(samples) * 0.9)]
        print(f"{name:<14}{median:>10.1f}{p90:>9.1f}{query_count:>9}{target:>10}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "uddannelsesby.config.wsgi", "-b", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        env=os.environ.copy(),
        cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def visit_bytes(page, cdp, url: str) -> dict[str, int]:
    """Bytes on the wire (headers and compressed bodies) per resource type for one visit."""
    kinds: dict[str, str] = {}
    totals: dict[str, int] = {}
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))

    def finished(event):
        kind = kinds.get(event["requestId"], "Other")
        totals[kind] = totals.get(kind, 0) + int(event["encodedDataLength"])

    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    cdp.remove_listener("Network.loadingFinished", finished)
    return totals


def transfer_sizes() -> None:
    from playwright.sync_api import sync_playwright

    with running_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_context().new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        first = visit_bytes(page, cdp, base + POLICY)
        repeat = visit_bytes(page, cdp, base + POLICY)
        browser.close()
    kinds = sorted(set(first) | set(repeat))
    print("\nBytes transferred for the policy page (headers + compressed bodies)")
    print(f"{'resource':<14}{'first visit':>13}{'repeat visit':>14}")
    for kind in kinds:
        print(f"{kind:<14}{first.get(kind, 0):>13,}{repeat.get(kind, 0):>14,}")
    total_first, total_repeat = sum(first.values()), sum(repeat.values())
    print(f"{'total':<14}{total_first:>13,}{total_repeat:>14,}")
    verdict = "met" if total_repeat < TARGET_REPEAT_BYTES else "NOT met"
    print(f"repeat visit target < {TARGET_REPEAT_BYTES:,} bytes: {verdict}")
    print(f"repeat/first ratio: {total_repeat / total_first:.3f}")


if __name__ == "__main__":
    server_times()
    transfer_sizes()
