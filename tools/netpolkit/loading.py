"""Load helm values files with the position of every value, and merge them exactly as helm does.

Helm builds a release's values in three steps, and so does `load_values`:

1. every `-f` file, in order, deep-merged into the previous ones (maps merge, everything else,
   lists included, replaces; a `null` is kept as a value);
2. every `--set`, then every `--set-string`, applied in place with helm's strvals syntax;
3. the result coalesced over the chart's `values.yaml`: a user `null` deletes a key the chart has a
   default for, and stays `null` where the chart has none.

Scalars are typed the way helm's YAML library (go-yaml v2) types them, not the way PyYAML does:
`y`/`n` are booleans, `08` and `1e3` numbers, `0o17` octal, timestamps stay strings, `1:30` is a
string. That keeps `netpolkit validate` and `helm lint` agreeing on the types the schema sees.

Positions come from two readers that produce the same result: a fast line reader for the block
YAML subset that values files are written in (a 2,000-policy file in a fraction of a second), and,
for anything outside that subset, PyYAML's libyaml parser (`yaml.compose`), which is complete but
about ten times slower because it builds a Python object and two marks per node. Each reader
also reports duplicate keys, which helm silently collapses, and the full reader stops alias bombs
and recursive aliases. Problems with the input are data (`Problem`, codes NPK0xx), never
exceptions, so one broken file does not hide the others.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from netpolkit.errors import UsageError
from netpolkit.problems import KeyPath, Location, PathKey, Problem

#: Larger files are refused: helm stores a release (values included) in one Secret of at most
#: 1 MiB, so a values file this size is a mistake, and refusing it keeps load time bounded.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Deeper values are refused; real values are about 10 levels deep, and JSON Schema validation
#: recurses per level.
MAX_DEPTH = 100
#: Nodes that aliases may add to a file (the "billion laughs" defence).
ALIAS_EXPANSION_LIMIT = 1_000_000

#: The codes this module reports, with a title each (SARIF rules, `netpolkit explain NPK0xx`).
LOAD_CODES: dict[str, str] = {
    "NPK001": "The file cannot be read",
    "NPK002": "The file is not UTF-8 text",
    "NPK003": "The file is too large",
    "NPK004": "Invalid --set or --set-string argument",
    "NPK010": "YAML syntax error",
    "NPK011": "Duplicate key",
    "NPK012": "The top level is not a map",
    "NPK013": "Alias bomb or recursive alias",
    "NPK014": "More than one YAML document",
    "NPK015": "A key or value helm cannot represent",
    "NPK016": "Values nested too deeply",
}
#: Input that cannot be used at all: the CLI exits 2, as for a usage error.
INPUT_ERROR_CODES = frozenset({"NPK001", "NPK002", "NPK003", "NPK004"})
#: A file whose values could not be built; checking the merged values would only add noise.
BLOCKING_CODES = INPUT_ERROR_CODES | frozenset({"NPK010", "NPK012", "NPK013", "NPK014", "NPK016"})

#: Where a key and its value start (1-based line and column each), and the value's style:
#: "" plain or block collection, "'" or '"' quoted, "|"/">" block scalar, "["/"{" flow collection.
Pos = tuple[int, int, int, int, str]
#: id(container) -> entry (map key or list index) -> Pos, for every container a reader built.
PosTable = dict[int, Mapping[PathKey, Pos]]


class _FlowTable(Mapping[PathKey, Pos]):
    """The positions of a one-line flow list's items, worked out only when asked for (most never
    are, and a large file has tens of thousands of port and CIDR lists)."""

    __slots__ = ("col", "layout", "line")

    def __init__(self, line: int, col: int, layout: list[tuple[int, str]]) -> None:
        self.line = line
        self.col = col
        self.layout = layout

    def __getitem__(self, index: PathKey) -> Pos:
        if not isinstance(index, int) or not 0 <= index < len(self.layout):
            raise KeyError(index)
        offset, style = self.layout[index]
        col = self.col + offset + 1
        return (self.line, col, self.line, col, style)

    def __len__(self) -> int:
        return len(self.layout)

    def __iter__(self) -> Iterator[PathKey]:
        return iter(range(len(self.layout)))


_ROOT_POS: Pos = (1, 1, 1, 1, "")


# --------------------------------------------------------------------------------------------
# Scalars, typed as helm types them


def _special_words() -> dict[str, Any]:
    words: dict[str, Any] = {}
    for value, spellings in (
        (True, "y Y yes Yes YES true True TRUE on On ON"),
        (False, "n N no No NO false False FALSE off Off OFF"),
        (None, "~ null Null NULL"),
    ):
        for word in spellings.split():
            words[word] = value
    words[""] = None
    return words


_SPECIAL = _special_words()
_NON_FINITE = {
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
}  # fmt: skip
_GO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_PREFIX_BASES = {"x": 16, "o": 8, "b": 2}
_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}
_INT64 = 1 << 63
_UINT64 = 1 << 64


def _go_int(text: str) -> int | None:
    """`strconv.ParseInt(text, 0, 64)`, then `ParseUint`: what go-yaml accepts as an integer."""
    sign, body = 1, text
    if body[:1] in ("+", "-"):
        sign, body = (-1 if body[0] == "-" else 1), body[1:]
    base, digits = 10, body
    if len(body) > 1 and body[0] == "0":
        prefix = body[1].lower()
        if len(body) > 2 and prefix in _PREFIX_BASES:
            base, digits = _PREFIX_BASES[prefix], body[2:]
        else:
            base, digits = 8, body[1:]
    if not digits or any(c not in _DIGITS[base] for c in digits):
        return None
    value = sign * int(digits, base)
    if -_INT64 <= value < _INT64 or (text[0] not in "+-" and 0 <= value < _UINT64):
        return value
    return None


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar, typed as go-yaml v2 (and so helm) types it."""
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text in _NON_FINITE:
        return _NON_FINITE[text]
    first = text[0]
    if first in "+-0123456789":
        plain = text.replace("_", "")
        number = _go_int(plain)
        if number is not None:
            return number
        if _GO_FLOAT.match(plain):
            value = float(plain)
            return text if math.isinf(value) else value
    elif first == "." and _GO_FLOAT.match(text):
        return float(text)
    return text


