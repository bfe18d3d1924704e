"""Rendered manifests as objects: identity, normalised body, and noise masks.

Identity is (API group, kind, namespace, name), as helm-diff and dyff key documents, so document
order and template file names never matter to a comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

import yaml

from netpolkit.errors import InputError

#: Labels that change with every chart release and say nothing about what a policy does.
DEFAULT_MASKS: tuple[str, ...] = (
    "metadata.labels[helm.sh/chart]",
    "metadata.labels[app.kubernetes.io/version]",
    "metadata.labels[app.kubernetes.io/managed-by]",
)

_SOURCE_RE = re.compile(r"^# Source: (.+)$", re.MULTILINE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: same text, five times faster


@dataclass(frozen=True, order=True)
class Identity:
    group: str
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.kind}/{where}" + (f" ({self.group})" if self.group else "")

    @property
    def slug(self) -> str:
        """A file-name-safe, unique form (for --split-dir)."""
        parts = [self.kind.lower(), self.namespace, self.name]
        return "_".join(p for p in parts if p)


@dataclass(frozen=True)
class Resource:
    identity: Identity
    body: dict[str, Any]
    source: str = ""


def identity_of(body: dict[str, Any]) -> Identity:
    api_version = str(body.get("apiVersion", ""))
    group = api_version.rsplit("/", 1)[0] if "/" in api_version else ""
    meta = body.get("metadata") or {}
    if not isinstance(meta, dict):
        meta = {}
    return Identity(group, str(body.get("kind", "")), str(meta.get("namespace") or ""), str(meta.get("name", "")))


def _documents(text: str) -> Iterator[tuple[str, str]]:
    """Split a multi-document stream, keeping each document's `# Source:` template path."""
    for chunk in re.split(r"^---[ \t]*$", text, flags=re.MULTILINE):
        if not chunk.strip():
            continue
        match = _SOURCE_RE.search(chunk)
        yield (match.group(1).strip() if match else ""), chunk


def parse_manifests(text: str, *, origin: str = "<rendered>") -> list[Resource]:
    """Parse rendered YAML into resources (List kinds expanded), sorted by identity."""
    resources: list[Resource] = []
    for source, chunk in _documents(text):
        try:
            body = yaml.load(chunk, Loader=_Loader)
        except yaml.YAMLError as exc:
            raise InputError(f"{origin}: not valid YAML: {str(exc).splitlines()[0]}") from None
        if body is None:
            continue
        if not isinstance(body, dict):
            raise InputError(f"{origin}: a document is not a Kubernetes object (got {type(body).__name__})")
        items = body.get("items") if str(body.get("kind", "")).endswith("List") else None
        for item in items if isinstance(items, list) else [body]:
            if isinstance(item, dict):
                resources.append(Resource(identity_of(item), item, source))
    return sorted(resources, key=lambda r: r.identity)


# --- masks ---------------------------------------------------------------------------------------

MaskPath = tuple[str, ...]
_TOKEN_RE = re.compile(r"\[([^\]]*)\]|([^.\[\]]+)")


def parse_mask(spec: str) -> MaskPath:
    """`metadata.labels[helm.sh/chart]` or JSON pointer `/metadata/labels/helm.sh~1chart`; `*` matches any key."""
    if spec.startswith("/"):
        return tuple(p.replace("~1", "/").replace("~0", "~") for p in spec[1:].split("/"))
    parts: list[str] = []
    pos = 0
    for match in _TOKEN_RE.finditer(spec):
        if spec[pos : match.start()] not in ("", "."):
            break
        parts.append(match.group(1) if match.group(1) is not None else match.group(2))
        pos = match.end()
    if pos != len(spec) or not parts:
        raise InputError(f"--mask {spec!r}: not a path (use a.b[key.with.dots] or a /json/pointer)")
    return tuple(parts)


def _drop(node: Any, path: MaskPath) -> None:
    if not path:
        return
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        keys = list(node) if head == "*" else [head] if head in node else []
        for key in keys:
            if rest:
                _drop(node[key], rest)
            else:
                del node[key]
    elif isinstance(node, list):
        indexes = range(len(node)) if head == "*" else [int(head)] if head.isdigit() and int(head) < len(node) else []
        for index in sorted(indexes, reverse=True):
            if rest:
                _drop(node[index], rest)
            else:
                del node[index]


def apply_masks(resources: Iterable[Resource], masks: Sequence[str], *, copy: bool = True) -> list[Resource]:
    """Remove masked paths (and maps they leave empty under metadata) from the bodies.

    From copies unless `copy=False`, for callers that own freshly parsed resources.
    """
    paths = [parse_mask(m) for m in masks]
    out = []
    for res in resources:
        body = deepcopy(res.body) if copy else res.body
        for path in paths:
            _drop(body, path)
        meta = body.get("metadata")
        if isinstance(meta, dict):
            for key in ("labels", "annotations"):
                if meta.get(key) == {}:
                    del meta[key]
        out.append(Resource(res.identity, body, res.source))
    return out


def to_yaml(resources: Iterable[Resource]) -> str:
    """A stable multi-document YAML: sorted identities, keys in a fixed order (for snapshots/diffs)."""
    docs = [
        yaml.dump(r.body, Dumper=_Dumper, sort_keys=True, default_flow_style=False, width=10_000) for r in resources
    ]
    return "".join(f"---\n{doc}" for doc in docs)
