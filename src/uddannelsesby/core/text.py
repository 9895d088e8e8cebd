import functools
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
# Dashes between words or years ("2026–2030"), and a slash between numbers ("2026/27"), part
# them in a slug too ("A/S" stays "as").
SLUG_DASHES = str.maketrans(dict.fromkeys("–—‒―−‑", "-"))
NUMBER_SLASH = re.compile(r"(?<=\d)/(?=\d)")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def danish_slugify(text: str, max_length: int = 80) -> str:
    """A URL slug that spells æ, ø and å the Danish way instead of dropping them, and keeps a
    dash between years ("2026–2030" is 2026-2030, not 20262030)."""
    text = NUMBER_SLASH.sub("-", text.translate(DANISH_LETTERS).translate(SLUG_DASHES))
    return slugify(text)[:max_length].strip("-") or "x"


def unique_slug(text: str, taken: set[str], max_length: int = 80) -> str:
    base = danish_slugify(text, max_length - 4)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def validate_no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value or ""):
        raise ValidationError(
            _("The text contains invisible control characters. Remove them and try again."),
            code="control_characters",
        )


SDG_TARGET = re.compile(r"^\d{1,2}\.[0-9a-z]{1,2}$")


@functools.cache
def sdg_targets() -> frozenset[str]:
    """The 169 targets of the UN Sustainable Development Goals, kept as data in the code."""
    text = (Path(__file__).parent / "data" / "sdg_targets.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip()[:1].isdigit())


def parse_sdg_targets(text: str) -> list[str]:
    """ "4.3, 4.4 | 8.6" -> ["4.3", "4.4", "8.6"]; refuses anything that is not a real target."""
    targets = [t.strip().lower() for t in re.split(r"[,;|\s]+", text or "") if t.strip()]
    wrong = [t for t in targets if not SDG_TARGET.match(t)]
    if wrong:
        raise ValidationError(
            _("Write each target as goal.target, like 4.3. Not understood: %(wrong)s"),
            params={"wrong": ", ".join(wrong)},
            code="sdg_targets",
        )
    unknown = [t for t in targets if t not in sdg_targets()]
    if unknown:
        raise ValidationError(
            _(
                "Not a target of the UN Sustainable Development Goals: %(unknown)s. The goals "
                "are numbered 1 to 17, for example 4.3, 8.b or 17.19."
            ),
            params={"unknown": ", ".join(unknown)},
            code="sdg_targets",
        )
    return list(dict.fromkeys(targets))


def email_subject(text: str) -> str:
    """One line, whatever the values in it held: a header never contains CR or LF."""
    return " ".join(str(text).split())
