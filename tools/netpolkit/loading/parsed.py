"""What both readers produce: a `ParsedFile` with a position table per container, and the
duplicate-key problems they report the same way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from netpolkit.loading.codes import BLOCKING_CODES
from netpolkit.problems import KeyPath, Location, PathKey, Problem

#: Where a key and its value start (1-based line and column each), and the value's style:
#: "" plain or block collection, "'" or '"' quoted, "|"/">" block scalar, "["/"{" flow collection.
Pos = tuple[int, int, int, int, str]
#: id(container) -> entry (map key or list index) -> Pos, for every container a reader built.
PosTable = dict[int, Mapping[PathKey, Pos]]


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


@dataclass
class ParsedFile:
    """A values file as data, with positions and load problems (`--set` arguments are recorded by strvals)."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)
    positions: PosTable = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """False when the file's values could not be built (its problems say why)."""
        return not any(p.code in BLOCKING_CODES for p in self.problems)
