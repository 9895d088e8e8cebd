"""From blocks to a policy: title, introduction, vision, focus areas, commitments, contact, year.

The rules are described in docs/architecture.md ("Importing a policy from a document").
"""

import re
from dataclasses import replace

from .blocks import EMPTY, HEADING, ITEM, PARAGRAPH, QUOTE, Block, PolicyImportError, marked
from .tree import CommitmentNode, FocusAreaNode, PolicyTree

TITLE_MAX = 200
_NUMBERING = re.compile(r"^(\d{1,3}|[IVX]{1,4}|[A-Za-z])[.)]\s+")
# What a focus area's heading may say before its title: "Fokusområde 2:", "Indsatsområde 2 –",
# "Tema B." (after any numbering, which _NUMBERING takes).
AREA_LABEL = re.compile(
    r"^(fokusområde|indsatsområde|indsats|tema|spor|pejlemærke|focus area|theme)"
    r"(\s+(\d{1,3}|[A-Z]))?\s*([:.–—-])\s*(?=\S)",
    re.IGNORECASE,
)
# A paragraph that states the vision without a heading: "Vision: ...", "Vores vision er, at ...".
_VISION_LINE = re.compile(
    r"^((vores |vor |den fælles |kommunens |our )?vision(en)?\s*[:.–—-]\s*|"
    r"(vores |vor |kommunens |our )?vision(en)? (er|is)\b)",
    re.IGNORECASE,
)
_VISION = re.compile(r"(vores |vor |den |fælles |our |the )?vision(en)?", re.IGNORECASE)
_AREAS = re.compile(
    r"(de \w+ |vores |politikkens |our |the )?(indsatsområd|fokusområd|temaer|indsatser|"
    r"pejlemærker|strategiske spor|focus areas|themes)\w*",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"kontakt(oplysninger| os)?|yderligere (oplysninger|information)|vil du vide mere\??|"
    r"contact( us| details)?|further information",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"det vil vi|vi vil|det gør vi|sådan gør vi|what we will do|we will", re.IGNORECASE
)
_INTRO = re.compile(
    r"indledning|baggrund|forord|introduktion|formål|hvorfor|resumé|sammenfatning|"
    r"introduction|background|foreword|purpose|summary",
    re.IGNORECASE,
)
_YEAR_LINE = re.compile(r"\b(vedtaget|godkendt|adopted|approved)\b.*?\b((?:19|20)\d\d)\b", re.I)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_WE_WILL = re.compile(r"^(vi vil|vi arbejder|vi skal|we will)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])")
_SEPARATOR = re.compile(r"^(.{2,100}?)(?::\s+| – | — | - )(.+)$", re.DOTALL)
_QUOTES = "\"“”„»«'‘’"
_DASHES = " :.–—-"


def _key(block: Block) -> str:
    return _NUMBERING.sub("", block.text).strip().rstrip(":.").strip().lower()


def _is(block: Block, pattern: re.Pattern) -> bool:
    return block.kind == HEADING and pattern.fullmatch(_key(block)) is not None


def _is_marker(block: Block) -> bool:
    return block.kind in (HEADING, PARAGRAPH) and _MARKER.fullmatch(_key(block)) is not None


def _title(text: str) -> str:
    text = _NUMBERING.sub("", text).strip().rstrip(":").strip()
    return _shorten(text)


