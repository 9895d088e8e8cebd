"""HEAD is answered like GET on every page (monitoring and link checkers send HEAD).

The test crawls the site as a visitor and as an editor from every URL without parameters and
every link found, one URL per pattern, and sends HEAD and GET to each: the same status, the
same content type, and no body for HEAD. A second test reads the views: no `require_GET`
(which answers 405 to HEAD) and no method list with GET but without HEAD.
"""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from uddannelsesby.accounts.models import Role

from ..factories import UserFactory
from .test_valid_html import Links, _pattern_of, _site, _static_urls

SKIP_PREFIXES = ("/admin/", "/sprog/", "/i18n/", "/static/", "/media/", "/konto/log-ud/")
MAX_URLS = 400


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _crawl(client: Client, seen: set[str]) -> list[tuple[str, int, int, str]]:
    """(url, GET status, HEAD status, problem) for one URL of each pattern reached."""
    results = []
    queue = deque(_static_urls())
    visited: set[str] = set()
    while queue and len(visited) < MAX_URLS:
        url = queue.popleft()
        if url in visited or urlsplit(url).path.startswith(SKIP_PREFIXES):
            continue
        visited.add(url)
        pattern = _pattern_of(url)
        if pattern is None or pattern in seen:
            continue
        seen.add(pattern)
        head = client.head(url)
        get = client.get(url)
        problem = ""
        if head.status_code != get.status_code:
            problem = f"HEAD {head.status_code}, GET {get.status_code}"
        elif body := _body(head):
            problem = f"HEAD answered a body of {len(body)} bytes"
        elif head.get("Content-Type") != get.get("Content-Type"):
            problem = f"HEAD {head.get('Content-Type')}, GET {get.get('Content-Type')}"
        results.append((url, get.status_code, head.status_code, problem))
        if get.status_code == 200 and get.get("Content-Type", "").startswith("text/html"):
            parser = Links()
            parser.feed(_body(get).decode())
            queue.extend(link for link in parser.links if link not in visited)
    return results


@pytest.mark.django_db
def test_head_is_answered_like_get_on_every_page():
    _site()
    editor = Client()
    editor.force_login(UserFactory(role=Role.EDITOR))
    results = []
    for client in (Client(), editor):
        results += _crawl(client, set())
    problems = [f"{url}: {problem}" for url, _get, _head, problem in results if problem]
    assert not problems, "\n".join(problems)
    answered = [url for url, get, _head, _problem in results if get == 200]
    assert len(answered) > 80, answered  # the crawl reached the site, not a few pages
    # Downloads are reached too, not only HTML pages.
    assert any(url.endswith(".csv") or "csv" in url for url in answered)
    assert any(url.endswith(".ics") or "ics" in url for url in answered)


METHODS = re.compile(r"require_http_methods\(\[([^\]]*)\]\)")


def test_no_view_refuses_head():
    problems = []
    for path in Path(settings.BASE_DIR, "src").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "require_GET" in text:
            problems.append(f"{path}: require_GET answers 405 to HEAD: use require_safe")
        for match in METHODS.finditer(text):
            methods = match[1]
            if '"GET"' in methods and '"HEAD"' not in methods:
                problems.append(f"{path}: {match[0]} without HEAD")
    assert not problems, "\n".join(problems)
