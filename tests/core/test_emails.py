"""Every e-mail template renders values as typed (no HTML escaping); every subject is one line."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.template import Context, engines

import uddannelsesby
from uddannelsesby.bridge.services import notify
from uddannelsesby.participation.services import _mail

HOSTILE = "Unge & uddannelse <b>fed</b> \"ja\" 'nej'\r\nanden linje"
LITERAL_PARTS = ["Unge & uddannelse", "<b>fed</b>", '"ja"', "'nej'", "anden linje"]
ESCAPED = ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;"]
WHEN = datetime.datetime(2026, 12, 4, 10, 30, tzinfo=datetime.UTC)
NUMBERS = {"pk", "id", "applicants", "count", "places", "days", "more", "number"}
SRC = Path(uddannelsesby.__file__).parent


class Hostile:
    """A value that answers any attribute or loop with itself: every variable a template
    reads, however deep, renders as the hostile text."""

    def __str__(self):
        return HOSTILE

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name.endswith(("_on", "_at")) or name in ("deadline", "start", "end"):
            return WHEN  # dates go through |date
        if name in NUMBERS:
            return 2
        return Hostile()

    def __getitem__(self, key):
        raise KeyError(key)  # the template then reads the attribute

    def __iter__(self):
        return iter([Hostile()])


class HostileContext(dict):
    """Every name is defined; names a template needs real values for are given."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        return 2 if key in NUMBERS else Hostile()


def names_of(path: Path) -> dict:
    """A plain context giving every name in the template the hostile value."""
    names = set(re.findall(r"[a-z_]+", path.read_text()))
    return {name: 2 if name in NUMBERS else Hostile() for name in names}


def email_templates() -> list[Path]:
    found = sorted(SRC.glob("*/templates/*/email/*.txt"))
    found += sorted(SRC.glob("*/templates/registration/*.txt"))
    return found


def test_the_templates_are_found():
    names = {p.name for p in email_templates()}
    assert {"reminder.txt", "receipt.txt", "saved_search.txt", "password_reset_email.txt"} <= names
    assert len(names) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("path", email_templates(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_email_template_is_plain_text(path):
    name = "/".join(path.parts[path.parts.index("templates") + 1 :])
    template = engines["django"].engine.get_template(name)
    context = HostileContext(uid="MQ", token="abc-123")
    text = template.render(Context(context))
    for escaped in ESCAPED:
        assert escaped not in text, f"{name} escapes: {escaped}"
    if "{{" in path.read_text():
        shown = any(part in text for part in LITERAL_PARTS) or "2026" in text  # or only dates
        assert shown, f"{name} shows no value"
        for part in LITERAL_PARTS:
            if part.split()[0] in text:
                assert part in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    sorted(SRC.glob("bridge/templates/bridge/email/*.txt")),
    ids=lambda p: p.stem,
)
def test_bridge_mails_have_one_line_subjects_and_literal_text(
    path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(["a@example.dk"], path.stem, names_of(path))
    message = mail.outbox[-1]
    assert "\n" not in message.subject
    assert "\r" not in message.subject
    for escaped in ESCAPED:
        assert escaped not in message.subject + message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    sorted(SRC.glob("participation/templates/participation/email/*_subject.txt")),
    ids=lambda p: p.stem,
)
def test_participation_mails_have_one_line_subjects_and_literal_text(
    path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _mail(path.stem.removesuffix("_subject"), HostileContext(), ["a@example.dk"])
    message = mail.outbox[-1]
    assert "\n" not in message.subject
    assert "\r" not in message.subject
    assert "Unge & uddannelse" in message.subject + message.body
    for escaped in ESCAPED:
        assert escaped not in message.subject + message.body
