"""Read import inputs: files, directories and `-` (stdin) into `SourceObject`s.

YAML is read the way Kubernetes reads it (YAML 1.1, so JSON works too), one document at a time from
the node tree, so each object keeps its file, document index and the line of every key, and keys
written twice are reported instead of silently collapsed (PyYAML keeps the last one). `kind: List`
and `<Kind>List` objects, as `kubectl get -o yaml` prints them, are expanded into their items.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import yaml

from netpolkit.errors import InputError
from netpolkit.importer.model import Source, SourceObject
from netpolkit.problems import KeyPath, format_path

#: Files picked up when a directory is given (sorted, recursively).
SUFFIXES = (".yaml", ".yml", ".json")
MAX_BYTES = 32 * 1024 * 1024
STDIN = "-"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files to read, in order: a directory contributes its YAML/JSON files, sorted."""
    out: list[str] = []
    for raw in paths:
        if raw == STDIN:
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError(f"{raw}: no {', '.join(SUFFIXES)} files in this directory")
            out.extend(str(p) for p in found)
        elif path.exists():
            out.append(raw)
        else:
            raise InputError(f"{raw}: no such file or directory")
    return out


def read_text(path: str, stdin: TextIO | None = None) -> str:
    if path == STDIN:
        return (stdin or sys.stdin).read()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None


def read_inputs(paths: Sequence[str], stdin: TextIO | None = None) -> list[SourceObject]:
    """Every object in `paths` (files, directories, `-`), in input order."""
    objects: list[SourceObject] = []
    for path in expand_paths(paths):
        display = "<stdin>" if path == STDIN else path
        objects.extend(parse_objects(read_text(path, stdin), display))
    return objects


def parse_objects(text: str, file: str) -> list[SourceObject]:
    """Parse one stream; anything that is not YAML or not a Kubernetes object is an `InputError`."""
    objects: list[SourceObject] = []
    loader = _Loader(text)
    try:
        document = 0
        while loader.check_node():
            node = loader.get_node()
            document += 1
            if node is None:
                continue
            body = loader.construct_document(node)
            if body is None:
                continue
            objects.extend(_objects_of(body, node, Source(file, document, node.start_mark.line + 1)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{file}:{mark.line + 1}" if mark else file
        raise InputError(f"{where}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{file}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return objects


def _objects_of(body: Any, node: yaml.Node, source: Source) -> Iterator[SourceObject]:
    if not isinstance(body, dict):
        raise InputError(
            f"{source}: not a Kubernetes object (document {source.document} is a {_yaml_type(body)}, "
            "expected a mapping with apiVersion, kind and metadata)"
        )
    kind, api_version = body.get("kind"), body.get("apiVersion")
    if not isinstance(kind, str) or not kind or not isinstance(api_version, str) or not api_version:
        missing = [k for k, v in (("apiVersion", api_version), ("kind", kind)) if not isinstance(v, str) or not v]
        raise InputError(f"{source}: not a Kubernetes object: {' and '.join(missing)} missing or not a string")
    if kind.endswith("List") and "items" in body:
        yield from _list_items(body, node, source, kind, api_version)
        return
    lines, duplicates = index_node(node)
    yield SourceObject(source, body, lines, duplicates)


def _list_items(body: dict[str, Any], node: yaml.Node, source: Source, kind: str, api_version: str) -> Iterator[
    SourceObject
]:
    items = body["items"]
    if items is None:
        return
    if not isinstance(items, list):
        raise InputError(f"{source}: {kind}.items must be a list, got a {_yaml_type(items)}")
    item_nodes = _child(node, "items")
    # A typed list (`NetworkPolicyList`) may leave apiVersion/kind out of its items, as the API does.
    item_kind = kind.removesuffix("List") if kind != "List" else None
    for index, item in enumerate(items):
        item_node = item_nodes.value[index] if isinstance(item_nodes, yaml.SequenceNode) else node
        item_source = Source(source.file, source.document, item_node.start_mark.line + 1, index)
        if isinstance(item, dict) and item_kind:
            item.setdefault("kind", item_kind)
            item.setdefault("apiVersion", api_version)
        yield from _objects_of(item, item_node, item_source)


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found: yaml.Node = value_node
                return found
    return None


def index_node(node: yaml.Node) -> tuple[dict[KeyPath, int], tuple[KeyPath, ...]]:
    """Map each key path under `node` to its 1-based line; list keys that occur twice in a mapping."""
    lines: dict[KeyPath, int] = {}
    duplicates: list[KeyPath] = []

    def walk(current: yaml.Node, path: KeyPath) -> None:
        lines.setdefault(path, current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                key_path: KeyPath = (*path, key)
                if key in seen:
                    duplicates.append(key_path)
                seen.add(key)
                lines[key_path] = key_node.start_mark.line + 1
                walk(value_node, key_path)
        elif isinstance(current, yaml.SequenceNode):
            for index, child in enumerate(current.value):
                walk(child, (*path, index))

    walk(node, ())
    return lines, tuple(duplicates)


def _yaml_type(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def duplicate_message(path: KeyPath) -> str:
    return f"key {str(path[-1])!r} appears twice in {format_path(path[:-1])}; YAML would keep only the last one"
