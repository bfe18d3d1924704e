"""The importer's data: where an object came from, what was noted about it, what was rejected.

Everything the importer says about an input object is data (`Note`, `Rejection`), never a print, so
the CLI decides how to show it and the writer can repeat notes as comments in the values file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from netpolkit.problems import KeyPath, format_path

Scope = Literal["namespace", "cluster"]
Edition = Literal["oss", "enterprise"]
Level = Literal["note", "warning"]


@dataclass(frozen=True)
class Source:
    """One input object's origin: file, YAML document (1-based), line, and index in a `List`."""

    file: str
    document: int = 1
    line: int = 0
    item: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def describe(self) -> str:
        """`a.yaml, document 2, items[3] (line 40)`: the form used in values-file comments."""
        text = f"{self.file}, document {self.document}"
        if self.item is not None:
            text += f", items[{self.item}]"
        return text + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class SourceObject:
    """A parsed input object plus a line index (key path -> 1-based line) for error messages."""

    source: Source
    body: dict[str, Any]
    lines: Mapping[KeyPath, int] = field(default_factory=dict, compare=False)
    #: Key paths that were written twice in one mapping (YAML keeps only the last one).
    duplicate_keys: tuple[KeyPath, ...] = ()

    def line_of(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line:
                return line
        return self.source.line


def describe_object(body: Mapping[str, Any]) -> str:
    """`GlobalNetworkPolicy allow-ping` (what a message names the object by)."""
    kind = body.get("kind") if isinstance(body.get("kind"), str) else "object"
    meta = body.get("metadata")
    name = meta.get("name") if isinstance(meta, Mapping) else None
    return f"{kind} {name}" if isinstance(name, str) and name else str(kind)


@dataclass(frozen=True)
class Note:
    """Something the importer changed or could not keep; repeated as a comment in the output."""

    source: Source
    what: str
    message: str
    level: Level = "note"

    def one_line(self) -> str:
        return f"{self.source}: {self.what}: {self.level}: {self.message}"


@dataclass(frozen=True)
class Rejection:
    """An input object that is not converted: `file:line: Kind name: field: message`."""

    source: Source
    what: str
    path: KeyPath
    message: str
    hint: str = ""

    def one_line(self) -> str:
        where = f"{format_path(self.path)}: " if self.path else ""
        text = f"{self.source}: {self.what}: {where}{self.message}"
        return text + (f" (hint: {self.hint})" if self.hint else "")


@dataclass
class Entry:
    """One converted object: the values map it goes in, its key, and the entry itself."""

    source: Source
    what: str
    values_key: str
    key: str
    entry: dict[str, Any]
    scope: Scope
    #: The namespace file this entry goes to (None for the cluster file).
    namespace: str | None
    notes: list[Note] = field(default_factory=list)
    #: The parsed input (for the line of a field the validator rejects).
    origin: SourceObject | None = field(default=None, compare=False)
