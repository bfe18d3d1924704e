"""Resource-level diff: identity matching, renames, and field diffs of the changed objects only.

Unchanged objects are recognised by equality of their masked bodies and never walked field by
field (`stream.diff_manifests` goes further and does not even parse identical documents).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from netpolkit.diff.fields import canonical, diff_fields, strict_equal
from netpolkit.diff.model import Change, DiffResult, FieldChange, ObjectChange, sort_objects
from netpolkit.diff.policy import mode_for, one_liner
from netpolkit.errors import InputError
from netpolkit.manifests import Identity, MaskPath, Resource, parse_mask

#: Metadata that names an object; a rename is the same body under another name or namespace.
_NAMING = ("name", "namespace")
_NAMING_PATHS = frozenset(("metadata", key) for key in _NAMING)
#: Shared by every candidate pair (the pairing is per group and kind), so no evidence of likeness.
_KIND_KEYS = ("apiVersion", "kind")
#: How alike (shared leaf fields over all leaf fields; name, namespace, apiVersion and kind aside) a
#: removed and an added object of one kind must be to count as one object renamed and changed.
#: Higher than git's 50%: two small policies of one kind easily share half their fields, and calling
#: an unrelated policy a rename would mislead a security review.
RENAME_THRESHOLD = 0.8
#: Removed x added pairs per kind compared for similarity; beyond it only exact renames are found.
_MAX_SIMILARITY_PAIRS = 40_000


def diff_resources(
    old: Sequence[Resource],
    new: Sequence[Resource],
    *,
    masks: Sequence[str] = (),
    labels: tuple[str, str] = ("OLD", "NEW"),
    rename_threshold: float = RENAME_THRESHOLD,
) -> DiffResult:
    """Compare two sets of rendered objects after masking; see `DiffResult` for what comes back.

    A removed and an added object of one kind are one rename when their bodies (name and
    namespace aside) are equal, or at least `rename_threshold` alike (1 keeps exact renames only);
    a rename that also changed carries its field changes.
    """
    old_by = _index(mask_resources(old, masks), labels[0])
    new_by = _index(mask_resources(new, masks), labels[1])
    changes: list[ObjectChange] = []
    unchanged = 0
    for ident in old_by.keys() & new_by.keys():
        before, after = old_by[ident].body, new_by[ident].body
        if before == after and strict_equal(before, after):
            unchanged += 1
            continue
        fields = field_changes(ident, before, after)
        if fields:
            changes.append(ObjectChange(ident, Change.CHANGED, fields, old=before, new=after))
        else:
            unchanged += 1  # only the order of a set list differs: no change in meaning
    removed = [old_by[i] for i in sorted(old_by.keys() - new_by.keys())]
    added = [new_by[i] for i in sorted(new_by.keys() - old_by.keys())]
    renames = find_renames(removed, added, rename_threshold)
    renamed_old = {o.identity for o, _ in renames}
    renamed_new = {n.identity for _, n in renames}
    changes += [
        ObjectChange(n.identity, Change.RENAMED, _renamed_fields(o, n), old_identity=o.identity, old=o.body, new=n.body)
        for o, n in renames
    ]
    changes += [ObjectChange(r.identity, Change.REMOVED, old=r.body) for r in removed if r.identity not in renamed_old]
    changes += [ObjectChange(a.identity, Change.ADDED, new=a.body) for a in added if a.identity not in renamed_new]
    return DiffResult(sort_objects(changes), unchanged, old_label=labels[0], new_label=labels[1], masks=tuple(masks))


def field_changes(identity: Identity, old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The changed fields of one object, each with its policy-aware one-liner when one applies."""
    found = diff_fields(old, new, mode_for=mode_for(identity))
    return tuple(replace(fc, summary=one_liner(identity, fc)) for fc in found)


def mask_resources(resources: Iterable[Resource], masks: Sequence[str]) -> list[Resource]:
    """`manifests.apply_masks` without its deep copy, which cost more than the field diff itself.

    Only the maps and lists on a masked path are copied; the rest is shared with the input (nothing
    here mutates a body). A test keeps the two functions equal.
    """
    paths = [parse_mask(m) for m in masks]
    out = []
    for res in resources:
        body = res.body
        for path in paths:
            body = _without(body, path)
        meta = body.get("metadata")
        if isinstance(meta, dict) and (meta.get("labels") == {} or meta.get("annotations") == {}):
            meta = {k: v for k, v in meta.items() if not (k in ("labels", "annotations") and v == {})}
            body = {**body, "metadata": meta}
        out.append(res if body is res.body else Resource(res.identity, body, res.source))
    return out


