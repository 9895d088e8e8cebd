"""Every page is valid HTML by the W3C Nu HTML Checker (vnu-jar from npm, on the machine's Java).

The test crawls the site as the roles that see different pages (anonymous, an editor, a
student, an employer), from every URL without parameters and every link it finds, one page per
URL pattern and role, writes the HTML to a temporary folder and runs the checker once over all
of it.
"""

import datetime
import json
import re
import shutil
import subprocess
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from uddannelsesby.accounts.models import Role
from uddannelsesby.catalogue.models import Housing
from uddannelsesby.indicators import services as indicators
from uddannelsesby.participation import services as participation
from uddannelsesby.policies import services as policies

from ..bridge.helpers import make_employer, make_opportunity, make_student, organisation_member
from ..catalogue.helpers import make_event, make_programme
from ..factories import UserFactory
from ..participation.helpers import make_hearing, make_meeting, respond
from ..plans.factories import plan_site

ROOT = Path(settings.BASE_DIR)
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SKIP_PREFIXES = ("/admin/", "/sprog/", "/i18n/", "/static/", "/media/", "/konto/log-ud/")
SKIP_SUFFIXES = (".pdf", ".ics", ".csv", ".json", ".xlsx", ".svg", ".png", ".txt", ".xml")
MAX_PAGES = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(urldefrag(href)[0])


def _static_urls() -> list[str]:
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
                found.append("/" + route.lstrip("^").rstrip("$").removesuffix("\\Z"))

    walk(get_resolver().url_patterns)
    return found


def _pattern_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.route


def _crawl(client: Client, role: str, out: Path, seen_patterns: set, pages: dict) -> None:
    queue = deque(_static_urls())
    visited: set[str] = set()
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in visited or path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
            continue
        visited.add(url)
        pattern = _pattern_of(url)
        if pattern is None or (role, pattern) in seen_patterns or "format=" in url:
            continue
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        seen_patterns.add((role, pattern))
        html = response.content.decode()
        name = f"{len(pages):03d}.html"
        (out / name).write_text(html)
        pages[name] = f"{role} {url}"
        parser = Links()
        parser.feed(html)
        queue.extend(link for link in parser.links if link not in visited)


FORM_PAGE = re.compile(r"/(ny|rediger|opret|svar|ansoeg|opdater)/$")


def _error_states(clients: dict[str, Client], out: Path, pages: dict[str, str]) -> int:
    """Create and edit forms sent empty: the page with its error messages is checked too."""
    count = 0
    for where in list(pages.values()):
        role, url = where.split(" ", 1)
        if not FORM_PAGE.search(url):
            continue
        # One unknown field, so that `Form(request.POST or None)` is bound and shows its errors.
        response = clients[role].post(url, {"unknown": ""})
        if response.status_code == 400:
            error_name = f"{len(pages):03d}.html"
            (out / error_name).write_text(response.content.decode())
            pages[error_name] = f"{role} POST {url}"
            count += 1
    return count


SEARCHES = ["/soeg/?q=kollegiet", "/soeg/?q=kollegiet&kind=housing", "/soeg/?q=kollegiett+xq",
            "/soeg/?q=" + "x" * 300]  # fmt: skip


def _search_states(client: Client, out: Path, pages: dict[str, str]) -> int:
    """The search page with results, filtered, with nothing found ("Did you mean") and with an
    error (the crawl sees it only empty)."""
    for url in SEARCHES:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        name = f"{len(pages):03d}.html"
        (out / name).write_text(response.content.decode())
        pages[name] = f"anonymous {url}"
    return len(SEARCHES)


IMPORT = "/politikker/redaktion/importer/dokument/"
IMPORT_TEXT = "Politik\n\nVision\nGodt.\n\nOmråde\nIntro.\nDet vil vi\nIndsats\nTekst.\n"


def _import_pages(client: Client, out: Path, pages: dict[str, str]) -> None:
    """The document import, which the crawl cannot reach: the upload's error state, the review
    page with a detected policy, and the review's error state."""

    def keep(response, where: str, status: int) -> None:
        assert response.status_code == status, where
        name = f"{len(pages):03d}.html"
        (out / name).write_text(response.content.decode())
        pages[name] = f"editor {where}"

    keep(client.post(IMPORT, {"text": ""}), "POST import (nothing chosen)", 400)
    assert client.post(IMPORT, {"text": IMPORT_TEXT}).status_code == 302
    keep(client.get(f"{IMPORT}gennemse/"), "import review", 200)
    bad = {"title": "", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "1", "rows-0-level": "x"}
    keep(client.post(f"{IMPORT}gennemse/", bad), "POST import review (errors)", 400)


