"""How well a student fits an opportunity (or a mentor), with a reason a person can read.

The score adds four parts, each between 0 and 1, with these weights:

- programme (0.35): the opportunity names the student's programme (1), names none (0.5),
  or names others (0);
- level (0.15): the same for the programme's level;
- skills (0.30): the share of the skills asked for that the student has (0.5 if none asked);
- words (0.20): cosine similarity of the texts (the student's interests against the
  opportunity's title and description) as TF-IDF vectors of Danish Snowball stems, stop words
  left out, so that "programmering" and "programmerer" count as the same word.

No embeddings: the fit must be explainable, and no model ships inside a package we may use.
"""

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import snowballstemmer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WEIGHTS = {"programme": 0.35, "level": 0.15, "skills": 0.30, "words": 0.20}
SIMILAR_WORDS = 0.15  # the cosine above which the texts are said to share words
WORD = re.compile(r"\w\w+")

_stemmer = snowballstemmer.stemmer("danish")


# Snowball's Danish stop words: every text has them, so they would make any two texts alike.
STOP_WORDS = frozenset({
    "ad", "af", "alle", "alt", "anden", "at", "blev", "blive", "bliver", "da", "de", "dem", "den",
    "denne", "der", "deres", "det", "dette", "dig", "din", "disse", "dog", "du", "efter", "eller",
    "en", "end", "er", "et", "for", "fra", "ham", "han", "hans", "har", "havde", "have", "hende",
    "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i", "ikke", "ind", "jeg", "jer", "jo",
    "kunne", "man", "mange", "med", "meget", "men", "mig", "min", "mine", "mit", "mod", "ned",
    "noget", "nogle", "nu", "når", "og", "også", "om", "op", "os", "over", "på", "selv", "sig",
    "sin", "sine", "sit", "skal", "skulle", "som", "sådan", "thi", "til", "ud", "under", "var",
    "vi", "vil", "ville", "vor", "være", "været",
})  # fmt: skip


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    stem = _stemmer.stemWord(word)
    # The stemmer leaves nouns in -ing whole; their verb drops it: programmering, programmerer.
    if stem.endswith("ing") and len(stem) >= 7:
        stem = _stemmer.stemWord(stem[:-3])
    return stem


def stems(text: str) -> list[str]:
    return [
        _stem(word)
        for word in WORD.findall(text.lower())
        if not word.isdigit() and word not in STOP_WORDS
    ]


@dataclass(frozen=True)
class Seeker:
    """A student as the ranking sees them."""

    key: Hashable
    programme: int | None
    level: str | None
    skills: frozenset[str] = frozenset()
    text: str = ""


@dataclass(frozen=True)
class Offer:
    """An opportunity or a mentor as the ranking sees it. Empty sets mean "any"."""

    key: Hashable
    programmes: frozenset[int] = frozenset()
    levels: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    text: str = ""


