"""Load helm values files with the position of every value, and merge them exactly as helm does.

Split so that each part knows one thing: the readers know YAML, `scalars` helm's typing,
`strvals` the `--set` syntax, `merge` helm's merge, `source_map` where a value came from. Data flow:

    text --parse--> fast_reader (full_reader outside the fast subset) --> parsed.ParsedFile
    -f files' ParsedFile.data --merge.merge_user_values--> --strvals.apply_set (--set, then
        --set-string)--> --merge.coalesce over the chart's values.yaml--> LoadedValues.data
    each ParsedFile and --set record --> source_map.SourceMap (file:line:col of any key path)

Only this `__init__` reads files and stdin (`read_values_file`, `merge_user_inputs`, `load_values`),
so they use `netpolkit.loading.MAX_FILE_BYTES` as callers and tests set it. Problems are data
(`Problem`, codes NPK0xx in `codes`), never exceptions, so one broken file does not hide the others.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netpolkit.loading.codes import ALIAS_EXPANSION_LIMIT, BLOCKING_CODES, INPUT_ERROR_CODES, LOAD_CODES, MAX_DEPTH
from netpolkit.loading.fast_reader import _Bail as _Bail
from netpolkit.loading.fast_reader import _FastReader as _FastReader
from netpolkit.loading.full_reader import _full_read as _full_read
from netpolkit.loading.merge import coalesce, merge_user_values
from netpolkit.loading.parse import parse_values_text
from netpolkit.loading.parsed import ParsedFile
from netpolkit.loading.parsed import Pos as Pos
from netpolkit.loading.parsed import PosTable as PosTable
from netpolkit.loading.scalars import resolve_plain
from netpolkit.loading.source_map import SourceMap
from netpolkit.loading.strvals import SetError, apply_set, parse_set, typed_set_value
from netpolkit.problems import Location, Problem

#: Larger files are refused: helm stores a release (values included) in one Secret of at most
#: 1 MiB, so a values file this size is a mistake, and refusing it keeps load time bounded.
MAX_FILE_BYTES = 16 * 1024 * 1024


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
    "parse_set",
    "parse_values_text",
    "read_values_file",
    "resolve_plain",
    "typed_set_value",
]
