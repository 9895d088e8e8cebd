"""Markdown written by editors, rendered to HTML that is safe to publish."""

from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Render and sanitize. Headings start at h3: pages own h1 and h2."""
    html = md.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    for level in (2, 1):  # shift h1/h2 down so the document outline stays intact
        html = html.replace(f"<h{level}", "<h3").replace(f"</h{level}>", "</h3>")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, link_rel="noopener noreferrer"))  # noqa: S308