def _shorten(text: str) -> str:
    if len(text) <= TITLE_MAX:
        return text
    return text[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


def detect(blocks: list[Block]) -> PolicyTree:
    blocks = [_labelled(block) for block in blocks if block.text]
    if not blocks:
        raise PolicyImportError(EMPTY)
    year = None
    for index, block in enumerate(blocks):
        match = _YEAR_LINE.search(block.text) if block.kind == PARAGRAPH else None
        if match and len(block.text) <= 200:
            year = int(match.group(2))
            del blocks[index]
            break
    title_at = _title_index(blocks)
    title = _title(blocks[title_at].text)
    blocks = blocks[title_at + 1 :]
    if year is None and (match := _YEAR.search(title)):
        year = int(match.group(1))

    blocks, contact = _cut_contact(blocks)
    # "Vision" as a heading, or as a paragraph of its own (the first line of a text box)
    vision_at = _first(
        blocks,
        lambda b: b.kind in (HEADING, PARAGRAPH) and _VISION.fullmatch(_key(b)) is not None,
    )
    areas_at = _first(blocks, lambda b: _is(b, _AREAS))
    if areas_at is not None:
        start = areas_at + 1
    else:
        after = vision_at + 1 if vision_at is not None else 0
        start = _first(blocks, _could_head, after)
        start = len(blocks) if start is None else start
    intro_end = min(i for i in (vision_at, areas_at, start) if i is not None)
    introduction = [b for b in blocks[:intro_end] if not _is(b, _INTRO)]
    vision_blocks: list[Block] = []
    region = blocks[start:]
    if vision_at is not None:
        if vision_at < start:
            end = areas_at if areas_at is not None else start
            level = blocks[vision_at].level
            if level is not None:  # the vision runs to the next heading of its rank or above
                after = _first(
                    blocks,
                    lambda b: b.kind == HEADING and b.level is not None and b.level <= level,
                    vision_at + 1,
                )
                if after is not None and after < end:
                    introduction += [b for b in blocks[after:end] if not _is(b, _INTRO)]
                    end = after
            vision_blocks = blocks[vision_at + 1 : end]
        else:  # the vision comes after the focus areas: it runs to the next heading
            end = _first(blocks, lambda b: b.kind == HEADING, vision_at + 1) or len(blocks)
            vision_blocks = blocks[vision_at + 1 : end]
            region = blocks[start:vision_at] + blocks[end:]
    else:  # no heading: a paragraph of the introduction that says "Vision: ...", or that
        # stands alone before the introduction's own heading ("Indledning")
        said = next((b for b in introduction if _says_vision(b)), None)
        intro_at = _first(blocks[:intro_end], lambda b: _is(b, _INTRO))
        if said is None and intro_at == 1 and blocks[0].kind in (PARAGRAPH, QUOTE):
            said = blocks[0]
        if said is not None:
            introduction.remove(said)
            text = said.text
            if said.lead and _VISION.fullmatch(said.lead.strip(_DASHES).lower()):
                text = text[len(said.lead) :].lstrip(_DASHES)
            elif match := re.match(r"^(vision(en)?)\s*[:.–—-]\s*", text, re.IGNORECASE):
                text = text[match.end() :]
            kind = QUOTE if _quoted(said) else PARAGRAPH
            vision_blocks = [Block(kind, text, spans=said.spans)]
    quote = next((b for b in vision_blocks if _quoted(b)), None)
    vision = _markdown([b for b in vision_blocks if b is not quote])

    # A heading of the focus areas' heading's rank or above ends them ("Opfølgning" after
    # "Fokusområder"): what follows has no place of its own, and is kept in the introduction.
    unplaced: list[Block] = []
    unplaced_titles: list[str] = []
    if areas_at is not None and (rank := blocks[areas_at].level) is not None:
        ends = [i for i, b in enumerate(region) if b.kind == HEADING and (b.level or 99) <= rank]
        if ends:
            region, unplaced = region[: ends[0]], region[ends[0] :]
            unplaced_titles = [
                b.text for b in unplaced if b.kind == HEADING and (b.level or 99) <= rank
            ]
    preface, areas = _areas(region)
    return PolicyTree(
        title=title,
        introduction=_markdown(introduction + preface + unplaced),
        unplaced=unplaced_titles,
        vision=vision,
        vision_quote=quote.text.strip(_QUOTES + " ") if quote else "",
        year=year,
        contact="\n".join(b.text for b in contact),
        focus_areas=areas,
    )


def _labelled(block: Block) -> Block:
    """A plain paragraph that names a focus area ("1. Fokusområde: Overgange", typed without a
    heading style) is a heading without a rank."""
    text = block.text
    if block.kind != PARAGRAPH or len(text) > 150 or text.endswith((".", ":", "!", "?")):
        return block
    if AREA_LABEL.match(_NUMBERING.sub("", text)) is None:
        return block
    return replace(block, kind=HEADING, level=None, lead="", spans=[])


def _says_vision(block: Block) -> bool:
    return block.kind in (PARAGRAPH, QUOTE) and _VISION_LINE.match(block.text) is not None


def _area_title(text: str) -> str:
    """A focus area's title without its numbering and a label such as "Fokusområde 2:"."""
    title = _title(text)
    return _shorten(AREA_LABEL.sub("", title)) or title


def _first(blocks: list[Block], test, start: int = 0) -> int | None:
    return next((i for i in range(start, len(blocks)) if test(blocks[i])), None)


def _title_index(blocks: list[Block]) -> int:
    """A title marked as such among the first few blocks (Word's Title style, <h1>, the largest
    type in a PDF), else the first heading, else the first block."""
    first = blocks[:5]
    marked = [(b.level, i) for i, b in enumerate(first) if b.level is not None and b.level <= 1]
    if marked:
        return min(marked)[1]
    return next((i for i, b in enumerate(first) if b.kind == HEADING), 0)


def _could_head(block: Block) -> bool:
    """A block that can begin the focus areas (when no heading names them)."""
    if block.kind == HEADING:
        return not (_is(block, _INTRO) or _is(block, _VISION) or _is_marker(block))
    return block.kind == ITEM and block.numbered and block.depth == 0


def _cut_contact(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    at = _first(blocks, lambda b: _is(b, _CONTACT))
    if at is None:
        return blocks, []
    level = blocks[at].level
    end = len(blocks)
    if level is not None:
        end = _first(
            blocks, lambda b: b.kind == HEADING and b.level is not None and b.level <= level, at + 1
        )
        end = len(blocks) if end is None else end
    return blocks[:at] + blocks[end:], blocks[at + 1 : end]


def _quoted(block: Block) -> bool:
    text = block.text.strip()
    return block.kind == QUOTE or (
        len(text) > 2 and text[0] in _QUOTES and text[-1] in _QUOTES and block.kind != ITEM
    )


def _areas(region: list[Block]) -> tuple[list[Block], list[FocusAreaNode]]:
    """The focus areas of the region after the vision; and what stands before the first."""
    toc: set[str] = set()
    lead = 0
    while lead < len(region) and region[lead].kind == PARAGRAPH:
        lead += 1
    run = lead
    while run < len(region) and region[run].kind == ITEM and region[run].depth == 0:
        run += 1
    later = {_key(b) for b in region[run:] if b.kind in (HEADING, ITEM)}
    candidates = {_key(b) for b in region[lead:run]}
    if run - lead >= 2 and candidates <= later:
        toc = candidates  # a list of the focus areas, each repeated below as a heading
        region = region[:lead] + region[run:]
    heads = _heads(region, toc)
    if not heads:
        return region, []
    preface = region[: heads[0]]
    areas = []
    for number, head_at in enumerate(heads):
        end = heads[number + 1] if number + 1 < len(heads) else len(region)
        areas.append(_area(region[head_at], region[head_at + 1 : end]))
    return preface, areas


def _heads(region: list[Block], toc: set[str]) -> list[int]:
    headings = [i for i, b in enumerate(region) if b.kind == HEADING and not _is_marker(b)]
    if headings:
        levels = [region[i].level for i in headings if region[i].level is not None]
        if levels:
            top = min(levels)
            return [i for i in headings if region[i].level == top]
        if toc:
            return [i for i in headings if _key(region[i]) in toc]
        markers = [i for i, b in enumerate(region) if _is_marker(b)]
        if markers:
            heads, floor = [], -1
            for marker in markers:
                j = marker - 1
                while j > floor and region[j].kind != HEADING:
                    j -= 1
                if j > floor:
                    heads.append(j)
                floor = marker
            return heads
        numbered = [i for i in headings if _NUMBERING.match(region[i].text)]
        return numbered or headings
    items = [i for i, b in enumerate(region) if b.kind == ITEM and b.depth == 0]
    return [i for i in items if region[i].numbered] or items


def _area(head: Block, body: list[Block]) -> FocusAreaNode:
    if head.kind == ITEM:
        title, rest = _split(_unlabelled(head))
        if rest:
            body = [Block(PARAGRAPH, rest, spans=head.spans), *body]
        nested = [b.depth for b in body if b.kind == ITEM]
        shift = min(nested) if nested and min(nested) > 0 and body else 0
        body = [_shifted(b, shift) for b in body]
    else:
        title = _area_title(head.text)
    starts = _commitment_starts(body)
    first = starts[0] if starts else len(body)
    area = FocusAreaNode(
        title=_shorten(title), text=_markdown([b for b in body[:first] if not _is_marker(b)])
    )
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(body)
        block, rest = body[start], [b for b in body[start + 1 : end] if not _is_marker(b)]
        if block.kind == HEADING:
            title, text = _title(block.text), _markdown(rest)
        else:
            title, first_text = _split(block)
            depth = block.depth + 1 if block.kind == ITEM else 0
            rest = [_shifted(b, depth) if b.kind == ITEM else b for b in rest]
            opening = [Block(PARAGRAPH, first_text, spans=block.spans)] if first_text else []
            text = _markdown(opening + rest)
        area.commitments.append(CommitmentNode(title=title, text=text))
    return area


def _unlabelled(block: Block) -> Block:
    """A list item that heads a focus area, without a label such as "Fokusområde 1:"."""
    text = AREA_LABEL.sub("", block.text)
    if text == block.text or not text:
        return block
    return replace(block, text=text, lead=block.lead if text.startswith(block.lead) else "")


def _shifted(block: Block, shift: int) -> Block:
    if block.kind != ITEM or not shift:
        return block
    return replace(block, depth=max(0, block.depth - shift), lead="")


def _commitment_starts(body: list[Block]) -> list[int]:
    subheadings = [i for i, b in enumerate(body) if b.kind == HEADING and not _is_marker(b)]
    if subheadings:
        return subheadings
    marker = _first(body, _is_marker)
    after = 0 if marker is None else marker + 1
    items = [i for i in range(after, len(body)) if body[i].kind == ITEM]
    if items:
        top = min(body[i].depth for i in items)
        leads = [i for i in range(after, len(body)) if body[i].kind == PARAGRAPH and body[i].lead]
        return sorted({i for i in items if body[i].depth == top} | set(leads))
    if marker is not None:
        return [i for i in range(after, len(body)) if body[i].kind in (PARAGRAPH, QUOTE)]
    return [
        i for i, b in enumerate(body) if b.kind == PARAGRAPH and (b.lead or _WE_WILL.match(b.text))
    ]


def _split(block: Block) -> tuple[str, str]:
    """A commitment's title and text from one paragraph or list item."""
    text = block.text.strip()
    if block.lead and text.startswith(block.lead):
        return _shorten(block.lead.strip(_DASHES)), text[len(block.lead) :].lstrip(_DASHES)
    match = _SEPARATOR.match(text)
    if match and ". " not in match.group(1):
        return _shorten(match.group(1).strip()), match.group(2).strip()
    sentences = _SENTENCE_END.split(text, maxsplit=1)
    first = sentences[0].rstrip(".").strip()
    if len(first) > TITLE_MAX:
        return _shorten(first), text
    return first, sentences[1].strip() if len(sentences) > 1 else ""


def _markdown(blocks: list[Block]) -> str:
    chunks: list[str] = []
    in_list = False
    for block in blocks:
        if block.kind == ITEM:
            line = "  " * block.depth + ("1. " if block.numbered else "- ") + marked(block)
            if in_list:
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
            in_list = True
            continue
        in_list = False
        text = block.text if block.kind == HEADING else marked(block)
        chunks.append(f"> {text}" if block.kind == QUOTE else text)
    return "\n\n".join(chunks)
