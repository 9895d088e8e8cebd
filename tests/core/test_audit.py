"""`make audit`'s judge, on outputs in pip-audit's and npm audit's real JSON formats: a known
vulnerability fails unless allowed with a reason and a date; an expired allowance fails; a
service that does not answer is reported as unknown, never as clean."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from uddannelsesby.core.audit import (
    CLEAN,
    UNKNOWN,
    VULNERABLE,
    AllowListError,
    judge,
    main,
    read_allow_list,
    read_npm_audit,
    read_pip_audit,
)

FIXTURES = Path(__file__).parent / "fixtures" / "audit"
TODAY = datetime.date(2026, 12, 7)
ROOT = Path(__file__).parents[2]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


ALLOW_ALL = """
[[allow]]
id = "CVE-2023-36053"  # an alias is enough
package = "django"
reason = "EmailValidator only sees addresses from staff forms."
until = 2027-01-31

[[allow]]
id = "GHSA-j7hp-h8jx-5ppr"
package = "pillow"
reason = "WebP images are refused before Pillow opens them."
until = 2026-12-31

[[allow]]
id = "GHSA-c2qf-rxjj-qqgw"
package = "semver"
reason = "Only the HTML checker in the tests uses it, on our own pages."
until = 2026-12-07
"""


def test_reports_are_read_in_their_real_formats():
    pip = read_pip_audit(fixture("pip_vulnerable.json"))
    assert {(f.package, f.name) for f in pip.findings} == {
        ("django", "CVE-2023-36053"),
        ("pillow", "CVE-2023-4863"),
    }
    assert pip.checked == 3
    assert not pip.unchecked
    npm = read_npm_audit(fixture("npm_vulnerable.json"))
    assert [(f.package, f.ids) for f in npm.findings] == [
        ("semver", frozenset({"1101088", "GHSA-c2qf-rxjj-qqgw"}))
    ]  # vnu-jar is vulnerable only through semver: reported once, under semver
    assert npm.checked == 4


def test_clean_reports_pass():
    reports = [read_pip_audit(fixture("pip_clean.json")), read_npm_audit(fixture("npm_clean.json"))]
    status, lines = judge(reports, [], TODAY)
    assert status == CLEAN
    assert lines[-1].startswith("audit clean: 7 packages checked")


def test_a_known_vulnerability_fails_unless_allowed():
    reports = [
        read_pip_audit(fixture("pip_vulnerable.json")),
        read_npm_audit(fixture("npm_vulnerable.json")),
    ]
    status, lines = judge(reports, [], TODAY)
    assert status == VULNERABLE
    assert sum(line.startswith("VULNERABLE") for line in lines) == 3
    status, lines = judge(reports, read_allow_list(ALLOW_ALL), TODAY)
    assert status == CLEAN, lines
    assert any("WebP images are refused" in line for line in lines)
    # allowing one of them leaves the others failing
    only_django = read_allow_list(ALLOW_ALL.split("[[allow]]", 2)[1].join(["[[allow]]", ""]))
    status, _lines = judge(reports, only_django, TODAY)
    assert status == VULNERABLE


def test_an_expired_allowance_fails_even_if_nothing_is_found_any_more():
    allowances = read_allow_list(ALLOW_ALL)
    reports = [read_pip_audit(fixture("pip_vulnerable.json"))]
    status, lines = judge(reports, allowances, datetime.date(2027, 1, 1))
    assert status == VULNERABLE
    assert any(line.startswith("EXPIRED allowance for GHSA-j7hp-h8jx-5ppr") for line in lines)
    assert any(line.startswith("VULNERABLE: CVE-2023-4863 in pillow") for line in lines)
    status, lines = judge([read_pip_audit(fixture("pip_clean.json"))], allowances, TODAY.replace(
        year=2028))  # fmt: skip
    assert status == VULNERABLE


@pytest.mark.parametrize(
    "text",
    [
        '[[allow]]\nid = "X"\npackage = "p"\nuntil = 2027-01-01\n',  # no reason
        '[[allow]]\nid = "X"\npackage = "p"\nreason = "r"\n',  # no date
        '[[allow]]\nid = "X"\npackage = "p"\nreason = "r"\nuntil = "snart"\n',  # not a date
        '[[allow]\nid = "X"',  # not TOML
    ],
)
def test_an_allowance_needs_a_reason_and_a_date(text):
    with pytest.raises(AllowListError):
        read_allow_list(text)


@pytest.mark.parametrize(
    ("pip", "npm"),
    [
        ("pip_unreachable.json", "npm_clean.json"),  # pip-audit "skips" every package
        ("pip_clean.json", "npm_refused.json"),  # the registry refuses npm audit
        ("pip_clean.json", "missing.json"),  # no output at all
    ],
)
def test_a_service_that_does_not_answer_is_unknown_not_clean(pip, npm, tmp_path, capsys):
    status = main(
        ["--pip", str(FIXTURES / pip), "--npm", str(FIXTURES / npm),
         "--allow", str(tmp_path / "none.toml"), "--today", "2026-12-07"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == UNKNOWN
    assert "NOT CHECKED" in out
    assert "audit UNKNOWN" in out
    assert "audit clean" not in out


def test_unknown_does_not_hide_a_vulnerability(tmp_path, capsys):
    status = main(
        ["--pip", str(FIXTURES / "pip_vulnerable.json"),
         "--npm", str(FIXTURES / "npm_refused.json"), "--allow", str(tmp_path / "none.toml")]
    )  # fmt: skip
    assert status == VULNERABLE
    assert "NOT CHECKED: npm audit" in capsys.readouterr().out


def test_the_projects_allow_list_is_valid_and_current():
    allowances = read_allow_list((ROOT / "audit-allow.toml").read_text())
    assert all(a.until >= datetime.date.today() for a in allowances)


def test_runs_as_a_command():
    result = subprocess.run(
        [sys.executable, "-m", "uddannelsesby.core.audit", "--pip",
         str(FIXTURES / "pip_vulnerable.json"), "--allow", str(ROOT / "audit-allow.toml")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == VULNERABLE, result.stdout + result.stderr
    assert "VULNERABLE: CVE-2023-36053 in django 4.2.0" in result.stdout


def test_pip_audit_is_pinned_for_make_audit():
    constraints = (ROOT / "requirements" / "constraints.txt").read_text()
    assert "\npip-audit==" in constraints
    assert "pip-audit" in (ROOT / "pyproject.toml").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "audit:" in makefile
    # make test's pass or fail never depends on the vulnerability services
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "audit" not in test_recipe
