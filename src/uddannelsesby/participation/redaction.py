"""What citizens wrote, made fit to publish.

`redact` removes what is certainly personal: e-mail addresses (also written "(at)", "[at]",
"(@)", "snabel-a", " dot ", with a full-width at sign), Danish phone numbers in every common
notation (also with no-break spaces, "+45 (0)", and a list of numbers after a phone number),
and CPR numbers with any dash, a space, dots, a slash or nothing between the date and the
serial, or with the serial masked ("010203-xxxx"); after the word "CPR" ten digits however
written. It keeps what looks like personal data but is not: a labelled reference number
however it is grouped (CVR, P-nr., EAN, ISBN, any "...nr." or "...nummer" that is not a
phone's or a CPR), an IBAN, years and year ranges, amounts, dates, times, areas.

`passages` finds what *may* be personal and needs a person's judgement: other people's names
and addresses, children, health and the other special categories of GDPR article 9 (and
criminal offences, article 10). The word lists are data (`sensitive_da.json`), Danish with
their inflections. Nothing is removed automatically on those grounds: the moderator sees them
highlighted in the preview and decides.
"""

import bisect
import datetime
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# --- certain: e-mail addresses, CPR numbers, phone numbers ---

# The local part starts where a word starts, so a long run of letters is tried once, not from
# each of its letters (that was quadratic: 20,000 characters took a minute).
_SPELLED_DOT = r"(?:\s*[(\[{<]\s*(?:dot|punktum|prik)\s*[)\]}>]\s*|\s+(?:dot|punktum|prik)\s+)"
_DOT = rf"(?:\.|{_SPELLED_DOT})"
_WORD = r"\w[\w.+-]{0,63}"
# "anne punktum hansen": a spelled-out dot in the name too.
_LOCAL = rf"(?<![\w.+-]){_WORD}(?:{_SPELLED_DOT}{_WORD}){{0,3}}"
_BRACKET_AT = r"\s*[(\[{<]\s*(?:at|a|[@＠﹫]|snabel[- ]?a)\s*[)\]}>]\s*"
_WORD_AT = r"\s+snabel[- ]?a\s+"
# A dot with a space before it ("herning .dk", "gmail . com"), as well as the others.
_LOOSE_DOT = rf"(?:\s\.\s?|{_DOT})"
_TLD = r"[a-zA-Z]{2,12}"
EMAIL = re.compile(
    "|".join(
        [
            # name@domain.dk, also with "(dot)" or " dot " between the labels, or with a
            # space around the @ and the dots ("anne.hansen @ gmail . com")
            # (also the full-width and small at signs a phone's keyboard or a PDF gives)
            rf"{_LOCAL}\s?[@＠﹫]\s?[\w-]+(?:{_LOOSE_DOT}[\w-]+)*{_LOOSE_DOT}{_TLD}\b",
            # name (at) domain.dk, name [at] domain [dot] dk, name snabel-a domain punktum dk
            rf"{_LOCAL}(?:{_BRACKET_AT}|{_WORD_AT})[\w-]+(?:{_LOOSE_DOT}[\w-]+)*{_LOOSE_DOT}{_TLD}\b",
            # name at domain dot dk: the bare word "at" is Danish for "to", so only with a
            # spelled-out dot, which nobody writes otherwise
            rf"{_LOCAL}\s+at\s+[\w-]+(?:{_DOT}[\w-]+)*{_SPELLED_DOT}{_TLD}\b",
        ]
    ),
    re.IGNORECASE,
)

# Nothing glued to a number on the left: no letter or digit, no "1." or "1-" before it.
_START = r"(?<![\w])(?<!\d[.,/-])"
_END = r"(?![\w])(?![.,/-]\d)"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen(s), figure dash, en, em, minus
# A space as word processors and mail programs also write it: no-break and narrow no-break.
_SPACE = " \u00a0\u202f"

