"""Compare two policy contents section by section, as a readable word-level diff."""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class SectionDiff:
    key: str
    label: str
    state: str  # "added", "removed", "changed" or "unchanged"
    html: SafeString

    @property
    def changed(self) -> bool:
        return self.state != "unchanged"


def word_diff(old: str, new: str) -> SafeString:
    """HTML with <del> and <ins> around the words that differ; everything escaped."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f'<del class="diff-removed">{escape("".join(a[i1:i2]))}</del>')
        if j2 > j1:
            parts.append(f'<ins class="diff-added">{escape("".join(b[j1:j2]))}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def sections(content: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The content as ordered sections: key -> (label, text)."""
    result = {
        "summary": (_("Summary"), content.get("summary", "")),
        "background": (_("Background"), content.get("background", "")),
        "vision": (_("Vision"), content.get("vision", "")),
    }
    for area in content.get("focus_areas", []):
        result[f"area:{area['slug']}"] = (
            _("Focus area: %(title)s") % {"title": area["title"]},
            f"{area['title']}\n\n{area.get('introduction', '')}",
        )
        for commitment in area.get("commitments", []):
            result[f"commitment:{area['slug']}/{commitment['slug']}"] = (
                _("Commitment: %(title)s") % {"title": commitment["title"]},
                f"{commitment['title']}\n\n{commitment.get('text', '')}",
            )
    return result


def content_diff(old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    """Every section of either content, in the new content's order, removed ones after."""
    before, after = sections(old), sections(new)
    result = []
    for key, (label, text) in after.items():
        if key not in before:
            result.append(SectionDiff(key, label, "added", word_diff("", text)))
        else:
            state = "unchanged" if before[key][1] == text else "changed"
            result.append(SectionDiff(key, label, state, word_diff(before[key][1], text)))
    for key, (label, text) in before.items():
        if key not in after:
            result.append(SectionDiff(key, label, "removed", word_diff(text, "")))
    return result
