"""Word (.docx) to blocks, with python-docx: heading styles, bold paragraphs, lists, tables."""

import io
import re
import zipfile

from .blocks import (
    DAMAGED,
    HEADING,
    ITEM,
    MAX_UNPACKED_BYTES,
    NOT_WORD,
    OLD_WORD,
    PARAGRAPH,
    PASSWORD,
    QUOTE,
    TOO_LARGE_UNPACKED,
    Block,
    PolicyImportError,
    Span,
    clean,
    link,
    stripped,
    table_row,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, and every encrypted Office file
_HEADING_STYLE = re.compile(r"^(heading|overskrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "titel"}
_QUOTE_STYLES = {"quote", "intense quote", "citat", "kraftigt citat"}
# Bold paragraphs rank below every heading style; larger text ranks higher.
BOLD_BASE = 20
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FIELD_WORD = re.compile(r'"([^"]*)"|(\S+)')
# Not read for a paragraph's text: deleted and moved-away text, and the fallback copy of
# content Word also writes in a newer form.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOT_READ = {f"{W}del", f"{W}moveFrom", f"{W}pPr", _FALLBACK}


def read_docx(data: bytes) -> list[Block]:
    if data.startswith(OLE_MAGIC):
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise PolicyImportError(PASSWORD if encrypted else OLD_WORD)
    if not data.startswith(b"PK"):
        raise PolicyImportError(NOT_WORD)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise PolicyImportError(NOT_WORD)
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise PolicyImportError(TOO_LARGE_UNPACKED)
            if archive.testzip() is not None:
                raise PolicyImportError(DAMAGED)
    except zipfile.BadZipFile as error:
        raise PolicyImportError(DAMAGED) from error
    import docx  # loaded on first use

    try:
        document = docx.Document(io.BytesIO(data))
        return list(_Reader(document).blocks())
    except PolicyImportError:
        raise
    except Exception as error:  # a parser of untrusted bytes may fail in any way
        raise PolicyImportError(NOT_WORD) from error


class _Reader:
    def __init__(self, document):
        from docx.enum.style import WD_STYLE_TYPE

        self.document = document
        self.formats = _numbering_formats(document)
        # python-docx looks a style up anew on every access, which is slow on long documents:
        # look each up once, by its id.
        self.styles = {style.style_id: style for style in document.styles}
        self.default_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def style(self, paragraph):
        return self.styles.get(paragraph._p.style) or self.default_style

    def bold(self, run, paragraph) -> bool:
        if run.bold is not None:
            return run.bold
        for style in (self.styles.get(run._r.style), self.style(paragraph)):
            value = _inherited(style, "bold")
            if value is not None:
                return value
        return False

    def emphasis(self, run, attribute: str) -> bool:
        """Bold or italic marked on the words (the run or its character style), not the look of
        the whole paragraph's style: a quote style set in italics is not emphasis."""
        value = getattr(run, attribute)
        if value is None:
            value = _inherited(self.styles.get(run._r.style), attribute)
        return bool(value)

    def runs(self, paragraph):
        """The paragraph's runs, those inside hyperlinks, simple fields and tracked insertions
        included (python-docx's `runs` has only its direct w:r), each with its link's address."""
        from docx.text.run import Run

        return [(Run(r, paragraph), address) for r, address in _runs(paragraph._p, paragraph)]

    def spans(self, paragraph) -> list[Span]:
        """The paragraph's words with their emphasis and link; a HYPERLINK field's shown text
        is linked to its address."""
        spans: list[Span] = []
        fields: list[list[str]] = []  # open complex fields: [instruction, address]
        for run, address in self.runs(paragraph):
            r = run._r
            if (char := r.find(f"{W}fldChar")) is not None:
                kind = char.get(f"{W}fldCharType")
                if kind == "begin":
                    fields.append(["", ""])
                elif kind == "separate" and fields:
                    fields[-1][1] = _field_link(fields[-1][0])
                elif kind == "end" and fields:
                    fields.pop()
            elif fields and not fields[-1][1] and r.find(f"{W}instrText") is not None:
                fields[-1][0] += "".join(t.text or "" for t in r.iter(f"{W}instrText"))
            elif _footnote_mark(run):
                continue
            else:
                address = next((f[1] for f in reversed(fields) if f[1]), address)
                bold, italic = self.emphasis(run, "bold"), self.emphasis(run, "italic")
                spans.append((run.text, bold, italic, address))
        return spans

    def cell_spans(self, cell) -> list[Span]:
        return stripped(
            [s for p in cell.paragraphs for s in (*self.spans(p), (" ", False, False, ""))]
        )

    def all_bold(self, paragraphs) -> bool:
        runs = [(r, p) for p in paragraphs for r, _a in self.runs(p) if r.text.strip()]
        return bool(runs) and all(self.bold(r, p) for r, p in runs)

    def lead(self, paragraph, text: str) -> str:
        """The bold words a paragraph starts with, when normal text follows them."""
        lead = []
        for run, _address in self.runs(paragraph):
            if run.text.strip() and not self.bold(run, paragraph):
                break
            lead.append(run.text)
        lead_text = clean("".join(lead))
        return lead_text if lead_text and len(lead_text) < len(text) else ""

    def size(self, paragraph) -> float:
        sizes = [r.font.size.pt for r, _a in self.runs(paragraph) if r.font.size is not None]
        if sizes:
            return max(sizes)
        size = _inherited(self.style(paragraph), "size")
        return size.pt if size is not None else 11.0

    def blocks(self):
        for part in self.document.iter_inner_content():
            if hasattr(part, "rows"):
                yield from self.table(part)
            else:
                yield from self.text_boxes(part)
                block = self.paragraph(part)
                if block is not None:
                    yield block

    def table(self, table):
        rows = list(table.rows)
        header: list[str] = []
        for index, row in enumerate(rows):
            cells = []
            for cell in row.cells:
                if cells and cell._tc is cells[-1]._tc:
                    continue  # a merged cell is listed once per column it spans
                cells.append(cell)
            if len(cells) == 1:
                for paragraph in cells[0].paragraphs:
                    if (block := self.paragraph(paragraph)) is not None:
                        yield block
                continue
            spans = [self.cell_spans(cell) for cell in cells]
            if index == 0 and len(rows) > 1 and all(self.all_bold(c.paragraphs) for c in cells):
                # a header row ("Indsats | Beskrivelse | Ansvarlig"): labels, not an item
                header = [clean("".join(text for text, *_style in s)) for s in spans]
                continue
            if (block := table_row(spans, header)) is not None:
                yield block

    def text_boxes(self, paragraph):
        """The paragraphs of the text boxes anchored in a paragraph (a vision set apart in a
        box), read before it; Word's older copy of each box (VML, in mc:Fallback) is not."""
        from docx.text.paragraph import Paragraph

        for box in paragraph._p.iter(f"{W}txbxContent"):
            if any(a.tag == _FALLBACK for a in box.iterancestors()):
                continue
            for p in box.iter(f"{W}p"):
                if block := self.paragraph(Paragraph(p, paragraph._parent)):
                    yield block

    def paragraph(self, paragraph) -> Block | None:
        spans = self.spans(paragraph)
        text = clean("".join(text for text, *_style in spans))
        if not text:
            return None
        paragraph_style = self.style(paragraph)
        style = (paragraph_style.name if paragraph_style is not None else "") or ""
        name = style.strip().lower()
        if name in _TITLE_STYLES:
            return Block(HEADING, text, level=0)
        if match := _HEADING_STYLE.match(name):
            return Block(HEADING, text, level=int(match.group(2)))
        if (outline := _outline_level(paragraph)) is not None:
            return Block(HEADING, text, level=outline + 1)
        if name in _QUOTE_STYLES:
            return Block(QUOTE, text, spans=spans)
        numbering = self.list_level(paragraph)
        if numbering is not None:
            depth, numbered = numbering
            lead = self.lead(paragraph, text)
            return Block(ITEM, text, depth=depth, numbered=numbered, lead=lead, spans=spans)
        if self.all_bold([paragraph]) and len(text) <= 150 and not text.endswith("."):
            return Block(HEADING, text, level=BOLD_BASE + round(100 - self.size(paragraph)))
        return Block(PARAGRAPH, text, lead=self.lead(paragraph, text), spans=spans)

    def list_level(self, paragraph) -> tuple[int, bool] | None:
        """(depth, numbered) for a list paragraph, from its own numbering or its style's."""
        for element in (paragraph._p.pPr, _style_ppr(self.style(paragraph))):
            num_pr = element.find(f"{W}numPr") if element is not None else None
            if num_pr is None:
                continue
            num_id = _val(num_pr.find(f"{W}numId"))
            if num_id in (None, "0"):
                return None  # numbering switched off
            depth = int(_val(num_pr.find(f"{W}ilvl")) or 0)
            fmt = self.formats.get((num_id, depth))
            if fmt is None:
                style = (getattr(self.style(paragraph), "name", "") or "").lower()
                numbered = "number" in style or "nummer" in style
            else:
                numbered = fmt not in ("bullet", "none")
            return depth, numbered
        return None


def _runs(element, paragraph, address: str = ""):
    """The runs in a paragraph (or a part of one), in reading order, each with the address of
    the hyperlink or simple HYPERLINK field it is in; deleted text left out."""
    for child in element:
        if child.tag == f"{W}r":
            yield child, address
        elif child.tag == f"{W}hyperlink":
            from docx.text.hyperlink import Hyperlink

            try:
                url = Hyperlink(child, paragraph).url
            except KeyError:  # a relationship the file does not have
                url = ""
            yield from _runs(child, paragraph, link(url) or address)
        elif child.tag == f"{W}fldSimple":
            yield from _runs(child, paragraph, _field_link(child.get(f"{W}instr")) or address)
        elif child.tag not in _NOT_READ:
            yield from _runs(child, paragraph, address)


def _footnote_mark(run) -> bool:
    """A footnote's number typed in superscript after a word ("Danmarks Statistik¹")."""
    text = run.text.strip()
    return bool(text) and len(text) <= 3 and bool(run.font.superscript) and text.isdigit()


def _field_link(instruction: str | None) -> str:
    """The web address of a HYPERLINK field ('HYPERLINK "https://…" \\o "tip"'), else ""."""
    words = [a or b for a, b in _FIELD_WORD.findall(instruction or "")]
    if not words or words[0].upper() != "HYPERLINK":
        return ""
    words = words[1:]
    while words and words[0].startswith("\\"):  # switches before the address
        words = words[2:] if words[0].lower() in ("\\l", "\\o", "\\t") else words[1:]
    return link(words[0]) if words else ""


def _val(element) -> str | None:
    return None if element is None else element.get(f"{W}val")


def _style_ppr(style):
    while style is not None:
        ppr = style.element.find(f"{W}pPr")
        if ppr is not None and ppr.find(f"{W}numPr") is not None:
            return ppr
        style = style.base_style
    return None


def _outline_level(paragraph) -> int | None:
    ppr = paragraph._p.pPr
    level = _val(ppr.find(f"{W}outlineLvl")) if ppr is not None else None
    return int(level) if level is not None and level.isdigit() and int(level) < 9 else None


def _numbering_formats(document) -> dict[tuple[str, int], str]:
    """(numId, level) -> numFmt ("bullet", "decimal", ...) from the numbering part."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for node in numbering.findall(f"{W}abstractNum"):
        levels = {}
        for lvl in node.findall(f"{W}lvl"):
            levels[int(lvl.get(f"{W}ilvl", "0"))] = _val(lvl.find(f"{W}numFmt")) or "decimal"
        abstract[node.get(f"{W}abstractNumId")] = levels
    formats = {}
    for num in numbering.findall(f"{W}num"):
        levels = abstract.get(_val(num.find(f"{W}abstractNumId")), {})
        for level, fmt in levels.items():
            formats[(num.get(f"{W}numId"), level)] = fmt
    return formats


def _inherited(style, attribute: str):
    """A font attribute (bold, size) of a style or the styles it is based on."""
    while style is not None:
        value = getattr(style.font, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None
