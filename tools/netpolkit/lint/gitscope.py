"""Which charts to lint, and the git revision their versions are compared with.

ct lints the charts with files that differ between `git merge-base <remote>/<target-branch> HEAD`
and the working tree. netpolkit does the same, counts untracked files as changes too, and falls
back (with a note, never silently) when there is nothing to compare with: no target branch (a
fresh clone with only `main`), HEAD *is* the target branch (CI on `main`), a shallow clone, or no
git at all. Then every chart is linted and the version increment check is skipped.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from netpolkit.errors import UsageError
from netpolkit.lint.ctconfig import CtConfig


@dataclass(frozen=True)
class Base:
    """What a branch is compared with: changed files since `commit`, versions against `version_commit`."""

    #: The merge base with the target branch (or the `--since` commit).
    commit: str
    #: How messages name the version side: "target branch main", or the `--since` ref as given.
    label: str
    #: Where the old version is read: the target branch tip, as ct does, so a branch must also
    #: out-version bumps that landed on the target after it forked (else `commit`).
    version_commit: str = ""


@dataclass(frozen=True)
class Scope:
    charts: tuple[str, ...]
    #: None: the version increment check cannot run (no base, or --all / --charts).
    base: Base | None
    notes: tuple[str, ...] = ()


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in `root`; a missing git binary looks like a failed command."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(["git", *args], 127, "", str(exc))


def _rev(root: Path, ref: str) -> str | None:
    result = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return result.stdout.strip() if result.returncode == 0 else None


def show_file(root: Path, commit: str, path: str) -> str | None:
    """A file's text at `commit` (path relative to `root`), or None when it did not exist there."""
    result = git(root, "show", f"{commit}:./{path}")
    return result.stdout if result.returncode == 0 else None


def all_charts(config: CtConfig) -> tuple[str, ...]:
    """Direct children of the chart dirs that hold a Chart.yaml, minus `excluded-charts` (as ct)."""
    found: list[str] = []
    for chart_dir in config.chart_dirs:
        parent = config.root / chart_dir
        if not parent.is_dir():
            continue
        for child in sorted(parent.iterdir()):
            if (child / "Chart.yaml").is_file() and child.name not in config.excluded_charts:
                found.append(child.relative_to(config.root).as_posix())
    return tuple(found)


def changed_files(root: Path, commit: str, dirs: tuple[str, ...]) -> list[str]:
    """Files under `dirs` that differ between `commit` and the working tree, untracked ones included."""
    diff = git(root, "diff", "--name-only", "--relative", "--no-renames", commit, "--", *dirs)
    if diff.returncode != 0:
        raise UsageError(f"git diff against {commit[:12]} failed: {diff.stderr.strip()}")
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", *dirs)
    return sorted({*diff.stdout.split("\n"), *untracked.stdout.split("\n")} - {""})


def _fallback(config: CtConfig, why: str) -> Scope:
    note = f"{why}: linting all charts; version increment check skipped"
    return Scope(all_charts(config), None, (note,))


def _target_base(config: CtConfig) -> Scope | Base:
    """The merge base with the target branch, or a fallback scope saying why there is none."""
    remote_ref = f"{config.remote}/{config.target_branch}"
    target = remote_ref if _rev(config.root, remote_ref) else config.target_branch
    if not _rev(config.root, target):
        why = f"target branch {config.target_branch} not found (neither {remote_ref} nor a local branch)"
        return _fallback(config, why)
    merge_base = git(config.root, "merge-base", target, "HEAD")
    if merge_base.returncode != 0:
        return _fallback(config, f"no merge base of {target} and HEAD (a shallow clone? fetch with full history)")
    commit = merge_base.stdout.strip()
    branch = git(config.root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    if commit == _rev(config.root, "HEAD") and branch in ("", config.target_branch):
        return _fallback(config, f"HEAD is the target branch {target} itself, nothing to compare with")
    return Base(commit, f"target branch {config.target_branch}", _rev(config.root, target) or commit)


def select_charts(
    config: CtConfig, *, all_: bool = False, since: str | None = None, charts: tuple[str, ...] = ()
) -> Scope:
    """The charts to lint: `charts` as given, every chart (`all_`), or the charts changed since the base."""
    if charts:
        missing = [c for c in charts if not (config.root / c / "Chart.yaml").is_file()]
        if missing:
            raise UsageError(f"--charts: not a chart directory (no Chart.yaml): {', '.join(missing)}")
        return Scope(charts, None, ("charts given explicitly: version increment check skipped (as in ct)",))
    if all_:
        return Scope(all_charts(config), None, ("--all: version increment check skipped (as in ct)",))
    if _rev(config.root, "HEAD") is None:
        return _fallback(config, "not a git repository with commits")
    if since:
        commit = _rev(config.root, since)
        if commit is None:
            raise UsageError(f"--since {since}: not a git revision")
        base = Base(commit, since)
    else:
        found = _target_base(config)
        if isinstance(found, Scope):
            return found
        base = found
    files = changed_files(config.root, base.commit, config.chart_dirs)
    changed = tuple(c for c in all_charts(config) if any(f.startswith(c + "/") for f in files))
    note = f"charts changed since {base.label} ({base.commit[:12]}): {', '.join(changed) or 'none'}"
    return Scope(changed, base, (note,))
