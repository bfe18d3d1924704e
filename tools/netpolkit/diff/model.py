"""The diff's data: what changed, per object and per field, and the one-line summary.

Reporters read only these types, so text, markdown and JSON cannot disagree about what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from netpolkit.manifests import Identity
from netpolkit.problems import KeyPath, Location, format_path


class Change(str, Enum):
    """How an object or a field changed. `renamed` is object-level, `moved` field-level only."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"
    MOVED = "moved"


@dataclass(frozen=True)
class FieldChange:
    """One changed field of an object (or one changed values key)."""

    #: Where the field is in the new object; for a removal, where it was in the old one.
    path: KeyPath
    change: Change
    #: Old and new value; for `moved`, the old and new list index.
    old: Any = None
    new: Any = None
    #: Where the field was in the old object (differs from `path` when a list item moved or shifted).
    old_path: KeyPath | None = None
    #: A policy-aware one-liner ("egress rule 1 action Allow -> Deny"), or "" when none applies.
    summary: str = ""

    @property
    def path_text(self) -> str:
        return format_path(self.path)


@dataclass(frozen=True)
class ObjectChange:
    """One object that was added, removed, renamed or changed; bodies are after masks."""

    identity: Identity
    change: Change
    fields: tuple[FieldChange, ...] = ()
    #: The identity in OLD, for a renamed object.
    old_identity: Identity | None = None
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None


@dataclass(frozen=True)
class ValueChange:
    """One changed key of the effective values, with where each side set it."""

    path: KeyPath
    change: Change
    old: Any = None
    new: Any = None
    old_location: Location | None = None
    new_location: Location | None = None

    @property
    def location(self) -> Location | None:
        """Where to look: the new side's position, or the old one for a removed key."""
        return self.new_location if self.change is not Change.REMOVED else self.old_location


@dataclass(frozen=True)
class DiffResult:
    """Everything a report shows; `objects` sorted by identity, fields in a stable order."""

    objects: tuple[ObjectChange, ...] = ()
    unchanged: int = 0
    values: tuple[ValueChange, ...] = ()
    old_label: str = "OLD"
    new_label: str = "NEW"
    masks: tuple[str, ...] = field(default=(), compare=False)

    def count(self, change: Change) -> int:
        return sum(1 for obj in self.objects if obj.change is change)

    @property
    def has_changes(self) -> bool:
        """What `--exit-code` decides on: any object-level difference left after masks."""
        return bool(self.objects)

    def summary(self) -> str:
        """Terraform-style: "2 to add, 1 to change, 0 to remove" (+ renames when there are any)."""
        text = (
            f"{self.count(Change.ADDED)} to add, {self.count(Change.CHANGED)} to change, "
            f"{self.count(Change.REMOVED)} to remove"
        )
        renamed = self.count(Change.RENAMED)
        return text + (f", {renamed} to rename" if renamed else "")


def display_identity(identity: Identity) -> str:
    """`Kind namespace/name (group)`: how every report names an object (core group shown as nothing)."""
    where = f"{identity.namespace}/{identity.name}" if identity.namespace else identity.name
    return f"{identity.kind} {where}" + (f" ({identity.group})" if identity.group else "")


def display_rename(obj: ObjectChange) -> str:
    """`Kind ns/old -> ns/new (group)`: the identity line of a renamed object."""
    old = obj.old_identity or obj.identity
    new = obj.identity

    def where(ident: Identity) -> str:
        return f"{ident.namespace}/{ident.name}" if ident.namespace else ident.name

    return f"{new.kind} {where(old)} -> {where(new)}" + (f" ({new.group})" if new.group else "")


def identity_dict(identity: Identity | None) -> dict[str, str] | None:
    if identity is None:
        return None
    return {"group": identity.group, "kind": identity.kind, "namespace": identity.namespace, "name": identity.name}


def sort_objects(objects: Iterable[ObjectChange]) -> tuple[ObjectChange, ...]:
    return tuple(sorted(objects, key=lambda o: (o.identity, o.old_identity or o.identity)))
