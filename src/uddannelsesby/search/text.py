"""How text becomes search terms, the same way on every database.

A text is split into words (runs of letters and digits, lower-cased), Snowball's Danish stop
words are dropped (PostgreSQL's ``danish`` configuration uses the same list) and each word is
reduced to its Snowball Danish stem ("uddannelserne" -> "uddan"). The stemming happens here in
Python, so SQLite and PostgreSQL index and look up exactly the same terms.
"""

import functools
import re
from pathlib import Path

import snowballstemmer

WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 60  # longer "words" (hashes, URLs run together) are not indexed
# An entry's terms end with its kind as a term of its own ("0kindprogramme"), so the FTS5 table
# and the GIN index find the matches of one kind without reading the entries of the others.
# Query words are never read as one (``engine.parse`` drops them).
KIND_PREFIX = "0kind"
# Snowball's Danish stop-word list (what PostgreSQL's danish.stop holds).
_STOP_LIST = """
    ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din
    disse dog du efter eller en end er et for fra ham han hans har havde have hende hendes her hos
    hun hvad hvis hvor i ikke ind jeg jer jo kunne man mange med meget men mig min mine mit mod ned
    noget nogle nu når og også om op os over på selv sig sin sine sit skal skulle som sådan thi til
    ud under var vi vil ville vor være været"""
STOP_WORDS = frozenset(_STOP_LIST.split())
SYNONYMS_FILE = Path(__file__).with_name("data") / "synonyms_da_en.txt"


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, without stop words."""
    return [
        w for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) <= MAX_WORD_LENGTH
    ]


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def terms(text: str) -> str:
    """The distinct stems of a text in order, each with a space either side (" a b ")."""
    found = dict.fromkeys(stems(text))
    return f" {' '.join(found)} " if found else ""


def kind_term(kind: str) -> str:
    return f"{KIND_PREFIX}{kind}"


def sort_key(title: str) -> str:
    """A key that sorts titles the Danish way (æ, ø, å after z) by plain byte comparison, which
    SQLite's BINARY and PostgreSQL's "C" collation both do."""
    return title.casefold().translate(_DANISH_ORDER)[:200]


_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def is_part(needle: str, word: str) -> bool:
    """The needle is a part of a compound word: its beginning ("pædagog" in
    "pædagoguddannelsen") or a later part after at least three letters ("design" in
    "tekstildesign"), never a few letters in from the start ("elev" in "relevant")."""
    if needle == word or len(needle) < 3:
        return False
    position = word.find(needle)
    if position == 0:
        return True
    return len(needle) >= 4 and word.find(needle, 3) >= 3


def one_typo(a: str, b: str) -> bool:
    """The words differ by exactly one letter added, left out, changed, or two letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]


def one_typo_or_part(typed: str, word: str) -> bool:
    """The word, or its beginning as a compound's first part, is one typo from what was typed."""
    if one_typo(typed, word):
        return True
    return len(word) > len(typed) and any(
        one_typo(typed, word[:n]) for n in (len(typed) - 1, len(typed), len(typed) + 1)
    )


def one_typo_in_later_part(typed: str, word: str) -> bool:
    """A later part of the compound (three letters in or more, as ``is_part`` has them) is
    one letter changed, swapped or left out from what was typed ("ingenør" ->
    "diplomingeniør", "okonom" -> "markedsføringsøkonom"); not one letter more, which a
    part one letter shorter would allow too often ("tomrer" -> "men-torer")."""
    n = len(typed)
    # One typo leaves the first half or the rest after the middle letter as it was: a quick
    # test that rules out most words before comparing each part.
    half = n // 2
    if typed[:half] not in word[3:] and typed[half + 1 :] not in word[3:]:
        return False
    return any(
        one_typo(typed, word[i : i + length])
        for length in (n, n + 1)
        for i in range(3, len(word) - length + 1)
    )


def part_needle(word: str, word_stem: str) -> str:
    """What a word is found by as a part of a compound: its stem, unless Snowball cut the
    word down to a few letters that begin too many other words ("værelse" -> "vær", as in
    "værksted"; "lejlighed" -> "lej"): then the word without its inflection ending."""
    if len(word_stem) <= 4 and len(word) - len(word_stem) >= 3:
        for ending in _INFLECTIONS:
            if word.endswith(ending) and len(word) - len(ending) >= 5:
                return word[: -len(ending)]
        return word
    return word_stem


_INFLECTIONS = ("erne", "ene", "ers", "er", "en", "et", "ne", "es", "e", "s")


