"""What every reader produces: the document as a flat list of blocks, in reading order.

Structure detection (detect.py) works on blocks only, so it is the same for Word, PDF, HTML and
pasted text; a reader's job is to say what each block looks like, not what it means.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
QUOTE = "quote"

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


Span = tuple[str, bool, bool]


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
    # The words as the reader found them, (raw text, bold, italic) a span, when the format marks
    # emphasis (Word runs, HTML <strong>/<em>): `marked` writes it as Markdown. Detection reads
    # `text` only, so titles never carry emphasis.
    spans: list[Span] = field(default_factory=list, repr=False, compare=False)


def clean(text: str) -> str:
    """One line of text: no soft hyphens, no runs of spaces."""
    text = _CONTROL.sub(" ", text.replace("\xad", "").replace("\u200b", ""))
    return _SPACE.sub(" ", text).strip()


def marked(block: Block) -> str:
    """The block's text in Markdown with its emphasis: **bold**, *italic*. Policy texts are
    Markdown (core.markdown), whose renderer keeps <strong> and <em>. A block cut from the end
    of another (the text after a commitment's title) keeps that block's spans. Without spans,
    or if they do not end with the text, the plain text."""
    if not block.spans:
        return block.text
    chars = _clean_chars(block.spans)
    if not "".join(char for char, _bold, _italic in chars).endswith(block.text):
        return block.text
    chars = chars[len(chars) - len(block.text) :]
    out: list[str] = []
    start = 0
    while start < len(chars):
        end = start
        while end < len(chars) and chars[end][1:] == chars[start][1:]:
            end += 1
        out.append(_emphasis("".join(c for c, _b, _i in chars[start:end]), *chars[start][1:]))
        start = end
    return "".join(out)


def _clean_chars(spans: list[Span]) -> list[tuple[str, bool, bool]]:
    """clean() character by character, each character keeping its span's emphasis."""
    chars: list[tuple[str, bool, bool]] = []
    for text, bold, italic in spans:
        for char in text:
            if char in "\xad\u200b":
                continue
            if _CONTROL.match(char) or _SPACE.match(char):
                char = " "
                if chars and chars[-1][0] == " ":
                    continue
            chars.append((char, bold, italic))
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
