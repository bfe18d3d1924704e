"""`netpolkit validate` as a user runs it: exit code, stdout and stderr, whole."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netpolkit.cli import app

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
EXAMPLE = REPO / "values-examples" / "namespace-baseline.yaml"
DEFAULTS = CHART / "values.yaml"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the CLI in `tmp_path` with the real chart; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["validate", "--chart", str(CHART), *args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return path.name


def test_valid_values(run) -> None:  # type: ignore[no-untyped-def]
    assert run("-f", str(EXAMPLE)) == (0, "", "netpolkit: no problems (2 values files checked)\n")


def test_problems_one_line_each_exit_1(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(
        tmp_path / "values.yaml",
        "calico:\n  editon: oss\ncalicoNetworkPolicies:\n  web:\n    selector: all()\n    ingress:\n"
        "      - action: Alow\n",
    )
    code, out, err = run("-f", name, "--set", "scope=clustr")
    assert code == 1
    assert out == (
        '--set:1:7: error[NPK103]: "clustr" is not an allowed value  (at scope)  '
        'hint: did you mean "cluster"? allowed: namespace, cluster\n'
        'values.yaml:2:3: error[NPK101]: unknown key "editon"  (at calico.editon)  hint: did you mean "edition"?\n'
        'values.yaml:7:17: error[NPK103]: "Alow" is not an allowed value  (at calicoNetworkPolicies.web.ingress[0]'
        '.action)  hint: did you mean "Allow"? allowed: Allow, Deny, Log, Pass\n'
    )
    assert err == "netpolkit: 3 errors, 0 warnings (2 values files checked)\n"
    assert "Traceback" not in out + err


def test_later_files_override_earlier_ones(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base = write(tmp_path / "base.yaml", "scope: clustr\ncalico:\n  edition: enterpris\n")
    fix = write(tmp_path / "fix.yaml", "scope: cluster\n")
    code, out, _ = run("-f", base, "-f", fix)
    assert code == 1
    assert out.splitlines() == [
        'base.yaml:3:12: error[NPK103]: "enterpris" is not an allowed value  (at calico.edition)  '
        'hint: did you mean "enterprise"? allowed: oss, enterprise'
    ]


def test_warnings_pass_unless_strict(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "presets:\n  defaultDeny:\n    enabled: true\n")
    code, out, err = run("-f", name)
    assert code == 0 and "warning[NPK303]" in out and err.endswith("0 errors, 1 warning (2 values files checked)\n")
    code, out, err = run("-f", name, "--strict")
    assert code == 1 and "error[NPK303]" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "missing.yaml"], "missing.yaml: cannot read the file: no such file\n"),
        (["--set", "a.b"], "--set:1:3: --set 'a.b': key \"b\" has no value\n"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(run, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert run(*args) == (2, "", message)


def test_broken_yaml_is_a_problem(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "a: b\n  c: d\n")
    code, out, _ = run("-f", name)
    assert code == 1
    assert out == (
        "values.yaml:2:4: error[NPK010]: invalid YAML: mapping values are not allowed in this context  (at (root))\n"
    )


def test_binary_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "blob.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    assert run("-f", "blob.yaml") == (2, "", "blob.yaml:1:1: the file is not UTF-8 text (byte 0x89)\n")


def test_usage_errors_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("-o", "xml")
    assert (code, out) == (2, "")
    assert err == "netpolkit: error: --output 'xml': choose one of text, json, sarif, junit\n"
    assert run("--color", "sometimes") == (
        2,
        "",
        "netpolkit: error: --color 'sometimes': choose one of auto, always, never\n",
    )
    result = CliRunner().invoke(app, ["validate", "--chart", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == f"netpolkit: error: {tmp_path}: not a helm chart, no Chart.yaml\n"


def test_machine_formats_to_stdout_or_a_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "scope: clustr\n")
    code, out, err = run("-f", name, "-o", "json")
    assert code == 1 and json.loads(out)["problems"][0]["code"] == "NPK103"
    assert err == "netpolkit: 1 error, 0 warnings (2 values files checked)\n"
    code, out, _ = run("-f", name, "--output", "sarif", "--output-file", "report.sarif")
    assert (code, out) == (1, "")
    result = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 8}
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "values.yaml"}
    code, out, _ = run("-f", name, "-o", "junit")
    suites = [suite.get("name") for suite in ET.fromstring(out)]
    assert code == 1 and suites == [str(DEFAULTS), "values.yaml"]


def test_color_always_paints_the_text_report(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "scope: clustr\n")
    args = ["validate", "--chart", str(CHART), "-f", name, "--color", "always"]
    result = CliRunner().invoke(app, args, color=True, catch_exceptions=False)
    assert result.exit_code == 1 and "\033[31m" in result.stdout and result.stdout.count("\n") == 1


def test_stdin(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        app, ["validate", "--chart", str(CHART), "-f", "-"], input="scope: clustr\n", catch_exceptions=False
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:1:8: error[NPK103]")
