"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).

- `tool.driver.rules` lists every code netpolkit reports (load, schema, checks), each result
  points at its rule with `ruleIndex`;
- regions are 1-based lines and columns (`columnKind: unicodeCodePoints`), artifact URIs are
  relative to the current directory (the repository root in CI);
- `partialFingerprints` hash the code, file and key path, not the line, so a problem keeps its
  identity when lines move;
- problems in `--set` arguments have no file to point at, and GitHub code scanning rejects a
  whole upload if one result has no file ("locationFromSarifResult: expected artifact
  location"); so they are tool notifications of the run's invocation (with their rule and key
  path), not results. The exit code still counts them.
Nothing time- or machine-dependent is written, so the output is reproducible.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, ClassVar
from urllib.parse import quote

from netpolkit import __version__
from netpolkit.problems import Problem, Severity
from netpolkit.reporters.base import Rule, artifact_path, is_pseudo_file, key_path, rules
from netpolkit.validate import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/netpolkit/netpolkit"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _rule_name(title: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _rule(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.code,
        "name": _rule_name(rule.title),
        "shortDescription": {"text": rule.title},
        "defaultConfiguration": {"level": _level(rule.severity)},
    }
    if rule.doc:
        out["fullDescription"] = {"text": rule.doc.split("\n\n", 1)[0].replace("\n", " ")}
        out["help"] = {"text": rule.doc}
    return out


def _fingerprint(problem: Problem) -> str:
    identity = "\0".join((problem.code, problem.location.file, key_path(problem)))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def _logical(problem: Problem) -> dict[str, Any]:
    if not problem.path:
        return {}
    return {"logicalLocations": [{"fullyQualifiedName": key_path(problem), "kind": "member"}]}


def _result(problem: Problem, index: dict[str, int]) -> dict[str, Any]:
    loc = problem.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(artifact_path(loc.file))}}
    if loc.line > 0:
        physical["region"] = {"startLine": loc.line, "startColumn": max(loc.column, 1)}
    return {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": _level(problem.severity),
        "message": {"text": problem.detail()},
        "locations": [{"physicalLocation": physical, **_logical(problem)}],
        "partialFingerprints": {"netpolkitProblem/v1": _fingerprint(problem)},
    }


def _notification(problem: Problem, index: dict[str, int]) -> dict[str, Any]:
    """A problem with no file (a --set argument): `file:line:col` goes into the message."""
    notification: dict[str, Any] = {
        "level": _level(problem.severity),
        "message": {"text": f"{problem.location}: {problem.detail()}"},
        "associatedRule": {"id": problem.code, "index": index[problem.code]},
    }
    logical = _logical(problem)
    if logical:
        notification["locations"] = [logical]
    return notification


class SarifReporter:
    name: ClassVar[str] = "sarif"

    def render(self, report: Report, *, color: bool = False) -> str:
        """See `Reporter.render`."""
        catalogue = rules()
        known = {rule.code for rule in catalogue}
        for problem in report.problems:
            if problem.code not in known:  # a code from outside the catalogue still gets a rule
                catalogue.append(Rule(problem.code, problem.code, problem.severity))
                known.add(problem.code)
        index = {rule.code: i for i, rule in enumerate(catalogue)}
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "netpolkit",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": [_rule(rule) for rule in catalogue],
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": [_result(p, index) for p in report.problems if not is_pseudo_file(p.location.file)],
        }
        fileless = [_notification(p, index) for p in report.problems if is_pseudo_file(p.location.file)]
        if fileless:
            run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": fileless}]
        document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
