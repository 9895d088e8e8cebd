"""Policies as tagged, accessible PDF (PDF/UA-1), made by WeasyPrint from the page's content.

WeasyPrint reads what the HTML and CSS point at: the fetcher lets it read only our own fonts
and style sheet, never another local file (file:///etc/passwd) nor anything on the network
(an image on http://... would let text written by someone make the server fetch a URL).
"""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .models import Policy, PolicyVersion
from .selectors import policy_snapshot

FONT_DIR = "vendor/dkfds/fonts/IBMPlexSans/complete/ttf"
FONT_FACES = [
    ("400", "normal", "Regular"),
    ("600", "normal", "SemiBold"),
    ("400", "italic", "Italic"),
]


def _font_css() -> str:
    """@font-face rules for IBM Plex Sans, the design system's font, embedded in the PDF."""
    rules = []
    for weight, style, name in FONT_FACES:
        path = finders.find(f"{FONT_DIR}/IBMPlexSans-{name}.ttf")
        if path:
            rules.append(
                f"@font-face {{ font-family: 'IBM Plex Sans'; font-weight: {weight}; "
                f"font-style: {style}; src: url('file://{path}'); }}"
            )
    return "\n".join(rules)


class _OwnFilesOnly(URLFetcher):
    """Fetches files under the directories of our fonts and PDF style sheet; refuses the rest
    (WeasyPrint leaves out what it cannot fetch)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        found = [finders.find(FONT_DIR), finders.find("policies/pdf.css")]
        self.roots = [Path(path).resolve() for path in found if path]

    def fetch(self, url, headers=None):
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if urlsplit(url).scheme != "file" or not any(path.is_relative_to(r) for r in self.roots):
            raise ValueError(f"Not fetched for a PDF: {url[:200]}")
        return super().fetch(url, headers)


def render_pdf(html: str, *, base_url: str) -> bytes:
    fonts = FontConfiguration()
    fetcher = _OwnFilesOnly()
    stylesheets = [
        CSS(string=_font_css(), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=finders.find("policies/pdf.css"), font_config=fonts, url_fetcher=fetcher),
    ]
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1"
    )


def policy_pdf_bytes(
    *, policy: Policy, version: PolicyVersion | None, request: HttpRequest
) -> bytes:
    """The PDF of a version (cached: versions never change) or of the working copy."""
    key = f"policy-pdf:{version.pk}:{get_language()}" if version else None
    if key and (cached := cache.get(key)):
        return cached
    html = render_to_string(
        "policies/pdf.html",
        {
            "policy": policy,
            "version": version,
            "content": version.content if version else policy_snapshot(policy),
            "url": request.build_absolute_uri(policy.get_absolute_url()),
        },
        request=request,
    )
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    if key:
        cache.set(key, pdf, timeout=24 * 3600)
    return pdf
