"""The compose-based fallback reader: PyYAML's libyaml parser for any YAML the fast reader refuses,
about ten times slower, and the only place that meets anchors, aliases and alias bombs."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from netpolkit.loading.codes import ALIAS_EXPANSION_LIMIT, MAX_DEPTH
from netpolkit.loading.parsed import ParsedFile, Pos, PosTable, _Dup, _duplicates
from netpolkit.loading.scalars import _NON_FINITE, _key_string, _non_finite, _unsupported_key, resolve_plain
from netpolkit.problems import Location, PathKey, Problem

_PLAIN_TAG = "!netpolkit/plain"
_STR_TAG = "tag:yaml.org,2002:str"
_BINARY_TAG = "tag:yaml.org,2002:binary"


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Leaves plain scalars untyped so that `resolve_plain` types them as helm does."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return str(super().resolve(kind, value, implicit))


class _LoadFailure(Exception):
    """Stops the walk with a problem (alias bomb, recursive alias, nesting)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Built:
    value: Any
    size: int
    height: int


class _TreeBuilder:
    """Turns a composed node tree into plain data and a `PosTable`, in one walk."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.positions: PosTable = {}
        self.problems: list[Problem] = []
        self.memo: dict[int, _Built] = {}
        self.dups: list[_Dup] = []
        self.active: set[int] = set()
        self.expanded = 0

    def _loc(self, node: Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, code: str, message: str, node: Node, hint: str = "") -> _LoadFailure:
        return _LoadFailure(Problem(code, message, location=self._loc(node), hint=hint))

    def build(self, node: Node, depth: int) -> _Built:
        if depth > MAX_DEPTH:
            raise self._fail("NPK016", f"values are nested more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, ScalarNode):
            return _Built(self.scalar(node), 1, 1)
        key = id(node)
        built = self.memo.get(key)
        if built is not None:
            self.expanded += built.size
            if self.expanded > ALIAS_EXPANSION_LIMIT:
                raise self._fail(
                    "NPK013",
                    f"aliases expand to more than {ALIAS_EXPANSION_LIMIT:,} values (an alias bomb?)",
                    node,
                )
            if depth + built.height > MAX_DEPTH:
                raise self._fail("NPK016", f"values are nested more than {MAX_DEPTH} levels deep", node)
            return built
        if key in self.active:
            raise self._fail("NPK013", "an alias refers to the node that contains it (recursive alias)", node)
        self.active.add(key)
        if isinstance(node, MappingNode):
            built = self.mapping(node, depth)
        elif isinstance(node, SequenceNode):
            built = self.sequence(node, depth)
        else:
            raise self._fail("NPK010", f"unexpected YAML node {node.tag}", node)
        self.active.discard(key)
        self.memo[key] = built
        return built

    def scalar(self, node: ScalarNode) -> Any:
        text: str = node.value
        tag = node.tag
        if tag == _PLAIN_TAG:
            if text in _NON_FINITE:
                start = node.start_mark
                self.problems.append(_non_finite(self.name, start.line + 1, start.column + 1, text))
                return text
            return resolve_plain(text)
        if tag == _BINARY_TAG:
            try:
                return base64.b64decode(text).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return text
        if tag == _STR_TAG or not tag.startswith("tag:yaml.org,2002:"):
            return text
        return resolve_plain(text) if text else None

    @staticmethod
    def _pos(key: Node | None, value: Node) -> Pos:
        key = key or value
        if isinstance(value, ScalarNode):
            style = value.style
        elif isinstance(value, (MappingNode, SequenceNode)) and value.flow_style:
            style = "{" if isinstance(value, MappingNode) else "["
        else:
            style = ""
        return (
            key.start_mark.line + 1,
            key.start_mark.column + 1,
            value.start_mark.line + 1,
            value.start_mark.column + 1,
            style or "",
        )

    def sequence(self, node: SequenceNode, depth: int) -> _Built:
        out: list[Any] = []
        table: dict[PathKey, Pos] = {}
        self.positions[id(out)] = table
        size = height = 1
        for index, child in enumerate(node.value):
            built = self.build(child, depth + 1)
            out.append(built.value)
            table[index] = self._pos(None, child)
            size += built.size
            height = max(height, built.height + 1)
        return _Built(out, size, height)

    def mapping(self, node: MappingNode, depth: int) -> _Built:
        out: dict[str, Any] = {}
        table: dict[PathKey, Pos] = {}
        self.positions[id(out)] = table
        size = height = 1
        own: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag == _PLAIN_TAG and key_node.value == "<<":
                size += self._merge(out, table, value_node, depth)
            else:
                own.append((key_node, value_node))
        merged = set(out)
        for key_node, value_node in own:
            key = self._key(key_node)
            if key is None:
                continue
            if key in out and key not in merged:
                line, col = self._pos(key_node, value_node)[:2]
                self.dups.append((out, key, line, col, table[key][0]))
            merged.discard(key)
            built = self.build(value_node, depth + 1)
            out[key] = built.value
            table[key] = self._pos(key_node, value_node)
            size += built.size
            height = max(height, built.height + 1)
        return _Built(out, size, height)

    def _key(self, node: Node) -> str | None:
        start = node.start_mark
        if not isinstance(node, ScalarNode):
            self.problems.append(_unsupported_key(self.name, start.line + 1, start.column + 1, "(a map or list)"))
            return None
        key = _key_string(self.scalar(node))
        if key is None:
            self.problems.append(_unsupported_key(self.name, start.line + 1, start.column + 1, repr(node.value)))
        return key

    def _merge(self, out: dict[str, Any], table: dict[PathKey, Pos], node: Node, depth: int) -> int:
        """`<<: *anchor` or `<<: [*a, *b]`: earlier maps win, keys written in the map win over all."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        size = 0
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise self._fail("NPK010", "a merge key (<<) needs a map or a list of maps", source)
            built = self.build(source, depth + 1)
            source_table = self.positions[id(built.value)]
            for key, value in built.value.items():
                out[key] = value
                table[key] = source_table[key]
            size += built.size
        return size