def _site():
    site = plan_site()
    hearing = make_hearing()
    respond(hearing)
    make_meeting()
    programme = make_programme()
    make_event()
    Housing.objects.create(
        name="Kollegiet", slug="kollegiet", street_address="Vej 1", postal_code="7400",
        city="Herning", rent_min=3450, rent_max=4200, size_min=18, size_max=40,
        waiting_list="Skriv dig op.",
    )  # fmt: skip
    survey = participation.survey_create(actor=None, title="Undersøgelse")
    participation.question_add(
        actor=None, survey=survey, kind="scale", text="Hvor meget?", choices=[]
    )
    participation.survey_set_status(actor=None, survey=survey, status="open")
    dialogue = participation.dialogue_create(
        actor=None, title="Dialog", question="Hvad mener du?", status="open"
    )
    participation.statement_add(actor=None, dialogue=dialogue, text="Flere praktikpladser")
    indicators.catalogue_sync()
    listed = policies.policy_create(
        actor=None, title="Kulturpolitik", listed_only=True, external_url="https://example.dk/k"
    )
    policies.policy_link_create(
        actor=None, policy=listed, kind="budget", title="Budget 2027", url="https://example.dk/b"
    )
    employer = make_employer()
    make_opportunity(employer, deadline=timezone.localdate() + datetime.timedelta(days=20))
    student = make_student(programme=programme)
    return site, employer, student


def _admin_pages(out: Path, pages: dict[str, str]) -> None:
    """The administrators' set-up pages, as drawn and with errors (not crawled as a role of its
    own: the rest of the site looks to an administrator as it does to an editor)."""
    client = Client()
    client.force_login(UserFactory(role=Role.ADMIN))
    for url in ["/opsaetning/", "/opsaetning/ny-kommune/"]:
        for method, data in [("GET", None), ("POST", {"code": "411", "name": "", "email": "x"})]:
            response = client.get(url) if method == "GET" else client.post(url, data)
            assert response.status_code == (200 if method == "GET" else 400)
            name = f"{len(pages):03d}.html"
            (out / name).write_text(response.content.decode())
            pages[name] = f"admin {method} {url}"


ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)


def _assert_danish(folder: Path, pages: dict[str, str]) -> None:
    """The crawled pages are Danish (the default language): no English month abbreviations,
    and no per cent sign without its number."""
    problems = []
    for name, where in pages.items():
        text = TAGS.sub(" ", (folder / name).read_text()).replace("&nbsp;", " ")
        if match := ENGLISH_MONTHS.search(text):
            problems.append(f"{where}: English month {match.group()!r}")
        for match in re.finditer("%", text):
            before = text[: match.start()].rstrip(" \xa0\n\t")
            if before and not before[-1].isdigit() and not before.endswith("("):
                problems.append(f"{where}: a per cent sign without a number: {before[-30:]!r}%")
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.django_db
def test_every_page_is_valid_html(tmp_path):
    java = shutil.which("java")
    assert java, "The HTML check needs Java 17 or later: e.g. apt-get install default-jre-headless"
    assert VNU.exists(), f"The HTML check needs {VNU}: run `npm ci` (vnu-jar is a dev dependency)"
    _site_, employer, student = _site()
    editor = UserFactory(role=Role.EDITOR)
    clients = {"anonymous": Client()}
    for role, user in [
        ("editor", editor),
        ("student", student.user),
        ("employer", organisation_member(employer)),
    ]:
        clients[role] = Client()
        clients[role].force_login(user)
    seen: set = set()
    pages: dict[str, str] = {}
    for role, client in clients.items():
        _crawl(client, role, tmp_path, seen, pages)
    assert _error_states(clients, tmp_path, pages) > 10  # forms in their error state
    _search_states(clients["anonymous"], tmp_path, pages)
    _import_pages(clients["editor"], tmp_path, pages)
    _admin_pages(tmp_path, pages)
    assert len(pages) > 60, pages  # the crawl reached the site, not only a few pages
    reached = {pattern for _role, pattern in seen}
    assert {
        "handleplaner/aktivitet/<int:pk>/rediger/",
        "deltag/undersoegelser/<int:pk>/",
        "deltag/dialog/<int:pk>/",
        "indikatorer/<slug:code>/",
        "uddannelser/boliger/<slug:slug>/",
        "bro/opslag/<int:pk>/rediger/",
        "bro/min-profil/",
        "politikker/redaktion/<slug:slug>/rediger/",
    } <= reached, sorted(reached)

    _assert_danish(tmp_path, pages)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always",
         *sorted(str(p) for p in tmp_path.glob("*.html"))],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    report = json.loads(result.stderr or result.stdout)
    errors = []
    for message in report["messages"]:
        name = Path(urlsplit(message.get("url", "")).path).name
        where = pages.get(name, name)
        errors.append(f"{where} line {message.get('lastLine')}: {message.get('message')}")
    assert errors == [], "\n".join(sorted(set(errors))[:80])
