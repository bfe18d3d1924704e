"""The one Problem type every loader, schema check and semantic check returns.

A problem in the user's input is data (a `Problem`), never an exception, so one broken file does not
hide problems in the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

PathKey = str | int
KeyPath = tuple[PathKey, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: 1-based line and column; 0 means unknown."""

    file: str = ""
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.file:
            return "<values>"
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"


def format_path(path: Iterable[PathKey]) -> str:
    """Render a key path as `a.b[0].c`; keys with dots are quoted so the path stays unambiguous."""
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        elif "." in key or not key:
            out += f'["{key}"]'
        else:
            out += f".{key}" if out else key
    return out or "(root)"


@dataclass(frozen=True)
class Problem:
    """One finding about the user's values."""

    code: str
    message: str
    path: KeyPath = ()
    location: Location = field(default_factory=Location)
    severity: Severity = Severity.ERROR
    hint: str = ""
    #: Character offset inside the scalar at `path` (e.g. the column of a selector syntax error),
    #: added to the scalar's own column when the problem is located.
    offset: int = 0
    #: Locate the problem at the key of `path` rather than at its value (an unknown key, a missing
    #: required key: the user needs to see the key they typed, not the map under it).
    on_key: bool = False

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)

    def detail(self) -> str:
        """`message  (at key.path)  hint: ...`: everything but the location and the code; the key
        path is left out when there is none (a YAML syntax error is about the whole file)."""
        text = self.message
        if self.path:
            text += f"  (at {format_path(self.path)})"
        if self.hint:
            text += f"  hint: {self.hint}"
        return text.replace("\n", " ")

    def one_line(self) -> str:
        """`file:line:col: error[CODE]: message  (at key.path)  hint: ...` on one line."""
        return f"{self.location}: {self.severity.value}[{self.code}]: {self.detail()}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)
