"""Values files: grouping, YAML that helm reads back exactly, comments, placement and safe writes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from netpolkit.errors import NetpolkitError, UsageError
from netpolkit.importer import ImportOptions, import_objects
from netpolkit.importer.grouping import ValuesFile
from netpolkit.importer.reading import parse_objects
from netpolkit.importer.writing import plan_outputs, quoted, render_values_file, schema_reference, write_outputs

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"

MIXED = textwrap.dedent("""\
    apiVersion: projectcalico.org/v3
    kind: NetworkPolicy
    metadata: {name: default.web, namespace: shop, labels: {enabled: "yes", port: "8080", when: "1:20"}}
    spec:
      selector: app == 'web' && tier in {"a", "b"}
      ingress: [{action: Allow, protocol: TCP, destination: {ports: [80, "8000:8999"]}}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny, namespace: billing}
    spec: {podSelector: {}, policyTypes: [Ingress, Egress], ingress: [], egress: []}
    ---
    apiVersion: projectcalico.org/v3
    kind: Tier
    metadata: {name: security}
    spec: {order: 100.5, defaultAction: Pass}
""")


def imported(text: str = MIXED) -> list[ValuesFile]:
    result = import_objects(parse_objects(text, "in.yaml"), ImportOptions(chart=CHART, check=False))
    assert result.ok, [r.one_line() for r in result.rejections]
    return result.files


def test_one_values_file_per_namespace_then_the_cluster_file() -> None:
    files = imported()
    assert [(f.scope, f.namespace, f.file_name) for f in files] == [
        ("namespace", "billing", "namespace-billing.yaml"),
        ("namespace", "shop", "namespace-shop.yaml"),
        ("cluster", None, "cluster.yaml"),
    ]
    assert files[2].values() == {"scope": "cluster", "tiers": {"security": {"order": 100.5, "defaultAction": "Pass"}}}


def test_written_yaml_reads_back_as_the_same_values_under_yaml_1_1() -> None:
    for values_file in imported():
        text = render_values_file(values_file, schema=None, sources=["in.yaml"])
        assert yaml.safe_load(text) == values_file.values()  # PyYAML is YAML 1.1, like helm


def test_comments_say_where_each_entry_came_from_and_what_changed() -> None:
    shop = imported()[1]
    text = render_values_file(shop, schema="../charts/network-policies/values.schema.json", sources=["in.yaml"])
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../charts/network-policies/values.schema.json"
    assert "  # from in.yaml, document 1 (line 1)" in lines
    assert any(line.startswith("  # note: name 'default.web' imported as 'web'") for line in lines)
    assert lines[lines.index("  # from in.yaml, document 1 (line 1)") + 2] == "  web:"
    assert "    selector: app == 'web' && tier in {\"a\", \"b\"}" in lines  # one line, as given


@pytest.mark.parametrize(
    "value", ["yes", "on", "No", "y", "N", "1:20", "0755", "8080", "1e3", "0x1F", "true", "~", "null", "3.0", ""]
)
def test_strings_yaml_1_1_or_go_yaml_would_retype_are_quoted(value: str) -> None:
    values_file = ValuesFile("cluster", None)
    values_file.entries = imported(MIXED.split("---\n")[2])[0].entries
    values_file.entries[0].entry = {"labels": {"k": value}}
    text = render_values_file(values_file, schema=None, sources=["in.yaml"])
    assert f"k: '{value}'" in text.splitlines()[-1]
    assert quoted("web") == "web" and type(quoted("web")) is str


def test_several_releases_need_out_dir() -> None:
    files = imported()
    for out in (None, Path("v.yaml")):
        with pytest.raises(UsageError) as err:
            plan_outputs(files, out=out, out_dir=None, chart=CHART, repo_root=REPO, sources=["in.yaml"])
        assert "namespace billing, namespace shop, cluster scope" in err.value.message
        assert "use --out-dir DIR" in err.value.message
        assert err.value.exit_code == 2


def test_out_dir_never_overwrites_without_force_and_leaves_no_temp_files(tmp_path: Path) -> None:
    files = imported()
    outputs = plan_outputs(files, out=None, out_dir=tmp_path, chart=CHART, repo_root=REPO, sources=["in.yaml"])
    (tmp_path / "cluster.yaml").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"cluster.yaml: already exists \(use --force"):
        write_outputs(outputs, force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cluster.yaml"]  # nothing written at all
    assert (tmp_path / "cluster.yaml").read_text(encoding="utf-8") == "keep me\n"
    write_outputs(outputs, force=True)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["cluster.yaml", "namespace-billing.yaml", "namespace-shop.yaml"]
    assert yaml.safe_load((tmp_path / "cluster.yaml").read_text(encoding="utf-8"))["scope"] == "cluster"


def test_schema_reference_is_relative_inside_the_repository_only(tmp_path: Path) -> None:
    assert schema_reference(REPO / "values" / "a.yaml", CHART, REPO) == "../charts/network-policies/values.schema.json"
    assert schema_reference(REPO / "a.yaml", CHART, REPO) == "charts/network-policies/values.schema.json"
    assert schema_reference(tmp_path / "a.yaml", CHART, REPO) is None


def test_identical_duplicates_merge_and_different_ones_are_both_rejected() -> None:
    twice = MIXED + "---\n" + MIXED.split("---\n")[2]
    result = import_objects(parse_objects(twice, "in.yaml"), ImportOptions(chart=CHART, check=False))
    assert result.ok and any("imported once" in n.message for n in result.notes)
    changed = MIXED + "---\n" + MIXED.split("---\n")[2].replace("100.5", "7")
    result = import_objects(parse_objects(changed, "in.yaml"), ImportOptions(chart=CHART, check=False))
    lines = [r.one_line() for r in result.rejections]
    assert len(lines) == 2 and all("tiers.security in cluster scope is also defined, differently" in m for m in lines)
    assert [f.file_name for f in result.files] == ["namespace-billing.yaml", "namespace-shop.yaml"]


def test_a_file_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a directory should be", encoding="utf-8")
    outputs = plan_outputs(imported()[:1], out=tmp_path / "blocker" / "v.yaml", out_dir=None, chart=CHART,
                           repo_root=REPO, sources=["in.yaml"])
    with pytest.raises(NetpolkitError, match=r"blocker/v.yaml: cannot write: "):
        write_outputs(outputs, force=False)
