"""Pasted text (a web page copied from the browser) to blocks.

Plain text has no styles: a heading is a short line without closing punctuation; a list item
starts with a bullet or a number; everything else is a paragraph. Heading ranks are unknown
(level None), so detection decides by position and wording.
"""

import re

from .blocks import HEADING, ITEM, PARAGRAPH, QUOTE, Block, clean
from .detect import AREA_LABEL

_BULLET = re.compile(r"^(\s*)([•◦▪●○■‣⁃·\-–*])\s+(.*)$")
_NUMBER = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(.*)$")
_QUOTED = re.compile(r"^[\"“”„»«'‘’].+[\"“”„»«'‘’]$")
_CLOSING = (".", ",", ";", ":", "!", "?", "…")
MAX_HEADING = 120


def read_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blank_before = True
    for raw in lines:
        line = clean(raw)
        if not line:
            blank_before = True
            continue
        previous = blocks[-1] if blocks else None
        numbered = _NUMBER.match(raw)
        if numbered and AREA_LABEL.match(numbered.group(3)) and not line.endswith(_CLOSING):
            blocks.append(Block(HEADING, line))  # "1. Fokusområde: Unge på færgen"
        elif (match := _BULLET.match(raw)) or (match := numbered):
            indent = len(match.group(1).expandtabs(4))
            blocks.append(
                Block(
                    ITEM,
                    clean(match.group(3)),
                    depth=indent // 2,
                    numbered=match.re is _NUMBER,
                )
            )
        elif (
            not blank_before
            and previous is not None
            and previous.kind in (PARAGRAPH, ITEM, HEADING)
            and not previous.text.endswith((".", "!", "?", "…"))
            and line[:1].islower()
            and " " in line  # not an e-mail address or a web address on its own line
        ):
            previous.text = f"{previous.text} {line}"  # a paragraph wrapped over lines
            if previous.kind == HEADING:
                previous.kind = PARAGRAPH
        elif _QUOTED.match(line):
            blocks.append(Block(QUOTE, line))
        elif len(line) <= MAX_HEADING and not line.endswith(_CLOSING):
            blocks.append(Block(HEADING, line))
        else:
            blocks.append(Block(PARAGRAPH, line))
        blank_before = False
    return blocks
