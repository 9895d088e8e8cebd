"""PDF to blocks, with PDFium (pypdfium2): headings are lines in larger or bolder type than the
body text; list items start with a bullet or a number."""

import ctypes
import re
from collections import Counter

from django.core.exceptions import ValidationError

from uddannelsesby.core.uploads import check_pdf

from .blocks import (
    DAMAGED,
    EMPTY,
    HEADING,
    ITEM,
    NO_TEXT,
    PARAGRAPH,
    PASSWORD,
    Block,
    PolicyImportError,
    Span,
    clean,
    link,
)

_BULLET = re.compile(r"^([•◦▪▫●○■□‣⁃∙·\-–*])\s+")
_NUMBER = re.compile(r"^(\d{1,3}|[a-z])[.)]\s+")
_BARE_MARKER = re.compile(r"^([•◦▪▫●○■□‣⁃∙·\-–*]|\d{1,3}[.)]|[a-z][.)])$")
_PAGE_IN_LINE = re.compile(r"\b(side|page|s\.)\s*\d{1,4}(\s*(/|af|of)\s*\d{1,4})?", re.I)
_FOOTNOTE = re.compile(r"^(\d{1,3}|\*)[.)]?\s+\S")
_PAGE_NUMBER = re.compile(r"^(side\s+|page\s+)?\d{1,4}(\s*(/|af|of)\s*\d{1,4})?$", re.IGNORECASE)
_JOIN_AFTER_HYPHEN = {"og", "eller", "samt", "and", "or", "&"}
_ITALIC_FLAG = 1 << 6  # the font descriptor's Italic flag


def read_pdf(data: bytes) -> list[Block]:
    try:
        check_pdf(data)
    except ValidationError as error:
        raise PolicyImportError(PASSWORD if error.code == "pdf_password" else DAMAGED) from error
    try:
        pages = _pages(data)
    except Exception as error:  # a parser of untrusted bytes may fail in any way
        raise PolicyImportError(DAMAGED) from error
    if not pages:
        raise PolicyImportError(EMPTY)
    lines = _without_running_heads(pages)
    if not lines:
        raise PolicyImportError(NO_TEXT)
    return _blocks(lines)


def _pages(data: bytes) -> list[list[dict]]:
    """Every page's lines of text with their position, type size, weight, slant and link
    (PDFium: fast enough for a long policy, and it gives each character's font)."""
    import pypdfium2 as pdfium  # loaded on first use
    import pypdfium2.raw as pdfium_c

    # The text object a character belongs to, as a plain address (comparing pointers is slow).
    text_object_of = ctypes.cast(
        pdfium_c.FPDFText_GetTextObject,
        ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int),
    )
    pdf = pdfium.PdfDocument(data)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    box = [ctypes.byref(v) for v in (left, right, bottom, top)]
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    pages = []
    try:
        for page in pdf:
            height = page.get_height()
            text_page = page.get_textpage()
            raw_page = ctypes.cast(text_page.raw, ctypes.c_void_p)
            count = text_page.count_chars()
            text = text_page.get_text_range()
            if len(text) != count:  # characters outside the BMP: read them one by one
                text = "".join(
                    chr(pdfium_c.FPDFText_GetUnicode(text_page, i)) for i in range(count)
                )
            links = _links(pdfium_c, pdf, page)
            lines, chars, last_object, style = [], [], None, (0.0, False, False)
            for index, char in enumerate(text):
                if char in "\r\n\x02":
                    lines.append(chars)
                    chars = []
                    continue
                if not char.strip():
                    chars.append((char, None))
                    continue
                address = text_object_of(raw_page, index)
                if address != last_object:  # a new run of text: its font once
                    last_object = address
                    pdfium_c.FPDFText_GetFontInfo(text_page, index, name, 256, ctypes.byref(flags))
                    font = name.value.decode("latin-1")
                    style = (
                        round(pdfium_c.FPDFText_GetFontSize(text_page, index), 1),
                        _is_bold(font),
                        _is_italic(font, flags.value),
                    )
                address = _link_at(pdfium_c, text_page, index, box, links) if links else ""
                chars.append((char, index, *style, address))
            lines.append(chars)
            shaped = [_shaped(pdfium_c, text_page, chars, box, height) for chars in lines]
            pages.append(_same_baseline([line for chars in shaped if (line := _line(chars))]))
            text_page.close()
            page.close()
    finally:
        pdf.close()
    return pages


def _shaped(pdfium_c, text_page, chars: list[tuple], box, height: float) -> list[tuple]:
    """The line's characters with their shape; only the first and last are measured (the
    line's left edge, top and bottom), which keeps long documents fast."""
    printed = [c for c in chars if len(c) > 2]
    if not printed:
        return []
    first = _box(pdfium_c, text_page, printed[0][1], box, height)
    last = _box(pdfium_c, text_page, printed[-1][1], box, height)
    edge = (first[0], min(first[1], last[1]), max(first[2], last[2]))
    # (left, top, bottom, size, bold, italic, link, right)
    return [(c[0], None) if len(c) == 2 else (c[0], (*edge, *c[2:], last[3])) for c in chars]