def _key_string(value: Any) -> str | None:
    """A map key as helm sees it: helm converts values to JSON, whose keys are strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value).removesuffix(".0")
    return None


def _unsupported_key(name: str, line: int, col: int, text: str) -> Problem:
    return Problem(
        "NPK015",
        f"unsupported map key {text}: helm cannot turn it into a JSON key",
        location=Location(name, line, col),
        hint="quote the key to make it a string",
    )


def _non_finite(name: str, line: int, col: int, text: str) -> Problem:
    return Problem(
        "NPK015",
        f"{text} is not a number JSON can hold; helm rejects it",
        location=Location(name, line, col),
        hint=f'quote it ("{text}") if you mean the string',
    )


#: A duplicate key seen while reading: (the map, key, line, column, line of the first one).
_Dup = tuple[object, str, int, int, int]


def _container_paths(root: Any, wanted: set[int]) -> dict[int, KeyPath]:
    """The key paths of some containers of a tree (found by identity), in one walk."""
    found: dict[int, KeyPath] = {}
    todo: list[tuple[Any, KeyPath]] = [(root, ())]
    while todo and len(found) < len(wanted):
        node, path = todo.pop()
        if id(node) in wanted:
            found.setdefault(id(node), path)
        if isinstance(node, dict):
            todo.extend((value, (*path, key)) for key, value in node.items() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            todo.extend((value, (*path, i)) for i, value in enumerate(node) if isinstance(value, (dict, list)))
    return found


def _duplicates(name: str, root: Any, dups: list[_Dup]) -> list[Problem]:
    """Duplicate-key problems, with the key path (worked out once, after reading)."""
    paths = _container_paths(root, {id(container) for container, *_ in dups}) if dups else {}
    return [
        Problem(
            "NPK011",
            f'duplicate key "{key}" (first defined on line {first_line}); helm silently keeps the last one',
            (*paths.get(id(container), ()), key),
            location=Location(name, line, col),
            hint="remove or merge one of the two entries",
        )
        for container, key, line, col, first_line in dups
    ]


# --------------------------------------------------------------------------------------------
# One parsed file


@dataclass
class ParsedFile:
    """A values file (or the `--set` arguments) as data, with positions and load problems."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)
    positions: PosTable = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """False when the file's values could not be built (its problems say why)."""
        return not any(p.code in BLOCKING_CODES for p in self.problems)


class _Bail(Exception):
    """The fast reader met YAML outside its subset; the full reader takes over."""


# --------------------------------------------------------------------------------------------
# The fast reader: block YAML as values files are written, one pass over the lines

_KEY_BAD_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`<\t ")
_VALUE_BAD_FIRST = frozenset("&*!|>%@`?:,]}\t")
_QUOTED_KEY = re.compile(r"""(?:'((?:[^']|'')*)'|"([^"\\]*)") *(:)(?: +|\Z)""")
_SQ_VALUE = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?\Z")
_DQ_VALUE = re.compile(r'"([^"\\]*)"(?: +#.*)?\Z')
#: A plain scalar inside a flow collection: no flow indicators, no comment, and a `:` only when
#: the next character is not a space or an indicator (IPv6 addresses, `9000:9100`).
_FLOW_PLAIN = (
    r"(?:-(?=[^\s,\[\]{}])|[^\s,\[\]{}#'\"&*!|>?%@`:\-])"
    r"(?:[^\s,\[\]{}#:]|:(?=[^\s,\[\]{}])| +(?=[^\s,\[\]{}#:]))*"
)
_FLOW_ITEM = re.compile(rf""" *(?:'((?:[^']|'')*)'|"([^"\\]*)"|({_FLOW_PLAIN})) *([,\]])""")
_FLOW_PAIR = re.compile(
    rf""" *(?:'((?:[^']|'')*)'|"([^"\\]*)"|({_FLOW_PLAIN})) *: +"""
    rf"""(?:'((?:[^']|'')*)'|"([^"\\]*)"|({_FLOW_PLAIN})) *([,}}])"""
)
_FLOW_END = re.compile(r" *([\]}])")
_TRAILER = re.compile(r"(?: +#.*)?\Z")
_ODD_BREAKS = ("\r", "\t", "\x85", "\u2028", "\u2029")
_MISSING = object()
#: The value of a `key:` line whose value is the block below it (in `_Line`).
_NESTED: Any = object()


@dataclass(slots=True)
class _Frame:
    """An open block collection: entries start at column `indent` (0-based)."""

    indent: int
    container: dict[str, Any] | list[Any]
    table: dict[PathKey, Pos]
    #: A sequence at the same indent as its parent map's keys (`key:\n- item`).
    indentless: bool = False


