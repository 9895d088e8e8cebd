"""The search engine: writing the index, reading a query, matching and ranking, on SQLite and
PostgreSQL with the same results.

How a query word finds an entry (every query word must find something, any of these counts):

1. **Word forms**: its Snowball Danish stem ("pædagoger" -> "pædagog") is among the entry's
   stems; so are the stems of its synonyms (``data/synonyms_da_en.txt``: "nurse" ->
   "sygeplejerske").
2. **Compound parts**: an indexed word that begins with the stem ("finans" ->
   "finansøkonom") or has it as a later part ("design" -> "tekstildesign"); see
   ``text.is_part``. A stem Snowball cut down to a few letters is looked for as more of the
   word (``text.part_needle``: "værelse" -> "værels", not "vær" as in "værksted").
3. **Other spellings**: a word that finds nothing as typed is read as it may have been meant
   (``text.spellings``): æ, ø, å typed ae, oe, aa ("paedagog"), a plural Snowball does not
   bring back to the singular ("jordemødre"), a programme named by its title
   ("tømreruddannelsen" -> "tømrer"), the root of a work ("webudvikling" -> "webudvikl(er)").
4. **One typo**: when the word is six letters or more and finds nothing as typed or spelled
   otherwise (neither its stem nor a word with the stem inside is in the index), the indexed
   words one letter added, left out, changed or swapped away ("datamatikker"), or beginning
   with such a word ("sygeplejerke" -> "sygeplejerskeuddannelsen"); only when there are none,
   a compound whose later part is one typo away ("ingenør" -> "diplomingeniør").

Words joined by "/" ("EUD/EUX") are one word with alternatives, and words that together are a
phrase of the synonym list ("social worker") also find the phrase's synonyms.

Steps 2 to 4 look words up in the vocabulary (``SearchWord``) through a trigram index:
PostgreSQL's pg_trgm (a GIN ``gin_trgm_ops`` index, ``LIKE '%part%'``) and SQLite's FTS5
``trigram`` tokenizer. The database only narrows the candidates; the decision is made here in
Python, so both back-ends expand a query into the same stems. The entries are then matched on
their stems: a GIN index over the stored vector ``terms_vector`` on PostgreSQL, an FTS5 table
on SQLite (with a covering index of what ranking reads of an entry). The site search counts
the matches per kind and ranks the page in one pass (``counts_and_page``).

Ranking, per query word: 3 when the title has the word's own stem, 2 when the title has a
synonym, a compound part or a typo's stem, 1 when only the rest of the text matches; summed over
the words, then the title in Danish alphabetical order (a byte-wise key, so the collation of the
database plays no part).
"""

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Exists, F, Func, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Length, StrIndex
from django.db.models.lookups import GreaterThan

from . import text
from .models import SearchEntry, SearchWord

MAX_NEAR = 40  # compound parts and typo forms considered per query word
TYPO_MIN_LENGTH = 6
CHUNK = 500  # rows a statement when writing


@dataclass(frozen=True)
class Document:
    kind: str
    key: str
    object_id: int
    title: str
    text: str
    url: str
    summary: str = ""


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- writing -------------------------------------------------------------------------------


def index_write(documents: Iterable[Document], *, replace: bool = True) -> None:
    """Add the documents' entries (replacing those with the same kind and key) and add their
    words to the vocabulary."""
    documents = list(documents)
    if not documents:
        return
    vocabulary: dict[str, str] = {}
    entries = []
    for document in documents:
        for word in text.words(f"{document.title} {document.text}"):
            if word not in vocabulary:
                vocabulary[word] = text.stem(word)
        entries.append(
            SearchEntry(
                kind=document.kind,
                key=document.key,
                object_id=document.object_id,
                title=document.title[:300],
                summary=_summary(document.summary or document.text),
                url=document.url,
                sort_key=text.sort_key(document.title),
                title_terms=text.terms(document.title),
                terms=_terms(document),
            )
        )
    with transaction.atomic():
        if replace:
            # A delete and insert rather than an upsert: SQLite's FTS triggers follow both.
            by_kind: dict[str, list[str]] = {}
            for entry in entries:
                by_kind.setdefault(entry.kind, []).append(entry.key)
            for kind, keys in by_kind.items():
                for start in range(0, len(keys), CHUNK):
                    SearchEntry.objects.filter(
                        kind=kind, key__in=keys[start : start + CHUNK]
                    ).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=CHUNK)
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, stem=s) for w, s in vocabulary.items()],
            batch_size=CHUNK,
            ignore_conflicts=True,
        )