def _without(node: Any, path: MaskPath) -> Any:
    """`node` with `path` removed; the same object when nothing matched (`*` matches any key or index)."""
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        keys = list(node) if head == "*" else [head] if head in node else []
        if not keys:
            return node
        out = dict(node)
        for key in keys:
            if rest:
                out[key] = _without(node[key], rest)
            else:
                del out[key]
        return out
    if isinstance(node, list):
        picked = range(len(node)) if head == "*" else [int(head)] if head.isdigit() and int(head) < len(node) else []
        if not picked:
            return node
        if not rest:
            dropped = set(picked)
            return [item for i, item in enumerate(node) if i not in dropped]
        items = list(node)
        for i in picked:
            items[i] = _without(node[i], rest)
        return items
    return node


def _index(resources: Iterable[Resource], label: str) -> dict[Identity, Resource]:
    out: dict[Identity, Resource] = {}
    for res in resources:
        if res.identity in out:
            raise InputError(f"{label}: {res.identity} appears twice; identities must be unique")
        out[res.identity] = res
    return out


def _rename_key(res: Resource) -> tuple[str, str, Any]:
    body = dict(res.body)
    meta = body.get("metadata")
    if isinstance(meta, dict):
        body["metadata"] = {k: v for k, v in meta.items() if k not in _NAMING}
    return res.identity.group, res.identity.kind, canonical(body, (), mode_for(res.identity))


def find_renames(
    removed: Sequence[Resource], added: Sequence[Resource], threshold: float = RENAME_THRESHOLD
) -> list[tuple[Resource, Resource]]:
    """Pairs (old, new) of one group and kind under another name or namespace: equal bodies first,
    then (below a `threshold` of 1) the most alike bodies, each object in at most one pair.

    Several candidates are paired in identity order, so the result is stable.
    """
    if not removed or not added:
        return []
    keys = {res.identity: _rename_key(res) for res in (*removed, *added)}  # identities are unique per side
    waiting: dict[tuple[str, str, Any], list[Resource]] = defaultdict(list)
    for res in reversed(added):
        waiting[keys[res.identity]].append(res)
    pairs = []
    for res in removed:
        bucket = waiting.get(keys[res.identity])
        if bucket:
            pairs.append((res, bucket.pop()))
    if threshold < 1:
        paired = {o.identity for o, _ in pairs} | {n.identity for _, n in pairs}
        rest_old = [r for r in removed if r.identity not in paired]
        rest_new = [a for a in added if a.identity not in paired]
        pairs += _similar(rest_old, rest_new, {i: _leaves(keys[i]) for i in keys.keys() - paired}, threshold)
    return pairs


def _similar(
    removed: Sequence[Resource],
    added: Sequence[Resource],
    leaves: Mapping[Identity, Counter[Any]],
    threshold: float,
) -> list[tuple[Resource, Resource]]:
    """The most alike (old, new) pairs of one group and kind, greedily, best first."""
    by_kind: dict[tuple[str, str], list[tuple[Resource, Counter[Any]]]] = defaultdict(list)
    for res in added:
        by_kind[res.identity.group, res.identity.kind].append((res, leaves[res.identity]))
    scored = []
    for old in removed:
        others = by_kind.get((old.identity.group, old.identity.kind), [])
        if not others or len(others) * len(removed) > _MAX_SIMILARITY_PAIRS:
            continue
        mine = leaves[old.identity]
        for new, theirs in others:
            shared, total = sum((mine & theirs).values()), sum((mine | theirs).values())
            score = shared / total if total else 1.0
            if score >= threshold:
                scored.append((-score, old.identity, new.identity, old, new))
    pairs, used = [], set()
    for _, old_id, new_id, old, new in sorted(scored, key=lambda item: item[:3]):
        if old_id not in used and new_id not in used:
            used |= {old_id, new_id}
            pairs.append((old, new))
    return pairs


def _leaves(key: tuple[str, str, Any]) -> Counter[Any]:
    """The leaf fields of a body's rename key as (path, value) (set-list items under `*`)."""
    out: Counter[Any] = Counter()
    _, fields = key[2]
    stack: list[tuple[tuple[Any, ...], Any]] = [((key,), sub) for key, _, sub in fields if key not in _KIND_KEYS]
    while stack:
        path, (tag, value) = stack.pop()
        if tag in ("map", "list", "set") and value:
            if tag == "map":
                stack += [((*path, key), sub) for key, _type, sub in value]
            else:
                stack += [((*path, "*" if tag == "set" else i), sub) for i, sub in enumerate(value)]
        else:
            out[path, tag, value] += 1
    return out


def _renamed_fields(old: Resource, new: Resource) -> tuple[FieldChange, ...]:
    """What changed besides the name and namespace (nothing for an exact rename)."""
    return tuple(fc for fc in field_changes(new.identity, old.body, new.body) if fc.path not in _NAMING_PATHS)
