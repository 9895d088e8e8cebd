"""The files in deploy/ are the ones deploy/cluster.sh runs: they must at least be valid, and
nginx's page cache keeps only what Django shares, for a second."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.core.cache import caches
from django.test import Client

from uddannelsesby.accounts.models import Role
from uddannelsesby.core import services as core_services

from ..factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def test_the_cluster_script_is_valid_bash():
    subprocess.run(["bash", "-n", str(ROOT / "deploy" / "cluster.sh")], check=True)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make nginx)")
def test_the_nginx_site_as_the_cluster_runs_it(tmp_path):
    env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "CLUSTER_DIR": str(tmp_path),
           "CLUSTER_PORT": "18460", "NODE_PORTS": "18461 18462 18463"}  # fmt: skip
    done = subprocess.run(
        [str(ROOT / "deploy" / "cluster.sh"), "config"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    site = (tmp_path / "nginx" / "site.conf").read_text()
    for port in (18461, 18462, 18463):
        assert f"server 127.0.0.1:{port} max_fails=1" in site
    assert "listen 127.0.0.1:18460;" in site
    assert "ssl" not in site
    assert f"alias {tmp_path}/var/media/;" in site
    assert "internal;" in site
    environment = (tmp_path / "env").read_text()
    assert "DJANGO_SETTINGS_MODULE=uddannelsesby.config.settings.prod" in environment
    assert "SECRET_KEY=change-me" not in environment


def test_the_installed_site_keeps_tls_and_both_nodes():
    site = (ROOT / "deploy" / "nginx" / "uddannelsesby.conf").read_text()
    assert "listen 443 ssl;" in site
    assert "server 127.0.0.1:8001" in site
    assert "server 127.0.0.1:8002" in site
    assert "location = /metrics { return 404; }" in site


# nginx's page cache, as deploy/cluster.sh runs the site, in front of the app (the live server) --


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """The site file, as the cluster runs it, with the live server as its one node; the page
    cache on. Yields a function that gets a page through nginx."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_AGE = 60
    settings.PAGE_CACHE_PROXY_SECONDS = 1
    caches["pages"].clear()
    port, node = _free_port(), urlsplit(live_server.url).port
    env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "CLUSTER_DIR": str(tmp_path),
           "CLUSTER_PORT": str(port), "NODE_PORTS": str(node)}  # fmt: skip
    done = subprocess.run(
        [str(ROOT / "deploy" / "cluster.sh"), "config"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    conf = tmp_path / "nginx"
    server = subprocess.Popen(
        [NGINX, "-c", str(conf / "nginx.conf"), "-p", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        requests.get(f"{live_server.url}/healthz", timeout=30)  # the first request loads it all
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        yield lambda path, **kw: requests.get(base + path, timeout=10, allow_redirects=False, **kw)
    finally:
        server.terminate()
        server.wait(timeout=10)
        caches["pages"].clear()


def _second_start(settings, seconds: int) -> None:
    """nginx keeps a page to the end of the current second (PAGE_CACHE_PROXY_SECONDS 1): start
    at the beginning of one, so that a page just kept is still there for the next request."""
    settings.PAGE_CACHE_PROXY_SECONDS = seconds
    time.sleep(1 - time.time() % 1)


def _cache_status(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.headers["X-Cache-Status"]


PUBLIC = "/uddannelser/"


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make nginx)")
@pytest.mark.django_db(transaction=True)
def test_nginx_answers_anonymous_pages_itself_for_a_second(nginx, settings):
    _second_start(settings, 2)  # two seconds: room for a slow first page on a busy machine
    first = nginx(PUBLIC)
    assert _cache_status(first) == "MISS"
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert "X-Accel-Expires" not in first.headers  # for nginx only
    second = nginx(PUBLIC)
    assert _cache_status(second) == "HIT"
    assert second.text == first.text
    time.sleep(2.1)  # nginx's lifetime; Django's own cache still has it
    assert _cache_status(nginx(PUBLIC)) in {"EXPIRED", "STALE", "UPDATING"}


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make nginx)")
@pytest.mark.django_db(transaction=True)
def test_nginx_keeps_a_logged_in_page_for_its_reader_alone(nginx, editor, settings):
    # A page with a form's CSRF token for a new visitor: sets the CSRF cookie, never kept.
    for _ in range(2):
        login = nginx("/konto/log-ind/")
        assert _cache_status(login) == "MISS"
        assert "no-store" in login.headers["Cache-Control"]
        assert "csrftoken" in login.cookies
    other = UserFactory(role=Role.EDITOR, first_name="Bodil", last_name="Kirkegaard")
    readers = []
    for user in (editor, other):
        client = Client()
        client.force_login(user)
        cookies = {"sessionid": client.cookies["sessionid"].value}
        first = nginx(PUBLIC, cookies=cookies)  # sets the reader's CSRF cookie: not kept
        assert _cache_status(first) == "MISS"
        readers.append((user, cookies | {"csrftoken": first.cookies["csrftoken"]}))
    _second_start(settings, 5)
    for user, cookies in readers:
        own = nginx(PUBLIC, cookies=cookies)
        assert _cache_status(own) == "MISS"
        again = nginx(PUBLIC, cookies=cookies)
        assert _cache_status(again) == "HIT"
        assert "no-store" in again.headers["Cache-Control"]
        assert user.get_full_name() in again.text
        other_name = (other if user == editor else editor).get_full_name()
        assert other_name not in again.text
    anonymous = nginx(PUBLIC)
    assert _cache_status(anonymous) == "MISS"
    assert editor.get_full_name() not in anonymous.text
    assert _cache_status(nginx(PUBLIC)) == "HIT"
    # After a post of theirs (a new "written" cookie), never the page kept from before it.
    _user, cookies = readers[0]
    assert _cache_status(nginx(PUBLIC, cookies=cookies | {"written": "a1"})) == "MISS"
    # A waiting message: Django answers.
    assert _cache_status(nginx(PUBLIC, cookies=cookies | {"messages": "x"})) == "BYPASS"


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make nginx)")
@pytest.mark.django_db(transaction=True)
def test_a_change_shows_through_nginx_within_a_second(nginx, settings):
    _second_start(settings, 1)
    nginx(PUBLIC)
    assert _cache_status(nginx(PUBLIC)) == "HIT"
    core_services.site_settings_save(actor=None, name="Fanø Kommune", place_name="Fanø")
    changed = time.monotonic()
    while "Fanø Kommune" not in nginx(PUBLIC).text:
        # 1 s of nginx's cache, and the time to build the page again on a busy machine
        assert time.monotonic() - changed < 3, "the change did not show within 1 s"
        time.sleep(0.05)
    assert "Fanø Kommune" in nginx(PUBLIC).text


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make nginx)")
@pytest.mark.django_db(transaction=True)
def test_nginx_keeps_each_language_and_htmx_part_apart(nginx, settings):
    _second_start(settings, 5)
    danish = nginx(PUBLIC)
    english = nginx(PUBLIC, cookies={"django_language": "en"})
    assert _cache_status(danish) == _cache_status(english) == "MISS"
    assert '<html lang="da"' in danish.text
    assert '<html lang="en"' in english.text
    for language, cookies in (("da", {}), ("en", {"django_language": "en"})):
        again = nginx(PUBLIC, cookies=cookies)
        assert _cache_status(again) == "HIT"
        assert f'<html lang="{language}"' in again.text
    # The site ignores the browser's language (core.middleware.LanguageMiddleware): so does nginx.
    browser_english = nginx(PUBLIC, headers={"Accept-Language": "en"})
    assert _cache_status(browser_english) == "HIT"
    assert '<html lang="da"' in browser_english.text
    part = nginx(PUBLIC, headers={"HX-Request": "true", "HX-Target": "programme-search"})
    assert _cache_status(part) == "MISS"
    assert "<html" not in part.text
    assert "<html" in nginx(PUBLIC).text


def _imported_inside_functions() -> set[str]:
    """Third-party modules the application imports inside a function (not when it starts)."""
    import ast

    found = set()
    for path in (ROOT / "src" / "uddannelsesby").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    found.add(node.module)
                elif isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
    return {m for m in found if m.split(".")[0] not in ("uddannelsesby", "django")}


def test_gunicorn_imports_every_lazily_imported_library_before_the_workers_fork():
    """A worker's first request that clusters opinions imported scikit-learn (seconds, and past
    the timeout on a busy machine), and so did every new worker: the master imports them all."""
    modules = _imported_inside_functions()
    assert "sklearn.cluster" in modules
    script = (
        "import runpy, sys, django; django.setup(); "
        "runpy.run_path('deploy/gunicorn.conf.py')['when_ready'](None); "
        "print('\\n'.join(sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "uddannelsesby.config.settings.test"},
    )  # fmt: skip
    assert modules - set(done.stdout.split()) == set()
