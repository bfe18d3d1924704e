"""`netpolkit validate` as a user runs it: exit code, stdout and stderr, whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    assert run("-f", str(EXAMPLE)) == (0, "", "netpolkit: no problems; 1 file checked (plus chart defaults)\n")


def test_problems_one_line_each_exit_1(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(
        tmp_path / "values.yaml",
        "calico:\n  editon: oss\ncalicoNetworkPolicies:\n  web:\n    selector: all()\n    ingress:\n"
        "      - action: Alow\n",
    )
    code, out, err = run("-f", name, "--set", "scope=clustr")
    assert code == 1
    assert out == (
        '--set:1:7: error[NPK103]: scope must be namespace or cluster, got "clustr"  (at scope)  '
        'hint: did you mean "cluster"?\n'
        'values.yaml:2:3: error[NPK101]: unknown key "editon"  (at calico.editon)  hint: did you mean "edition"?\n'
        'values.yaml:7:17: error[NPK103]: action must be one of Allow, Deny, Log, Pass, got "Alow"  '
        '(at calicoNetworkPolicies.web.ingress[0].action)  hint: did you mean "Allow"?\n'
    )
    assert err == "netpolkit: 3 errors, 0 warnings; 1 file and 1 --set argument checked (plus chart defaults)\n"
    assert "Traceback" not in out + err


def test_later_files_override_earlier_ones(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base = write(tmp_path / "base.yaml", "scope: clustr\ncalico:\n  edition: enterpris\n")
    fix = write(tmp_path / "fix.yaml", "scope: cluster\n")
    code, out, _ = run("-f", base, "-f", fix)
    assert code == 1
    assert out.splitlines() == [
        'base.yaml:3:12: error[NPK103]: edition must be oss or enterprise, got "enterpris"  (at calico.edition)  '
        'hint: did you mean "enterprise"?'
    ]


def test_warnings_pass_unless_strict(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "presets:\n  defaultDeny:\n    enabled: true\n")
    code, out, err = run("-f", name)
    assert (
        code == 0
        and "warning[NPK303]" in out
        and err.endswith("0 errors, 1 warning; 1 file checked (plus chart defaults)\n")
    )
    code, out, err = run("-f", name, "--strict")
    assert code == 1 and "error[NPK303]" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "missing.yaml"], "missing.yaml: error[NPK001]: cannot read the file: no such file\n"),
        (["-f", "."], ".: error[NPK001]: cannot read the file: it is a directory\n"),
        (
            ["--set", "a.b"],
            "--set:1:3: error[NPK004]: --set 'a.b': key \"b\" has no value  "
            "hint: the syntax is key=value[,key2=value2]; nest with a.b, index with a[0], lists with {x,y}; "
            "escape . and , with \\\n",
        ),
    ],
)
def test_unreadable_input_exits_2_with_one_line(run, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert run(*args) == (2, "", message)


def test_broken_yaml_is_a_problem(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "a: b\n  c: d\n")
    code, out, _ = run("-f", name)
    assert code == 1
    assert out == (
        "values.yaml:2:4: error[NPK010]: invalid YAML: mapping values are not allowed in this context  "
        "hint: a value contains ': ' (put the value in quotes), or this line is indented deeper than its key\n"
    )


def test_binary_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "blob.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    assert run("-f", "blob.yaml") == (
        2,
        "",
        "blob.yaml:1:1: error[NPK002]: the file is not UTF-8 text (byte 0x89)  hint: save it as UTF-8\n",
    )


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
    assert err == "netpolkit: 1 error, 0 warnings; 1 file checked (plus chart defaults)\n"
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


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 8):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("content", "code", "expected"),
    [
        ("", 0, ""),
        ("# only\n# comments\n", 0, ""),
        ("- a\n- b\n", 1, "values.yaml:1:1: error[NPK012]: the top level of a values file must be a map of keys"),
        ("just text\n", 1, "values.yaml:1:1: error[NPK012]: the top level of a values file must be a map of keys"),
        ("a: 1\n---\nb: 2\n", 1, "values.yaml:2:1: error[NPK014]: more than one YAML document"),
        (_alias_bomb(), 1, "error[NPK013]: aliases expand to more than 1,000,000 values"),
        ("a: &a\n  b: *a\n", 1, "values.yaml:1:4: error[NPK013]: an alias refers to the node that contains it"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", 1, "error[NPK016]: values are nested too deeply"),
        ("".join("  " * i + f"k{i}:\n" for i in range(150)) + "  " * 150 + "x: 1\n", 1, "error[NPK016]"),
        ("scope:\tnamespace\n\tx: 1\n", 1, "values.yaml:2:1: error[NPK010]: invalid YAML: found a tab character"),
        ("scope: \x00\n", 1, "values.yaml:1:8: error[NPK103]: scope must be namespace or cluster"),
    ],
    ids=[
        "empty",
        "comments",
        "list",
        "scalar",
        "documents",
        "alias-bomb",
        "recursive-alias",
        "deep-flow",
        "deep-block",
        "tab",
        "nul",
    ],
)
def test_nasty_files_give_one_line_each(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, content: str, code: int, expected: str
) -> None:
    name = write(tmp_path / "values.yaml", content)
    exit_code, out, err = run("-f", name)
    assert exit_code == code and "Traceback" not in out + err
    assert out.count("\n") == (1 if expected else 0) and expected in out
    assert err.count("\n") == 1 and err.startswith("netpolkit: ")


@pytest.mark.parametrize(
    "argument",
    ["a.b", "=", "a[x]=1", "a=1,a.b=2", "[", "scope=cluster,,", "a[99999999]=1", ".".join("k" * 40) + "=1"],
)
def test_set_garbage_is_one_line_and_exit_2(run, argument: str) -> None:  # type: ignore[no-untyped-def]
    exit_code, out, err = run("--set", argument)
    assert (exit_code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("--set:1:") and "error[NPK004]" in err


def _on_a_terminal(tmp_path: Path, args: list[str], **env: str) -> str:
    """stdout of the real command when stdout is a terminal (a pseudo-terminal)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    command = [sys.executable, "-m", "netpolkit", "validate", "--chart", str(CHART), *args]
    subprocess.run(command, stdout=slave, stderr=subprocess.DEVNULL, cwd=tmp_path, env=environment, check=False)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks).decode("utf-8")


