"""Which input (chart defaults, a `-f` file, `--set`, `--set-string`) last set a path, and at
which line and column, answered from the readers' position tables after the merge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netpolkit.loading.parsed import ParsedFile, Pos
from netpolkit.loading.strvals import _SetSource
from netpolkit.problems import KeyPath, Location

_ROOT_POS: Pos = (1, 1, 1, 1, "")


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