# A CPR number: day, month and two digits for the year (written together, or with the same
# dot, space, slash or dash between them), then the four-digit serial after a dash of any
# kind (spaces around it allowed), a space, a dot or nothing; the serial may be two pairs like
# the date's ("01 02 03 12 34"). Whether the date exists is checked in `_cpr`
# (with the century the serial gives); the modulus-11 check is not, since numbers issued from
# 2007 need not pass it.
CPR = re.compile(
    _START + rf"(?P<day>\d\d)(?P<d>[.{_SPACE}/-]?)(?P<month>\d\d)(?P=d)(?P<year>\d\d)"
    rf"(?:\s?[{_DASHES}]\s?|[\s.]|)(?P<serial>\d{{4}}|\d\d(?P=d)\d\d)" + _END
)
# After a word that says "CPR", ten digits are a CPR number however they are written, even
# with a date that does not exist (a typing error is still someone's number), and nine digits
# too (a day written without its leading zero): "cpr.nr.: 0102 03 1234", "CPR 010203/1234".
CPR_WORD = re.compile(
    r"(?P<word>\b(?:cpr|personnummer|personnr|person-nr|personnummeret)(?![^\W\d_])\.?"
    r"(?:[\s.-]*(?:nr|nummer(?:et)?)\b\.?)?(?:[\s:]*(?:er|is)\b)?[\s:.-]*)"
    rf"(?P<number>\d(?:[{_DASHES}\s./_]{{0,3}}\d){{8,9}})" + _END,
    re.IGNORECASE,
)


# A CPR number with its serial masked still gives the birth date: "010203-xxxx".
CPR_MASKED = re.compile(
    _START + rf"\d\d(?P<d>[.{_SPACE}/-]?)\d\d(?P=d)\d\d\s?[{_DASHES}]?\s?"
    r"(?:[xX*]{4}|[xX*]{2} [xX*]{2})(?!\w)"
)


def cpr_date(day: int, month: int, year: int, serial: str) -> datetime.date | None:
    """The birth date a CPR number gives, with the century its serial's first digit gives
    (CPR-kontoret's table); None if there is no such date."""
    digit = int(serial[0])
    if digit <= 3:
        century = 1900
    elif digit in (4, 9):
        century = 2000 if year <= 36 else 1900
    else:
        century = 2000 if year <= 57 else 1800
    try:
        return datetime.date(century + year, month, day)
    except ValueError:
        return None


