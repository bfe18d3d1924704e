"""Which earlier rule shadows a later one (NPK304), without comparing every pair of rules.

An earlier rule shadows a later one when each of its match criteria is also a criterion of the
later rule, with a value that `covers` it: equal, or, for OR-lists such as `nets` and `ports`, a
non-empty subset of the earlier list. Comparing every rule with every earlier one is quadratic, and
a policy can hold thousands of rules (an allow-list with one rule per CIDR). `Shadows` indexes the
earlier rules so that only plausible candidates are compared, and confirms each candidate with the
same pairwise test, so what it finds (and which earlier rule it names) is exactly what comparing
every pair would find.

The index, per set of criteria keys ("group"): a bucket per tuple of the values that must be equal;
in a bucket, a posting list per OR-list element (and per whole value, for values that are not
non-empty lists). Any earlier rule that covers a later one is in the later rule's bucket and in the
posting list of each of its elements, so the shortest of those lists holds every candidate.
Values that cannot be hashed (only possible for values built in Python, not read from YAML) are
never indexed: such rules are always candidates, and such probes compare the whole bucket or group.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from heapq import merge
from typing import Any, Generic, TypeVar

#: A criterion: ("protocol",), ("http", "methods"), ("destination", "nets"), ...
Key = tuple[str, ...]
Criteria = Mapping[Key, Any]
T = TypeVar("T")
_ABSENT = object()

#: Criteria whose value is a list that matches when any item does.
OR_LISTS = frozenset({"nets", "ports", "domains", "methods", "paths"})


def covers(key: Key, earlier: Any, later: Any) -> bool:
    """The earlier rule's value for `key` matches every packet the later rule's value matches."""
    if earlier == later:
        return True
    if key[-1] in OR_LISTS and isinstance(earlier, frozenset) and isinstance(later, frozenset):
        return bool(later) and later <= earlier
    return False


def shadows(earlier: Criteria, later: Criteria) -> bool:
    """Every criterion of `earlier` is one of `later` and covers it: `earlier` matches first."""
    if len(earlier) > len(later):
        return False  # one of its criteria is not one of `later` (the cheap, common "no")
    for key, value in earlier.items():  # a loop, not all(...): this runs for every pair of rules
        other = later.get(key, _ABSENT)
        if other is _ABSENT or not covers(key, value, other):
            return False
    return True


def _tokens(key: Key, value: Any) -> Iterator[Hashable]:
    """What an earlier rule is indexed under for an OR-list criterion: each item of a non-empty
    list, or else the whole value (only an equal value can be covered by it)."""
    if isinstance(value, frozenset) and value:
        for item in value:
            yield ("in", key, item)
    else:
        yield ("=", key, value)


def _probes(key: Key, value: Any) -> list[Hashable]:
    """The tokens to look a later rule up by: an earlier rule that covers it is under *each*."""
    if isinstance(value, frozenset) and value:
        return [("in", key, item) for item in value]
    return [("=", key, value)]


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@dataclass
class _Bucket:
    """Earlier rules of one group whose must-be-equal values are equal."""

    members: list[int] = field(default_factory=list)
    postings: dict[Hashable, list[int]] = field(default_factory=dict)
    #: members with an OR-list value that cannot be hashed: candidates for every probe
    unindexed: list[int] = field(default_factory=list)


@dataclass
class _Group:
    """Earlier rules with the same set of criteria keys."""

    #: keys compared for equality (bucket key), and OR-list keys (postings), each sorted
    exact: tuple[Key, ...]
    lists: tuple[Key, ...]
    buckets: dict[Hashable, _Bucket] = field(default_factory=dict)
    #: members whose must-be-equal values cannot be hashed: candidates for every probe
    unindexed: list[int] = field(default_factory=list)

    def add(self, position: int, criteria: Criteria) -> None:
        bucket_key = tuple(criteria[k] for k in self.exact)
        if not _hashable(bucket_key):
            self.unindexed.append(position)
            return
        bucket = self.buckets.setdefault(bucket_key, _Bucket())
        bucket.members.append(position)
        if not self.lists:
            return
        tokens = [token for key in self.lists for token in _tokens(key, criteria[key])]
        if not all(_hashable(token) for token in tokens):
            bucket.unindexed.append(position)
            return
        for token in dict.fromkeys(tokens):
            bucket.postings.setdefault(token, []).append(position)

    def candidates(self, criteria: Criteria) -> Iterable[int]:
        """Ascending positions that may shadow `criteria` (a superset of those that do)."""
        bucket_key = tuple(criteria[k] for k in self.exact)
        if not _hashable(bucket_key):
            everything = (b.members for b in self.buckets.values())
            return sorted([*self.unindexed, *(p for members in everything for p in members)])
        bucket = self.buckets.get(bucket_key)
        if bucket is None:
            return self.unindexed
        found = bucket.members
        if self.lists:
            probes = [probe for key in self.lists for probe in _probes(key, criteria[key])]
            if all(_hashable(probe) for probe in probes):
                shortest = min((bucket.postings.get(probe, []) for probe in probes), key=len)
                found = list(merge(shortest, bucket.unindexed))
        return merge(found, self.unindexed) if self.unindexed else found


class Shadows(Generic[T]):
    """The earlier terminal rules of one policy direction, in order, indexed by their criteria.

    Most policies have a handful of rules per direction, where comparing with each earlier rule
    is cheaper than the index; the index is built when there are more than `LINEAR_LIMIT`.
    """

    LINEAR_LIMIT = 8

    def __init__(self) -> None:
        self._rules: list[tuple[T, Criteria]] = []
        self._groups: dict[frozenset[Key], _Group] | None = None

    def add(self, rule: T, criteria: Criteria) -> None:
        """Remember a terminal rule (after looking it up: a rule never shadows itself)."""
        self._rules.append((rule, criteria))
        if self._groups is not None:
            self._index(len(self._rules) - 1)
        elif len(self._rules) > self.LINEAR_LIMIT:
            self._groups = {}
            for position in range(len(self._rules)):
                self._index(position)

    def _index(self, position: int) -> None:
        assert self._groups is not None
        criteria = self._rules[position][1]
        keys = frozenset(criteria)
        group = self._groups.get(keys)
        if group is None:
            exact = tuple(sorted(k for k in keys if k[-1] not in OR_LISTS))
            lists = tuple(sorted(k for k in keys if k[-1] in OR_LISTS))
            group = self._groups[keys] = _Group(exact, lists)
        group.add(position, criteria)

    def first(self, criteria: Criteria) -> T | None:
        """The earliest remembered rule that shadows `criteria`, or None."""
        if self._groups is None:
            for rule, earlier in self._rules:
                if shadows(earlier, criteria):
                    return rule
            return None
        keys = frozenset(criteria)
        best: int | None = None
        for group_keys, group in self._groups.items():
            if not group_keys <= keys:
                continue
            for position in group.candidates(criteria):
                if best is not None and position >= best:
                    break
                if shadows(self._rules[position][1], criteria):
                    best = position
                    break
        return None if best is None else self._rules[best][0]


__all__ = ["OR_LISTS", "Criteria", "Key", "Shadows", "covers", "shadows"]
