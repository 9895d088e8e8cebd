"""Soak of the two-node cluster (deploy/cluster.sh): mixed traffic, one node killed midway.

For SOAK_SECONDS (default 300; `make bench` runs 60): readers on the public pages, citizens
answering the open hearing of the demo (the form's CSRF and one-time tokens read from the form,
each citizen at an address of its own through X-Forwarded-For, as through a real proxy), and an
editor posting activity updates. At 40 % of the time node 2 is killed with SIGKILL (its whole
process group) and started again. Then it checks, and exits 1 if any check fails:

- every response that got its receipt (the thank-you page, 200) is in the database;
- no 5xx, except requests in flight on the killed node when it died;
- the editor's session works on both nodes, asked directly;
- each of the editor's updates is shown by both nodes, asked directly;
- the resident set of node 1's gunicorn processes and of the db_worker grows by at most 10 %
  between minute 1 (or 20 % of a shorter soak) and the end.

`deploy/cluster.sh soak` runs it against a cluster that is up (--running); run on its own it
starts its own cluster and stops it at the end.
"""

import argparse
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import psycopg
from load import login, session

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "deploy" / "cluster.sh"
SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
READERS, CITIZENS = 4, 2
EDITOR = ("redaktoer", "demo-adgang-2026")
POLICY = "/politikker/politik-for-erhvervs-og-videregaaende-uddannelser/"
READ_PAGES = ["/", POLICY, "/politikker/", "/uddannelser/?q=uddannelserne", "/deltag/",
              "/handleplaner/", "/indikatorer/"]  # fmt: skip


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list = field(default_factory=list)  # (start, end, method, path, status or error)
    receipts: list = field(default_factory=list)  # markers of responses with a receipt
    updates: list = field(default_factory=list)  # (marker, seen on node 1, seen on node 2)
    sessions: list = field(default_factory=list)  # (node 1 status, node 2 status)

    def add(self, **kwargs):
        with self.lock:
            for key, value in kwargs.items():
                getattr(self, key).append(value)