def index_delete(kind: str, keys: Iterable[str]) -> None:
    SearchEntry.objects.filter(kind=kind, key__in=list(keys)).delete()


def index_replace(kind: str, documents: Iterable[Document], *, keep: Q | None = None) -> None:
    """Make the documents the only entries of the kind (within ``keep``, e.g. one policy)."""
    entries = SearchEntry.objects.filter(kind=kind)
    if keep is not None:
        entries = entries.filter(keep)
    with transaction.atomic():
        entries.delete()
        index_write(documents, replace=False)


def analyze() -> None:
    """Fresh planner statistics after a bulk write. Without them PostgreSQL guesses that a
    common stem matches few entries, and SQLite reads every visible entry by the kind index
    to test it against the FTS5 result (60,000 entries for a word that matches none) instead
    of reading only the entries the FTS5 table found. On PostgreSQL the GIN indexes' pending
    lists are merged too (migration 0008): a search reads what is left in them in full."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchword")
        if uses_postgres():
            for index in ("search_word_trgm", "search_entry_terms_vector"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


def vocabulary_prune() -> int:
    """Drop words no entry has any more (after deletions); the rebuild command calls this."""
    alive: set[str] = set()
    for terms in SearchEntry.objects.values_list("terms", flat=True).iterator(chunk_size=2000):
        alive.update(terms.split())
    stale = [pk for pk, stem in SearchWord.objects.values_list("pk", "stem") if stem not in alive]
    for start in range(0, len(stale), 500):
        SearchWord.objects.filter(pk__in=stale[start : start + 500]).delete()
    return len(stale)


def _terms(document: Document) -> str:
    """The stems of the title and text, then the kind's term (see ``text.KIND_PREFIX``)."""
    stems = text.terms(f"{document.title} {document.text}") or " "
    return f"{stems}{text.kind_term(document.kind)} "


