"""Semantic-version ordering for chart versions (SemVer 2.0.0, as Helm and ct compare them).

Like the Masterminds/semver library that ct uses, a leading `v` and missing minor/patch parts
(`1.2` = `1.2.0`) are accepted; build metadata (`+abc`) does not take part in the ordering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEMVER_RE = re.compile(
    r"^v?(?P<major>0|[1-9]\d*)(?:\.(?P<minor>0|[1-9]\d*))?(?:\.(?P<patch>0|[1-9]\d*))?"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)


@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()

    def _key(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
        # A release sorts after all its pre-releases; numeric identifiers sort before alphanumeric
        # ones and compare as numbers (SemVer 2.0.0, section 11).
        pre = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.prerelease)
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, pre)

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Version) -> bool:
        return self._key() <= other._key()


def parse_version(text: str) -> Version | None:
    """The version, or None when `text` is not a semantic version."""
    match = _SEMVER_RE.match(text.strip())
    if not match:
        return None
    pre = match.group("pre")
    return Version(
        int(match.group("major")),
        int(match.group("minor") or 0),
        int(match.group("patch") or 0),
        tuple(pre.split(".")) if pre else (),
    )