def _box(pdfium_c, text_page, index: int, box, height: float) -> tuple[float, ...]:
    """A character's left, top and bottom (from the page's top) and right."""
    pdfium_c.FPDFText_GetCharBox(text_page, index, *box)
    left, right, bottom, top = (ref._obj.value for ref in box)
    return left, height - top, height - bottom, right


def _same_baseline(lines: list[dict]) -> list[dict]:
    """Join pieces of one printed line that the PDF lists apart (a list's bullet is often
    drawn after its text), keeping the reading order of the lines otherwise. Lines side by
    side with a wide gap between them are not one: they are in two columns."""
    result: list[dict] = []
    for line in lines:
        match = next(
            (
                other
                for other in result
                if abs(other["top"] - line["top"]) < 0.4 * line["size"]
                and abs(other["bottom"] - line["bottom"]) < 0.4 * line["size"]
                and _side_by_side(other, line)
            ),
            None,
        )
        if match is None:
            result.append(line)
            continue
        first, second = sorted((match, line), key=lambda item: item["x0"])
        chars = [*first["chars"], (" ", None), *second["chars"]]
        match.clear()
        match.update(_line(chars))
    return result


def _side_by_side(one: dict, other: dict) -> bool:
    """Two pieces of one line: a bare list marker and the text right of it, or two pieces
    with a gap of about two spaces at most between them (a column gap is wider)."""
    first, second = sorted((one, other), key=lambda item: item["x0"])
    gap, size = second["x0"] - first["x1"], max(one["size"], other["size"])
    return gap < (4 if _BARE_MARKER.match(first["text"]) else 1.2) * size


def _without_marks(chars: list[tuple[str, tuple | None]]) -> list[tuple[str, tuple | None]]:
    """The line's characters without footnote marks: digits in smaller type right after a
    word ("uddannelse¹")."""
    sizes = Counter(shape[3] for _char, shape in chars if shape is not None)
    if len(sizes) < 2:
        return chars
    body = sizes.most_common(1)[0][0]
    kept: list[tuple[str, tuple | None]] = []
    for char, shape in chars:
        after_word = bool(kept) and (kept[-1][0].isalpha() or kept[-1][0] in ".,;:)»”")
        if shape is not None and char.isdigit() and shape[3] < 0.8 * body and after_word:
            continue
        kept.append((char, shape))
    return kept


def _line(chars: list[tuple[str, tuple | None]]) -> dict | None:
    chars = _without_marks(chars)
    shapes = [shape for _char, shape in chars if shape is not None]
    if not shapes:
        return None
    text = clean("".join(char for char, _shape in chars))
    sizes = Counter(shape[3] for shape in shapes)
    bold = sum(1 for shape in shapes if shape[4])
    lead = ""
    if 0 < bold < len(shapes) and shapes[0][4]:
        lead_chars = []
        for char, shape in chars:
            if shape is not None and not shape[4]:
                break
            lead_chars.append(char)
        lead = clean("".join(lead_chars))
    return {
        "text": text,
        "x0": min(shape[0] for shape in shapes),
        "x1": max(shape[7] for shape in shapes),
        "top": min(shape[1] for shape in shapes),
        "bottom": max(shape[2] for shape in shapes),
        "size": sizes.most_common(1)[0][0],
        "bold": bold == len(shapes),
        "lead": lead,
        "weight": len(shapes),
        "chars": chars,
    }


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(word in name for word in ("bold", "black", "heavy", "semibold", "demi"))


def _is_italic(fontname: str, flags: int) -> bool:
    name = fontname.lower()
    return bool(flags & _ITALIC_FLAG) or "italic" in name or "oblique" in name


def _links(pdfium_c, pdf, page) -> list[tuple[float, float, float, float, str]]:
    """The page's links to web and mail addresses: (left, bottom, right, top, address)."""
    links = []
    position, annotation, rect = ctypes.c_int(0), pdfium_c.FPDF_LINK(), pdfium_c.FS_RECTF()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(annotation)):
        action = pdfium_c.FPDFLink_GetAction(annotation)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buffer, size)
        address = link(buffer.value.decode("utf-8", "replace"))
        if address and pdfium_c.FPDFLink_GetAnnotRect(annotation, ctypes.byref(rect)):
            bottom, top = sorted((rect.bottom, rect.top))
            links.append((rect.left, bottom, rect.right, top, address))
    return links


