"""OLD and NEW: a chart directory, a packaged `.tgz`, or `git:REF[:PATH]`, each resolved to a directory.

A git ref is read with `git archive` into a temporary directory: the user's working tree, index
and HEAD are never touched. Archives are extracted member by member after checking each path, so
neither a `.tgz` nor a ref can write outside the temporary directory.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from netpolkit.errors import InputError, UsageError

GIT_PREFIX = "git:"
#: Refuse archives that would unpack to more than this (a chart is kilobytes).
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class ChartSource:
    """A chart ready to render: where it is now, and how to name it to the user."""

    path: Path
    label: str
    #: Prefix that replaces `path` when a file of this chart is named in a report.
    display_root: str = ""

    def display(self, file: str) -> str:
        """A file path as the user knows it (`git:v1:charts/x/values.yaml`, not a temp path)."""
        try:
            rel = Path(file).resolve().relative_to(self.path.resolve())
        except ValueError:
            return file
        return f"{self.display_root}{rel.as_posix()}" if self.display_root else file


def resolve(spec: str, *, workdir: Path, chart_path: Path, cwd: Path | None = None) -> ChartSource:
    """Turn OLD/NEW into a chart directory; `workdir` is a fresh temp dir owned by the caller.

    `chart_path` (the `chart` setting) says where the chart lives inside a git ref.
    """
    here = cwd or Path.cwd()
    if spec.startswith(GIT_PREFIX):
        return _from_git(spec, workdir=workdir, chart_path=chart_path, cwd=here)
    path = here / spec
    if path.is_dir():
        if not (path / "Chart.yaml").is_file():
            raise UsageError(f"{spec}: not a chart directory (no Chart.yaml)")
        return ChartSource(path.resolve(), spec, display_root=spec.rstrip("/") + "/")
    if path.is_file() and spec.endswith((".tgz", ".tar.gz")):
        return _from_package(path, spec, workdir)
    if path.exists():
        raise UsageError(f"{spec}: not a chart directory, a .tgz package or git:REF")
    raise UsageError(f"{spec}: no such chart directory or package (a git ref needs the git: prefix)")


# --- packaged charts -----------------------------------------------------------------------------


def safe_extract(archive: tarfile.TarFile, dest: Path, origin: str) -> None:
    """Extract only regular files and directories whose paths stay inside `dest`."""
    total = 0
    root = dest.resolve()
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or member.name.startswith("/"):
            raise InputError(f"{origin}: refusing archive member outside the chart: {member.name}")
        target = (root / name).resolve()
        if target != root and root not in target.parents:
            raise InputError(f"{origin}: refusing archive member outside the chart: {member.name}")
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        if not member.isfile():
            continue  # links, devices, fifos: a chart needs none of them
        total += member.size
        if total > MAX_BYTES:
            raise InputError(f"{origin}: archive unpacks to more than {MAX_BYTES // 2**20} MiB")
        source = archive.extractfile(member)
        if source is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with source, open(target, "xb") as out:
            while chunk := source.read(1 << 20):
                out.write(chunk)
        os.chmod(target, 0o644)


def _from_package(path: Path, spec: str, workdir: Path) -> ChartSource:
    dest = workdir / "package"
    dest.mkdir()
    try:
        with tarfile.open(path, "r:*") as archive:
            safe_extract(archive, dest, spec)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InputError(f"{spec}: cannot read the chart package: {exc}") from None
    charts = sorted(p.parent for p in dest.glob("*/Chart.yaml"))
    if len(charts) != 1:
        raise InputError(f"{spec}: expected one chart directory in the package, found {len(charts)}")
    return ChartSource(charts[0], spec, display_root=f"{spec}:{charts[0].name}/")


# --- git refs ------------------------------------------------------------------------------------


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"cannot run git: {exc}") from None


def _from_git(spec: str, *, workdir: Path, chart_path: Path, cwd: Path) -> ChartSource:
    ref, _, explicit = spec[len(GIT_PREFIX) :].partition(":")
    if not ref or ref.startswith("-"):
        raise UsageError(f"{spec}: expected git:REF or git:REF:PATH (REF a commit, tag or branch)")
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise UsageError(f"{spec}: {cwd} is not inside a git repository")
    repo = Path(top.stdout.decode().strip())
    if explicit:
        rel = PurePosixPath(explicit.strip("/"))
    else:
        try:
            rel = PurePosixPath(chart_path.resolve().relative_to(repo.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"{spec}: the chart {chart_path} is not inside the repository {repo}") from None
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{tree}}"], repo).returncode != 0:
        raise UsageError(f"{spec}: unknown revision {ref!r} in {repo}")
    archive = _git(["archive", "--format=tar", ref, "--", str(rel)], repo)
    if archive.returncode != 0:
        detail = archive.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"{spec}: no chart at {rel} in {ref}: {detail[-1] if detail else 'git archive failed'}")
    dest = workdir / "git"
    dest.mkdir()
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout), mode="r:") as tar:
            safe_extract(tar, dest, spec)
    except tarfile.TarError as exc:
        raise InputError(f"{spec}: cannot read git archive output: {exc}") from None
    chart = dest / rel
    if not (chart / "Chart.yaml").is_file():
        raise UsageError(f"{spec}: {rel} at {ref} is not a chart directory (no Chart.yaml)")
    return ChartSource(chart, spec, display_root=f"{GIT_PREFIX}{ref}:{rel.as_posix()}/")