# "+45", "0045", "(+45)", and "+45 (0)" as the international habit writes it.
_PREFIX = r"(?:\(?(?:\+\s?|00)45\)?[\s.-]?(?:\(0\)\s?)?)"
# With the country code in front, eight digits are a phone number however they are grouped.
PHONE_PREFIXED = re.compile(_START + rf"{_PREFIX}\d(?:[{_DASHES}\s.]?\d){{7}}" + _END)
# A foreign number: "+" and a country code, then groups of digits with spaces or dashes
# ("+46 70 123 45 67", "+49 151 12345678", "+44 (0)20 7946 0958"); 9 to 15 digits in all.
PHONE_FOREIGN = re.compile(
    _START
    + r"\(?\+[1-9]\d{0,2}\)?[ \u00a0-]?(?:\(0\)[ \u00a0]?)?\d{1,8}(?:[ \u00a0-]\d{1,8}){0,5}"
    + _END
)
# Eight digits alone, in pairs, in fours, or pairs and fours mixed, with one kind of
# separator (space, dot or dash) throughout: "19.00-21.30" is a time, not a phone number.
_SHAPES = ((4, 4), (2, 2, 2, 2), (2, 2, 4), (4, 2, 2), (2, 4, 2))
_GROUPS = "|".join(
    sep.join(rf"\d{{{n}}}" for n in shape)
    for sep in (f"[{_SPACE}]", r"\.", "-", "\u2013")
    for shape in _SHAPES
)
PHONE = re.compile(_START + rf"(?P<prefix>{_PREFIX})?(?P<number>\d{{8}}|{_GROUPS})" + _END)
# After a word that says "phone", any 8 digits count, however they are grouped.
PHONE_WORD = re.compile(
    r"(?P<word>\b(?:tlf|telefon(?:nummer(?:et)?|nr)?|mobilepay|mobil(?:nummer(?:et)?|nr|en)?|mob|"
    r"(?:ring|sms|skriv|kontakt)(?:\s+mig)?\s+(?:på|til)(?:\s+mig)?(?:\s+på)?|"
    # a number named by what it reaches: "kontaktnummer", "Hjemme nr.", "privatnummeret"
    r"(?:kontakt|hjemme|arbejds?|privat|direkte|fastnet|vagt)[\s-]*(?:nummer(?:et)?|nr)|"
    r"kontakt(?=\s*:)|telefonen|sms|phone|tel)(?![^\W\d_])\.?(?:[\s-]*(?:nr|nummer)\.?)?\s*[:.]?"
    # "Mit telefonnummer er ...", "my phone is ..."
    r"(?:\s*(?:er|is)\b)?\s*[:.]?\s*)"
    rf"(?P<number>{_PREFIX}?\d(?:[\s.-]?\d){{7}})" + _END,
    re.IGNORECASE,
)
YEAR = re.compile(r"(?:19|20)\d\d")
# Two years side by side, the first no later than the second: "1850-1900", "2008 2009".
RANGE_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
# Eight digits that are a company's number, an amount or an account are not a phone number.
NOT_PHONE_BEFORE = re.compile(
    r"(?:\b(?:cvr|se|p|ean|gln|reg|konto|kontonr|faktura|fakturanr|sag|sagsnr|j|journal|"
    r"journalnr|ordre|ordrenr|kr|dkk|eur|bilag|isbn|(?<!\bmit\s)(?<!\bmy\s)nr)\b"
    r"[.\s-]*(?:nr|nummer)?[.:\s-]*|[€$£]\s*)$",
    re.IGNORECASE,
)
NOT_CPR_BEFORE = re.compile(
    r"\b(?:p|ean|gln|konto|kontonr|reg|sagsnr|journalnr)\b[.\s-]*(?:nr|nummer)?[.:\s-]*$",
    re.IGNORECASE,
)
NOT_PHONE_AFTER = re.compile(
    r"^(?:,-)?\s*(?:kr\b|kroner|dkk|eur|mio|mia|%|procent|pct\b|"
    r"(?:m2|m²|m3|m³|kvm|kvadratmeter|km|ha|kg|tons?|stk|liter|meter)(?!\w))",
    re.IGNORECASE,
)
# A labelled reference number is kept whole, however it is grouped: "P-nr. 10 1234 5678",
# "EAN 5798 0000 0000 1", "Kundenr. 20304050", "Kunde nr. 010203-1234", "CVR-nr.: 12 34 56 78".
# The label is a company's or an authority's number, or any word followed by "nr"/"nummer"
# (or ending so) that does not say phone or CPR (those are removed by their own rules first)
# and is not "my", "on", "is" and the like ("Mit nr. er ...", "ring på nr. ...").
_NOT_A_LABEL = (
    r"(?!(?:tlf|tel|telefon|mobil|mob|cpr|person|sms|ring|mit|min|mine|dit|din|vores|jeres|"
    r"hans|hendes|deres|my|your|på|til|er|og|i|af|med|eller|el|or|and|is|"
    r"kontakt|hjemme|arbejds?|privat|direkte|fastnet|vagt)\b)"
    r"(?!(?:telefon|mobil|cpr|person|kontakt|hjemme|arbejd|privat|direkte|fastnet|vagt)\w)"
)
_REFERENCE_LABEL = (
    r"\b(?:cvr|ean|gln|isbn(?:-1[03])?|issn|bbr|matr|reg|konto|sag|journal|ref|"
    r"lbk|bek|ordre|faktura|bilag|budget|id|\w+-id|"
    rf"{_NOT_A_LABEL}\w+?[\s.-]*(?:nr|nummer|numre|numrene))\b"
)
# The number: digit groups with a space, a dot, a slash or a dash between them (spaces around
# a dash allowed: "j.nr. 2024 - 123456"). A second number after " / " or "og" belongs to the
# label only if the label names two ("CVR og P-nr.: 12345678 / 1012345678"); otherwise it may be
# a phone number: "CVR: 12345678 / 20 30 40 50".
# A whole number of eight digits or more is not continued after a space: "CVR 12345678
# 20304050" is a company's number and a phone number.
_REFERENCE_NUMBER = (
    r"(?:\d{8,}(?:(?:[ \u00a0]?[-\u2013][ \u00a0]?|[./])\d+)*"
    r"|\d{1,7}(?:(?:[ \u00a0]?[-\u2013][ \u00a0]?|[./ \u00a0])\d+)*)(?:-?[Xx]\b)?"
)
_AND = r"\s*(?:/|,|&|\bog\b|\band\b)\s*"
REFERENCE = re.compile(
    rf"{_REFERENCE_LABEL}(?:[.\s-]*(?:nr|nummer)\b\.?)?-?{_AND}{_REFERENCE_LABEL}[.:\s-]*(?:nr|nummer)?[.:\s-]*"
    rf"{_REFERENCE_NUMBER}(?:{_AND}{_REFERENCE_NUMBER})?"
    + rf"|{_REFERENCE_LABEL}[.:\s-]*(?:nr|nummer)?[.:\s-]*{_REFERENCE_NUMBER}"
    # an IBAN: a bank account number, kept whole rather than cut into a phone number and rest
    r"|(?-i:\b[A-Z]{2}\d\d(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b)",
    re.IGNORECASE,
)