@dataclass(frozen=True)
class Fit:
    score: float
    programme: float
    level: float
    shared_skills: tuple[str, ...] = field(default=())
    asked_skills: int = 0
    similarity: float = 0.0

    @property
    def is_weak(self) -> bool:
        """Nothing in common: another programme and level, no shared skill, unlike texts."""
        return (
            self.programme == 0
            and self.level != 1
            and not self.shared_skills
            and self.similarity < SIMILAR_WORDS
        )

    @property
    def reason_for_organisation(self) -> str:
        return self.reason(for_student=False)

    def reason(self, *, for_student: bool = True) -> str:
        """Whole sentences, so they translate: "Matches your programme and 3 of your skills."

        The first says what the programme (or level) and the skills have in common, the
        second, if the texts are alike, says so.
        """
        count = len(self.shared_skills)
        match = "programme" if self.programme == 1 else "level" if self.level == 1 else ""
        if for_student:
            first = {
                ("programme", True): ngettext(
                    "Matches your programme and %(count)d of your skills.",
                    "Matches your programme and %(count)d of your skills.",
                    count,
                ),
                ("programme", False): _("Matches your programme."),
                ("level", True): ngettext(
                    "Suits your level and %(count)d of your skills.",
                    "Suits your level and %(count)d of your skills.",
                    count,
                ),
                ("level", False): _("Suits your level."),
                ("", True): ngettext(
                    "Shares %(count)d of your skills.",
                    "Shares %(count)d of your skills.",
                    count,
                ),
            }
            words = _("The description is close to your interests.")
        else:
            first = {
                ("programme", True): ngettext(
                    "Studies a programme you named and has %(count)d of the skills you ask for.",
                    "Studies a programme you named and has %(count)d of the skills you ask for.",
                    count,
                ),
                ("programme", False): _("Studies a programme you named."),
                ("level", True): ngettext(
                    "Studies at a level you named and has %(count)d of the skills you ask for.",
                    "Studies at a level you named and has %(count)d of the skills you ask for.",
                    count,
                ),
                ("level", False): _("Studies at a level you named."),
                ("", True): ngettext(
                    "Has %(count)d of the skills you ask for.",
                    "Has %(count)d of the skills you ask for.",
                    count,
                ),
            }
            words = _("Their interests are close to your description.")
        sentences = []
        if (match, bool(count)) in first:
            sentences.append(first[match, bool(count)] % {"count": count})
        if self.similarity >= SIMILAR_WORDS:
            sentences.append(words)
        if sentences:
            return " ".join(sentences)
        return _("Open to every programme.") if self.programme else _("Little in common.")


def _word_similarity(seekers: Sequence[Seeker], offers: Sequence[Offer]) -> np.ndarray:
    texts = [s.text for s in seekers] + [o.text for o in offers]
    if not any(t.strip() for t in texts):
        return np.zeros((len(seekers), len(offers)))
    from sklearn.feature_extraction.text import TfidfVectorizer  # slow to import: only here

    vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no words at all, only digits or punctuation
        return np.zeros((len(seekers), len(offers)))
    # Rows are L2-normalised, so the dot product is the cosine.
    return (matrix[: len(seekers)] @ matrix[len(seekers) :].T).toarray()


def _share(value, allowed: frozenset) -> float:
    if not allowed:
        return 0.5
    return 1.0 if value in allowed else 0.0


def fit_matrix(seekers: Sequence[Seeker], offers: Sequence[Offer]) -> list[list[Fit]]:
    """The fit of every seeker (rows) with every offer (columns)."""
    words = _word_similarity(seekers, offers)
    rows = []
    for i, seeker in enumerate(seekers):
        row = []
        for j, offer in enumerate(offers):
            programme = _share(seeker.programme, offer.programmes)
            level = _share(seeker.level, offer.levels)
            shared = tuple(sorted(seeker.skills & offer.skills))
            skills = len(shared) / len(offer.skills) if offer.skills else 0.5
            similarity = float(words[i, j])
            score = (
                WEIGHTS["programme"] * programme
                + WEIGHTS["level"] * level
                + WEIGHTS["skills"] * skills
                + WEIGHTS["words"] * similarity
            )
            row.append(
                Fit(
                    score=round(score, 4),
                    programme=programme,
                    level=level,
                    shared_skills=shared,
                    asked_skills=len(offer.skills),
                    similarity=round(similarity, 4),
                )
            )
        rows.append(row)
    return rows


def rank_offers(seeker: Seeker, offers: Sequence[Offer]) -> list[tuple[Offer, Fit]]:
    """Offers for one student, best first (ties in the given order)."""
    fits = fit_matrix([seeker], offers)[0] if offers else []
    return sorted(zip(offers, fits, strict=True), key=lambda pair: -pair[1].score)


def rank_seekers(offer: Offer, seekers: Sequence[Seeker]) -> list[tuple[Seeker, Fit]]:
    """Students for one opportunity, best first (ties in the given order)."""
    fits = [row[0] for row in fit_matrix(seekers, [offer])] if seekers else []
    return sorted(zip(seekers, fits, strict=True), key=lambda pair: -pair[1].score)
