"""`netpolkit import` end to end through `main()`: exit codes, stdout/stderr, files, no tracebacks."""

from __future__ import annotations

import io
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from netpolkit.cli.app import main

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"

NP_SHOP = textwrap.dedent("""\
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web, namespace: shop, uid: x, resourceVersion: "1"}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress: [{from: [{podSelector: {}}]}]
""")
GNP = textwrap.dedent("""\
    apiVersion: projectcalico.org/v3
    kind: GlobalNetworkPolicy
    metadata: {name: default.deny-all}
    spec: {selector: all(), types: [Ingress, Egress]}
""")
PING = textwrap.dedent("""\
    apiVersion: projectcalico.org/v3
    kind: GlobalNetworkPolicy
    metadata: {name: allow-ping}
    spec:
      selector: all()
      ingress:
        - action: Allow
          protocol: ICMP
          icmp:
            type: 8  Ping request
""")


@dataclass
class Run:
    code: int
    out: str
    err: str


Cli = Callable[..., Run]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, stdin: str = "") -> Run:
        monkeypatch.setattr(sys, "argv", ["netpolkit", "import", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Run(code, captured.out, captured.err)

    return run


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_stdin_to_stdout(cli: Cli) -> None:
    run = cli("-", stdin=NP_SHOP)
    assert run.code == 0, run.err
    values = yaml.safe_load(run.out)
    assert values == {"scope": "namespace", "networkPolicies": {"web": {
        "podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{"from": [{"podSelector": {}}]}]}}}
    assert run.out.startswith("# yaml-language-server: $schema=charts/network-policies/values.schema.json\n")
    assert "# from <stdin>, document 1 (line 1)" in run.out


def test_out_dir_writes_one_file_per_namespace_and_the_cluster_file(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "in.yaml", NP_SHOP + "---\n" + GNP)
    run = cli(source, "--out-dir", str(tmp_path / "values"))
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "values").iterdir()) == ["cluster.yaml", "namespace-shop.yaml"]
    cluster = yaml.safe_load((tmp_path / "values" / "cluster.yaml").read_text(encoding="utf-8"))
    assert cluster == {"scope": "cluster", "calicoGlobalNetworkPolicies": {
        "deny-all": {"selector": "all()", "types": ["Ingress", "Egress"]}}}
    assert "note: name 'default.deny-all' imported as 'deny-all'" in run.err
    assert run.out == ""
    again = cli(source, "--out-dir", str(tmp_path / "values"))
    assert again.code == 2 and "already exists (use --force to overwrite)" in again.err
    assert cli(source, "--out-dir", str(tmp_path / "values"), "--force").code == 0


def test_several_namespaces_with_out_are_refused_naming_them(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "in.yaml", NP_SHOP + "---\n" + NP_SHOP.replace("shop", "billing"))
    run = cli(source, "--out", str(tmp_path / "v.yaml"))
    assert run.code == 2
    assert "namespace billing, namespace shop" in run.err and "--out-dir" in run.err
    assert not (tmp_path / "v.yaml").exists()
    # Moved into one namespace the two are the same object, imported once.
    moved = cli(source, "--namespace", "prod", "--out", str(tmp_path / "v.yaml"))
    assert moved.code == 0, moved.err
    assert "imported once" in moved.err and "namespace 'billing' replaced by --namespace 'prod'" in moved.err


def test_the_brief_example_is_rejected_naming_the_field(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "file.yaml", PING)
    run = cli(source, "--out", str(tmp_path / "v.yaml"))
    assert run.code == 1
    assert (
        f"{source}:10: GlobalNetworkPolicy allow-ping: spec.ingress[0].icmp.type: type must be an integer 0-254, "
        'got the string "8  Ping request" (hint: for example 8)'
    ) in run.err
    assert "nothing written" in run.err and not (tmp_path / "v.yaml").exists()


def test_all_or_nothing_unless_skip_invalid(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "in.yaml", GNP + "---\n" + PING)
    assert cli(source, "-o", str(tmp_path / "v.yaml")).code == 1
    assert not (tmp_path / "v.yaml").exists()
    run = cli(source, "-o", str(tmp_path / "v.yaml"), "--skip-invalid")
    assert run.code == 1 and "the other objects were written" in run.err
    values = yaml.safe_load((tmp_path / "v.yaml").read_text(encoding="utf-8"))
    assert list(values["calicoGlobalNetworkPolicies"]) == ["deny-all"]


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("this: is: not: yaml\n", 2, "not valid YAML"),
        ("just a string\n", 2, "not a Kubernetes object (document 1 is a string"),
        ("", 2, "no Kubernetes objects in the input"),
        (GNP.replace("projectcalico.org/v3", "projectcalico.org/v9"), 1,
         "apiVersion: unknown apiVersion 'projectcalico.org/v9'"),
        ("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: a, namespace: b}\n", 1,
         "NetworkPolicy a: spec: required: a NetworkPolicy needs a spec"),
        (GNP.replace("types: [Ingress, Egress]", "egress: [{action: Allow, destination: {domains: [a.com]}}]"), 1,
         "spec.egress[0].destination.domains"),
    ],
)
def test_bad_input_is_a_clear_error_and_a_non_zero_exit(
    cli: Cli, tmp_path: Path, text: str, code: int, message: str
) -> None:
    run = cli(write(tmp_path, "bad.yaml", text))
    assert (run.code, run.out) == (code, "")
    assert message in run.err, run.err


def test_enterprise_fields_need_the_enterprise_edition(cli: Cli, tmp_path: Path) -> None:
    gnp = GNP.replace("types: [Ingress, Egress]", "egress: [{action: Allow, destination: {domains: [a.com]}}]")
    run = cli(write(tmp_path, "e.yaml", gnp), "--edition", "enterprise")
    assert run.code == 0, run.err
    values = yaml.safe_load(run.out)
    assert values["calico"] == {"edition": "enterprise"}


def test_missing_file_and_missing_chart(cli: Cli, tmp_path: Path) -> None:
    assert "no such file or directory" in cli(str(tmp_path / "nope.yaml")).err
    run = cli(write(tmp_path, "a.yaml", GNP), "--chart", str(tmp_path))
    assert run.code == 2 and f"{tmp_path}: not a chart directory (no Chart.yaml)" in run.err