class Soak:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.base = f"http://127.0.0.1:{env['CLUSTER_PORT']}"
        self.nodes = [f"http://127.0.0.1:{port}" for port in env["NODE_PORTS"].split()]
        self.log = Log()
        self.stop = threading.Event()
        self.killed_at: float | None = None  # the kill was sent between these two moments
        self.kill_done: float | None = None
        self.restarted_at: float | None = None

    # traffic -----------------------------------------------------------------------------------

    def request(self, client, method, url, **kwargs):
        start = time.monotonic()
        try:
            response = client.request(method, url, timeout=30, **kwargs)
            outcome = response.status_code
        except Exception as error:  # a connection the killed node dropped
            response, outcome = None, type(error).__name__
        self.log.add(requests=(start, time.monotonic(), method, url, outcome))
        return response

    def reader(self):
        client = session()
        while not self.stop.is_set():
            self.request(client, "GET", self.base + random.choice(READ_PAGES))

    def citizen(self, hearing: int):
        while not self.stop.is_set():
            client = session()  # a new citizen each time, from an address of their own
            client.headers["X-Forwarded-For"] = (
                f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
            )
            url = f"{self.base}/deltag/hoeringer/{hearing}/svar/"
            page = self.request(client, "GET", url)
            if page is None or page.status_code != 200:
                continue
            form = next(f for f in lxml.html.fromstring(page.text).forms if "text" in f.fields)
            data = dict(form.form_values())
            marker = f"Soak {uuid.uuid4()}"
            data |= {"name": "Soak Borger", "kind": "private", "text": marker, "consent": "on"}
            response = self.request(
                client, "POST", url, data=data, headers={"Referer": url}, allow_redirects=False
            )
            if response is not None and "/tak/" in response.headers.get("Location", ""):
                thanks = self.request(client, "GET", urljoin(url, response.headers["Location"]))
                if thanks is not None and thanks.status_code == 200:
                    self.log.add(receipts=marker)
            time.sleep(0.2)

    def editor(self, activity: int):
        client = login(self.base, *EDITOR)
        while not self.stop.is_set():
            self.log.add(sessions=self._session_on_nodes(client))
            url = f"{self.base}/handleplaner/aktivitet/{activity}/opdater/"
            page = self.request(client, "GET", url)
            if page is not None and page.status_code == 200:
                form = next(f for f in lxml.html.fromstring(page.text).forms if "text" in f.fields)
                data = dict(form.form_values())
                marker = f"Soak-opdatering {uuid.uuid4()}"
                data["text"] = marker
                response = self.request(
                    client, "POST", url, data=data, headers={"Referer": url}, allow_redirects=False
                )
                if response is not None and response.status_code in (302, 303):
                    seen = []
                    for node in self.nodes:
                        try:
                            shown = session().get(
                                f"{node}/handleplaner/aktivitet/{activity}/", timeout=30
                            )
                            seen.append(shown.status_code == 200 and marker in shown.text)
                        except Exception:
                            seen.append(None)  # the node is down: asked again later
                    self.log.add(updates=(marker, *seen))
            self.stop.wait(3)

    def _session_on_nodes(self, client):
        cookies = "; ".join(f"{c.name}={c.value}" for c in client.cookies)
        statuses = []
        for node in self.nodes:
            try:
                response = session().get(
                    f"{node}/handleplaner/oversigt/",
                    headers={"Cookie": cookies},
                    timeout=30,
                    allow_redirects=False,
                )
                statuses.append(response.status_code)
            except Exception:
                statuses.append(None)
        return tuple(statuses)

    # the cluster -------------------------------------------------------------------------------

    def cluster(self, *args):
        subprocess.run([str(CLUSTER), *args], env=self.env, check=True, timeout=600)

    def rss_kib(self) -> int:
        """Resident set of node 1's gunicorn processes and the db_worker (KiB)."""
        total = 0
        directory = Path(self.env["CLUSTER_DIR"])
        for name in ("node1", "worker"):
            group = int((directory / f"{name}.pid").read_text())
            output = subprocess.run(
                ["ps", "-o", "rss=", "-g", str(group)], capture_output=True, text=True
            ).stdout
            total += sum(int(n) for n in output.split())
        return total

    def run(self, hearing: int, activity: int) -> bool:
        threads = [threading.Thread(target=self.reader) for _ in range(READERS)]
        threads += [threading.Thread(target=self.citizen, args=(hearing,)) for _ in range(CITIZENS)]
        threads.append(threading.Thread(target=self.editor, args=(activity,)))
        start = time.monotonic()
        for thread in threads:
            thread.start()
        first_mark = min(60, SECONDS * 0.2)
        time.sleep(first_mark)
        rss_first = self.rss_kib()
        print(f"  {len(self.log.requests)} requests in the first {first_mark:.0f} s", flush=True)
        time.sleep(max(0, SECONDS * 0.4 - first_mark))
        print(f"  {len(self.log.requests)} requests so far; killing node 2", flush=True)
        self.killed_at = time.monotonic()
        self.cluster("kill-node", "2")
        self.kill_done = time.monotonic()
        time.sleep(5)
        self.cluster("start-node", "2")
        self.restarted_at = time.monotonic()
        print(f"  node 2 is back after {self.restarted_at - self.killed_at:.0f} s", flush=True)
        time.sleep(max(0, start + SECONDS - time.monotonic()))
        rss_end = self.rss_kib()
        self.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        return self.report(rss_first, rss_end)

    # checks ------------------------------------------------------------------------------------

    def report(self, rss_first: int, rss_end: int) -> bool:
        log = self.log
        ok = True
        print(f"\nSoak: {SECONDS} s, {READERS} readers, {CITIZENS} citizens, 1 editor; node 2 "
              f"killed (SIGKILL) at {SECONDS * 0.4:.0f} s and started again")  # fmt: skip
        total = len(log.requests)
        bad = [r for r in log.requests if not isinstance(r[4], int) or r[4] >= 500]
        in_flight = [r for r in bad if r[0] <= self.kill_done and r[1] >= self.killed_at]
        other = [r for r in bad if r not in in_flight]
        print(f"  requests: {total}, 5xx or dropped: {len(bad)} "
              f"(in flight on the killed node: {len(in_flight)}, other: {len(other)})")  # fmt: skip
        for failed in other[:5]:
            print(f"    unexpected: {failed[2]} {failed[3]} -> {failed[4]}")
        ok &= not other
        with psycopg.connect(self.env["DATABASE_URL"]) as db:
            stored = {
                row[0]
                for row in db.execute(
                    "SELECT text FROM participation_response WHERE text LIKE 'Soak %%'"
                )
            }
        missing = [m for m in log.receipts if m not in stored]
        print(f"  hearing responses with a receipt: {len(log.receipts)}, in the database: "
              f"{len(log.receipts) - len(missing)}")  # fmt: skip
        ok &= bool(log.receipts) and not missing
        sessions = [s for s in log.sessions if None not in s]
        working = [s for s in sessions if all(code == 200 for code in s)]
        print(f"  editor's session on both nodes (asked directly): {len(working)} of "
              f"{len(sessions)} checks")  # fmt: skip
        ok &= bool(sessions) and len(working) == len(sessions)
        updates = [u for u in log.updates if None not in u[1:]]
        shown = [u for u in updates if all(u[1:])]
        print(f"  editor's updates shown by both nodes right after saving: {len(shown)} of "
              f"{len(updates)}")  # fmt: skip
        ok &= bool(updates) and len(shown) == len(updates)
        growth = (rss_end - rss_first) / rss_first * 100
        print(f"  RSS of node 1 and the worker: {rss_first / 1024:.0f} MiB at "
              f"{min(60, SECONDS * 0.2):.0f} s, {rss_end / 1024:.0f} MiB at the end "
              f"({growth:+.1f} %, limit +10 %)")  # fmt: skip
        ok &= growth <= 10
        print(f"  verdict: {'all checks pass' if ok else 'FAILED'}")
        return ok