def _is_date_or_years(number: str) -> bool:
    parts = re.split(r"[\s.\-\u2013]", number)
    if len(parts) == 2 and all(RANGE_YEAR.fullmatch(p) for p in parts) and parts[0] <= parts[1]:
        return True  # "2008 2009", "2008-2012", "1850-1900": two years
    if len(parts) == 3 and len(parts[2]) == 4 and YEAR.fullmatch(parts[2]):
        day, month = int(parts[0]), int(parts[1])
        return 1 <= day <= 31 and 1 <= month <= 12  # "24.06.2008": a date
    if len(parts) == 3 and len(parts[0]) == 4 and YEAR.fullmatch(parts[0]):
        month, day = int(parts[1]), int(parts[2])
        return 1 <= day <= 31 and 1 <= month <= 12  # "2008-06-24": a date
    return False


def _phone(match: re.Match) -> str:
    text = match.string
    if not match["prefix"]:
        if _is_date_or_years(match["number"]):
            return match[0]
        if NOT_PHONE_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
            return match[0]
        if NOT_PHONE_AFTER.match(text[match.end() : match.end() + 12]):
            return match[0]
    return _("[phone number removed]")


def _cpr(match: re.Match) -> str:
    before = match.string[max(0, match.start() - 20) : match.start()]
    if not cpr_date(int(match["day"]), int(match["month"]), int(match["year"]), match["serial"]):
        return match[0]  # no such date: an order number or the like
    if NOT_CPR_BEFORE.search(before):
        return match[0]  # a P-number, an EAN or an account number of ten digits
    return _("[CPR number removed]")


# A web address: its numbers are pages and documents, not phone numbers (a CPR number in one
# is still removed).
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
REFERENCE_OR_URL = re.compile(f"{URL.pattern}|{REFERENCE.pattern}", re.IGNORECASE)


def _outside_references(replace, *, urls: bool = False):
    """`replace` for matches that are not inside a labelled reference number (nor, with
    `urls`, inside a web address)."""
    protected = REFERENCE_OR_URL if urls else REFERENCE

    def sub(pattern: re.Pattern, text: str) -> str:
        spans: list[tuple[int, int]] = []
        ends: list[int] = []
        found = False

        def one(match: re.Match) -> str:
            nonlocal found
            if not found:  # looked for once, and only when there is something to check
                spans.extend(m.span() for m in protected.finditer(text))  # in order
                ends.extend(e for _s, e in spans)
                found = True
            start, end = match.span()
            i = bisect.bisect_right(ends, start)  # the first reference ending after the start
            if i < len(spans) and spans[i][0] < end:
                return match[0]
            return replace(match)

        return pattern.sub(one, text)

    return sub


_cpr_word = _outside_references(lambda m: m["word"] + _("[CPR number removed]"))
_cpr_bare = _outside_references(_cpr)
_cpr_masked = _outside_references(lambda m: _("[CPR number removed]"))
_phone_word = _outside_references(lambda m: m["word"] + _("[phone number removed]"), urls=True)
_phone_prefixed = _outside_references(lambda m: _("[phone number removed]"), urls=True)


def _foreign(match: re.Match) -> str:
    digits = sum(c.isdigit() for c in match[0])
    if not 9 <= digits <= 15 or NOT_PHONE_AFTER.match(match.string[match.end() : match.end() + 12]):
        return match[0]
    return _("[phone number removed]")


_phone_foreign = _outside_references(_foreign, urls=True)
_phone_bare = _outside_references(_phone, urls=True)


