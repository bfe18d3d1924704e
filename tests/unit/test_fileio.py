"""atomic_write: the one writer for files the user owns."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from netpolkit.fileio import NEW_FILE_MODE, atomic_write


def test_replaces_content_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "values.yaml"
    target.write_text("old\r\n")
    target.chmod(0o640)
    atomic_write(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"  # no newline translation
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["values.yaml"]  # no temp file left


def test_new_files_are_readable_and_parents_only_on_request(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b.yaml"
    with pytest.raises(FileNotFoundError):
        atomic_write(nested, "x")
    atomic_write(nested, b"x", make_parents=True)
    assert stat.S_IMODE(nested.stat().st_mode) == NEW_FILE_MODE


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "values.yaml"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "\udcff")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["values.yaml"]
