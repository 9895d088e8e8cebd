"""Markdown written by editors, rendered to HTML that is safe to publish; and plain text that
citizens write, with its addresses made links.

Addresses written bare ("www.herning.dk", "https://…", "navn@herning.dk") become links, as
people expect from every other page they write on. Only http, https and mailto links are kept
(also those written as Markdown links); a link to a domain written without a scheme goes to
https. Inside a link or code nothing is linked.

Citizens' text (hearing responses, dialogue statements) is redacted before it is published
(participation.redaction): linking happens when the published text is rendered, after the
redaction, so an e-mail address that was removed cannot come back as a link.
"""

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown as md
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from linkify_it import LinkifyIt
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
# Domains written without a scheme are linked only with these endings: "README.md" or
# "bilag.pdf" stay text, "herning.dk" and "www.ug.dk" become links.
FUZZY_TLDS = [
    "dk", "gl", "fo", "eu", "com", "org", "net", "info", "edu", "gov", "int", "io", "nu",
    "se", "no", "de", "fi", "is", "uk", "nl", "fr", "es", "it", "at", "ch", "be", "pl",
]  # fmt: skip
NOT_LINKED_INSIDE = {"a", "code", "pre"}


@lru_cache(maxsize=1)
def _linkifier() -> LinkifyIt:
    linkifier = LinkifyIt().tlds(FUZZY_TLDS, False)
    for schema in ("ftp:", "//"):  # only http, https and mailto
        linkifier.add(schema, None)
    return linkifier


def links_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, address) of each link written bare in the text."""
    if not text or not _linkifier().pretest(text):
        return []
    found = []
    for match in _linkifier().match(text) or []:
        url = match.url
        if not match.schema:  # "www.herning.dk": the sites people name are served by https
            url = "https://" + url.removeprefix("http://")
        found.append((match.index, match.last_index, url))
    return found


class _Linkify(Treeprocessor):
    """Bare addresses in the text of the tree become <a> elements."""

    def run(self, root: etree.Element) -> None:
        self.in_raw_link = False
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in NOT_LINKED_INSIDE:
            return
        children = list(element)
        if element.text:
            links = self._split(element.text)
            if links:
                element.text, new = links[0], links[1:]
                for position, child in enumerate(new):
                    element.insert(position, child)
        for child in children:
            self._walk(child)
            if child.tail:
                links = self._split(child.tail)
                if links:
                    child.tail = links[0]
                    index = list(element).index(child)
                    for offset, new in enumerate(links[1:], start=1):
                        element.insert(index + offset, new)

    def _split(self, text: str) -> list:
        """[text before the first link, <a> (its tail the text after), ...] or []. Text
        between a raw <a ...> and </a> the editor wrote as HTML is a link already."""
        links = []
        position = 0
        for piece in [*HTML_PLACEHOLDER_RE.finditer(text), None]:
            end = piece.start() if piece else len(text)
            if not self.in_raw_link:
                links += [
                    (position + a, position + b, url) for a, b, url in links_in(text[position:end])
                ]
            if piece:
                raw = self.md.htmlStash.rawHtmlBlocks[int(piece[1])]
                raw = str(raw).lstrip().lower()
                if re.match(r"<a[\s>]", raw):
                    self.in_raw_link = True
                elif raw.startswith("</a"):
                    self.in_raw_link = False
                position = piece.end()
        if not links:
            return []
        parts: list = [text[: links[0][0]]]
        for number, (start, end, url) in enumerate(links):
            anchor = etree.Element("a", {"href": url})
            anchor.text = text[start:end]
            following = links[number + 1][0] if number + 1 < len(links) else len(text)
            anchor.tail = text[end:following]
            parts.append(anchor)
        return parts


class LinkifyExtension(Extension):
    def extendMarkdown(self, md_instance) -> None:  # noqa: N802 -- Python-Markdown's name
        # After the inline patterns (20) have made links, emphasis and code; before prettify.
        md_instance.treeprocessors.register(_Linkify(md_instance), "linkify", 15)


def _clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, url_schemes=URL_SCHEMES, link_rel=LINK_REL)


# Python-Markdown's link parsing takes time that grows with the square of the number of "[": a
# text of 20,000 (written by a partner, say) would hold a worker for minutes. A real text has
# far fewer; one with more is shown as plain text with its addresses linked.
MAX_BRACKETS = 400


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Render and sanitize. Headings start at h3: pages own h1 and h2."""
    if (text or "").count("[") > MAX_BRACKETS:
        paragraphs = re.split(r"\n\s*\n", text.strip())
        return mark_safe(  # noqa: S308 -- linkify_text escapes and cleans
            "".join(f"<p>{linkify_text(p)}</p>" for p in paragraphs if p.strip())
        )
    html = md.markdown(
        text or "", extensions=["sane_lists", "tables", LinkifyExtension()], output_format="html"
    )
    for level in (2, 1):  # shift h1/h2 down so the document outline stays intact
        html = html.replace(f"<h{level}", "<h3").replace(f"</h{level}>", "</h3>")
    return mark_safe(_clean(html))  # noqa: S308


def linkify_text(text: str) -> SafeString:
    """Plain text, escaped, with its bare addresses as links (line breaks are the caller's)."""
    text = text or ""
    out, position = [], 0
    for start, end, url in links_in(text):
        out.append(escape(text[position:start]))
        out.append(f'<a href="{escape(url)}">{escape(text[start:end])}</a>')
        position = end
    out.append(escape(text[position:]))
    return mark_safe(_clean("".join(out)))  # noqa: S308
