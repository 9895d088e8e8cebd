"""PDF to blocks, with pdfplumber: headings are lines in larger or bolder type than the body."""

import io
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
    clean,
)

_BULLET = re.compile(r"^([•◦▪▫●○■□‣⁃∙·\-–*])\s+")
_NUMBER = re.compile(r"^(\d{1,2}|[a-z])[.)]\s+")
_PAGE_NUMBER = re.compile(r"^(side\s+|page\s+)?\d{1,4}(\s*(/|af|of)\s*\d{1,4})?$", re.IGNORECASE)
_JOIN_AFTER_HYPHEN = {"og", "eller", "samt", "and", "or", "&"}


def read_pdf(data: bytes) -> list[Block]:
    try:
        check_pdf(data)
    except ValidationError as error:
        raise PolicyImportError(PASSWORD if error.code == "pdf_password" else DAMAGED) from error
    import pdfplumber  # loaded on first use

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page) for page in pdf.pages]
    except Exception as error:  # a parser of untrusted bytes may fail in any way
        raise PolicyImportError(DAMAGED) from error
    if not pdf.pages:
        raise PolicyImportError(EMPTY)
    lines = _without_running_heads(pages)
    if not lines:
        raise PolicyImportError(NO_TEXT)
    return _blocks(lines)


def _page_lines(page) -> list[dict]:
    lines = []
    for line in page.extract_text_lines(strip=True, return_chars=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars:
            continue
        sizes = Counter(round(c["size"], 1) for c in chars)
        bold = sum(1 for c in chars if _is_bold(c["fontname"]))
        lead = ""
        if 0 < bold < len(chars) and _is_bold(line["chars"][0]["fontname"]):
            lead_chars = []
            for char in line["chars"]:
                if char["text"].strip() and not _is_bold(char["fontname"]):
                    break
                lead_chars.append(char["text"])
            lead = clean("".join(lead_chars))
        lines.append(
            {
                "text": clean(line["text"]),
                "x0": line["x0"],
                "top": line["top"],
                "bottom": line["bottom"],
                "size": sizes.most_common(1)[0][0],
                "bold": bold == len(chars),
                "lead": lead,
                "weight": len(chars),
            }
        )
    return lines


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(word in name for word in ("bold", "black", "heavy", "semibold", "demi"))


def _without_running_heads(pages: list[list[dict]]) -> list[dict]:
    """Drop page numbers, and lines repeated at the top or bottom of most pages."""
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts = Counter()
        for lines in pages:
            edge = {line["text"] for line in lines[:2] + lines[-2:]}
            counts.update(edge)
        repeated = {text for text, count in counts.items() if count > len(pages) / 2}
    result = []
    for number, lines in enumerate(pages):
        for line in lines:
            if line["text"] in repeated or _PAGE_NUMBER.match(line["text"]):
                continue
            result.append(line | {"page": number})
    return result


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
                last.text = _join(last.text, text)
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
                )
            )
        elif close and blocks and blocks[-1].kind in (PARAGRAPH, ITEM) and not line["lead"]:
            blocks[-1].text = _join(blocks[-1].text, text)
        else:
            blocks.append(Block(PARAGRAPH, text, lead=line["lead"]))
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


def _join(before: str, after: str) -> str:
    if before.endswith("-") and after.split(" ", 1)[0] not in _JOIN_AFTER_HYPHEN:
        return before + after
    return f"{before} {after}"