def _phone_list(text: str) -> str:
    """A number listed right after a removed phone number is one too, however it is grouped
    ("tlf. 20 30 40 50 el. 2020 2021", "20 30 40 50 / 9712 3456")."""
    notice = re.escape(_("[phone number removed]"))
    pattern = re.compile(
        rf"(?P<before>{notice}\s*(?:/|,|;|\bog\b|\bel\.?|\beller\b|\bor\b|\band\b)\s*)"
        rf"(?P<number>{_PREFIX}?\d(?:[{_DASHES}\s.]?\d){{7}})" + _END,
        re.IGNORECASE,
    )
    for _i in range(10):  # a list of ten numbers at most; each pass takes the next one
        text, count = pattern.subn(lambda m: m["before"] + _("[phone number removed]"), text)
        if not count:
            break
    return text


def redact(text: str) -> str:
    """The text with every e-mail address, CPR number and phone number replaced by a notice."""
    if not text:
        return text
    text = EMAIL.sub(lambda m: _("[e-mail address removed]"), text)
    text = _cpr_word(CPR_WORD, text)
    text = _cpr_bare(CPR, text)
    text = _cpr_masked(CPR_MASKED, text)
    text = _phone_word(PHONE_WORD, text)
    text = _phone_prefixed(PHONE_PREFIXED, text)
    text = _phone_foreign(PHONE_FOREIGN, text)
    return _phone_list(_phone_bare(PHONE, text))


def removal_notices() -> list[str]:
    """The notices `redact` writes, in the active language (for marking them in a preview)."""
    return [_("[e-mail address removed]"), _("[CPR number removed]"), _("[phone number removed]")]


BLACKED_OUT = gettext_lazy("[removed by the editor]")


def black_out(text: str, passages) -> str:
    """The text with each of the passages (exact strings) replaced by a notice."""
    for passage in sorted({p for p in passages if p and p.strip()}, key=len, reverse=True):
        text = text.replace(passage, str(BLACKED_OUT))
    return text


# --- possible: passages a person must judge ---

CATEGORIES = {
    "person": gettext_lazy("another person"),
    "address": gettext_lazy("an address"),
    "child": gettext_lazy("a child"),
    "health": gettext_lazy("health"),
    "ethnic": gettext_lazy("ethnic origin"),
    "political": gettext_lazy("political opinion"),
    "religion": gettext_lazy("religion or belief"),
    "union": gettext_lazy("trade union"),
    "genetic": gettext_lazy("genetic or biometric data"),
    "sexual": gettext_lazy("sex life or sexual orientation"),
    "criminal": gettext_lazy("criminal offences"),
    "social": gettext_lazy("social problems"),
}

WORDS_FILE = Path(__file__).with_name("sensitive_da.json")


def _forms(entry: str) -> str:
    """A regular expression for one word-list entry.

    "søn:nen,ner,nerne" is the word and its inflected forms; "diagnose*" any word beginning
    so; anything else, the word as it stands (several words allowed).
    """
    if entry.endswith("*"):
        return re.escape(entry[:-1]) + r"\w*"
    stem, _sep, endings = entry.partition(":")
    words = [re.escape(stem)] + [re.escape(stem + e) for e in endings.split(",") if e]
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


# The floor and side after a house number: ", 2. th.", " st. tv.", ", 1. sal", ", kl.", "3 tv"
# (not ", 7400": a postal code is no floor).
_FLOOR = (
    r"(?:,?[ \t]*(?:(?:st|kl)\.?|\d{1,2}\.(?:[ \t]*(?:sal|th|tv|mf)\.?)?"
    r"|\d{1,2}[ \t]*(?:th|tv|mf)\.?)"
    r"(?:[ \t]*(?:th|tv|mf)\.?)?)?"
)


# Words ending in "-sen" that begin a sentence but are no surname.
_NOT_SURNAMES = "|".join(
    [
        "Hilsen", "Adressen", "Prisen", "Krisen", "Bussen", "Klassen", "Kassen", "Processen",
        "Analysen", "Interessen", "Grænsen", "Pausen", "Massen", "Basen", "Messen", "Rejsen",
        "Kursen", "Linsen", "Vasen", "Musen", "Dosen", "Fosen", "Ressourcen",
    ]
)  # fmt: skip


