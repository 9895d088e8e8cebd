"""`make audit`: read what pip-audit and npm audit reported, apply the allow-list, say plainly
what is known.

    python -m uddannelsesby.core.audit --pip var/audit/pip.json --npm var/audit/npm.json \
        --allow audit-allow.toml

Exit status: 0 every package was checked and every vulnerability found is allowed; 1 a
vulnerability is not allowed (or its allowance has expired, or the allow-list is broken);
2 nothing is known about some packages because a vulnerability service did not answer (pip-audit
then marks each package "skipped"; npm audit answers with an error instead of a report). A
build must not read 2 as "no vulnerabilities".

The allow-list (TOML) names each accepted vulnerability with a reason and the date until which
it is accepted:

    [[allow]]
    id = "GHSA-xxxx-xxxx-xxxx"      # or PYSEC-..., CVE-...: any id or alias the report gives
    package = "django"
    reason = "Only the admin's password form is affected; the admin is not exposed."
    until = 2027-01-31
"""

import argparse
import datetime
import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CLEAN, VULNERABLE, UNKNOWN = 0, 1, 2


@dataclass(frozen=True)
class Finding:
    tool: str  # "pip" or "npm"
    package: str
    version: str
    ids: frozenset[str]  # the advisory's id and its aliases
    title: str = ""

    @property
    def name(self) -> str:
        return sorted(self.ids)[0] if self.ids else "?"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # why something could not be checked
    checked: int = 0  # packages the service answered for


@dataclass(frozen=True)
class Allowance:
    id: str
    package: str
    reason: str
    until: datetime.date


class AllowListError(ValueError):
    pass


def read_pip_audit(text: str) -> Report:
    """pip-audit's `-f json` output: {"dependencies": [{"name", "version", "vulns": [...]}, or
    {"name", "skip_reason"}], "fixes": [...]}."""
    report = Report()
    try:
        data = json.loads(text) if text.strip() else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or "dependencies" not in data:
        report.unchecked.append("pip-audit gave no report (did it reach its service?)")
        return report
    skipped = []
    for dependency in data["dependencies"]:
        if "skip_reason" in dependency:
            skipped.append(dependency["name"])
            continue
        report.checked += 1
        for vuln in dependency.get("vulns", []):
            ids = frozenset([vuln["id"], *vuln.get("aliases", [])])
            report.findings.append(
                Finding(
                    "pip",
                    dependency["name"],
                    dependency.get("version", ""),
                    ids,
                    vuln.get("description", "")[:120],
                )
            )
    if skipped:
        report.unchecked.append(
            f"pip-audit could not check {len(skipped)} of {len(data['dependencies'])} packages "
            f"(its vulnerability service did not answer for them): {', '.join(skipped[:5])}"
            + (" ..." if len(skipped) > 5 else "")
        )
    return report


def read_npm_audit(text: str) -> Report:
    """npm audit's `--json` output (auditReportVersion 2): {"vulnerabilities": {name: {"via":
    [advisory or name, ...], ...}}, "metadata": {...}}, or an error object when the registry
    refuses ({"message", "statusCode", ...})."""
    report = Report()
    try:
        data = json.loads(text) if text.strip() else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or "vulnerabilities" not in data:
        why = data.get("message", "") if isinstance(data, dict) else ""
        report.unchecked.append(
            "npm audit gave no report: the registry's audit service did not answer"
            + (f" ({why})" if why else "")
        )
        return report
    report.checked = int(data.get("metadata", {}).get("dependencies", {}).get("total", 0))
    for name, entry in data["vulnerabilities"].items():
        for via in entry.get("via", []):
            if not isinstance(via, dict):
                continue  # vulnerable only through another package, reported under its name
            ids = {str(via.get("source", ""))} - {""}
            url = via.get("url", "")
            if "/advisories/" in url:
                ids.add(url.rstrip("/").rsplit("/", 1)[1])
            report.findings.append(
                Finding(
                    "npm",
                    via.get("name", name),
                    via.get("range", ""),
                    frozenset(ids),
                    via.get("title", ""),
                )  # fmt: skip
            )
    return report


def read_allow_list(text: str) -> list[Allowance]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AllowListError(f"the allow-list is not valid TOML: {error}") from error
    allowances = []
    for number, entry in enumerate(data.get("allow", []), start=1):
        missing = [key for key in ("id", "package", "reason", "until") if not entry.get(key)]
        if missing:
            raise AllowListError(f"allowance {number} lacks {', '.join(missing)}")
        if not isinstance(entry["until"], datetime.date) or isinstance(
            entry["until"], datetime.datetime
        ):
            raise AllowListError(f"allowance {number}: write until as a date, like 2027-01-31")
        allowances.append(
            Allowance(entry["id"], entry["package"], entry["reason"].strip(), entry["until"])
        )
    return allowances


def judge(
    reports: list[Report], allowances: list[Allowance], today: datetime.date
) -> tuple[int, list[str]]:
    """The exit status and the lines to print."""
    lines: list[str] = []
    status = CLEAN
    expired = [a for a in allowances if a.until < today]
    for allowance in expired:
        lines.append(
            f"EXPIRED allowance for {allowance.id} ({allowance.package}) on {allowance.until}: "
            "fix the package or renew the allowance with a reason"
        )
        status = VULNERABLE
    valid = {a.id: a for a in allowances if a.until >= today}
    for report in reports:
        for finding in report.findings:
            allowance = next((valid[i] for i in sorted(finding.ids) if i in valid), None)
            if allowance:
                lines.append(
                    f"allowed until {allowance.until}: {finding.name} in {finding.package} "
                    f"{finding.version} ({allowance.reason})"
                )
            else:
                lines.append(
                    f"VULNERABLE: {finding.name} in {finding.package} {finding.version} "
                    f"[{finding.tool}] {finding.title}".rstrip()
                )
                status = VULNERABLE
    unchecked = [line for report in reports for line in report.unchecked]
    for line in unchecked:
        lines.append(f"NOT CHECKED: {line}")
    if status == CLEAN and unchecked:
        status = UNKNOWN
    checked = sum(r.checked for r in reports)
    summary = {
        CLEAN: f"audit clean: {checked} packages checked, no vulnerability that is not allowed",
        VULNERABLE: "audit FAILED: see the lines above",
        UNKNOWN: "audit UNKNOWN: a vulnerability service did not answer, so nothing is known "
        "about the packages listed above; this is not a pass (run it where the services answer)",
    }
    lines.append(summary[status])
    return status, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pip", type=Path, help="pip-audit -f json output")
    parser.add_argument("--npm", type=Path, help="npm audit --json output")
    parser.add_argument("--allow", type=Path, default=Path("audit-allow.toml"))
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    try:
        allow_text = args.allow.read_text(encoding="utf-8") if args.allow.exists() else ""
        allowances = read_allow_list(allow_text)
    except AllowListError as error:
        print(f"audit FAILED: {error}")
        return VULNERABLE
    reports = []
    if args.pip:
        reports.append(read_pip_audit(_read(args.pip)))
    if args.npm:
        reports.append(read_npm_audit(_read(args.npm)))
    status, lines = judge(reports, allowances, args.today or datetime.date.today())
    print("\n".join(lines))
    return status


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


if __name__ == "__main__":
    sys.exit(main())