def _summary(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 300 else value[:297].rsplit(" ", 1)[0] + " …"


# --- reading a query -------------------------------------------------------------------------


@dataclass
class QueryWord:
    word: str
    stem: str
    synonyms: list[str]  # the stems of its synonyms
    near: list[str] = field(default_factory=list)  # compound parts and typo forms (stems)
    typos: list[str] = field(default_factory=list)  # the typo forms among them
    # The word in other spellings (``text.spellings``), read when it finds nothing as typed.
    spellings: list["QueryWord"] = field(default_factory=list)

    @property
    def needle(self) -> str:
        """What the word is found by as a part of a compound (``text.part_needle``)."""
        return text.part_needle(self.word, self.stem)

    @property
    def stems(self) -> list[str]:
        return [self.stem, *self.synonyms, *self.near]


@dataclass
class Query:
    text: str
    words: list[QueryWord]

    def __bool__(self) -> bool:
        return bool(self.words)


def parse(query_text: str, *, implied: Sequence[str] = ()) -> Query:
    """The query's words with what each may match: one query to the vocabulary at most.

    Words written together with "/" ("EUD/EUX", "hhx/htx") are one word with alternatives:
    either finds. A word that finds nothing as typed is read in its other spellings
    (``text.spellings``: "paedagog" as "pædagog") before it is corrected as a typo.

    ``implied``: words every entry searched is, dropped from a query that has other words
    too (the programme search: "sosu assistent uddannelsen" is "sosu assistent")."""
    query_words: list[QueryWord] = []
    seen: set[str] = set()
    for word, *others in _word_groups(query_text[:500]):
        if word.startswith(text.KIND_PREFIX) or word in seen:
            continue
        seen.add(word)
        others = [w for w in others if not w.startswith(text.KIND_PREFIX)]
        query_word = _query_word(word, others)
        query_word.spellings = [_query_word(form, others) for form in text.spellings(word)]
        query_words.append(query_word)
        if len(query_words) == text.MAX_QUERY_WORDS:
            break
    implied_stems = {text.stem(word) for word in implied}
    if any(w.stem not in implied_stems for w in query_words):
        query_words = [w for w in query_words if w.stem not in implied_stems]
    if not query_words:
        return Query(query_text, [])
    _add_phrase_synonyms(query_words)
    forms = [form for w in query_words for form in (w, *w.spellings)]
    needles = sorted({n for form in forms for n in _needles(form)})
    # The typo forms of each long word, also as spelled with æ, ø, å when typed without them.
    typo_words = [
        (
            typed,
            [form.stem for form in (w, *w.spellings)],
            sorted({n for form in (w, *w.spellings) for n in _needles(form)}),
        )
        for w in query_words
        if len(w.word) >= TYPO_MIN_LENGTH
        for typed in [w.word, *_danish_spelling(w.word)]
    ]
    rows = _vocabulary_candidates(needles, typo_words, sorted({form.stem for form in forms}))
    known = {stem for _word, stem in rows}

    def finds(query_word: QueryWord) -> bool:
        """The word as spelled finds something: its stem, or a word with a needle inside."""
        return query_word.stem in known or any(
            n in word for word, _stem in rows for n in _needles(query_word)
        )

    split: dict[int, list[QueryWord]] = {}
    for index, query_word in enumerate(query_words):
        if not finds(query_word):
            spelled = next((form for form in query_word.spellings if finds(form)), None)
            if spelled is not None:
                query_words[index] = query_word = spelled
        own = [query_word.stem, *query_word.synonyms]
        typos = len(query_word.word) >= TYPO_MIN_LENGTH and not finds(query_word)
        own_needles = [query_word.needle, *query_word.synonyms]
        # A typo in a word typed without æ, ø, å ("paedagoc") is looked for in both spellings.
        typed = [query_word.word, *_danish_spelling(query_word.word)]
        parts: set[str] = set()
        typo_forms: set[str] = set()
        later_typos: set[str] = set()
        for word, stem in rows:
            if any(text.is_part(needle, word) for needle in own_needles):
                parts.add(stem)
            elif typos and any(text.one_typo_or_part(t, word) for t in typed):
                typo_forms.add(stem)
            elif typos and any(text.one_typo_in_later_part(t, word) for t in typed):
                later_typos.add(stem)
        # A typo in a compound's later part only when the word and its beginnings give none.
        typo_forms = typo_forms or later_typos
        if typos and not typo_forms:
            # Neither typed nor one typo away: a compound the texts write in two words
            # ("kollegieværelse" for "værelse på kollegiet") is searched as those.
            halves = next(filter(None, (_compound_halves(t, rows) for t in typed)), [])
            if halves:
                split[index] = halves
                continue
        near = sorted((parts | typo_forms) - set(own), key=lambda s: (len(s), s))[:MAX_NEAR]
        query_word.near = near
        query_word.typos = [s for s in near if s in typo_forms and s not in parts]
    if split:
        query_words = [
            half
            for index, query_word in enumerate(query_words)
            for half in split.get(index, [query_word])
        ]
    return Query(query_text, query_words)


def _compound_halves(typed: str, rows: Sequence[tuple[str, str]]) -> list[QueryWord]:
    """The word as two indexed stems written together: one at its beginning, the other
    after at most one linking letter ("studie-s-"), with at most an ending after it; the
    longest such pair. The vocabulary's candidates hold every word whose stem is inside the
    typed word (``_vocabulary_candidates``)."""
    inside: dict[str, list[str]] = {}
    for word, stem in sorted(rows):
        if len(stem) >= 3 and stem in typed:
            inside.setdefault(stem, []).append(word)
    best: tuple[tuple[int, int], str, str] | None = None
    for left in inside:
        if not typed.startswith(left):
            continue
        for right in inside:
            position = typed.find(right, len(left))
            if position < 0 or position - len(left) > 1:
                continue
            rest = typed[position:]
            # An ending after the stem, or a form the texts have ("værelser": stem "vær").
            if len(rest) - len(right) > 4 and not any(
                rest.startswith(word) or word.startswith(rest) for word in inside[right]
            ):
                continue
            key = (len(left) + len(right), len(left))
            if best is None or (key, left, right) > best:
                best = (key, left, right)
    if best is None:
        return []
    return [_query_word(inside[best[1]][0]), _query_word(inside[best[2]][0])]


def _add_phrase_synonyms(query_words: list[QueryWord]) -> None:
    """Words that together are a phrase of the synonyms ("social worker") each also find the
    phrase's synonyms ("socialrådgiver"): an entry has either every word of the phrase or a
    synonym. (Each word's stems are alternatives and the words must all be found, so adding
    the synonym to each word is "(social and worker) or socialrådgiver".)"""
    stems = [w.stem for w in query_words]
    for phrase, others in text.phrases().items():
        for start in range(len(stems) - len(phrase) + 1):
            if tuple(stems[start : start + len(phrase)]) == phrase:
                for query_word in query_words[start : start + len(phrase)]:
                    extra = set(others) - {query_word.stem}
                    query_word.synonyms = sorted(set(query_word.synonyms) | extra)


def _danish_spelling(word: str) -> list[str]:
    """The word with ae, oe, aa read as æ, ø, å, when it has none of those letters itself."""
    if any(letter in word for letter in "æøå"):
        return []
    return [form for form in text.spellings(word)[:1] if any(c in form for c in "æøå")]


def _word_groups(query_text: str) -> list[list[str]]:
    """The query's words, each in a list of its own, except words joined by "/" with nothing
    else between the spaces ("EUD/EUX"): those are one list, alternatives."""
    groups: list[list[str]] = []
    for token in query_text.split():
        sides = [text.words(side) for side in token.split("/")]
        if len(sides) > 1 and all(len(side) == 1 for side in sides):
            groups.append([side[0] for side in sides])
        else:
            groups.extend([word] for word in text.words(token))
    return groups


def _query_word(word: str, alternatives: Sequence[str] = ()) -> QueryWord:
    """The word with its stem and its synonyms' stems; the stems of its alternatives ("/")
    and theirs count as synonyms."""
    stem = text.stem(word)
    synonyms = set(text.synonyms().get(stem, ()))
    for other in alternatives:
        other_stem = text.stem(other)
        synonyms |= {other_stem, *text.synonyms().get(other_stem, ())}
    return QueryWord(word=word, stem=stem, synonyms=sorted(synonyms - {stem}))


def _needles(query_word: QueryWord) -> list[str]:
    """What a compound part of the word is looked up by: its stem (``text.part_needle``) and
    its synonyms' stems (of three letters or more, the trigram index's least)."""
    return [s for s in [query_word.needle, *query_word.synonyms] if len(s) >= 3]


def _vocabulary_candidates(
    needles: Sequence[str],
    typo_words: Sequence[tuple[str, Sequence[str], Sequence[str]]],
    own_stems: Sequence[str],
) -> list[tuple[str, str]]:
    """(word, stem) of the vocabulary that may be a compound part or a typo of a query word,
    or has a query word's own stem: a superset, which ``parse`` narrows.

    One SELECT a kind of candidate, joined by UNION, so each uses its index (a single WHERE
    with every condition OR-ed made PostgreSQL read the whole vocabulary, 15 ms and more). The
    typo forms of a word, and the words whose stem is inside it (a compound written together,
    ``_compound_halves``), ((word, stems, needles) in ``typo_words``: the stems and needles of it
    and its other spellings) are only looked up when the vocabulary knows none of its stems
    nor a word with one of its needles inside: ``parse``
    corrects only words that find nothing as typed (looking up the typo forms of "design",
    part of hundreds of compounds, read the whole vocabulary on PostgreSQL)."""
    if uses_postgres():
        words = SearchWord.objects.values_list("word", "stem")
        selects = [words.filter(stem__in=own_stems)]
        if needles:
            selects.append(words.filter(_any_contains(needles)))
        for word, stems, own_needles in typo_words:
            unknown = ~Exists(SearchWord.objects.filter(stem__in=stems))
            if own_needles:
                unknown &= ~Exists(SearchWord.objects.filter(_any_contains(own_needles)))
            selects.append(
                words.alias(length=Length("word")).filter(
                    unknown,
                    _any_contains(sorted(text.typo_trigrams(word))),
                    Q(length__gte=len(word) - 1)
                    | Q(GreaterThan(StrIndex(Value(word), F("stem")), 0)),
                )
            )
        return list(selects[0].union(*selects[1:]))
    # Table and column names are constants; every value is a parameter.
    parts = [f"SELECT word, stem FROM search_searchword WHERE stem IN ({_marks(own_stems)})"]  # noqa: S608
    params: list = list(own_stems)
    if needles:
        parts.append(
            "SELECT word, stem FROM search_searchword WHERE id IN "
            "(SELECT rowid FROM search_word_fts WHERE search_word_fts MATCH %s)"
        )
        params.append(" OR ".join(_quoted(n) for n in needles))
    for word, stems, own_needles in typo_words:
        # Constant SQL: every value is a parameter.
        unknown = (
            "NOT EXISTS (SELECT 1 FROM search_searchword "  # noqa: S608
            f"WHERE stem IN ({_marks(stems)}))"
        )
        params += stems
        if own_needles:
            unknown += (
                " AND NOT EXISTS (SELECT 1 FROM search_word_fts WHERE search_word_fts MATCH %s)"
            )
            params.append(" OR ".join(_quoted(n) for n in own_needles))
        parts.append(
            f"SELECT word, stem FROM search_searchword WHERE {unknown} AND id IN "  # noqa: S608
            "(SELECT rowid FROM search_word_fts WHERE search_word_fts MATCH %s) "
            "AND (length(word) >= %s OR instr(%s, stem) > 0)"
        )
        trigrams = " OR ".join(_quoted(t) for t in sorted(text.typo_trigrams(word)))
        params += [trigrams, len(word) - 1, word]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        return cursor.fetchall()


def _any_contains(parts: Sequence[str]) -> Q:
    return Q(*(Q(word__contains=part) for part in parts), _connector=Q.OR)


def _marks(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def _quoted(value: str) -> str:
    # Words are runs of letters and digits, so a double-quoted string is always one FTS5 phrase.
    return f'"{value}"'


# --- matching and ranking ---------------------------------------------------------------------


class _TermsMatch(Func):
    """PostgreSQL: ``terms_vector @@ (query)::tsquery``, the stems taken as they are (the
    vector is the stems as written, see migration 0005; a GIN index is over it)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s::tsquery)"
    output_field = BooleanField()


def match(entries: QuerySet, query: Query) -> QuerySet:
    """The entries every query word finds something in, with their ``score``."""
    return scored(matching(entries, query), query)


def matching(entries: QuerySet, query: Query, kinds: Sequence[str] = ()) -> QuerySet:
    """The entries every query word finds something in (all of them for an empty query), of
    ``kinds`` when given: the index itself then leaves out the entries of other kinds."""
    if not query:
        return entries.filter(kind__in=kinds) if kinds else entries
    groups = [w.stems for w in query.words]
    if kinds:
        groups.append([text.kind_term(kind) for kind in kinds])
    if uses_postgres():
        tsquery = " & ".join("(" + " | ".join(f"'{s}'" for s in group) + ")" for group in groups)
        entries = entries.filter(_TermsMatch(F("terms_vector"), Value(tsquery)))
    else:
        fts = " AND ".join("(" + " OR ".join(_quoted(s) for s in group) + ")" for group in groups)
        entries = entries.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s", [fts]
            )
        )
    return entries


def scored(entries: QuerySet, query: Query) -> QuerySet:
    """The entries with their ``score`` (see the module's docstring)."""
    score = Value(0)
    for word in query.words:
        own = _title_has(f" {word.stem} ")
        # A synonym, a typo form, or a word with the stem (or a synonym's) inside: one search a
        # stem rather than one a compound found, so the cost does not grow with the vocabulary.
        # A synonym's own word is left out when its stem is searched as a part anyway.
        parts = [f" {stem} " for stem in word.typos if stem not in word.synonyms]
        if word.near:
            needles = [word.stem, *word.synonyms]
            parts += [needle if len(needle) >= 4 else f" {needle}" for needle in needles]
            if word.needle != word.stem:
                # Found as a part by more than its (short) stem: the compounds' stems need not
                # have the word's inside ("kollegieværelse" -> "kollegievær"), so each one.
                parts += [f" {stem} " for stem in word.near if stem not in word.typos]
        else:
            parts += [f" {stem} " for stem in word.synonyms]
        in_title = Q(*map(_title_has, parts), _connector=Q.OR)
        if word.near:
            # The stem is among the parts, so a title without any part has not the word
            # either: most entries are decided by the parts' searches alone.
            whens = [When(~in_title, then=Value(1)), When(own, then=Value(3))]
            score = score + Case(*whens, default=Value(2))
        elif parts:
            whens = [When(own, then=Value(3)), When(in_title, then=Value(2))]
            score = score + Case(*whens, default=Value(1))
        else:
            score = score + Case(When(own, then=Value(3)), default=Value(1))
    return entries.annotate(score=score)


def _title_has(part: str) -> GreaterThan:
    """The title's stems contain ``part``: a plain substring search (``instr``, ``strpos``),
    which PostgreSQL does about twice as fast as ``LIKE '%part%'`` and which, on stems that
    are lower case letters and digits, finds the same."""
    return GreaterThan(StrIndex("title_terms", Value(part)), 0)


def binary_collation() -> str:
    """Byte-wise comparison: the same order of ``sort_key`` on both databases."""
    return "C" if uses_postgres() else "BINARY"


def ordered(entries: QuerySet) -> QuerySet:
    return entries.order_by("-score", Collate(F("sort_key"), binary_collation()), "pk")


def counts_and_page(
    entries: QuerySet, query: Query, kinds: Sequence[str], start: int, stop: int
) -> tuple[dict[str, int], list[int]]:
    """One pass over the matches: how many of each kind, and the ids of the ranked entries
    ``start`` to ``stop`` among those of ``kinds`` (all kinds when empty).

    The matches are read once into a common table (id, kind, score, sort key), which both the
    counts and the page are taken from: a common word matches tens of thousands of entries, and
    reading each of them twice (once to count, once to rank) cost twice the time."""
    inner = scored(entries, query).order_by().values("id", "kind", "sort_key", "score")
    sql, params = inner.query.sql_with_params()
    condition = f"WHERE kind IN ({_marks(kinds)})" if kinds else ""
    statement = (
        f"WITH matches AS ({sql}) "  # noqa: S608 - every value is a parameter
        "SELECT kind, COUNT(*), CAST(NULL AS BIGINT) FROM matches GROUP BY kind "
        "UNION ALL SELECT * FROM ("
        f"SELECT CAST(NULL AS VARCHAR), CAST(NULL AS BIGINT), id FROM matches {condition} "
        f'ORDER BY score DESC, sort_key COLLATE "{binary_collation()}", id LIMIT %s OFFSET %s'
        ") page"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *kinds, max(stop - start, 0), start])
        rows = cursor.fetchall()
    counts = {kind: n for kind, n, _id in rows if kind is not None}
    return counts, [pk for kind, _n, pk in rows if kind is None]


class Paged(Sequence):
    """Results whose number is known, read one slice at a time: a subclass reads the rows of
    ``start:stop`` in order (``_rows``), one query a slice."""

    count: int

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if 0 <= index < self.count else [][index]
        start, stop, step = index.indices(self.count)
        if step != 1:
            return list(self)[index]
        if start >= stop:
            return []
        return self._rows(start, stop)

    def __iter__(self):
        return iter(self[:])

    def _rows(self, start: int, stop: int) -> list:
        raise NotImplementedError


class Ranked(Paged):
    """The entries in rank order (``ordered(scored(...))``), read a page at a time.

    The ids of one page may be known already (``counts_and_page``): then a slice of it is one
    query, which reads only those rows, in that order. Any other slice is two: the ranking of
    the entries by their ids and sort keys alone (the sort of every match carries no titles or
    summaries), then the slice's rows.
    ``count`` is known already (from the counts per kind): no COUNT query."""

    def __init__(
        self, entries: QuerySet, query: Query, count: int, *, start: int = 0, ids: Sequence = ()
    ):
        self.entries, self.query, self.count = entries, query, count
        self.start, self.ids = start, list(ids)

    def _rows(self, start: int, stop: int) -> list:
        if self.ids and self.start <= start and stop <= self.start + len(self.ids):
            page = self.ids[start - self.start : stop - self.start]
        else:
            # The slice's ids first, then their rows: the entries are never a subquery, since
            # what the public may see is raw SQL naming the table (``visible_entries``), which
            # inside a subquery would test the outer row: 20 s for a page out of range.
            ranked = ordered(scored(self.entries, self.query)).values_list("pk", flat=True)
            page = list(ranked[start:stop])
        rows = SearchEntry.objects.defer("terms", "title_terms", "terms_vector")
        found = rows.in_bulk(page)  # ranked already: read in that order, not scored again
        return [found[pk] for pk in page if pk in found]


# --- "Did you mean" ---------------------------------------------------------------------------


def _similarity(typed: str, word: str) -> float:
    """How alike the spellings are (0 to 1); a long word is compared by its beginning too."""
    similarity = difflib.SequenceMatcher(None, typed, word).ratio()
    if len(word) > len(typed) + 2:
        beginning = word[: len(typed) + 1]
        similarity = max(similarity, difflib.SequenceMatcher(None, typed, beginning).ratio())
    return similarity


def suggestions(query: Query, visible: QuerySet, *, limit: int = 3) -> list[str]:
    """Queries close to one that found nothing: each word replaced by the nearest indexed words
    (by similarity of spelling), kept only when the replacement finds something visible."""
    if not query:
        return []
    candidates: list[tuple[float, str, str]] = []  # (-similarity, word, replaced query word)
    for query_word in query.words:
        if len(query_word.word) < 3:
            continue
        grams = sorted({query_word.word[i : i + 3] for i in range(len(query_word.word) - 2)})
        low, high = len(query_word.word) - 2, 60  # longer: a compound beginning like it
        if uses_postgres():
            condition = Q()
            for gram in grams:
                condition |= Q(word__contains=gram)
            words = list(
                SearchWord.objects.annotate(length=Length("word"))
                .filter(condition, length__range=(low, high))
                .values_list("word", flat=True)
            )
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word FROM search_searchword WHERE id IN (SELECT rowid FROM "
                    "search_word_fts WHERE search_word_fts MATCH %s) "
                    "AND length(word) BETWEEN %s AND %s",
                    [" OR ".join(_quoted(g) for g in grams), low, high],
                )
                words = [row[0] for row in cursor.fetchall()]
        for word in words:
            similarity = _similarity(query_word.word, word)
            if similarity >= 0.6 and text.stem(word) not in query_word.stems:
                candidates.append((-similarity, word, query_word.word))
    found: list[str] = []
    for _score, word, replaced in sorted(candidates)[: limit * 2]:
        suggestion = " ".join(word if w.word == replaced else w.word for w in query.words)
        if suggestion not in found and match(visible, parse(suggestion)).exists():
            found.append(suggestion)
        if len(found) == limit:
            break
    return found
