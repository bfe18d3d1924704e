"""The `--set` / `--set-string` parser: helm's strvals syntax and typing, recording where each
argument put each path so the source map can point at it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from netpolkit.errors import UsageError
from netpolkit.loading.scalars import _INT64
from netpolkit.problems import KeyPath, Location, Problem


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

    For callers that layer arguments with `merge_user_values`; `load_values` applies them to the
    merged files in place instead, as helm does (which matters for list indexes).
    """
    data: dict[str, Any] = {}
    flag = "--set-string" if as_string else "--set"
    try:
        _StrvalsParser(text, data, as_string=as_string, record=_SetSource(flag), arg_no=1).parse()
    except SetError as exc:
        raise UsageError(f"{flag} {text!r}: {exc} (column {exc.column + 1})") from None
    return data