def cluster_env(own: bool) -> dict[str, str]:
    """Where the cluster is: its own (ports and database apart from `deploy/cluster.sh up`'s
    defaults) or the one that is up."""
    env = dict(os.environ)
    if own:
        env |= {
            "CLUSTER_DIR": str(ROOT / "var" / "soak-cluster"),
            "CLUSTER_PORT": "18470",
            "NODE_PORTS": "18471 18472",
            "CLUSTER_DB": "uddannelsesby_soak",
            "REDIS_DB": "6",
        }
    env.setdefault("CLUSTER_DIR", str(ROOT / "var" / "cluster"))
    env.setdefault("CLUSTER_PORT", "18480")
    env.setdefault("NODE_PORTS", "18481 18482")
    return env


def with_settings(env: dict[str, str]) -> dict[str, str]:
    """The cluster's environment file (database, Redis) on top."""
    env = dict(env)
    for line in (Path(env["CLUSTER_DIR"]) / "env").read_text().splitlines():
        key, _sep, value = line.partition("=")
        if key and not key.startswith("#"):
            env[key] = value
    return env


def targets(database_url: str) -> tuple[int, int]:
    """The demo's hearing, opened for the soak (the demo's own closed long ago; this is the
    cluster's copy of the demo), and an activity of an adopted plan."""
    with psycopg.connect(database_url) as db:
        (hearing,) = db.execute(
            "UPDATE participation_hearing SET starts_on = current_date - 1, "
            "ends_on = current_date + 30 WHERE id = (SELECT min(id) FROM participation_hearing) "
            "RETURNING id"
        ).fetchone()
        (activity,) = db.execute(
            "SELECT a.id FROM plans_activity a JOIN plans_actionplan p ON p.id = a.plan_id "
            "WHERE p.status = 'adopted' ORDER BY a.id LIMIT 1"
        ).fetchone()
    return hearing, activity


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--running", action="store_true", help="use the cluster that is up")
    running = parser.parse_args().running
    env = cluster_env(own=not running)
    if not running:
        subprocess.run([str(CLUSTER), "up"], env=env, check=True, timeout=1800)
    ok = False
    try:
        env = with_settings(env)
        ok = Soak(env).run(*targets(env["DATABASE_URL"]))
    finally:
        if not running:
            subprocess.run([str(CLUSTER), "down"], env=env, check=False, timeout=600)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
