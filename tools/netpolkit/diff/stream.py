"""Rendered YAML streams: split, match identical documents by text, parse only the rest.

Documents whose text is the same on both sides are unchanged and are never parsed, which is what
keeps a 5,000-object diff with 1% changed within a small factor of `diff -u`. The documents that
differ are parsed (by a faster constructor kept equal to `parse_manifests` by a test) and handed
to `diff_resources`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import yaml

from netpolkit.diff.compare import RENAME_THRESHOLD, diff_resources
from netpolkit.diff.model import DiffResult
from netpolkit.manifests import Resource, identity_of, parse_manifests

_CONTENT = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)


def split_documents(text: str) -> list[str]:
    """Split a YAML stream at `---` lines, as `parse_manifests` does, but with `str.split` (10x faster).

    Each document keeps its final newline (a `|` block scalar at the end of a document needs it).
    """
    pieces = ("\n" + text).split("\n---")
    docs = [pieces[0][1:]]
    for piece in pieces[1:]:
        end = piece.find("\n")
        if piece[:1] == "\n" or piece[: end if end >= 0 else len(piece)].strip(" \t") == "":
            docs[-1] += "\n"
            docs.append(piece)
        else:  # "----" or "---x": not a separator
            docs[-1] += "\n---" + piece
    return [doc for doc in docs if doc and not doc.isspace()]


def _count_objects(doc: str, origin: str) -> int:
    """Objects in a document known to be equal on both sides: 1, or what a List or empty doc holds.

    Only the top-level `kind:` line is looked at (it is near the top), not the whole document.
    """
    at = doc.find("\nkind:")
    if at < 0 and not doc.startswith("kind:"):
        return 1 if _CONTENT.search(doc) else 0
    start = at + 6 if at >= 0 else 5
    end = doc.find("\n", start)
    kind = doc[start : end if end >= 0 else len(doc)].strip().strip("'\"")
    return len(parse_manifests(doc, origin=origin)) if kind.endswith("List") else 1


def diff_manifests(
    old_text: str,
    new_text: str,
    *,
    masks: Sequence[str] = (),
    labels: tuple[str, str] = ("OLD", "NEW"),
    rename_threshold: float = RENAME_THRESHOLD,
) -> DiffResult:
    """Diff two rendered streams; documents with identical text on both sides are not parsed."""
    old_docs, new_docs = split_documents(old_text), split_documents(new_text)
    common = Counter(old_docs) & Counter(new_docs)
    same = sum(n * _count_objects(doc, labels[0]) for doc, n in common.items())
    old_rest, new_rest = _minus(old_docs, common), _minus(new_docs, common)
    old_res = parse_documents(old_rest, origin=labels[0])
    new_res = parse_documents(new_rest, origin=labels[1])
    result = diff_resources(old_res, new_res, masks=masks, labels=labels, rename_threshold=rename_threshold)
    return replace(result, unchanged=result.unchanged + same)


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_SOURCE = re.compile(r"^# Source: (.+)$", re.MULTILINE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_documents(docs: Sequence[str], *, origin: str) -> list[Resource]:
    """`parse_manifests` for the documents that differ, with a faster constructor.

    PyYAML's constructor (Python even under CSafeLoader) took half the diff's time; strings, maps
    and lists are built here straight from libyaml's nodes, and every other scalar through PyYAML's
    own constructor. A document this cannot build the same way (merge keys, odd keys, recursive
    aliases) goes through `parse_manifests`, which also words any error. A test keeps them equal.
    """
    out: list[Resource] = []
    for doc in docs:
        try:
            bodies = _fast_load(doc)
        except Exception:  # anything unusual: the reference parser decides, and words any error
            out += parse_manifests(doc, origin=origin)
            continue
        if any(not isinstance(b, dict) for b in bodies if b is not None):
            out += parse_manifests(doc, origin=origin)  # raises its "not a Kubernetes object" error
            continue
        match = _SOURCE.search(doc)
        source = match.group(1).strip() if match else ""
        for body in bodies:
            if body is None:
                continue
            items = body.get("items") if str(body.get("kind", "")).endswith("List") else None
            for item in items if isinstance(items, list) else [body]:
                if isinstance(item, dict):
                    out.append(Resource(identity_of(item), item, source))
    return sorted(out, key=lambda r: r.identity)


def _fast_load(doc: str) -> list[Any]:
    loader = _Loader(doc)
    try:
        bodies = []
        while loader.check_node():
            node = loader.get_node()
            bodies.append(_build(node, loader) if node is not None else None)
        return bodies
    finally:
        loader.dispose()


def _build(node: Any, loader: Any) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        return {_build(k, loader): _build(v, loader) for k, v in node.value}
    if tag == _SEQ:
        return [_build(v, loader) for v in node.value]
    return loader.construct_object(node, deep=True)


def _minus(docs: list[str], common: Counter[str]) -> list[str]:
    left = Counter(common)
    out = []
    for doc in docs:
        if left[doc]:
            left[doc] -= 1
        else:
            out.append(doc)
    return out
