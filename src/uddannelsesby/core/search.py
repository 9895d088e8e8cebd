"""Case-insensitive text filters that treat Æ, Ø and Å (and every other letter) like æ, ø, å.

SQLite's LIKE and lower() fold ASCII letters only, and PostgreSQL's UPPER() follows the
database's locale (a "C" locale folds ASCII only too). So a search for "ældre" would not find
"Ældre". Instead of relying on the database, each word is expanded here into its spellings with
the non-ASCII letters in either case ("ældre" -> "ældre", "Ældre"); ``icontains`` then folds the
ASCII letters. The same query runs on SQLite and PostgreSQL, whatever the collation.
"""

import itertools
from collections.abc import Iterable, Sequence

from django.db.models import Q

MAX_WORDS = 8  # more words than this in a search box are ignored
MAX_EXPANDED_LETTERS = 5  # 2**5 spellings a word at most; beyond, the common spellings only


def _folds(char: str) -> bool:
    """A non-ASCII letter with a one-letter other case (æ/Æ, ø/Ø, å/Å, é/É, ü/Ü ...)."""
    return (
        not char.isascii()
        and char.lower() != char.upper()
        and len(char.lower()) == 1
        and len(char.upper()) == 1
    )


def spellings(word: str) -> list[str]:
    """The word with each non-ASCII letter in lower and upper case (ASCII is left as typed,
    since ``icontains`` folds it on every database)."""
    positions = [i for i, char in enumerate(word) if _folds(char)]
    if not positions:
        return [word]
    if len(positions) > MAX_EXPANDED_LETTERS:
        return sorted({word, word.lower(), word.upper(), word.capitalize()})
    found = []
    for cases in itertools.product((str.lower, str.upper), repeat=len(positions)):
        letters = list(word)
        for position, case in zip(positions, cases, strict=True):
            letters[position] = case(letters[position])
        found.append("".join(letters))
    return sorted(set(found))


def words_match(fields: Sequence[str], text: str, *, max_words: int = MAX_WORDS) -> Q:
    """Every word of the text occurs, in any case, in at least one of the fields."""
    condition = Q()
    for word in text.split()[:max_words]:
        condition &= field_contains(fields, word)
    return condition


def field_contains(fields: Iterable[str], value: str) -> Q:
    """The value occurs, in any case, in one of the fields (Danish letters folded too)."""
    condition = Q()
    for spelling in spellings(value):
        for field in fields:
            condition |= Q(**{f"{field}__icontains": spelling})
    return condition