def _link_at(pdfium_c, text_page, index: int, box, links) -> str:
    """The address of the link the character's middle is in, or ""."""
    pdfium_c.FPDFText_GetCharBox(text_page, index, *box)
    left, right, bottom, top = (ref._obj.value for ref in box)
    x, y = (left + right) / 2, (bottom + top) / 2
    return next((a for x0, y0, x1, y1, a in links if x0 <= x <= x1 and y0 <= y <= y1), "")


def _spans(chars: list[tuple]) -> list[Span]:
    """A line's characters as spans with their emphasis and link."""
    return [(c, *shape[4:7]) if shape else (c, False, False, "") for c, shape in chars]


def _without_running_heads(pages: list[list[dict]]) -> list[dict]:
    """Drop page numbers, and lines repeated at the top or bottom of most pages."""
    sizes = Counter()
    for line in (line for lines in pages for line in lines):
        sizes[line["size"]] += line["weight"]
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    repeated: set[str] = set()
    if len(pages) >= 2:
        counts = Counter()
        for lines in pages:
            edge = {_running(line["text"]) for line in lines[:2] + lines[-2:]}
            counts.update(edge)
        repeated = {text for text, count in counts.items() if count > len(pages) / 2}
    result = []
    for number, lines in enumerate(pages):
        lines = [
            line
            for line in lines
            if _running(line["text"]) not in repeated and not _PAGE_NUMBER.match(line["text"])
        ]
        for line in _without_footnotes(lines, body):
            result.append(line | {"page": number})
    return result


def _without_footnotes(lines: list[dict], body: float) -> list[dict]:
    """A page's lines without its footnotes: the lines in smaller type at the foot of the
    page, the first of them starting with the note's number ("1 Danmarks Statistik, …")."""
    start = len(lines)
    while start > 0 and lines[start - 1]["size"] < 0.9 * body:
        start -= 1
    if start < len(lines) and start > 0 and _FOOTNOTE.match(lines[start]["text"]):
        return lines[:start]
    return lines


def _running(text: str) -> str:
    """A line as compared with the other pages' edges: without a page number in it
    ("Uddannelsespolitik · side 3 af 12")."""
    return _PAGE_IN_LINE.sub("#", text)


def _blocks(lines: list[dict]) -> list[Block]:
    sizes = Counter()
    for line in lines:
        sizes[line["size"]] += line["weight"]
    body = sizes.most_common(1)[0][0]
    styles = sorted(
        {(line["size"], line["bold"]) for line in lines if _is_heading(line, body)},
        key=lambda style: (-style[0], not style[1]),
    )
    rank = {style: index + 1 for index, style in enumerate(styles)}
    markers = _clusters(line["x0"] for line in lines if _marker(line["text"]) and not line["bold"])

    blocks: list[Block] = []
    previous = None
    for line in lines:
        text = line["text"]
        gap = (
            line["top"] - previous["bottom"]
            if previous is not None and previous["page"] == line["page"]
            else None
        )
        close = gap is not None and gap < 0.5 * line["size"]
        if _is_heading(line, body):
            style = (line["size"], line["bold"])
            last = blocks[-1] if blocks else None
            if close and last and last.kind == HEADING and last.level == rank[style]:
                last.text = _join(last.text, text)[0]
            else:
                blocks.append(Block(HEADING, text, level=rank[style]))
        elif (marker := _marker(text)) is not None:
            depth = _nearest(markers, line["x0"])
            blocks.append(
                Block(
                    ITEM,
                    text[marker:].strip(),
                    depth=depth,
                    numbered=_NUMBER.match(text) is not None,
                    spans=_spans(line["chars"]),
                )
            )
        elif close and blocks and blocks[-1].kind in (PARAGRAPH, ITEM) and not line["lead"]:
            blocks[-1].text, space = _join(blocks[-1].text, text)
            blocks[-1].spans += [(space, False, False, ""), *_spans(line["chars"])]
        else:
            blocks.append(Block(PARAGRAPH, text, lead=line["lead"], spans=_spans(line["chars"])))
        previous = line
    return blocks


def _is_heading(line: dict, body: float) -> bool:
    return line["size"] > body * 1.1 or (line["bold"] and line["size"] >= body * 0.95)


def _marker(text: str) -> int | None:
    match = _BULLET.match(text) or _NUMBER.match(text)
    return match.end() if match else None


def _clusters(values, tolerance: float = 4.0) -> list[float]:
    """Left edges of list markers, one per indentation (close positions are one)."""
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > tolerance:
            result.append(value)
    return result


def _nearest(positions: list[float], x: float) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - x)) if positions else 0


def _join(before: str, after: str) -> tuple[str, str]:
    """The two lines' text as one, and what came between them ("" or a space)."""
    if before.endswith("-") and after.split(" ", 1)[0] not in _JOIN_AFTER_HYPHEN:
        return before + after, ""
    return f"{before} {after}", " "