@functools.cache
def _word_patterns() -> list[tuple[str, re.Pattern]]:
    data = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    patterns = []
    for category, entries in data["categories"].items():
        alternatives = "|".join(_forms(e) for e in entries)
        patterns.append((category, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    # A name the writer introduces or signs with, whatever it is: "Jeg hedder ...",
    # "Mit navn er ...", "Med venlig hilsen\n...". Capitalised words and initials.
    # A word of a name: capitalised, in capitals ("INGOLF BUNDGAARD"), or an initial.
    word = r"[A-ZÆØÅ](?:[a-zæøåäöüéè'][a-zæøåäöüéè'-]*|[A-ZÆØÅÄÖÜÉ'-]+(?![a-zæøå])|\.)"
    patterns.append(
        (
            "person",
            re.compile(
                r"(?i:\b(?:(?:jeg\s+hedder|mit\s+navn\s+er|jeg\s+er|(?:med\s+)?venlig(?:st)?\s+hilsen|"
                r"(?:de\s+|mange\s+)?bedste\s+hilsner|mange\s+hilsner|kærlig\s+hilsen|hilsner|"
                r"hilsen|mvh|vh|bh|kh|knus|"
                r"(?:kind\s+|best\s+|warm\s+)?regards|best\s+wishes|(?:yours\s+)?sincerely|"
                r"my\s+name\s+is)\b\.?,?(?:[ \t]+fra\b)?:?"
                # a label the writer fills in: "Navn: ...", "Fra: ..." (with its colon)
                r"|(?:navn|afsender|fra|underskrift|name|from)[ \t]*:))"
                r"[ \t]*(?:\r?\n\s*)?(?:[-–/][ \t]*)?"
                rf"(?P<passage>{word}(?:[ \t-]+{word}){{0,3}})(?!\w)"
            ),
        )
    )
    # After "Jeg hedder" a name may be written in lower case too ("jeg hedder mette og går i
    # 9. klasse"): up to three words, stopping at the small words a sentence goes on with.
    stop = r"(?:og|jeg|er|i|på|fra|men|bor|går|har|som|der|det|til|med|and|i'm|am|from|live)\b"
    patterns.append(
        (
            "person",
            re.compile(
                r"(?i:\b(?:jeg\s+hedder|mit\s+navn\s+er|my\s+name\s+is)\s*:?[ \t]+"
                rf"(?P<passage>(?!{stop})[^\W\d_]+(?:[ \t-](?!{stop})[^\W\d_]+){{0,2}}))(?!\w)"
            ),
        )
    )
    names = "|".join(re.escape(n) for n in data["first_names"])
    # A first name, with the surnames that follow it; or a -sen surname alone.
    patterns.append(
        (
            "person",
            re.compile(
                rf"(?<!\w)(?:{names})(?:[ -][A-ZÆØÅ][\wæøå]+){{0,3}}(?!\w)"
                rf"|(?<!\w)(?!(?:{_NOT_SURNAMES})\b)[A-ZÆØÅ][a-zæøå]+sen(?!\w)"
            ),
        )
    )
    suffixes = "|".join(data["street_suffixes"])
    patterns.append(
        (
            "address",
            re.compile(
                # a street name on one line, its last word ending as streets do, or being one
                # ("Bredgade", "Sankt Knuds Gade", "Dalgas Allé", "H.C. Andersens Boulevard"),
                # the house number (a letter, a range) and the floor and side if any
                rf"(?<![\w.-])[A-ZÆØÅ][\wæøå.-]{{0,40}}?(?:[ \t][A-ZÆØÅ][\wæøå.-]{{0,40}}?){{0,3}}"
                rf"[ \t]?(?i:{suffixes})"
                rf"[ \t]+\d+(?:[A-Za-z]|[ \t][A-Z])?(?:-\d+[A-Za-z]?)?{_FLOOR}(?!\w)"
                # a signature's address: a line ending in a house number, above a postal code
                r"|(?m:^[ \t]*[A-ZÆØÅ][\wæøå.' -]{1,50}?[ \t]\d{1,3}(?:[A-Za-z]|[ \t][A-Z])?"
                rf"(?:-\d+[A-Za-z]?)?{_FLOOR}"
                r"(?=[ \t]*\r?\n[ \t]*(?:DK-)?\d{4}[ \t]+[A-ZÆØÅ]))"
                r"|(?<!\w)\d{4}[ \t]+[A-ZÆØÅ][a-zæøå]+(?!\w)",
            ),
        )
    )
    # Where the writer says they live, the street needs no capital and no known ending:
    # "jeg bor på skovbrynet 7", "Adresse: Ved Åen 3".
    patterns.append(
        (
            "address",
            re.compile(
                r"(?i:\b(?:bor|boede|bosat)\s+på|\badresse(?:n)?(?:\s+er)?\s*:?|\badr\.\s*:?)"
                r"[ \t]+(?P<passage>[^\W\d_][\wæøå.'-]{0,40}(?:[ \t][A-ZÆØÅ][\wæøå.'-]{0,40}){0,3}"
                rf"[ \t]+\d{{1,3}}(?:[A-Za-z]|[ \t][A-Z])?(?:-\d+[A-Za-z]?)?{_FLOOR})(?!\w)"
            ),
        )
    )
    return patterns


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    category: str
    text: str

    @property
    def label(self) -> str:
        return str(CATEGORIES.get(self.category, self.category))


def passages(text: str) -> list[Passage]:
    """Passages that may be personal, in order, without overlaps (the first found wins)."""
    found: list[Passage] = []
    for category, pattern in _word_patterns():
        group = "passage" if "passage" in pattern.groupindex else 0
        for match in pattern.finditer(text or ""):
            start, end = match.span(group)
            if end > start:
                found.append(Passage(start, end, category, match[group]))
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    result: list[Passage] = []
    for passage in found:
        if result and passage.start < result[-1].end:
            continue
        result.append(passage)
    return result


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""  # "", "removed" (a notice of something removed) or "sensitive"
    label: str = ""


def segments(text: str, *, ignore: str = "") -> list[Segment]:
    """The text cut into plain parts, removal notices and passages that may be personal, for a
    preview that marks them (rendered by the template, so everything stays escaped). Passages
    inside `ignore` (the sender's own name) are not marked."""
    notices = [*removal_notices(), str(BLACKED_OUT)]
    marks = [
        (m.start(), m.end(), "removed", "")
        for m in re.finditer("|".join(re.escape(n) for n in notices), text or "")
    ]
    taken = [(s, e) for s, e, *_rest in marks]
    for p in passages(text):
        if ignore and p.text in ignore:
            continue
        if not any(p.start < e and s < p.end for s, e in taken):
            marks.append((p.start, p.end, "sensitive", p.label))
    marks.sort()
    result, position = [], 0
    for start, end, kind, label in marks:
        if start > position:
            result.append(Segment(text[position:start]))
        result.append(Segment(text[start:end], kind, label))
        position = end
    if position < len(text or ""):
        result.append(Segment(text[position:]))
    return result


def segments_html(parts: list[Segment]) -> SafeString:
    """The segments as escaped HTML: removal notices and passages that may be personal in
    <mark>. A screen reader does not announce <mark>, so each passage starts with a visually
    hidden label saying why it is marked; sighted readers see the reason in brackets after it
    (hidden from screen readers, which have heard it), besides the colour and the underline."""

    def one(segment: Segment) -> SafeString:
        if segment.kind == "removed":
            return format_html(
                '<mark class="mark-removed"><span class="sr-only">{} </span>{}</mark>',
                _("Removed automatically:"),
                segment.text,
            )
        if segment.kind == "sensitive":
            return format_html(
                '<mark class="mark-sensitive"><span class="sr-only">{} </span>{}'
                '<span class="mark-label" aria-hidden="true"> [{}]</span>'
                '<span class="sr-only"> {}</span></mark>',
                _("Possibly personal (%(reason)s):") % {"reason": segment.label},
                segment.text,
                _("may be personal: %(reason)s") % {"reason": segment.label},
                _("(end of passage)"),
            )
        return format_html("{}", segment.text)

    return format_html_join("", "{}", ((one(s),) for s in parts))


def redact_published_statements(statement_model) -> int:
    """Redact participants' dialogue statements that were approved before approval redacted
    them (run by a data migration, with the historical model). Returns how many changed."""
    from django.conf import settings
    from django.utils import translation

    limit = statement_model._meta.get_field("text").max_length
    changed = 0
    with translation.override(settings.LANGUAGE_CODE):
        rows = statement_model.objects.filter(submitted_by_participant=True, status="approved")
        for statement in rows:
            text = redact(statement.text).strip()[:limit]
            if text != statement.text:
                statement.text = text
                statement.save(update_fields=["text"])
                changed += 1
    return changed
