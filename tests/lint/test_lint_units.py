"""Unit tests of the lint building blocks: semver, key positions, ct.yaml, JUnit."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from lint_helpers import REPO

from netpolkit.errors import UsageError
from netpolkit.lint import ChartResult, CheckResult, LintReport, load_ct_config
from netpolkit.lint.defaults import CHART_SCHEMA, LINTCONF
from netpolkit.lint.positions import key_positions, locate_dotted
from netpolkit.lint.report import render_junit, render_text
from netpolkit.lint.semver import parse_version
from netpolkit.problems import Location, Problem, Severity

#: Every key ct's Configuration reads (helm/chart-testing pkg/config/config.go). ct ignores other
#: keys silently, so a typo there would switch a check off without a word: keep ct.yaml to these.
CT_KEYS = {
    "remote", "target-branch", "since", "build-id", "lint-conf", "chart-yaml-schema", "validate-maintainers",
    "validate-chart-schema", "validate-yaml", "additional-commands", "check-version-increment", "all", "charts",
    "chart-repos", "chart-dirs", "excluded-charts", "helm-extra-args", "helm-lint-extra-args",
    "helm-repo-extra-args", "helm-dependency-extra-args", "debug", "upgrade", "skip-missing-values",
    "skip-clean-up", "namespace", "release-label", "exclude-deprecated", "kubectl-timeout", "print-logs",
    "github-groups", "use-helmignore",
}  # fmt: skip


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("0.1.0", "0.1.1"),
        ("0.1.9", "0.1.10"),
        ("0.9.0", "0.10.0"),
        ("1.0.0-rc.1", "1.0.0"),
        ("1.0.0-alpha", "1.0.0-alpha.1"),
        ("1.0.0-alpha.1", "1.0.0-alpha.beta"),
        ("1.0.0-beta.2", "1.0.0-beta.11"),
        ("1.0.0-rc.1", "1.0.0-rc.1.1"),
        ("v1.2", "1.2.1"),
    ],
)
def test_semver_ordering(lower: str, higher: str) -> None:
    low, high = parse_version(lower), parse_version(higher)
    assert low is not None and high is not None
    assert low < high and not high <= low


def test_semver_build_metadata_and_invalid() -> None:
    plain, built = parse_version("1.0.0"), parse_version("1.0.0+build.5")
    assert plain is not None and built is not None and plain <= built and built <= plain
    for bad in ("", "1.0.0.0", "01.0.0", "latest", "1.0.0-"):
        assert parse_version(bad) is None, bad


def test_locate_dotted_handles_dotted_keys_and_missing_keys() -> None:
    text = "name: x\nmaintainers:\n  - email: a\nannotations:\n  artifacthub.io/license: 2\n"
    positions = key_positions(text)
    assert locate_dotted(positions, "annotations.artifacthub.io/license: '2' is not a str.") == (
        ("annotations", "artifacthub.io/license"),
        (5, 3),
    )
    assert locate_dotted(positions, "maintainers.0.name: Required field missing") == (("maintainers", 0), (3, 5))
    assert locate_dotted(positions, "version: Required field missing") == ((), (1, 1))
    assert key_positions("a: [") == {}


def test_ct_yaml_uses_only_ct_keys_and_points_at_shipped_files() -> None:
    data = yaml.safe_load((REPO / "ct.yaml").read_text())
    assert set(data) <= CT_KEYS, set(data) - CT_KEYS
    assert data["validate-maintainers"] is False
    assert "--timeout" not in data.get("helm-lint-extra-args", "")  # helm lint has no --timeout
    config = load_ct_config(REPO / "ct.yaml", cwd=REPO)
    assert config.chart_dirs == ("charts",) and config.target_branch == "main" and config.remote == "origin"
    assert config.chart_yaml_schema == REPO / ".ct/chart_schema.yaml" and config.chart_yaml_schema.is_file()
    assert config.lint_conf == REPO / ".ct/lintconf.yaml" and config.lint_conf.is_file()
    assert config.helm_lint_extra_args == ("--strict",)


def test_builtin_defaults_match_the_shipped_files() -> None:
    assert (REPO / ".ct/chart_schema.yaml").read_text() == CHART_SCHEMA
    assert (REPO / ".ct/lintconf.yaml").read_text() == LINTCONF


def test_ct_config_accepts_comma_lists_and_rejects_bad_types(tmp_path: Path) -> None:
    config = tmp_path / "ct.yaml"
    config.write_text("chart-dirs: charts, more\ncheck-version-increment: false\n")
    loaded = load_ct_config(config, cwd=tmp_path)
    assert loaded.chart_dirs == ("charts", "more") and loaded.check_version_increment is False
    config.write_text("check-version-increment: 'no'\n")
    with pytest.raises(UsageError, match="`check-version-increment` must be true or false"):
        load_ct_config(config, cwd=tmp_path)
    with pytest.raises(UsageError, match="no such file"):
        load_ct_config(tmp_path / "missing.yaml", cwd=tmp_path)
    assert load_ct_config(None, cwd=tmp_path / "nowhere").chart_dirs == ("charts",)


def _report() -> LintReport:
    failure = Problem("yamllint/trailing-spaces", "trailing spaces", (), Location("c/values.yaml", 3, 9))
    warning = Problem("yamllint/truthy", "truthy value", (), Location("c/values.yaml", 4, 1), Severity.WARNING)
    checks = (
        CheckResult("version-increment", skipped="no base"),
        CheckResult("yamllint", (failure, warning)),
        CheckResult("helm-lint (helm v4.3.1, c/ci/a-values.yaml)"),
    )
    return LintReport((ChartResult("c", checks),), ("note one",))


def test_junit_one_suite_per_chart_one_case_per_check() -> None:
    root = ET.fromstring(render_junit(_report()))
    (suite,) = root.findall("testsuite")
    assert suite.attrib == {"name": "c", "tests": "3", "failures": "1", "skipped": "1", "errors": "0"}
    cases = suite.findall("testcase")
    assert [c.attrib["name"] for c in cases] == [
        "version-increment",
        "yamllint",
        "helm-lint (helm v4.3.1, c/ci/a-values.yaml)",
    ]
    skipped = cases[0].find("skipped")
    assert skipped is not None and skipped.attrib["message"] == "no base"
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.attrib["message"] == "c/values.yaml:3:9: error[yamllint/trailing-spaces]: trailing spaces"
    assert failure.text is not None and "c/values.yaml:4:1: warning[yamllint/truthy]" in failure.text
    assert cases[2].find("failure") is None and cases[2].find("skipped") is None
    note = suite.find("properties/property")
    assert note is not None and note.attrib["value"] == "note one"


def test_text_report_lists_every_check_and_ends_with_what_to_do() -> None:
    text = render_text(_report())
    assert text.splitlines() == [
        "note: note one",
        "==> c",
        "  skip  version-increment: no base",
        "  FAIL  yamllint",
        "        c/values.yaml:3:9: error[yamllint/trailing-spaces]: trailing spaces",
        "        c/values.yaml:4:1: warning[yamllint/truthy]: truthy value",
        "  ok    helm-lint (helm v4.3.1, c/ci/a-values.yaml)",
        "netpolkit lint: 1 chart(s), 3 check(s): 1 failed, 1 skipped: "
        "fix the problems above (each names its file and line) and run it again",
    ]
