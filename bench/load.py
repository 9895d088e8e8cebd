"""Throughput of the production stack, measured against nginx serving the same HTML as a file.

Starts the topology of deploy/ on loopback (deploy/cluster.sh: nginx balancing two gunicorn nodes
with the prod settings, PostgreSQL database `uddannelsesby_bench` with the demo, Redis, the
worker), plus an nginx server block in the same nginx that serves each measured page's HTML as a
static file. Then wrk (32 connections, LOAD_SECONDS each, default 10) runs against the two in turn,
A B A B A B, on 127.0.0.1 only, and the table gives requests/s, p50, p99, errors and the ratio
of the medians. Everything started is stopped at the end, whatever happens.

Needs nginx and wrk from Debian: `make nginx` installs them (as root), `make bench` runs it.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "deploy" / "cluster.sh"
DIR = ROOT / "var" / "bench-load"
PORT = 18490
STATIC_PORT = 18499
NODE_PORTS = "18491 18492"
SECONDS = int(os.environ.get("LOAD_SECONDS", "10"))
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "3"))
CONNECTIONS = 32
POLICY = "/politikker/politik-for-erhvervs-og-videregaaende-uddannelser/"
EDITOR = ("redaktoer", "demo-adgang-2026")
# name -> (path, logged in as the editor, target ratio to static nginx)
PAGES = {
    "home": ("/", False, 0.2),
    "policy": (POLICY, False, 0.2),
    "policy (editor)": (POLICY, True, 0.05),
    "catalogue search": ("/uddannelser/?q=uddannelserne", False, 0.1),
}
P99_TARGET_MS = 100  # anonymous pages


class PlainHttpSession(requests.Session):
    """The prod settings mark cookies Secure; on loopback there is no TLS, so the client keeps
    sending them (as a browser would to the HTTPS site). Redirects are best followed by hand:
    a cookie set by the redirecting response itself is not sent on by requests."""

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def session() -> requests.Session:
    return PlainHttpSession()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def login(base: str, username: str, password: str) -> requests.Session:
    client = session()
    page = client.get(f"{base}/konto/log-ind/", timeout=30)
    response = client.post(
        f"{base}/konto/log-ind/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": username,
            "password": password,
        },
        headers={"Referer": f"{base}/konto/log-ind/"},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"Could not log in as {username}: {response.status_code}")
    return client


def tools_present() -> bool:
    return bool(shutil.which("wrk")) and bool(
        shutil.which("nginx") or Path("/usr/sbin/nginx").exists()
    )


def require_tools() -> None:
    if tools_present():
        return
    subprocess.run(["make", "-s", "nginx"], cwd=ROOT, check=False)
    if not tools_present():
        raise SystemExit(
            "bench/load.py needs nginx and wrk (Debian packages): run 'make nginx' as root, "
            "or 'sudo apt-get install nginx wrk'."
        )


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, cookie: str = "", script: Path | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "5s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=SECONDS + 60
    ).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)) + sum(
        int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output)
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "errors": errors,
    }


def cluster(command: str) -> None:
    env = os.environ | {
        "CLUSTER_DIR": str(DIR),
        "CLUSTER_PORT": str(PORT),
        "NODE_PORTS": NODE_PORTS,
        "CLUSTER_DB": "uddannelsesby_bench",
        "REDIS_DB": "5",
        "NGINX_EXTRA": f"include {DIR}/static-server.conf;",
    }
    subprocess.run([str(CLUSTER), command], env=env, check=command != "down", timeout=1800)


def snapshot_pages(base: str, editor: requests.Session) -> dict[str, str]:
    """Each page's HTML as the app serves it, written where the static server finds it."""
    files = {}
    anonymous = session()
    for n, (name, (path, logged_in, _target)) in enumerate(PAGES.items()):
        response = (editor if logged_in else anonymous).get(base + path, timeout=30)
        assert response.status_code == 200, (name, response.status_code)
        (DIR / "pages" / f"{n}.html").write_bytes(response.content)
        files[name] = f"/{n}.html"
    return files