# Danish letters as they are typed on a keyboard without them, and back ("paedagog",
# "socialraadgiver", "Aarhus" for "Århus").
_TO_DANISH = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))
# Plural endings Snowball does not bring back to the singular's stem: a vowel that changes
# ("landmænd", "jordemødre") or an "e" that moves ("maskinmestre", "søstre").
_PLURALS = (
    ("mænd", "mand"),
    ("mødre", "moder"),
    ("fædre", "fader"),
    ("brødre", "broder"),
    ("børn", "barn"),
    ("bønder", "bonde"),
    ("stre", "ster"),
)
_DERIVATIONS = ("ering", "ing", "eri", "else")
# "uddannelse" in its forms, also with one of its double letters typed single ("uddanelsen").
_PROGRAMME_ENDING = re.compile(r"-?ud{1,2}an{1,2}else(?:n|r|rne|ns|rnes)?$")


def spellings(word: str) -> list[str]:
    """Other spellings of the word, for when it finds nothing as typed: æ, ø, å written ae, oe,
    aa (each pair replaced everywhere in the word at once), or the other way round; and the
    singular of a plural whose stem is not the singular's ("jordemødrene" -> "jordemoder");
    the title a programme's name is made from ("tømreruddannelsen" -> "tømrer"); the root of
    a word for a work or field ("webudvikling" -> "webudvikl")."""
    danish, ascii_ = word, word
    for plain, letter in _TO_DANISH:
        danish = danish.replace(plain, letter)
        ascii_ = ascii_.replace(letter, plain)
    forms = [danish, ascii_]
    for form in (word, danish):
        for plural, singular in _PLURALS:
            position = form.rfind(plural)
            # The plural ending, followed by nothing or a definite ending ("-ne", "-ene").
            if position > 0 and form[position + len(plural) :] in ("", "e", "ne", "ene"):
                forms.append(form[:position] + singular)
                break
    for form in (word, danish):
        # "tømreruddannelsen", "sosuuddannelse": the programme named by the title it leads to.
        root = _PROGRAMME_ENDING.sub("", form)
        if root != form and len(root) >= 2:
            forms.append(root)
    for form in (word, danish):
        # The work or field for the person doing it: "webudvikling" -> "webudvikl(er)",
        # "byggeri" -> "bygg(etekniker)", "programmering" -> "programm(ør)".
        for ending in _DERIVATIONS:
            if form.endswith(ending) and len(form) - len(ending) >= 4:
                forms.append(form[: -len(ending)])
                break
    return [form for form in dict.fromkeys(forms) if form != word]


def typo_trigrams(word: str) -> set[str]:
    """Trigrams that every word one typo away from ``word`` shares at least one of: those of the
    word and of each form with one letter left out (a swap in the middle of a six-letter word
    changes all the word's own trigrams, but not those of the shorter forms)."""
    forms = {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
    return {form[i : i + 3] for form in forms for i in range(len(form) - 2)}


@functools.cache
def synonyms() -> dict[str, frozenset[str]]:
    """Stem -> the stems of the other words it also finds (see ``_synonym_data``)."""
    return _synonym_data()[0]


@functools.cache
def phrases() -> dict[tuple[str, ...], frozenset[str]]:
    """The stems of a phrase of several words ("social worker") -> the stems of the words it
    also finds ("socialrådgiver")."""
    return _synonym_data()[1]


@functools.cache
def _synonym_data():
    """synonyms_da_en.txt: one group a line, "sygeplejerske = nurse = nursing", every word of
    which finds the others; or "gymnasium -> stx hhx htx hf", the word on the left finding
    those on the right but not the other way round. A member of a group may be a phrase of
    several words ("socialrådgiver = social worker"): the phrase finds the group's words and
    what they find (a word does not find the phrase). "#" starts a comment."""
    groups: dict[str, set[str]] = {}
    phrase_groups: dict[tuple[str, ...], set[str]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "->" in line:
            left, right = line.split("->", 1)
            for source in {stem(w) for w in words(left)[:1]}:
                groups.setdefault(source, set()).update(stem(w) for w in words(right))
            continue
        members, phrase_members = set(), set()
        for part in line.split("="):
            part_stems = tuple(stem(w) for w in words(part))
            if len(part_stems) == 1:
                members.add(part_stems[0])
            elif part_stems:
                phrase_members.add(part_stems)
        for member in members:
            groups.setdefault(member, set()).update(members - {member})
        for phrase in phrase_members:
            phrase_groups.setdefault(phrase, set()).update(members)
    # A phrase finds what its group's words find, too ("high school" = "gymnasium" -> "stx").
    for others in phrase_groups.values():
        others.update(*(groups.get(member, ()) for member in list(others)))
    return (
        {member: frozenset(others - {member}) for member, others in groups.items()},
        {phrase: frozenset(others) for phrase, others in phrase_groups.items()},
    )
