"""Group converted entries into values files: one per namespace, one for the cluster scope.

A values file installs one release, and a release has one scope and one namespace, so this is the
unit the writer and the validator work on. Two inputs that define the same object are merged when
they are identical and rejected when they differ (the values map has room for one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netpolkit.importer.model import Edition, Entry, Note, Rejection, Scope
from netpolkit.kinds import KINDS

#: Top-level order of the typed maps in a written values file (extraObjects last).
VALUES_KEY_ORDER = (*(k.values_key for k in KINDS), "extraObjects")


@dataclass
class ValuesFile:
    """The entries of one release: scope `cluster`, or scope `namespace` in `namespace`."""

    scope: Scope
    namespace: str | None
    edition: Edition = "oss"
    entries: list[Entry] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "cluster scope" if self.scope == "cluster" else f"namespace {self.namespace}"

    @property
    def file_name(self) -> str:
        """The name under `--out-dir`. `namespace-` keeps a namespace called `cluster` apart."""
        return "cluster.yaml" if self.scope == "cluster" else f"namespace-{self.namespace}.yaml"

    def find(self, values_key: str, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.values_key == values_key and entry.key == key:
                return entry
        return None

    def values(self) -> dict[str, Any]:
        """The plain values mapping (what helm and the validator read)."""
        out: dict[str, Any] = {"scope": self.scope}
        if self.edition != "oss":
            out["calico"] = {"edition": self.edition}
        for values_key in VALUES_KEY_ORDER:
            entries = [e for e in self.entries if e.values_key == values_key]
            if entries:
                out[values_key] = {e.key: e.entry for e in entries}
        return out


def group_entries(
    entries: Iterable[Entry], edition: Edition
) -> tuple[list[ValuesFile], list[Rejection], list[Note]]:
    """Values files (namespaces sorted, then the cluster file), conflicting duplicates, and notes."""
    files: dict[tuple[Scope, str], ValuesFile] = {}
    rejections: list[Rejection] = []
    notes: list[Note] = []
    conflicted: dict[int, tuple[ValuesFile, Entry]] = {}
    for entry in entries:
        group = files.setdefault(
            (entry.scope, entry.namespace or ""), ValuesFile(entry.scope, entry.namespace, edition)
        )
        first = group.find(entry.values_key, entry.key)
        if first is None:
            group.entries.append(entry)
        elif first.entry == entry.entry:
            notes += entry.notes
            notes.append(Note(entry.source, entry.what, f"same object as {first.source.describe()}: imported once"))
        else:
            rejections.append(_conflict(entry, first, group))
            conflicted.setdefault(id(first), (group, first))
    # Neither of two different definitions wins: keeping the first would depend on argument order.
    for group, first in conflicted.values():
        group.entries.remove(first)
        rejections.append(_conflict(first, None, group))
    ordered = sorted((f for f in files.values() if f.entries), key=lambda f: (f.scope == "cluster", f.namespace or ""))
    return ordered, rejections, notes


def _conflict(entry: Entry, other: Entry | None, group: ValuesFile) -> Rejection:
    where = f"at {other.source.describe()}" if other else "later in the input"
    return Rejection(
        entry.source, entry.what, ("metadata", "name"),
        f"{entry.values_key}.{entry.key} in {group.label} is also defined, differently, {where}",
        "import them separately, or rename one",
    )
