"""What every reader produces: the document as a flat list of blocks, in reading order.

Structure detection (detect.py) works on blocks only, so it is the same for Word, PDF, HTML and
pasted text; a reader's job is to say what each block looks like, not what it means.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
QUOTE = "quote"

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# (raw text, bold, italic, link address or ""); `link` says which addresses may be kept.
Span = tuple[str, bool, bool, str]
_LINK = re.compile(r"^(https?://[^\s/]|mailto:[^\s])", re.IGNORECASE)


def link(address: str | None) -> str:
    """The address if a link to it may be kept (http, https and mailto only), else ""."""
    address = (address or "").strip()
    return address if _LINK.match(address) else ""


@dataclass
class Block:
    kind: str
    text: str
    # A heading's rank: 1 is the most important. None when the source has no ranks (pasted
    # text): detection then decides by position and wording.
    level: int | None = None
    depth: int = 0  # a list item's nesting, 0 for the outermost list
    numbered: bool = False
    lead: str = ""  # a bold start of a paragraph or item ("Forskning: Vi vil ..."), a title
    # The words as the reader found them, a Span each, when the format marks emphasis or links
    # (Word runs, HTML <strong>/<em>/<a>, PDF fonts and link annotations): `marked` writes them
    # as Markdown. Detection reads `text` only, so titles never carry emphasis or links.
    spans: list[Span] = field(default_factory=list, repr=False, compare=False)


def clean(text: str) -> str:
    """One line of text: no soft hyphens, no runs of spaces."""
    text = _CONTROL.sub(" ", text.replace("\xad", "").replace("\u200b", ""))
    return _SPACE.sub(" ", text).strip()


def stripped(spans: list[Span]) -> list[Span]:
    """The spans without the spaces around their text (a table cell's, joined to others)."""
    spans = list(spans)
    while spans and not spans[0][0].strip():
        spans.pop(0)
    while spans and not spans[-1][0].strip():
        spans.pop()
    if spans:
        spans[0] = (spans[0][0].lstrip(), *spans[0][1:])
        spans[-1] = (spans[-1][0].rstrip(), *spans[-1][1:])
    return spans


_DESCRIPTION = re.compile(
    r"beskrivelse|uddybning|indhold|tekst|sådan|hvordan|sådan gør vi|description|details|how",
    re.IGNORECASE,
)
_ROW_NUMBER = re.compile(r"^(\d{1,3}(\.\d{1,3})*|[A-Za-z]|[IVX]{1,4})[.)]?$")


def table_row(cells: list[list[Span]], header: list[str] = ()) -> Block | None:
    """A row of two or more cells as an item titled by its first cell ("Det vil vi | Sådan"),
    a number column ("1.2") left out, and each other column labelled by its header
    ("Ansvarlig: Skoleforvaltningen") unless the header only says it is the description."""
    header = [*header, *[""] * len(cells)][: len(cells)]
    texts = [clean("".join(text for text, *_style in cell)) for cell in cells]
    if len(cells) > 2 and _ROW_NUMBER.match(texts[0]) and texts[1]:
        cells, texts, header = cells[1:], texts[1:], header[1:]
    kept = [
        (cell, text, label) for cell, text, label in zip(cells, texts, header, strict=True) if text
    ]
    if not kept:
        return None
    (first, title, _label), rest = kept[0], kept[1:]
    if not rest:
        return Block(ITEM, title, spans=first)
    spans: list[Span] = [*first]
    parts = []
    for number, (cell, text, label) in enumerate(rest):
        prefix = "" if not label or _DESCRIPTION.fullmatch(label.rstrip(":")) else f"{label}: "
        spans += [(": " if number == 0 else " ", False, False, ""), (prefix, False, False, "")]
        spans += cell
        parts.append(prefix + text)
    return Block(ITEM, f"{title}: {' '.join(parts)}", lead=title, spans=spans)


def marked(block: Block) -> str:
    """The block's text in Markdown with its emphasis and links: **bold**, *italic*,
    [text](address). Policy texts are Markdown (core.markdown), whose renderer keeps <strong>,
    <em> and <a>. A block cut from the end of another (the text after a commitment's title)
    keeps that block's spans. Without spans, or if they do not end with the text, the plain
    text."""
    if not block.spans:
        return block.text
    chars = _clean_chars(block.spans)
    if not "".join(char for char, *_style in chars).endswith(block.text):
        return block.text
    chars = chars[len(chars) - len(block.text) :]
    out: list[str] = []
    for address, run in _runs(chars, lambda char: char[3]):
        words = "".join(
            _emphasis(_text(part, address), *style)
            for style, part in _runs(run, lambda char: char[1:3])
        )
        out.append(_linked(words, address) if address else words)
    return "".join(out)


def _runs(chars: list, key):
    """Runs of characters with the same key; a space takes its neighbours' key when both have
    the same one (a space between two bold words is part of the bold)."""
    keys = [key(char) for char in chars]
    for index, char in enumerate(chars):
        if char[0] == " " and 0 < index < len(chars) - 1 and keys[index - 1] == keys[index + 1]:
            keys[index] = keys[index - 1]
    start = 0
    while start < len(chars):
        end = start
        while end < len(chars) and keys[end] == keys[start]:
            end += 1
        yield keys[start], chars[start:end]
        start = end


def _text(chars: list, address: str) -> str:
    """The characters' text; in a link's text, a backslash, a bracket or a backtick is
    escaped so that it cannot end the link early."""
    text = "".join(char for char, *_style in chars)
    return re.sub(r"([\\\[\]`])", r"\\\1", text) if address else text


def _linked(words: str, address: str) -> str:
    """[words](address), spaces outside; the address percent-encoded where Markdown would
    read its characters (parentheses, spaces, quotes, angle brackets)."""
    core = words.strip()
    url = quote(address, safe="!#$%&'*+,/:;=?@~")
    before, after = words[: len(words) - len(words.lstrip())], words[len(words.rstrip()) :]
    return f"{before}[{core}]({url}){after}" if core else words


def _clean_chars(spans: list[Span]) -> list[tuple[str, bool, bool, str]]:
    """clean() character by character, each character keeping its span's emphasis and link."""
    chars: list[tuple[str, bool, bool, str]] = []
    for text, *style in spans:
        for char in text:
            if char in "\xad\u200b":
                continue
            if _CONTROL.match(char) or _SPACE.match(char):
                char = " "
                if chars and chars[-1][0] == " ":
                    continue
            chars.append((char, *style))
    while chars and chars[0][0].isspace():
        chars.pop(0)
    while chars and chars[-1][0].isspace():
        chars.pop()
    return chars


def _emphasis(text: str, bold: bool, italic: bool) -> str:
    """One run of equally emphasised text; spaces and bare punctuation stay outside the marks
    (Markdown reads "** word**" as plain asterisks)."""
    core = text.strip()
    if not (bold or italic) or not any(char.isalnum() for char in core):
        return text
    mark = "***" if bold and italic else "**" if bold else "*"
    before, after = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{before}{mark}{core}{mark}{after}"


class PolicyImportError(Exception):
    """A file that cannot be read as a policy; the message is for the editor (translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


EMPTY = _("The file is empty: there is no text in it to import.")
NO_TEXT = _(
    "The PDF has no text layer: it is probably a scanned document. Use the Word file the PDF "
    "was made from, or run text recognition (OCR) on the PDF first."
)
PASSWORD = _("The file is protected by a password. Save a copy without a password and try again.")
NOT_WORD = _(
    "The file is not a Word document (.docx) that can be read. Open it in Word and save it as "
    "“Word Document (.docx)”."
)
OLD_WORD = _(
    "The file is in the old Word format (.doc). Open it in Word and save it as “Word Document "
    "(.docx)”."
)
# What a .docx may unpack to: a 5 MB file of repeated XML could otherwise unpack to gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
TOO_LARGE_UNPACKED = _("The document is too large once unpacked.")
DAMAGED = _("The file cannot be read; it may be damaged or only partly uploaded. Try again.")
NOT_SUPPORTED = _(
    "Only Word documents (.docx), PDF files with text, web pages (.html) and text files (.txt) "
    "can be imported."
)
NOT_PDF = _("The file is not a PDF that can be read; it may be damaged or only partly uploaded.")
NOT_TEXT = _("The file is not a text file that can be read (UTF-8 or Windows-1252 expected).")
NO_STRUCTURE = _(
    "No policy could be found in the text: it needs at least a title. Check that it is the "
    "right file."
)
