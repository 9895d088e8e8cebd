"""The editor's changes to a detected tree before it is saved: move, merge and split items.

Rows are the tree's focus areas and commitments as one flat list (PolicyTree.rows); the editor
renames and re-levels them in the form itself, and these actions do the rest.
"""

import re

from django.utils.translation import gettext_lazy as _

TREE_FIELDS = ("title", "introduction", "vision_quote", "vision", "year", "contact")
_ACTION = re.compile(r"^(up|down|merge|split)-(\d{1,5})$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_LINK = re.compile(r"\[((?:\\.|[^\\\]])*)\]\([^()\s]*\)")  # [text](address), as imported
_EMPHASIS = re.compile(r"(\*{1,3})(\S(?:.*?\S)?)\1")
_ESCAPED = re.compile(r"\\([\\\[\]`])")
TITLE_MAX = 200

NOTHING_TO_SPLIT = _(
    "There is nothing to split: the text is one sentence. Split happens at the first blank line "
    "(or else after the first sentence); what follows becomes a new item."
)
NOTHING_ABOVE = _("The first item has no item above it to be merged with.")


class ImportActionError(Exception):
    def __init__(self, index: int, message):
        super().__init__(str(message))
        self.index, self.message = index, message


def import_rows_apply(action: str, ordered: list[tuple[int, dict]]) -> tuple[list[dict], int]:
    """Apply one action to the rows, given in their new order with the form index each came
    from. Return the rows and the position to show next. ImportActionError names the form."""
    rows = [dict(row) for _index, row in ordered]
    match = _ACTION.match(action or "")
    if not match:
        return rows, 0
    verb, form_index = match.group(1), int(match.group(2))
    at = next((p for p, (index, _row) in enumerate(ordered) if index == form_index), None)
    if at is None:  # the row was left out in the same step
        return rows, 0
    if verb == "up" and at > 0:
        rows[at - 1], rows[at] = rows[at], rows[at - 1]
        return rows, at - 1
    if verb == "down" and at + 1 < len(rows):
        rows[at + 1], rows[at] = rows[at], rows[at + 1]
        return rows, at + 1
    if verb == "merge":
        if at == 0:
            raise ImportActionError(form_index, NOTHING_ABOVE)
        row = rows.pop(at)
        above = rows[at - 1]
        above["text"] = "\n\n".join(t for t in (above["text"], row["title"], row["text"]) if t)
        return rows, at - 1
    if verb == "split":
        head, rest = split_text(rows[at]["text"])
        if not rest:
            raise ImportActionError(form_index, NOTHING_TO_SPLIT)
        title, text = split_text(rest, title=True)
        rows[at]["text"] = head
        rows.insert(at + 1, {"level": rows[at]["level"], "title": title, "text": text})
        return rows, at + 1
    return rows, at


def split_text(text: str, *, title: bool = False) -> tuple[str, str]:
    """Text before and after its first blank line, or else after its first sentence. With
    `title`, the first part is a title: one sentence at most, without its full stop."""
    text = text.strip()
    first, _sep, later = text.partition("\n\n")
    if later and not title:
        return first.strip(), later.strip()
    sentences = _SENTENCE_END.split(first, maxsplit=1)
    head = sentences[0].strip()
    rest = "\n\n".join(p for p in (sentences[1] if len(sentences) > 1 else "", later) if p)
    if title:  # a title is plain text: without the Markdown of links and emphasis
        head = _ESCAPED.sub(r"\1", _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", head)))
        head = head.rstrip(".").strip()
        if len(head) > TITLE_MAX:
            head, rest = head[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…", text
    return head, rest.strip()