def test_colour_only_on_a_terminal_and_never_with_no_color(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "scope: clustr\n")
    assert "\033[31m" in _on_a_terminal(tmp_path, ["-f", name])
    assert "\033[" not in _on_a_terminal(tmp_path, ["-f", name], NO_COLOR="1")
    assert "\033[" not in _on_a_terminal(tmp_path, ["-f", name, "--color", "never"])
    assert "\033[" not in _on_a_terminal(tmp_path, ["-f", name, "-o", "json"])
    piped = subprocess.run(
        [sys.executable, "-m", "netpolkit", "validate", "--chart", str(CHART), "-f", name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"},
        check=False,
    )
    assert piped.returncode == 1 and "\033[" not in piped.stdout and piped.stdout.startswith("values.yaml:1:8:")


def test_machine_formats_carry_the_same_problems(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "calicoNetworkPolicies:\n  web:\n    order: '10'\n")
    text = run("-f", name)[1]
    document = json.loads(run("-f", name, "-o", "json")[1])
    assert document["defaults"] == str(DEFAULTS) and document["files"] == [str(DEFAULTS), "values.yaml"]
    [problem] = document["problems"]
    assert problem["message"] == 'order must be a number, got the string "10"'
    assert problem["hint"] == "write 10 without quotes"
    assert (
        text
        == f"values.yaml:3:13: error[NPK102]: {problem['message']}  (at {problem['key']})  hint: {problem['hint']}\n"
    )
    sarif = json.loads(run("-f", name, "-o", "sarif")[1])["runs"][0]
    assert sarif["results"][0]["message"]["text"] == text.split("]: ", 1)[1].rstrip("\n")
    junit = ET.fromstring(run("-f", name, "-o", "junit")[1])
    failure = junit.find("testsuite[@name='values.yaml']/testcase/failure")
    assert failure is not None and failure.get("message") == problem["message"] and failure.text == text.rstrip("\n")


def test_set_hints_speak_of_set_not_quotes(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        "--set", "calicoNetworkPolicies.web.order=1.5", "--set-string", "presets.allowDNS.enabled=true"
    )
    assert code == 1 and err == "netpolkit: 2 errors, 0 warnings; 2 --set arguments checked (plus chart defaults)\n"
    assert out.splitlines() == [
        '--set:1:33: error[NPK102]: order must be a number, got the string "1.5"  (at calicoNetworkPolicies.web.order)'
        "  hint: --set reads only whole numbers as numbers: put this value in a -f values file",
        '--set-string:1:26: error[NPK102]: enabled must be true or false, got the string "true"  '
        "(at presets.allowDNS.enabled)  "
        "hint: --set-string keeps every value a string: use --set for numbers and booleans",
    ]
    assert run("--set", "presets.allowDNS.enabled=yes")[1].endswith(
        "hint: write true or false: --set reads only those as booleans\n"
    )


def test_an_unwritable_output_file_is_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = write(tmp_path / "values.yaml", "scope: clustr\n")
    (tmp_path / "report.sarif").mkdir()
    assert run("-f", name, "-o", "sarif", "--output-file", "report.sarif") == (
        2,
        "",
        "netpolkit: error: --output-file report.sarif: cannot write the report: is a directory\n",
    )
    assert run("-f", name, "--output-file", "missing/report.txt")[2] == (
        "netpolkit: error: --output-file missing/report.txt: cannot write the report: no such file or directory\n"
    )
    assert not list(tmp_path.glob("**/*.tmp"))
