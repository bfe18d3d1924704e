"""OLD/NEW resolution: packaged charts are extracted safely; directories must be charts."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from diff_helpers import write_chart

from netpolkit.diff.sources import ChartSource, resolve
from netpolkit.errors import InputError, UsageError


def _tgz(path: Path, members: dict[str, bytes], *, links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return path


CHART = b"apiVersion: v2\nname: demo\nversion: 0.1.0\n"


def test_package_extracts_to_its_chart_directory(tmp_path: Path) -> None:
    _tgz(tmp_path / "demo-0.1.0.tgz", {"demo/Chart.yaml": CHART, "demo/values.yaml": b"a: 1\n"})
    (tmp_path / "work").mkdir()
    source = resolve("demo-0.1.0.tgz", workdir=tmp_path / "work", chart_path=tmp_path, cwd=tmp_path)
    assert source.path == tmp_path / "work" / "package" / "demo"
    assert source.display(str(source.path / "values.yaml")) == "demo-0.1.0.tgz:demo/values.yaml"


@pytest.mark.parametrize("name", ["../evil/Chart.yaml", "/abs/Chart.yaml", "demo/../../evil.yaml"])
def test_package_path_traversal_is_refused(tmp_path: Path, name: str) -> None:
    _tgz(tmp_path / "bad.tgz", {"demo/Chart.yaml": CHART, name: b"x"})
    (tmp_path / "work").mkdir()
    with pytest.raises(InputError, match="refusing archive member outside the chart"):
        resolve("bad.tgz", workdir=tmp_path / "work", chart_path=tmp_path, cwd=tmp_path)
    assert not (tmp_path / "evil").exists() and not (tmp_path / "evil.yaml").exists()


def test_package_links_are_not_followed(tmp_path: Path) -> None:
    _tgz(tmp_path / "l.tgz", {"demo/Chart.yaml": CHART}, links={"demo/values.yaml": "/etc/passwd"})
    (tmp_path / "work").mkdir()
    source = resolve("l.tgz", workdir=tmp_path / "work", chart_path=tmp_path, cwd=tmp_path)
    assert not (source.path / "values.yaml").exists()


def test_not_a_package(tmp_path: Path) -> None:
    (tmp_path / "x.tgz").write_bytes(b"not gzip")
    (tmp_path / "work").mkdir()
    with pytest.raises(InputError, match=r"x\.tgz: cannot read the chart package"):
        resolve("x.tgz", workdir=tmp_path / "work", chart_path=tmp_path, cwd=tmp_path)


def test_directory_must_hold_a_chart(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match=r"^empty: not a chart directory \(no Chart.yaml\)$"):
        resolve("empty", workdir=tmp_path, chart_path=tmp_path, cwd=tmp_path)
    (tmp_path / "file.yaml").write_text("a: 1\n")
    with pytest.raises(UsageError, match=r"not a chart directory, a \.tgz package or git:REF"):
        resolve("file.yaml", workdir=tmp_path, chart_path=tmp_path, cwd=tmp_path)


def test_directory_display(tmp_path: Path) -> None:
    chart = write_chart(tmp_path / "c")
    source = resolve("c/", workdir=tmp_path, chart_path=chart, cwd=tmp_path)
    assert source == ChartSource(chart, "c/", "c/")
    assert source.display(str(chart / "values.yaml")) == "c/values.yaml"
    assert source.display("other.yaml") == "other.yaml"