def _yaml_error(exc: yaml.YAMLError, name: str, text: str) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        problem = (exc.problem or "").strip()
        context = (exc.context or "").strip()
        if isinstance(exc, yaml.composer.ComposerError) and "single document" in context:
            return Problem(
                "NPK014",
                "more than one YAML document (---) in a values file; helm reads only one",
                location=where,
                hint="split the documents into separate -f files",
            )
        if "maximum nesting depth" in problem:
            return Problem("NPK016", "values are nested too deeply for the YAML parser", location=where)
        message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
        return Problem("NPK010", message, location=where)
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: max(exc.position, 0)]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        message = f"invalid YAML: character {exc.character!r} is not allowed in YAML"
        return Problem("NPK010", message, location=Location(name, line, column))
    return Problem("NPK010", f"invalid YAML: {exc}", location=Location(name))


def _full_read(text: str, name: str) -> ParsedFile:
    parsed = ParsedFile(name)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        parsed.problems.append(_yaml_error(exc, name, text))
        return parsed
    finally:
        loader.dispose()
    if node is None:
        parsed.positions[id(parsed.data)] = {}
        return parsed
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a single value"
        if isinstance(node, ScalarNode) and node.tag == _PLAIN_TAG and resolve_plain(node.value) is None:
            parsed.positions[id(parsed.data)] = {}
            return parsed
        parsed.problems.append(
            Problem(
                "NPK012",
                f"the top level of a values file must be a map of keys, not {kind}",
                location=Location(name, node.start_mark.line + 1, node.start_mark.column + 1),
                hint="values files look like `key: value`",
            )
        )
        return parsed
    builder = _TreeBuilder(name)
    try:
        built = builder.build(node, 0)
    except _LoadFailure as failure:
        parsed.problems.extend([*builder.problems, failure.problem])
        return parsed
    parsed.data = built.value
    parsed.positions = builder.positions
    parsed.problems = [*builder.problems, *_duplicates(name, built.value, builder.dups)]
    return parsed
