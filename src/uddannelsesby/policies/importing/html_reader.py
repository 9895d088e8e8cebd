"""HTML (a saved web page) to blocks, with the standard library's HTML parser."""

import re
from html.parser import HTMLParser

from .blocks import (
    HEADING,
    ITEM,
    PARAGRAPH,
    QUOTE,
    Block,
    Span,
    clean,
    link,
    stripped,
    table_row,
)  # fmt: skip

_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "button", "select", "svg", "head"}  # fmt: skip
_BLOCK = {"p", "div", "section", "article", "main", "br", "hr", "dd", "dt", "figcaption",
          "address", "tr", "table", "caption", "body", "html"}  # fmt: skip
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_BOLD = {"strong", "b"}
_ITALIC = {"em", "i"}
# Around the content of a page saved from a municipality's website, marked by role or name
# rather than by element: menus, search, breadcrumbs, cookie banners, "see also" boxes.
_AROUND_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog",
                 "alertdialog", "menu", "menubar"}  # fmt: skip
_AROUND_NAME = re.compile(
    r"cookie|consent|(^|[\s_-])(breadcrumbs?|br[øo]dkrumme|skip-?link|site-?header|"
    r"site-?footer|menu|navbar|share|social|feedback|rating|last-?updated|updated|"
    r"sidst-?opdateret)($|[\s_-])",
    re.IGNORECASE,
)
# Ranked like a Word file's bold paragraphs: below every real heading.
BOLD_LEVEL = 20


def read_html(text: str) -> list[Block]:
    skip = _SKIP
    if "<main" in text.lower():
        skip = _SKIP - {"header", "footer"}  # inside the main content, an article's own header
        # A whole saved page: only its main content (menus and footers are not the policy).
        start = text.lower().index("<main")
        end = text.lower().rfind("</main>")
        text = text[start : end if end > start else None]
    parser = _Parser(skip)
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.blocks


class _Parser(HTMLParser):
    def __init__(self, skip: set[str]):
        super().__init__(convert_charrefs=True)
        self.skipped = skip
        self.blocks: list[Block] = []
        self.parts: list[Span] = []
        self.skip = 0
        self.bold = 0
        self.italic = 0
        self.lists: list[bool] = []  # True for <ol>
        self.heading: int | None = None
        self.item = False
        self.quote = 0
        self.links: list[str] = []  # the open <a> elements' addresses ("" for none kept)
        self.cells: list[list[Span]] | None = None
        self.row_tags: set[str] = set()  # "td", "th": the kinds of cell in the current row
        self.header: list[str] = []  # the current table's header row
        self.around: list = []  # [tag, depth] of an element around the content being skipped

    def handle_starttag(self, tag, attrs):
        if self.around:
            if tag == self.around[0]:
                self.around[1] += 1
            return
        if _is_around(dict(attrs)) and tag not in _VOID:
            self.around = [tag, 1]
            return
        if tag in self.skipped:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in _BOLD:
            self.bold += 1
        elif tag in _ITALIC:
            self.italic += 1
        elif tag == "a":
            self.links.append(link(dict(attrs).get("href")))
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append(tag == "ol")
        elif tag == "li":
            self.flush()
            self.item = True
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            self.heading = int(tag[1])
        elif tag == "blockquote":
            self.flush()
            self.quote += 1
        elif tag == "tr":
            self.flush()
            self.cells, self.row_tags = [], set()
        elif tag in ("td", "th"):
            self.flush_cell()
            self.row_tags.add(tag)
        elif tag in _BLOCK:
            self.flush()
            if tag == "table":
                self.header = []

    def handle_endtag(self, tag):
        if self.around:
            if tag == self.around[0]:
                self.around[1] -= 1
                if not self.around[1]:
                    self.around = []
            return
        if tag in self.skipped:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BOLD:
            self.bold = max(0, self.bold - 1)
        elif tag in _ITALIC:
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.links = self.links[:-1]
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
            self.item = False
        elif tag == "li":
            self.flush()
            self.item = False
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            self.heading = None
        elif tag == "blockquote":
            self.flush()
            self.quote = max(0, self.quote - 1)
        elif tag in ("td", "th"):
            self.flush_cell()
        elif tag == "tr":
            self.flush_cell()
            cells, self.cells = [c for c in (self.cells or []) if _text(c)], None
            if len(cells) > 1 and self.row_tags == {"th"}:  # a header row: labels, no item
                self.header = [_text(cell) for cell in cells]
            elif len(cells) == 1:
                self.blocks.append(Block(PARAGRAPH, _text(cells[0]), spans=cells[0]))
            elif cells and (block := table_row(cells, self.header)) is not None:
                self.blocks.append(block)
        elif tag in _BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip and not self.around:
            address = self.links[-1] if self.links else ""
            text = _WHITESPACE.sub(" ", data)  # a line break in the source is a space
            self.parts.append((text, self.bold > 0, self.italic > 0, address))

    def flush_cell(self):
        if self.cells is not None:
            self.cells.append(stripped(self.parts))
            self.parts = []

    def flush(self):
        parts, self.parts = self.parts, []
        if self.cells is not None:
            self.parts = parts  # inside a table row: the cell keeps its text
            return
        text = _text(parts)
        if not text:
            return
        visible = [(t, b) for t, b, *_style in parts if t.strip()]
        lead = ""
        if visible and visible[0][1] and not all(b for _t, b in visible):
            lead = _text(list(_leading_bold(parts)))
        if self.heading is not None:
            self.blocks.append(Block(HEADING, text, level=self.heading))
        elif self.item and self.lists:
            depth, numbered = len(self.lists) - 1, self.lists[-1]
            item = Block(ITEM, text, depth=depth, numbered=numbered, lead=lead, spans=parts)
            self.blocks.append(item)
        elif self.quote:
            self.blocks.append(Block(QUOTE, text, spans=parts))
        elif all(b for _t, b in visible) and len(text) <= 150 and not text.endswith("."):
            self.blocks.append(Block(HEADING, text, level=BOLD_LEVEL))
        else:
            self.blocks.append(Block(PARAGRAPH, text, lead=lead, spans=parts))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


def _is_around(attrs: dict) -> bool:
    """An element around the content: a menu, banner or cookie notice by its role or name, or
    one hidden from everyone."""
    if (attrs.get("role") or "").strip().lower() in _AROUND_ROLES:
        return True
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    return _AROUND_NAME.search(names) is not None


def _leading_bold(parts):
    for part in parts:
        if part[0].strip() and not part[1]:
            return
        yield part


def _text(spans: list[Span]) -> str:
    return clean("".join(text for text, *_style in spans))
