"""`uddannelsesby bridge match INSTANCE.json`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

ROUND = {
    "students": [
        {"id": "anna", "preferences": ["bakery", "garage"]},
        {"id": "bo", "preferences": ["bakery"]},
        {"id": "carl", "preferences": ["bakery", "garage", "library"]},
        {"id": "dina", "preferences": []},
    ],
    "positions": [
        {"id": "bakery", "capacity": 1, "preferences": ["bo", "anna", "carl"]},
        {"id": "garage", "capacity": 2, "preferences": ["carl", "anna"]},
        {"id": "library", "capacity": 0, "preferences": ["carl"]},
    ],
}
EXPECTED = {
    "assignment": {"anna": "garage", "bo": "bakery", "carl": "garage", "dina": None},
    "cutoffs": {"bakery": "bo", "garage": "anna", "library": None},
}


pytestmark = pytest.mark.usefixtures("english")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("bridge", *args, stdout=out)
    return out.getvalue()


def test_match_prints_the_assignment_and_cutoffs(tmp_path):
    path = tmp_path / "round.json"
    path.write_text(json.dumps(ROUND), encoding="utf-8")
    assert run("match", str(path)) == json.dumps(EXPECTED, indent=2) + "\n"


def test_match_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(ROUND)))
    assert json.loads(run("match", "-")) == EXPECTED
    monkeypatch.setattr("sys.stdin", io.StringIO("{}"))
    with pytest.raises(CommandError, match="Invalid round in the standard input: The instance"):
        run("match", "-")


def test_an_action_is_required():
    with pytest.raises(CommandError, match="ACTION"):
        run()


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*nowhere\.json: No such file"):
        run("match", str(tmp_path / "nowhere.json"))


def tiny(capacity: object = 1, ranked: list[str] | None = None) -> bytes:
    """One student ranking one position: with a given capacity and student list."""
    return json.dumps(
        {
            "students": [{"id": "x", "preferences": ranked if ranked is not None else ["p"]}],
            "positions": [{"id": "p", "capacity": capacity, "preferences": ["x"]}],
        }
    ).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"students": [', r"Invalid JSON in .*round\.json: Expecting value: line 1 column 15"),
        (b"\xff\xfe", "Cannot decode .*round.json as UTF-8 text"),
        (b"[]", 'must be a JSON object with "students" and "positions"'),
        (tiny(ranked=["zoo"]), 'Invalid round in .*: Student "x" ranks unknown position "zoo"'),
        (tiny(ranked=["p", "p"]), 'Student "x" ranks position "p" more than once'),
        (
            json.dumps({**ROUND, "students": ROUND["students"] * 2}).encode(),
            'Duplicate student id "anna"',
        ),
        (tiny(capacity=-2), 'Position "p" has capacity -2; a capacity must be a whole number'),
        (tiny(capacity=2.5), 'Position "p" has capacity 2.5'),
    ],
)
def test_bad_input_is_a_command_error(tmp_path, content, message):
    path = tmp_path / "round.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("match", str(path))
