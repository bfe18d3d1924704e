"""`netpolkit import`: Kubernetes and Calico manifests -> values files for the chart (the inverse of render).

Stages, one module each: `reading` (files, directories, stdin -> objects with lines), `cleaning`
(server-side fields, legacy prefixes and apiVersions), `convert` (one object -> one entry, using the
`kinds` table), `grouping` (one values file per namespace plus the cluster file), `checking` (the
chart's validator on the result, problems mapped back to input fields) and `writing` (commented YAML,
atomic writes). `import_objects` runs them and returns data; only the CLI prints.

All or nothing: when any object is rejected the result is not written, unless the caller chooses to
write what was converted (`--skip-invalid`); the exit code is 1 either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from netpolkit.importer.checking import Validator, check_files
from netpolkit.importer.convert import ConvertOptions, convert
from netpolkit.importer.grouping import ValuesFile, group_entries
from netpolkit.importer.model import Edition, Entry, Note, Rejection, SourceObject
from netpolkit.importer.reading import read_inputs

__all__ = [
    "ImportOptions",
    "ImportResult",
    "ValuesFile",
    "import_objects",
    "import_paths",
]


@dataclass(frozen=True)
class ImportOptions:
    chart: Path
    namespace: str | None = None
    edition: Edition = "oss"
    #: Check the produced values with the chart's validator (off only in the importer's own unit tests).
    check: bool = True
    validator: Validator | None = field(default=None, compare=False)


@dataclass
class ImportResult:
    files: list[ValuesFile]
    rejections: list[Rejection]
    notes: list[Note]
    objects: int

    @property
    def ok(self) -> bool:
        return not self.rejections

    @property
    def converted(self) -> int:
        return sum(len(f.entries) for f in self.files)


def import_objects(objects: Sequence[SourceObject], options: ImportOptions) -> ImportResult:
    """Convert parsed objects to values files; rejected objects are left out and reported."""
    entries: list[Entry] = []
    rejections: list[Rejection] = []
    for obj in objects:
        converted = convert(obj, ConvertOptions(namespace=options.namespace))
        if isinstance(converted, Entry):
            entries.append(converted)
        else:
            rejections.extend(converted)
    files, conflicts, notes = group_entries(entries, options.edition)
    rejections.extend(conflicts)
    if options.check:
        rejections.extend(check_files(files, options.chart, options.validator))
    files = [f for f in files if f.entries]
    kept = {id(e) for f in files for e in f.entries}
    notes = [n for e in entries if id(e) in kept for n in e.notes] + notes
    return ImportResult(files, rejections, notes, len(objects))


def import_paths(paths: Sequence[str], options: ImportOptions, stdin: TextIO | None = None) -> ImportResult:
    """Read `paths` (files, directories, `-`) and import every object in them."""
    return import_objects(read_inputs(paths, stdin), options)