def main() -> int:
    require_tools()
    (DIR / "pages").mkdir(parents=True, exist_ok=True)
    (DIR / "static-server.conf").write_text(
        "server {\n"
        f"    listen 127.0.0.1:{STATIC_PORT};\n"
        f"    root {DIR / 'pages'};\n"
        "    default_type text/html;\n"
        "}\n"
    )
    base, static = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{STATIC_PORT}"
    cluster("up")
    try:
        editor = login(base, *EDITOR)
        cookie = "; ".join(f"{c.name}={c.value}" for c in editor.cookies)
        files = snapshot_pages(base, editor)
        results = {}
        for name, (path, logged_in, _target) in PAGES.items():
            wrk(base + path, cookie if logged_in else "")  # warm-up (caches, connections)
            runs = {"static": [], "app": []}
            for _round in range(ROUNDS):
                runs["static"].append(wrk(static + files[name]))
                runs["app"].append(wrk(base + path, cookie if logged_in else ""))
            results[name] = runs
            print(f"  measured {name}", flush=True)
        # The editor's page built by Django for every request: a new "written" cookie each
        # time, as if each came after a post of theirs, so nginx never has it (its own
        # cache answers the same reader's page again within the second).
        built = [wrk(base + POLICY, script=_every_time(editor)) for _round in range(ROUNDS)]
        met = report(results)
        report_built(built, results["policy (editor)"])
        return 0 if met else 1
    finally:
        cluster("down")


def report(results: dict) -> bool:
    """The table; whether every page met its target."""
    print(
        f"\nThroughput at {CONNECTIONS} connections, {ROUNDS} interleaved runs of {SECONDS} s each "
        "(medians; errors summed): the app (nginx -> 2 gunicorn nodes) against nginx serving the "
        "same HTML as a file"
    )
    header = (
        f"{'page':<18}{'static r/s':>11}{'app r/s':>9}{'ratio':>7}{'target':>8}"
        f"{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}  verdict"
    )
    print(header)
    met = True
    for name, runs in results.items():
        _path, logged_in, target = PAGES[name]
        static_rps = statistics.median(r["rps"] for r in runs["static"])
        app_rps = statistics.median(r["rps"] for r in runs["app"])
        p50 = statistics.median(r["p50"] for r in runs["app"])
        p99 = statistics.median(r["p99"] for r in runs["app"])
        errors = sum(r["errors"] for r in runs["app"]) + sum(r["errors"] for r in runs["static"])
        ratio = app_rps / static_rps if static_rps else 0
        ok = ratio >= target and errors == 0
        if not logged_in and name != "catalogue search":
            ok = ok and p99 < P99_TARGET_MS
        print(
            f"{name:<18}{static_rps:>11.0f}{app_rps:>9.0f}{ratio:>7.3f}{'>=' + str(target):>8}"
            f"{p50:>8.1f}{p99:>8.1f}{errors:>7}  {'meets' if ok else 'MISSES'} the target"
        )
        met = met and ok
    print(f"(p99 target < {P99_TARGET_MS} ms for the anonymous home and policy pages)")
    return met


def _every_time(editor: requests.Session) -> Path:
    """A wrk script sending the editor's cookies with a "written" cookie never sent before."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in editor.cookies if c.name != "written")
    script = DIR / "every-time.lua"
    script.write_text(
        "local threads = 0\n"
        "function setup(thread) threads = threads + 1; thread:set('id', threads) end\n"
        "local n = 0\n"
        "function request()\n"
        "  n = n + 1\n"
        f"  return wrk.format(nil, nil, {{['Cookie'] = '{cookie}; written=' .. id .. '-' .. n}})\n"
        "end\n"
    )
    return script


def report_built(built: list[dict], editor: dict) -> None:
    rps = statistics.median(r["rps"] for r in built)
    static_rps = statistics.median(r["rps"] for r in editor["static"])
    print(
        f"policy (editor), built by Django for every request (never from nginx's cache): "
        f"{rps:.0f} r/s, {rps / static_rps:.3f} x the file, p50 "
        f"{statistics.median(r['p50'] for r in built):.1f} ms, p99 "
        f"{statistics.median(r['p99'] for r in built):.1f} ms, "
        f"{sum(r['errors'] for r in built)} errors"
    )


if __name__ == "__main__":
    sys.exit(main())
