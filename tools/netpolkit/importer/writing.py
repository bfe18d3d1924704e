"""Write values files: commented YAML that helm reads back exactly, placed and written safely.

Comments say where each entry came from and what the importer changed. Strings that YAML 1.1 (what
helm and kubectl parse) would read as something else (`yes`, `on`, `0755`, `1:20`) are quoted even
though ruamel, which writes YAML 1.2, would leave them plain. Files are never overwritten unless
asked, and are written atomically (temporary file, then `os.replace`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from netpolkit.errors import NetpolkitError, UsageError
from netpolkit.fileio import atomic_write
from netpolkit.importer.grouping import ValuesFile
from netpolkit.importer.model import Entry

SCHEMA_FILE = "values.schema.json"
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
#: go-yaml v2 (helm, kubectl) also reads these as booleans; PyYAML's YAML 1.1 resolver does not.
_GO_YAML_BOOLS = frozenset({"y", "Y", "n", "N"})


@dataclass(frozen=True)
class Output:
    """One values file to write: where (None = stdout) and its text."""

    path: Path | None
    text: str
    values_file: ValuesFile


def plan_outputs(
    files: Sequence[ValuesFile],
    *,
    out: Path | None,
    out_dir: Path | None,
    chart: Path,
    repo_root: Path,
    sources: Sequence[str],
) -> list[Output]:
    """Where each values file goes. One file (or stdout) takes one release: refuse several."""
    if out is not None and out_dir is not None:
        raise UsageError("--out and --out-dir cannot be used together")
    if out_dir is None and len(files) > 1:
        where = "--out" if out is not None else "standard output"
        raise UsageError(
            f"the input spans {len(files)} releases ({', '.join(f.label for f in files)}), and {where} takes "
            "one values file, which installs one release: use --out-dir DIR (one file per namespace, plus "
            "cluster.yaml)"
        )
    outputs = []
    for values_file in files:
        path = out if out_dir is None else out_dir / values_file.file_name
        schema = schema_reference(path, chart, repo_root)
        outputs.append(Output(path, render_values_file(values_file, schema=schema, sources=sources), values_file))
    return outputs


def write_outputs(outputs: Sequence[Output], *, force: bool) -> list[Path]:
    """Write every planned file, refusing (before writing any) to overwrite unless `force`."""
    paths = [o.path for o in outputs if o.path is not None]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise UsageError(f"{', '.join(map(str, existing))}: already exists (use --force to overwrite)")
    for output in outputs:
        if output.path is not None:
            try:
                atomic_write(output.path, output.text, make_parents=True)
            except OSError as exc:
                raise NetpolkitError(f"{output.path}: cannot write: {exc.strerror or exc}") from None
    return paths


def schema_reference(target: Path | None, chart: Path, repo_root: Path) -> str | None:
    """The chart schema relative to the output's directory, when both are inside the repository."""
    schema = (chart / SCHEMA_FILE).resolve()
    base = (target.parent if target is not None else Path.cwd()).resolve()
    root = repo_root.resolve()
    if not schema.is_file() or not base.is_relative_to(root) or not schema.is_relative_to(root):
        return None
    return os.path.relpath(schema, base)


# --- rendering ------------------------------------------------------------------------------------


def render_values_file(values_file: ValuesFile, *, schema: str | None, sources: Sequence[str]) -> str:
    top = CommentedMap()
    top["scope"] = values_file.scope
    if values_file.edition != "oss":
        top["calico"] = CommentedMap(edition=values_file.edition)
    values = values_file.values()
    for values_key, entries in values.items():
        if values_key in ("scope", "calico"):
            continue
        section = CommentedMap()
        for key in entries:
            entry = values_file.find(values_key, key)
            section[quoted(key)] = to_commented(entries[key])
            if entry is not None:
                section.yaml_set_comment_before_after_key(quoted(key), before=entry_comment(entry), indent=2)
        top[values_key] = section
    top.yaml_set_start_comment(header(values_file, schema, sources))
    return dump(top)


def dump_values(values: dict[str, Any]) -> str:
    """Plain values as the writer writes them (the validator reads exactly this text)."""
    return dump(to_commented(values))


def dump(document: CommentedMap) -> str:
    yaml_writer = YAML()
    yaml_writer.width = 100_000  # selectors stay on one line
    yaml_writer.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml_writer.dump(document, buffer)
    return buffer.getvalue()


def header(values_file: ValuesFile, schema: str | None, sources: Sequence[str]) -> str:
    lines = [f"yaml-language-server: $schema={schema}"] if schema else []
    lines.append(f"Values for the network-policies chart, written by `netpolkit import` from {', '.join(sources)}.")
    if values_file.scope == "cluster":
        lines.append("Cluster-scoped objects: install this file as a release with scope: cluster.")
    else:
        lines.append(f"Namespaced objects: install this file into namespace {values_file.namespace!r} "
                     f"(helm --namespace {values_file.namespace}).")
    return "\n".join(lines)


def entry_comment(entry: Entry) -> str:
    lines = [f"from {entry.source.describe()}"]
    lines += [f"{note.level}: {note.message}" for note in entry.notes]
    return "\n".join(lines)


def to_commented(value: Any) -> Any:
    """Plain data -> ruamel nodes, with YAML-1.1-ambiguous strings quoted."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[quoted(key)] = to_commented(item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(to_commented(item) for item in value)
        if not value:
            seq.fa.set_flow_style()
        return seq
    return quoted(value)


def quoted(value: Any) -> Any:
    """A string YAML 1.1 would not read back as that string, as a quoted scalar; anything else as is."""
    if not isinstance(value, str) or isinstance(value, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        return value
    resolved = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if resolved == _STR_TAG and value not in _GO_YAML_BOOLS:
        return value
    return DoubleQuotedScalarString(value) if "'" in value else SingleQuotedScalarString(value)
