"""The Danish catalogue is complete, and the site speaks Danish by default."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

DANISH_PO = Path(settings.LOCALE_PATHS[0]) / "da" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str, path: Path, number: int) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise AssertionError(f"{path}:{number}: expected a quoted string, got {text!r}")
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    """A small parser for the parts of the PO format that makemessages writes."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None
    flags: set[str] = set()

    def start(number: int) -> Entry:
        nonlocal entry, flags
        entry = Entry(line=number, flags=flags)
        flags = set()
        entries.append(entry)
        return entry

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            if entry is None or target is None:
                raise AssertionError(f"{path}:{number}: a continuation line without a keyword")
            name, index = target
            text = _unquote(line, path, number)
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
            continue
        text = _unquote(rest, path, number)
        if keyword == "msgctxt":
            start(number).msgctxt = text
            target = ("msgctxt", None)
        elif keyword == "msgid":
            if entry is None or entry.msgstr or entry.msgctxt is None:
                start(number)
            entry.msgid = text
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            entry.msgid_plural = text
            target = ("msgid_plural", None)
        elif keyword == "msgstr":
            entry.msgstr[0] = text
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[len("msgstr[") : -1])
            entry.msgstr[index] = text
            target = ("msgstr", index)
        else:
            raise AssertionError(f"{path}:{number}: unknown keyword {keyword!r}")
    return entries


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    entries = parse_po(DANISH_PO)
    header = entries[0]
    assert header.msgid == "", "the catalogue starts with its header"
    return header, entries[1:]


def test_the_header_describes_danish(catalogue):
    header, _ = catalogue
    text = header.msgstr[0]
    assert "fuzzy" not in header.flags
    assert "Language: da\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in text
    assert "Language-Team: Uddannelsesby\n" in text
    for placeholder in ["FULL NAME", "EMAIL@ADDRESS", "PACKAGE VERSION", "YEAR-MO-DA"]:
        assert placeholder not in text


def test_the_catalogue_has_entries(catalogue):
    _, entries = catalogue
    assert len(entries) > 100


def test_every_entry_is_translated(catalogue):
    _, entries = catalogue
    untranslated = []
    for entry in entries:
        expected = [0, 1] if entry.msgid_plural is not None else [0]
        if sorted(entry.msgstr) != expected or not all(entry.msgstr.values()):
            untranslated.append(entry.label)
    assert not untranslated, "untranslated in django.po:\n" + "\n".join(untranslated)


def test_no_entry_is_fuzzy(catalogue):
    _, entries = catalogue
    fuzzy = [entry.label for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy in django.po:\n" + "\n".join(fuzzy)


def test_translations_keep_the_placeholders_and_tags(catalogue):
    _, entries = catalogue
    wrong = []
    for entry in entries:
        source = entry.msgid + (entry.msgid_plural or "")
        wanted = set(PLACEHOLDER.findall(source)) if "python-format" in entry.flags else set()
        tags = re.findall(r"<[^>]+>", entry.msgid)
        for translation in entry.msgstr.values():
            if "python-format" in entry.flags and set(PLACEHOLDER.findall(translation)) != wanted:
                wrong.append(f"{entry.label} -> {translation!r}")
            if re.findall(r"<[^>]+>", translation) != tags:
                wrong.append(f"{entry.label} -> {translation!r}")
    assert not wrong, "placeholders or tags differ:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_the_home_page_is_in_danish(client):
    html = client.get("/").content.decode()
    assert "Tilgængelighedserklæring" in html
    assert "Gå til sidens indhold" in html
