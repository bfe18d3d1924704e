"""Check the produced values with the chart's own rules and map each problem back to its input object.

The rules live in one place: `netpolkit.validate` (values.schema.json plus the semantic checks the
templates also enforce), run on the values exactly as the writer will write them. Each problem at
`<map>.<key>.<field>` becomes a rejection of the input object at `spec.<field>` (or
`metadata.labels...`, `metadata.name`), with the input line when the reader recorded one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from netpolkit.importer.grouping import ValuesFile
from netpolkit.importer.model import Entry, Note, Rejection, Source
from netpolkit.problems import KeyPath, Problem, Severity, format_path


@dataclass(frozen=True)
class Finding:
    """A validator problem in values terms."""

    path: KeyPath
    message: str
    hint: str = ""
    warning: bool = False
    #: From a semantic check rather than the schema: says more than a pattern or type mismatch.
    semantic: bool = False


Validator = Callable[[dict[str, Any], Path], list[Finding]]


def check_files(files: Sequence[ValuesFile], chart: Path, validator: Validator | None = None) -> list[Rejection]:
    """Validate each values file; drop rejected entries from it, add warnings to the entries' notes."""
    run = validator or default_validator()
    rejections: list[Rejection] = []
    for values_file in files:
        errors: dict[int, dict[KeyPath, Finding]] = {}
        for finding in run(values_file.values(), chart):
            entry, path = locate(values_file, finding.path)
            if entry is None:
                # Not about one entry (e.g. a top-level key): the importer wrote something wrong.
                first = values_file.entries[0]
                rejections.append(Rejection(first.source, values_file.label, finding.path, finding.message))
                errors.update({id(e): {} for e in values_file.entries})
            elif finding.warning:
                entry.notes.append(Note(_source(entry, path), entry.what, _with_path(path, finding.message), "warning"))
            else:
                _keep_best(errors.setdefault(id(entry), {}), path, finding)
        for entry in values_file.entries:
            for path, finding in _most_specific(errors.get(id(entry), {})).items():
                rejections.append(Rejection(_source(entry, path), entry.what, path, finding.message, finding.hint))
        values_file.entries = [e for e in values_file.entries if id(e) not in errors]
    return rejections


def _keep_best(found: dict[KeyPath, Finding], path: KeyPath, finding: Finding) -> None:
    """One problem per field: the schema and the semantic checks often see the same one, and the
    check ("not a valid CIDR") says it better than the schema's pattern."""
    if path not in found or (finding.semantic and not found[path].semantic):
        found[path] = finding


def _most_specific(found: dict[KeyPath, Finding]) -> dict[KeyPath, Finding]:
    """Drop problems about a field when a problem inside that field says more (`types` too long vs
    `types[1]` not a direction; the whole object vs one of its fields)."""
    return {
        path: finding
        for path, finding in found.items()
        if not any(len(other) > len(path) and other[: len(path)] == path for other in found)
    }


def _source(entry: Entry, path: KeyPath) -> Source:
    return replace(entry.source, line=entry.origin.line_of(path)) if entry.origin is not None else entry.source


def locate(values_file: ValuesFile, path: KeyPath) -> tuple[Entry | None, KeyPath]:
    """The entry a values path is in, and the same place as a path in the input object."""
    if len(path) < 2 or not isinstance(path[0], str) or not isinstance(path[1], str):
        return None, path
    entry = values_file.find(path[0], path[1])
    if entry is None:
        return None, path
    return entry, input_path(entry, path[2:])


def input_path(entry: Entry, rest: KeyPath) -> KeyPath:
    """`labels.x` -> `metadata.labels.x`; `ingress[0]` -> `spec.ingress[0]`; extraObjects as given."""
    if entry.values_key == "extraObjects":
        return rest
    if not rest:
        return ()
    if rest[0] in ("labels", "annotations"):
        return ("metadata", *rest)
    if rest[0] == "name":
        return ("metadata", "name")
    return ("spec", *rest)


def _with_path(path: KeyPath, message: str) -> str:
    return f"{format_path(path)}: {message}"


# --- the validator ----------------------------------------------------------------------------

#: Problems reported at an entry's own path that are about its map key, which is the object name:
#: the schema's invalid key (NPK104), an invalid rendered name (NPK260), two objects one name (NPK262).
NAME_PROBLEMS = frozenset({"NPK104", "NPK260", "NPK262"})
#: Codes of the schema layer (netpolkit.schema); NPK2xx/NPK3xx are the semantic checks.
SCHEMA_CODE_PREFIX = "NPK1"


def default_validator() -> Validator:
    """`netpolkit.validate`: the chart's schema and semantic checks, exactly as `netpolkit validate` runs them."""

    def run(values: dict[str, Any], chart: Path) -> list[Finding]:
        from netpolkit.validate import validate  # local: the validator loads the checks registry

        with _temp_values(values) as path:
            report = validate([path], chart=chart)
        return [_finding(p) for p in report.problems]

    return run


def _finding(problem: Problem) -> Finding:
    path = problem.path
    if problem.code in NAME_PROBLEMS and len(path) == 2:
        path = (*path, "name")
    return Finding(
        path,
        problem.message,
        problem.hint,
        warning=problem.severity is Severity.WARNING,
        semantic=not problem.code.startswith(SCHEMA_CODE_PREFIX),
    )


class _temp_values:
    """A values mapping written by the importer's writer to a temporary file, so the validator reads
    the same YAML the user will get (quoting included)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.path = ""

    def __enter__(self) -> str:
        from netpolkit.importer.writing import dump_values

        fd, self.path = tempfile.mkstemp(prefix="netpolkit-import-", suffix=".yaml")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dump_values(self.values))
        return self.path

    def __exit__(self, *exc: object) -> None:
        os.unlink(self.path)