#: A key or `-` with nothing after it, whose value is the block that follows (or null):
#: (frame, key or index, key line, key column, 1-based column just after the `:` or `-`).
_Slot = tuple[_Frame, PathKey, int, int, int]
#: A `key: value`, `key:`, `- key: value` or `- key:` line as read once, to read the same text
#: again without looking at it: (indent, key, value or `_NESTED`, style, 0-based column of the
#: value or 1-based column after the colon for `_NESTED`, layout of a flow list whose items `value`
#: then holds or None, 0-based column of the key of a `- key` line or None).
_Line = tuple[int, str, Any, str, int, "list[tuple[int, str]] | None", "int | None"]


class _FastReader:
    """Reads the block-YAML subset; raises `_Bail` on anything else (anchors, block scalars,
    multi-line scalars, nested flow collections, tabs, several documents, ...).

    The subset is what people and generators write in values files; the full reader handles the
    rest, so this reader only has to be right, not complete. A differential test keeps it so.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.root: dict[str, Any] = {}
        self.positions: PosTable = {}
        self.problems: list[Problem] = []
        self.stack = [_Frame(0, self.root, self._table(self.root))]
        self.dups: list[_Dup] = []
        #: checked plain texts -> their value / key; flow lists -> values and layout (a hit needs
        #: no checks: only checked texts enter these caches)
        self.scalars: dict[str, Any] = {}
        self.keys: dict[str, str] = {}
        self.flows: dict[str, tuple[list[Any], list[tuple[int, str]]]] = {}
        #: whole lines of plain-key map entries read without a problem -> what they hold. Values
        #: files repeat the same lines thousands of times (`protocol: TCP`, `destination:`), and
        #: a hit skips all the text work: only where the entry goes is left to do.
        self.lines: dict[str, _Line] = {}
        self.line_no = 0

    def _table(self, container: dict[str, Any] | list[Any]) -> dict[PathKey, Pos]:
        table: dict[PathKey, Pos] = {}
        self.positions[id(container)] = table
        return table

    def run(self) -> ParsedFile:
        """One pass over the lines.

        Loading a large file is this loop and little else, so map entries with a plain key and
        nested blocks are read inline; list items, quoted keys and values, and flow collections
        go to methods. A line seen before (`self.lines`) only needs its place in the tree.
        """
        if any(c in self.text for c in _ODD_BREAKS):
            raise _Bail
        stack, keys, scalars, flows, lines = self.stack, self.keys, self.scalars, self.flows, self.lines
        positions, missing = self.positions, _MISSING
        slot: _Slot | None = None
        for no, line in enumerate(self.text.split("\n"), 1):
            seen = lines.get(line)
            if seen is None:
                body = line.lstrip(" ")
                if not body or body[0] == "#":
                    continue
                indent = len(line) - len(body)
                first = body[0]
                dash = first == "-" and (len(body) == 1 or body[1] == " ")
                if indent == 0 and first in "-.%" and not dash and self._marker(body, slot):
                    continue
            else:
                indent, item_col = seen[0], seen[6]
                dash = item_col is not None
            self.line_no = no
            if slot is not None:
                parent = slot[0]
                in_map = type(parent.container) is dict
                if indent > parent.indent or (indent == parent.indent and dash and in_map):
                    child: dict[str, Any] | list[Any] = [] if dash else {}
                    table: dict[PathKey, Pos] = {}
                    positions[id(child)] = table
                    if len(stack) >= MAX_DEPTH:
                        raise _Bail
                    key_pos = (slot[2], slot[3]) if in_map else (no, indent + 1)
                    self._set(parent, slot[1], child, (*key_pos, no, indent + 1, ""))
                    stack.append(_Frame(indent, child, table, indent == parent.indent))
                else:
                    self._close_slot(slot)
                slot = None
            frame = stack[-1]
            if frame.indent != indent or frame.indentless:
                frame = self._frame_for(indent, dash)
            if seen is not None:  # the same key and value as before, on another line
                if item_col is not None:  # `- key: ...`: open the item's map, then as for `key: ...`
                    if type(frame.container) is not list:
                        raise _Bail
                    frame = self._item_map(frame, item_col)
                    indent = item_col
                container = frame.container
                if type(container) is not dict:
                    raise _Bail
                _, key, value, style, col, layout, _ = seen
                if key in container:
                    self.dups.append((container, key, no, indent + 1, frame.table[key][0]))
                if value is _NESTED:
                    slot = (frame, key, no, indent + 1, col)
                    continue
                if layout is not None:
                    value = list(value)
                    positions[id(value)] = _FlowTable(no, col, layout)
                container[key] = value
                frame.table[key] = (no, indent + 1, no, col + 1, style)
                continue
            line_indent, item_col = indent, None
            if dash:
                item = self._item(frame, line.rstrip(" "), indent)
                if not isinstance(item, _Frame):
                    slot = item
                    continue
                frame = item  # `- key: ...`: the item is a map; read its first entry below
                indent = item_col = frame.indent
                body = line[indent:]
                first = body[0]
            container = frame.container
            if type(container) is not dict:
                raise _Bail
            if first in "'\"":
                slot = self._entry(frame, line.rstrip(" "), indent)
                continue
            end = body.find(": ")
            if end < 0:
                body = body.rstrip(" ")
                if body[-1] != ":":
                    raise _Bail
                end = len(body) - 1
            raw_key = body[:end]
            key = keys.get(raw_key) or self._plain_key(raw_key)
            if key in container:
                self.dups.append((container, key, no, indent + 1, frame.table[key][0]))
            value_text = body[end + 1 :].lstrip(" ")
            if not value_text or value_text[0] == "#":
                slot = (frame, key, no, indent + 1, indent + end + 2)
                lines[line] = (line_indent, key, _NESTED, "", indent + end + 2, None, item_col)
                continue
            col = len(line) - len(value_text)
            value = scalars.get(value_text, missing)
            style = ""
            flow = None
            clean = True  # read without a problem, and not a flow map: `self.lines` may keep it
            if value is missing:
                flow = flows.get(value_text) if value_text[0] == "[" else None
                if flow is not None:  # a port or CIDR list seen before
                    value, style = list(flow[0]), "["
                    positions[id(value)] = _FlowTable(no, col, flow[1])
                else:
                    reported = len(self.problems)
                    value, style = self._value(value_text.rstrip(" "), col, value_text)
                    clean = len(self.problems) == reported and style != "{"
                    if clean and style == "[":
                        flow = flows.get(value_text.rstrip(" "))
                        clean = flow is not None
            container[key] = value
            frame.table[key] = (no, indent + 1, no, col + 1, style)
            if clean:
                held, layout = (value, None) if flow is None else flow
                lines[line] = (line_indent, key, held, style, col, layout, item_col)
        if slot is not None:
            self._close_slot(slot)
        self.problems.extend(_duplicates(self.name, self.root, self.dups))
        return ParsedFile(self.name, self.root, self.positions, self.problems)

    def _marker(self, body: str, slot: _Slot | None) -> bool:
        """`---` before any content is allowed; other markers and directives are not."""
        if body[:3] == "---" and (len(body) == 3 or body[3] == " "):
            started = bool(self.root) or slot is not None
            if started or body[3:].strip()[:1] not in ("", "#"):
                raise _Bail
            return True
        if body[0] == "%" or (body[:3] == "..." and (len(body) == 3 or body[3] == " ")):
            raise _Bail
        return False

    def _close_slot(self, slot: _Slot) -> None:
        frame, key, key_line, key_col, empty_col = slot
        if type(frame.container) is not dict:
            key_col = empty_col
        self._set(frame, key, None, (key_line, key_col, key_line, empty_col, ""))

    def _frame_for(self, indent: int, dash: bool) -> _Frame:
        stack = self.stack
        while stack[-1].indent > indent or (stack[-1].indentless and stack[-1].indent == indent and not dash):
            stack.pop()
        frame = stack[-1]
        if frame.indent != indent:
            raise _Bail
        return frame

    @staticmethod
    def _set(frame: _Frame, key: PathKey, value: Any, pos: Pos) -> None:
        container = frame.container
        if type(container) is list:
            container.append(value)
        else:
            container[key] = value  # type: ignore[index]
        frame.table[key] = pos

    def _item(self, frame: _Frame, line: str, indent: int) -> _Frame | _Slot | None:
        """`- value`, `-` followed by a nested block (returns the slot), or `- key: ...` (opens
        the item's map and returns its frame: the caller reads the entry)."""
        if type(frame.container) is not list:
            raise _Bail
        rest = line[indent + 1 :].lstrip(" ")
        col = len(line) - len(rest)
        index = len(frame.container)
        if not rest or rest[0] == "#":
            return (frame, index, self.line_no, indent + 1, indent + 2)
        first = rest[0]
        if first in "'\"":
            is_key = self._key_end(rest) is not None
        else:
            is_key = first not in "[{" and (": " in rest or rest[-1] == ":")
        if is_key:
            return self._item_map(frame, col)
        value, style = self._value(rest, col, rest)
        self._set(frame, index, value, (self.line_no, col + 1, self.line_no, col + 1, style))
        return None

    def _item_map(self, frame: _Frame, col: int) -> _Frame:
        """Open the map of a `- key: ...` item of the list `frame`; its keys are at `col` (0-based)."""
        child: dict[str, Any] = {}
        self._set(frame, len(frame.container), child, (self.line_no, col + 1, self.line_no, col + 1, ""))
        if len(self.stack) >= MAX_DEPTH:
            raise _Bail
        inner = _Frame(col, child, self._table(child))
        self.stack.append(inner)
        return inner

    def _plain_key(self, raw: str) -> str:
        """A plain key, checked, typed and cached; `_Bail` if it is not a simple key."""
        text = raw.rstrip(" ")
        if not text or text[0] in _KEY_BAD_FIRST or ":" in text or " #" in text or text == "<<":
            raise _Bail
        key = _key_string(resolve_plain(text))
        if key is None:
            raise _Bail
        self.keys[raw] = key
        return key

    def _key_end(self, rest: str) -> tuple[str, int, int] | None:
        """The key of a `key: value` text, where its value starts and where its colon is; None
        if the text is not a key."""
        if rest[0] in "'\"":
            match = _QUOTED_KEY.match(rest)
            if match is None:
                return None
            single, double, _ = match.groups()
            key = single.replace("''", "'") if single is not None else double
            return key, match.end(), match.start(3)
        end = rest.find(": ")
        if end < 0:
            if not rest.endswith(":"):
                return None
            end = len(rest) - 1
        raw = rest[:end]
        return self.keys.get(raw) or self._plain_key(raw), end + 1, end

    def _entry(self, frame: _Frame, line: str, indent: int) -> _Slot | None:
        """`key: value` or `key:` followed by a nested block, in the map `frame`."""
        rest = line[indent:]
        found = self._key_end(rest)
        if found is None:
            raise _Bail
        key, after, colon = found
        if key in frame.container:
            self.dups.append((frame.container, key, self.line_no, indent + 1, frame.table[key][0]))
        value_text = rest[after:].lstrip(" ")
        if not value_text or value_text[0] == "#":
            return (frame, key, self.line_no, indent + 1, indent + colon + 2)
        col = len(line) - len(value_text)
        value, style = self._value(value_text, col, value_text)
        self._set(frame, key, value, (self.line_no, indent + 1, self.line_no, col + 1, style))
        return None

    def _value(self, text: str, col: int, raw: str) -> tuple[Any, str]:
        """An inline value: plain, quoted, or a one-line flow collection of scalars. `raw` is the
        text as it stands in the line (the cache key for a plain value)."""
        first = text[0]
        if first == "'":
            match = _SQ_VALUE.match(text)
            if match is None:
                raise _Bail
            return match.group(1).replace("''", "'"), "'"
        if first == '"':
            match = _DQ_VALUE.match(text)
            if match is None:
                raise _Bail
            return match.group(1), '"'
        if first == "[":
            return self._flow_list(text, col), "["
        if first == "{":
            return self._flow_map(text, col), "{"
        return self._plain(text, col, raw), ""

    def _plain(self, text: str, col: int, raw: str) -> Any:
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut].rstrip(" ")
        first = text[0]
        if first in _VALUE_BAD_FIRST or (first == "-" and (len(text) == 1 or text[1] == " ")):
            raise _Bail
        if ": " in text or text.endswith(":"):
            raise _Bail
        value = self._scalar(text, col)
        if text not in _NON_FINITE:
            self.scalars[raw] = value
        return value

    def _scalar(self, text: str, col: int) -> Any:
        value = self.scalars.get(text, _MISSING)
        if value is not _MISSING:
            return value
        if text in _NON_FINITE:
            self.problems.append(_non_finite(self.name, self.line_no, col + 1, text))
            return text
        value = resolve_plain(text)
        self.scalars[text] = value
        return value

    @staticmethod
    def _flow_scalar(single: str | None, double: str | None, plain: str | None) -> tuple[Any, str, str]:
        if single is not None:
            return single.replace("''", "'"), "'", ""
        if double is not None:
            return double, '"', ""
        assert plain is not None
        return None, "", plain.rstrip(" ")

    def _flow_list(self, text: str, col: int) -> list[Any]:
        """A one-line `[a, 'b', 3]`; the same text (a port list, a types list) is read once."""
        cached = self.flows.get(text)
        if cached is None:
            reported = len(self.problems)
            cached = self._read_flow_list(text, col)
            if len(self.problems) == reported:
                self.flows[text] = cached
        values, layout = cached
        items = list(values)
        self.positions[id(items)] = _FlowTable(self.line_no, col, layout)
        return items

    def _read_flow_list(self, text: str, col: int) -> tuple[list[Any], list[tuple[int, str]]]:
        """The items of a flow list and where each starts (offset into `text`, style)."""
        values: list[Any] = []
        layout: list[tuple[int, str]] = []
        pos = 1
        while True:
            match = _FLOW_ITEM.match(text, pos)
            if match is None:
                end = _FLOW_END.match(text, pos)
                if end is None or end.group(1) != "]" or (values and text[pos - 1] != ","):
                    raise _Bail
                pos = end.end()
                break
            value, style, plain = self._flow_scalar(*match.group(1, 2, 3))
            offset = match.start(1 if style == "'" else 2 if style else 3) - (1 if style else 0)
            if plain:
                value = self._scalar(plain, col + offset)
            layout.append((offset, style))
            values.append(value)
            pos = match.end()
            if match.group(4) == "]":
                break
        if not _TRAILER.match(text, pos):
            raise _Bail
        return values, layout

    def _flow_map(self, text: str, col: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        table = self._table(out)
        pos = 1
        while True:
            match = _FLOW_PAIR.match(text, pos)
            if match is None:
                end = _FLOW_END.match(text, pos)
                if end is None or end.group(1) != "}" or (out and text[pos - 1] != ","):
                    raise _Bail
                pos = end.end()
                break
            key, key_style, key_plain = self._flow_scalar(*match.group(1, 2, 3))
            if key_plain:
                key = _key_string(resolve_plain(key_plain))
                if key is None or key_plain == "<<":
                    raise _Bail
            value, style, plain = self._flow_scalar(*match.group(4, 5, 6))
            key_col = col + match.start(1 if key_style == "'" else 2 if key_style else 3) - (1 if key_style else 0)
            value_col = col + match.start(4 if style == "'" else 5 if style else 6) - (1 if style else 0)
            if plain:
                value = self._scalar(plain, value_col)
            if key in out:
                self.dups.append((out, key, self.line_no, key_col + 1, self.line_no))
            out[key] = value
            table[key] = (self.line_no, key_col + 1, self.line_no, value_col + 1, style)
            pos = match.end()
            if match.group(7) == "}":
                break
        if not _TRAILER.match(text, pos):
            raise _Bail
        return out


# --------------------------------------------------------------------------------------------
# The full reader: libyaml events composed into nodes, walked once

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


# --------------------------------------------------------------------------------------------
# Files


def parse_values_text(text: str, name: str) -> ParsedFile:
    """Values from YAML text: the fast reader when it can, the full reader otherwise."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    try:
        return _FastReader(text, name).run()
    except _Bail:
        return _full_read(text, name)


def _read_bytes(path: str | Path, name: str) -> bytes | Problem:
    def cannot(reason: str) -> Problem:
        return Problem("NPK001", f"cannot read {reason}", location=Location(name))

    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return cannot("the file: no such file")
    except IsADirectoryError:
        return cannot("the file: it is a directory")
    except PermissionError:
        return cannot("the file: permission denied")
    except OSError as exc:
        return cannot(f"the file: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return Problem(
            "NPK003",
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; helm cannot store values that big",
            location=Location(name),
        )
    return data


def read_values_file(path: str | Path, name: str | None = None) -> ParsedFile:
    """One values file (`-` is standard input) as data, positions and load problems."""
    name = name or ("<stdin>" if str(path) == "-" else str(path))
    data = _read_bytes(path, name)
    if isinstance(data, Problem):
        return ParsedFile(name, problems=[data])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problem = Problem(
            "NPK002",
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            location=Location(name, line, column),
            hint="save it as UTF-8",
        )
        return ParsedFile(name, problems=[problem])
    return parse_values_text(text, name)


# --------------------------------------------------------------------------------------------
# --set and --set-string: helm's strvals syntax


class SetError(Exception):
    """A `--set` argument helm would refuse; `column` is 0-based in the argument."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


_STRVALS_MAX_INDEX = 65536
_STRVALS_MAX_NESTING = 30
_DECIMAL = re.compile(r"[-+]?[0-9]+\Z")


def typed_set_value(text: str) -> Any:
    """A `--set` value typed as helm's strvals types it (`--set-string` keeps the text)."""
    lower = text.lower()
    if lower == "true":
        return True
    if lower == "false":
        return False
    if lower == "null":
        return None
    if text == "0":
        return 0
    if text and text[0] != "0" and _DECIMAL.match(text):
        value = int(text)
        if -_INT64 <= value < _INT64:
            return value
    return text


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


class _SetSource:
    """Which paths the `--set` (or `--set-string`) arguments assigned, and where."""

    def __init__(self, flag: str) -> None:
        self.flag = flag
        #: path -> (argument number, 1-based key column, 1-based value column)
        self.leaves: dict[KeyPath, tuple[int, int, int]] = {}
        self.containers: dict[KeyPath, tuple[int, int]] = {}


class _StrvalsParser:
    """helm's `strvals` parser (pkg/strvals/parser.go), with positions, mutating `data`.

    Containers met on the way are copied before they are changed: they may be shared with the
    parsed files, whose trees must stay as read so positions can be found in them.
    """

    def __init__(self, text: str, data: dict[str, Any], *, as_string: bool, record: _SetSource, arg_no: int):
        self.text = text
        self.pos = 0
        self.data = data
        self.as_string = as_string
        self.record = record
        self.arg_no = arg_no

    def parse(self) -> None:
        while self.pos < len(self.text):
            self._key(self.data, (), 0)

    def _until(self, stops: str) -> tuple[str, str]:
        """Characters up to one of `stops` (consumed and returned; "" at the end), `\\` escapes."""
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            self.pos += 1
            if char in stops:
                return "".join(out), char
            if char == "\\":
                if self.pos >= len(text):
                    return "".join(out), ""
                char = text[self.pos]
                self.pos += 1
            out.append(char)
        return "".join(out), ""

    def _error(self, message: str, column: int | None = None) -> SetError:
        return SetError(message, self.pos if column is None else column)

    def _reader(self, text: str) -> Any:
        return text if self.as_string else typed_set_value(text)

    def _key(self, data: dict[str, Any], path: KeyPath, level: int) -> None:
        start = self.pos
        key, last = self._until("=[,.")
        here = (*path, key)
        if last == "":
            if key:
                raise self._error(f'key "{key}" has no value', start)
            return
        if not key and last in "=[.":
            raise self._error("empty key", start)
        if last == "[":
            index = self._index()
            existing = data.get(key, [])
            if not isinstance(existing, list):
                raise self._error(f'"{key}" is {_type_name(existing)}, not a list', start)
            self.record.containers.setdefault(here, (self.arg_no, start + 1))
            data[key] = self._list_item(list(existing), index, here, level)
        elif last == "=":
            self._assign(here, start, lambda value: data.__setitem__(key, value))
        elif last == ",":
            raise self._error(f'key "{key}" has no value (cannot end with ,)', start)
        else:  # "."
            if level + 1 > _STRVALS_MAX_NESTING:
                raise self._error(f"keys are nested more than {_STRVALS_MAX_NESTING} levels deep", start)
            existing = data.get(key, {})
            if not isinstance(existing, dict):
                raise self._error(f'cannot set a key inside "{key}": it is {_type_name(existing)}, not a map', start)
            inner = dict(existing)
            self.record.containers.setdefault(here, (self.arg_no, start + 1))
            self._key(inner, here, level + 1)
            if not inner:
                raise self._error(f'key map "{key}" has no value', start)
            data[key] = inner

    def _assign(self, path: KeyPath, key_start: int, put: Callable[[Any], None]) -> None:
        value_start = self.pos
        if self.pos < len(self.text) and self.text[self.pos] == "{":
            value: Any = self._value_list()
        else:
            raw, _ = self._until(",")
            value = self._reader(raw)
        put(value)
        self.record.leaves[path] = (self.arg_no, key_start + 1, value_start + 1)

    def _value_list(self) -> list[Any]:
        start = self.pos
        self.pos += 1
        items: list[Any] = []
        while True:
            raw, last = self._until(",}")
            if last == "":
                raise self._error("a {list} must end with '}'", start)
            items.append(self._reader(raw))
            if last == "}":
                if self.pos < len(self.text) and self.text[self.pos] == ",":
                    self.pos += 1
                return items

    def _index(self) -> int:
        start = self.pos
        raw, last = self._until("]")
        if last != "]" or not _DECIMAL.match(raw):
            raise self._error(f'list index "{raw}" is not a number', start)
        index = int(raw)
        if index < 0:
            raise self._error(f"negative list index {index}", start)
        if index > _STRVALS_MAX_INDEX:
            raise self._error(f"list index {index} is greater than the maximum {_STRVALS_MAX_INDEX}", start)
        return index

    def _list_item(self, items: list[Any], index: int, path: KeyPath, level: int) -> list[Any]:
        start = self.pos
        rest, last = self._until("[.=")
        here = (*path, index)
        if rest:
            raise self._error(f'unexpected "{rest}" after a list index', start)
        if len(items) <= index:
            items.extend([None] * (index + 1 - len(items)))
        if last == "=":
            self._assign(here, start, lambda value: items.__setitem__(index, value))
        elif last == "[":
            inner_index = self._index()
            existing = items[index]
            if existing is not None and not isinstance(existing, list):
                raise self._error(f"item {index} is {_type_name(existing)}, not a list", start)
            self.record.containers.setdefault(here, (self.arg_no, start + 1))
            items[index] = self._list_item(list(existing or []), inner_index, here, level)
        elif last == ".":
            existing = items[index]
            inner = dict(existing) if isinstance(existing, dict) else {}
            self.record.containers.setdefault(here, (self.arg_no, start + 1))
            self._key(inner, here, level + 1)
            items[index] = inner
        else:
            raise self._error("a list index must be followed by =, [ or .", start)
        return items


def apply_set(
    data: dict[str, Any], args: Sequence[str], *, as_string: bool, flag: str
) -> tuple[_SetSource, list[Problem]]:
    """Apply `--set`-style arguments to `data` in place, as helm does after merging the files."""
    record = _SetSource(flag)
    problems: list[Problem] = []
    for arg_no, arg in enumerate(args, 1):
        parser = _StrvalsParser(arg, data, as_string=as_string, record=record, arg_no=arg_no)
        try:
            parser.parse()
        except SetError as exc:
            problems.append(
                Problem(
                    "NPK004",
                    f"{flag} {arg!r}: {exc}",
                    location=Location(flag, arg_no, exc.column + 1),
                    hint="the syntax is key=value[,key2=value2]; nest with a.b, index with a[0], "
                    "lists with {x,y}; escape . and , with \\",
                )
            )
    return record, problems


def parse_set(text: str, *, as_string: bool = False) -> dict[str, Any]:
    """One `--set` (or `--set-string`) argument on its own, as a new map.

    For callers that layer arguments with `merge_values`; `load_values` applies them to the
    merged files in place instead, as helm does (which matters for list indexes).
    """
    data: dict[str, Any] = {}
    flag = "--set-string" if as_string else "--set"
    try:
        _StrvalsParser(text, data, as_string=as_string, record=_SetSource(flag), arg_no=1).parse()
    except SetError as exc:
        raise UsageError(f"{flag} {text!r}: {exc} (column {exc.column + 1})") from None
    return data


# --------------------------------------------------------------------------------------------
# Merging, as helm does


def merge_user_values(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """helm's `mergeMaps` for `-f` files: maps merge, anything else (lists, null) replaces.

    Returns a new map; the inputs are not changed (they hold the files' positions).
    """
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict):
            current = out.get(key)
            if isinstance(current, dict):
                out[key] = merge_user_values(current, value)
                continue
        out[key] = value
    return out


#: The name other modules use for helm's `mergeMaps`.
merge_values = merge_user_values


def coalesce(user: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """helm's `CoalesceValues`: user values over chart defaults.

    A user `null` deletes a key that has a default; a `null` for a key without a default stays.
    """
    out: dict[str, Any] = {}
    for key, default in defaults.items():
        if key not in user:
            out[key] = default
            continue
        value = user[key]
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(default, dict):
            out[key] = coalesce(value, default)
        else:
            out[key] = value
    for key, value in user.items():
        if key not in defaults:
            out[key] = value
    return out


# --------------------------------------------------------------------------------------------
# The source map


@dataclass(frozen=True)
class _Match:
    """How far one source knows a path: `depth` keys of it, at `pos`."""

    file: str
    depth: int
    pos: Pos
    #: The source replaced the value at this depth (a scalar or list), so no earlier source counts.
    owns: bool
    #: The value there is a block map or list: its key says more than its first line does.
    container: bool = False
    #: `--set` created this map on the way to a key; a file that has it is a better answer.
    weak: bool = False

    def location(self, offset: int, *, key: bool) -> Location:
        key = key or (self.container and self.pos[4] == "")
        line, col = (self.pos[0], self.pos[1]) if key else (self.pos[2], self.pos[3])
        if not key:
            # a quoted scalar's content (which the offset counts into) starts after the quote
            col += offset + (1 if self.pos[4] in ("'", '"') else 0)
        return Location(self.file, line, col)


class SourceMap:
    """Path tuple -> where the value (or its key) came from, across merged files and `--set`.

    The last source that set a path wins, as in the merge. A source that replaced an ancestor
    with a scalar or a list hides every earlier source below it. A missing path resolves to its
    nearest ancestor.
    """

    def __init__(self) -> None:
        #: lowest precedence first: chart defaults, -f files, --set, --set-string
        self._order: list[ParsedFile | _SetSource] = []

    def add_file(self, parsed: ParsedFile) -> None:
        self._order.append(parsed)

    def add_set(self, record: _SetSource) -> None:
        self._order.append(record)

    def locate(self, path: KeyPath, offset: int = 0, *, key: bool = False) -> Location:
        """Where the value at `path` was written; `key=True` for its key; `offset` chars in."""
        best: _Match | None = None
        for source in reversed(self._order):
            match = _find_in_file(source, path) if isinstance(source, ParsedFile) else _find_in_set(source, path)
            if match is None:
                continue
            if match.depth == len(path) and not match.weak:
                return match.location(offset, key=key)
            if best is None or match.depth > best.depth:
                best = match
            if match.owns:
                break
        if best is None:
            return Location()
        if best.depth == len(path):
            return best.location(offset, key=key)
        return best.location(0, key=True)


def _find_in_file(parsed: ParsedFile, path: KeyPath) -> _Match | None:
    if not parsed.usable and not parsed.data:
        return None
    node: Any = parsed.data
    pos = _ROOT_POS
    for depth, step in enumerate(path):
        if isinstance(node, dict):
            if not isinstance(step, str) or step not in node:
                return _Match(parsed.name, depth, pos, owns=False)
        elif isinstance(node, list):
            if not isinstance(step, int) or not 0 <= step < len(node):
                return _Match(parsed.name, depth, pos, owns=True)
        else:
            return _Match(parsed.name, depth, pos, owns=True)
        pos = parsed.positions[id(node)][step]
        node = node[step]
    return _Match(parsed.name, len(path), pos, owns=True, container=isinstance(node, (dict, list)) and bool(path))


def _find_in_set(record: _SetSource, path: KeyPath) -> _Match | None:
    for depth in range(len(path), 0, -1):
        leaf = record.leaves.get(path[:depth])
        if leaf is not None:
            arg_no, key_col, value_col = leaf
            return _Match(record.flag, depth, (arg_no, key_col, arg_no, value_col, ""), owns=True)
    for depth in range(len(path), 0, -1):
        container = record.containers.get(path[:depth])
        if container is not None:
            arg_no, col = container
            return _Match(record.flag, depth, (arg_no, col, arg_no, col, ""), owns=False, weak=True)
    return None


# --------------------------------------------------------------------------------------------
# The entry point


@dataclass
class LoadedValues:
    """Merged values, where each came from, and what was wrong with the input."""

    #: merged: chart values.yaml defaults, then each -f file in order, then --set, --set-string
    data: dict[str, Any]
    source: SourceMap
    #: the files read, chart values.yaml first, as the user named them
    files: list[str]
    #: load problems (syntax, duplicate keys, ...), codes NPK0xx, already located
    problems: list[Problem]

    @property
    def usable(self) -> bool:
        """False when some input could not be read or parsed: checking the merge is pointless."""
        return not any(p.code in BLOCKING_CODES for p in self.problems)


def chart_values_path(chart: Path) -> Path:
    return chart / "values.yaml"


def load_values(
    files: Sequence[str | Path],
    set_values: Sequence[str] = (),
    set_string_values: Sequence[str] = (),
    *,
    chart: Path | None,
) -> LoadedValues:
    """Read, merge and locate values exactly as `helm install -f ... --set ...` would.

    `chart=None` means no chart defaults (the values are the files alone).
    """
    source = SourceMap()
    problems: list[Problem] = []
    names: list[str] = []
    defaults: dict[str, Any] = {}
    if chart is not None:
        defaults_file = chart_values_path(chart)
        parsed = read_values_file(defaults_file) if defaults_file.exists() else ParsedFile(str(defaults_file))
        source.add_file(parsed)
        problems.extend(parsed.problems)
        names.append(parsed.name)
        defaults = parsed.data
    user = merge_user_inputs(files, set_values, set_string_values, source=source, problems=problems, names=names)
    return LoadedValues(coalesce(user, defaults), source, names, problems)


def merge_user_inputs(
    files: Sequence[str | Path],
    set_values: Sequence[str] = (),
    set_string_values: Sequence[str] = (),
    *,
    source: SourceMap | None = None,
    problems: list[Problem] | None = None,
    names: list[str] | None = None,
) -> dict[str, Any]:
    """The user's values as helm hands them to the chart: `-f` files merged in order, then `--set`
    and `--set-string` applied in place. Positions, problems and file names go to the given
    collectors (the embedded render engine needs only the values)."""
    source = source if source is not None else SourceMap()
    problems = problems if problems is not None else []
    user: dict[str, Any] = {}
    for path in files:
        parsed = read_values_file(path)
        source.add_file(parsed)
        problems.extend(parsed.problems)
        if names is not None:
            names.append(parsed.name)
        user = merge_user_values(user, parsed.data)
    for args, as_string, flag in ((set_values, False, "--set"), (set_string_values, True, "--set-string")):
        if args:
            record, set_problems = apply_set(user, args, as_string=as_string, flag=flag)
            source.add_set(record)
            problems.extend(set_problems)
    return user


__all__ = [
    "ALIAS_EXPANSION_LIMIT",
    "BLOCKING_CODES",
    "INPUT_ERROR_CODES",
    "LOAD_CODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "LoadedValues",
    "ParsedFile",
    "SetError",
    "SourceMap",
    "apply_set",
    "coalesce",
    "load_values",
    "merge_user_inputs",
    "merge_user_values",
    "merge_values",
    "parse_set",
    "parse_values_text",
    "read_values_file",
    "resolve_plain",
    "typed_set_value",
]
