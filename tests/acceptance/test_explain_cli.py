"""`netpolkit explain` and `netpolkit schema` as a user runs them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netpolkit.cli import app

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"
MODELINE = "# yaml-language-server: $schema="


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--chart", str(CHART)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_explain_a_rule_field() -> None:
    code, out, err = run("explain", "calicoGlobalNetworkPolicies.*.ingress.action")
    assert (code, err) == (0, "")
    assert out.splitlines()[:5] == [
        "KEY:      calicoGlobalNetworkPolicies.*.ingress[].action",
        "TYPE:     string",
        "REQUIRED: yes",
        "ALLOWED:  Allow, Deny, Log, Pass",
        "EDITION:  all",
    ]
    assert "DESCRIPTION:\n  `Allow` accepts" in out


@pytest.mark.parametrize(
    "path",
    [
        "calicoGlobalNetworkPolicies.*.ingress[].action",
        "calicoGlobalNetworkPolicies.web.ingress[0].action",
        "calicoGlobalNetworkPolicies[*].ingress.*.action",
    ],
)
def test_path_spellings_agree(path: str) -> None:
    assert (
        run("explain", path)[1].splitlines()[1:]
        == run("explain", "calicoGlobalNetworkPolicies.*.ingress.action")[1].splitlines()[1:]
    )


def test_explain_a_map_lists_its_fields_default_and_edition() -> None:
    code, out, _ = run("explain", "calico")
    assert code == 0
    assert "FIELDS:\n  edition" in out and "<string>" in out and "tierPrefixedNames" in out
    code, out, _ = run("explain", "calico.edition")
    assert "DEFAULT:  oss" in out.splitlines() and "ALLOWED:  oss, enterprise" in out.splitlines()
    code, out, _ = run("explain", "networkSets.*.allowedEgressDomains")
    assert "EDITION:  Calico Enterprise / Calico Cloud only (calico.edition: enterprise)" in out.splitlines()


def test_unknown_path_suggests_and_exits_2() -> None:
    assert run("explain", "calicoGlobalNetworkPolicies.*.ingres.action") == (
        2,
        "",
        'netpolkit: error: unknown key "ingres" under calicoGlobalNetworkPolicies.*; did you mean "ingress"?\n',
    )


def test_explain_codes() -> None:
    code, out, _ = run("explain", "NPK011")
    assert code == 0 and out.startswith("NPK011: Duplicate key (error)\n\nA key appears twice")
    code, out, _ = run("explain", "npk101")
    assert code == 0 and out.startswith("NPK101: Unknown key (error)")
    assert run("explain", "NPK999")[0] == 2


def test_explain_a_check_code_from_the_registry() -> None:
    from netpolkit.checks import REGISTRY

    check = next(iter(REGISTRY.values()))
    code, out, _ = run("explain", check.code)
    assert code == 0 and out.startswith(f"{check.code}: {check.title} ({check.severity.value})\n\n")


def test_schema_prints_the_chart_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out) == json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))


def test_modeline_is_added_once_keeping_every_other_byte(tmp_path: Path) -> None:
    values = tmp_path / "team" / "values.yaml"
    values.parent.mkdir()
    original = b"\xef\xbb\xbf# comment\r\nscope: namespace\r\n"
    values.write_bytes(original)
    os.chmod(values, 0o640)
    code, _, err = run("schema", "--modeline", str(values))
    expected_line = f"{MODELINE}{os.path.relpath(CHART / 'values.schema.json', values.parent)}"
    assert code == 0 and err == f"{values}: added the schema modeline ({expected_line})\n"
    assert values.read_bytes() == b"\xef\xbb\xbf" + expected_line.encode() + b"\r\n" + original[3:]
    assert stat.S_IMODE(values.stat().st_mode) == 0o640
    again = run("schema", "--modeline", str(values))[2]
    assert again == f"{values}: already has the schema modeline ({expected_line})\n"
    assert values.read_bytes().count(b"yaml-language-server") == 1


def test_modeline_is_updated_in_place(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(f"a: 1\n{MODELINE}old.json\nb: 2\n", encoding="utf-8")
    code, _, err = run("schema", "--modeline", str(values))
    assert code == 0 and "updated the schema modeline" in err
    lines = values.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "a: 1" and lines[1].startswith(MODELINE) and lines[1].endswith("values.schema.json")
    assert lines[2] == "b: 2" and not list(tmp_path.glob("*.tmp"))


def test_modeline_on_a_missing_file_exits_2(tmp_path: Path) -> None:
    assert run("schema", "--modeline", str(tmp_path / "nope.yaml")) == (
        2,
        "",
        f"netpolkit: error: {tmp_path / 'nope.yaml'}: cannot read the file: no such file\n",
    )


def test_explain_says_the_format_in_words() -> None:
    code, out, _ = run("explain", "calicoNetworkPolicies.*.ingress.icmp.type")
    assert code == 0 and "FORMAT:   an integer 0-254" in out.splitlines()
    code, out, _ = run("explain", "networkPolicies.*.ingress[].from[].ipBlock.cidr")
    assert "FORMAT:   a CIDR such as 10.0.0.0/8 or fd00::/64" in out.splitlines()
    code, out, _ = run("explain", "networkPolicies.*.ingress[].from[].ipBlock")
    assert "      The range, e.g. `10.0.0.0/8` or `2001:db8::/64`." in out.splitlines()  # not cut at "e.g."
    code, out, _ = run("explain", "networkSets")
    assert "  each key: a DNS-1123 name (lowercase letters, digits, '-' and '.', starting and ending with a" in out


def test_unknown_top_level_key_and_code_like_typos() -> None:
    assert run("explain", "networkPolicy.*.ingress") == (
        2,
        "",
        'netpolkit: error: unknown key "networkPolicy" at the top level; did you mean "networkPolicies"?\n',
    )
    assert run("explain", "npk2") == (
        2,
        "",
        'netpolkit: error: unknown key "npk2" at the top level; problem codes are NPK and three digits, e.g. NPK101\n',
    )
    assert run("explain", "scope.x")[2] == 'netpolkit: error: unknown key "x" under scope; scope has no keys below it\n'


def test_codes_table_lists_every_code() -> None:
    from netpolkit.reporters import rules

    code, out, _ = run("explain", "--codes")
    assert code == 0 and out.startswith("| code | level | stage | what it means |\n")
    assert [line.split(" | ")[0].lstrip("| ") for line in out.splitlines()[2:]] == [r.code for r in rules()]
    assert run("explain") == (
        2,
        "",
        "netpolkit: error: give a values key path (e.g. presets.allowDNS), a problem code (e.g. NPK201) or --codes\n",
    )
