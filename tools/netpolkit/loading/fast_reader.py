"""The fast positioned line reader for the block-YAML subset values files are written in; it
raises `_Bail` on anything else, and `parse.py` then hands the text to the full reader."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from netpolkit.loading.codes import MAX_DEPTH
from netpolkit.loading.parsed import ParsedFile, Pos, PosTable, _Dup, _duplicates
from netpolkit.loading.scalars import _NON_FINITE, _key_string, _non_finite, resolve_plain
from netpolkit.problems import PathKey, Problem


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


class _Bail(Exception):
    """The fast reader met YAML outside its subset; the full reader takes over."""


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
