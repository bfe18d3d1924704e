"""Render many values files with few helm processes, exactly as one `helm template` each would.

A process start dominates the cost of rendering a small chart, so cases that share a chart and
render options go through one *umbrella* chart that declares the chart once per case under an alias
(`c0`, `c1`, ...), with each case's values file indented under its alias. Helm renders every alias
as an independent copy of the chart, and we split the output by its `# Source:` path.

That is exact only when a template cannot see the difference, so a chart or case that could is
rendered on its own (`batchable_chart`, `batchable_values_text`): templates that read
`.Chart.Name`, `.Template`, `.Values.global` or subchart data; charts with dependencies; values
files with document markers, a top-level `global` key or `null`s (subchart null handling differs
between helm versions). A batch that fails is split in two until the failing case renders alone,
so its error is the one `helm template` would print for it. The parity test renders the whole corpus
both ways under both helm majors.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from netpolkit.errors import NetpolkitError, RenderError
from netpolkit.helm import Helm, RenderOptions, ValuesInput
from netpolkit.render import Outcome

_UNSAFE_TEMPLATE = re.compile(r"\.Chart\.Name|\.Template\b|\.Values\.global|\.Subcharts|\.Chart\.IsRoot")
_DOC_MARKER = re.compile(r"^(---|\.\.\.|%)", re.MULTILINE)
_TOP_GLOBAL = re.compile(r"^global\s*:", re.MULTILINE)
_SOURCE = re.compile(r"^# Source: [^/]+/charts/(c\d+)/", re.MULTILINE)


@lru_cache(maxsize=32)
def batchable_chart(chart: Path) -> bool:
    """True when no template can tell an aliased subchart from a standalone chart."""
    meta = yaml.safe_load((chart / "Chart.yaml").read_text(encoding="utf-8")) or {}
    if meta.get("dependencies") or (chart / "charts").exists() or not _schema_allows_global(chart):
        return False
    for path in (chart / "templates").rglob("*"):
        if path.is_file() and _UNSAFE_TEMPLATE.search(path.read_text(encoding="utf-8", errors="replace")):
            return False
    return True


def _schema_allows_global(chart: Path) -> bool:
    """A subchart always receives `global`; a strict root schema that omits it rejects every batch."""
    path = chart / "values.schema.json"
    if not path.exists():
        return True
    schema = json.loads(path.read_text(encoding="utf-8"))
    return "global" in schema.get("properties", {}) or schema.get("additionalProperties", True) is not False


def _has_null(node: object) -> bool:
    if node is None:
        return True
    if isinstance(node, dict):
        return any(_has_null(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_null(v) for v in node)
    return False


def batchable_values_text(text: str) -> bool:
    """True when indenting the file under an alias key means exactly the same values."""
    if _DOC_MARKER.search(text) or _TOP_GLOBAL.search(text) or "\t" in text:
        return False
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and bool(data) and not _has_null(data)


def _umbrella(chart: Path, meta: dict[str, Any], aliases: Sequence[str], workdir: Path) -> Path:
    name, version = meta["name"], meta["version"]
    umbrella = workdir / "netpolkit-batch"
    (umbrella / "charts").mkdir(parents=True)
    shutil.copytree(chart, umbrella / "charts" / name, symlinks=False, ignore=shutil.ignore_patterns(".git"))
    deps = [{"name": name, "version": version, "alias": alias} for alias in aliases]
    chart_yaml = {"apiVersion": "v2", "name": "netpolkit-batch", "version": "0.0.0", "dependencies": deps}
    (umbrella / "Chart.yaml").write_text(yaml.safe_dump(chart_yaml), encoding="utf-8")
    return umbrella


def _indented(alias: str, text: str) -> str:
    body = "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))
    return f"{alias}:\n{body}\n"


def _split(text: str, aliases: Sequence[str]) -> dict[str, str]:
    """Assign each rendered document to its alias; paths are rewritten to the standalone form."""
    out = {alias: "" for alias in aliases}
    for chunk in re.split(r"^---[ \t]*$", text, flags=re.MULTILINE):
        match = _SOURCE.search(chunk)
        if match and match.group(1) in out:
            out[match.group(1)] += "---" + chunk
    return out


class BatchRenderer:
    """Renders values files of one chart with `workers` helm processes in parallel.

    A case carries its own render options; cases that share options are batched together, and the
    batches of every options group share one pool of workers (largest first), so many small groups
    do not leave workers idle.
    """

    def __init__(self, helm: Helm, chart: Path, *, workers: int | None = None) -> None:
        self.helm, self.chart = helm, chart
        self.meta: dict[str, Any] = yaml.safe_load((chart / "Chart.yaml").read_text(encoding="utf-8"))
        self.workers = max(1, workers or os.cpu_count() or 1)

    def render_files(
        self,
        files: Sequence[Path],
        options: RenderOptions | Sequence[RenderOptions] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[Outcome]:
        """Each file's outcome, in order; `options` applies to every file or gives one per file."""
        options = options or RenderOptions()
        per_file = [options] * len(files) if isinstance(options, RenderOptions) else list(options)
        texts = [Path(f).read_text(encoding="utf-8") for f in files]
        batch_ok = batchable_chart(self.chart)
        together = [i for i, t in enumerate(texts) if batch_ok and batchable_values_text(t)]
        size = max(1, math.ceil(len(together) / self.workers))
        groups: dict[RenderOptions, list[int]] = {}
        for i in together:
            groups.setdefault(per_file[i], []).append(i)
        jobs = [group[k : k + size] for group in groups.values() for k in range(0, len(group), size)]
        jobs += [[i] for i in range(len(files)) if i not in set(together)]
        results: dict[int, Outcome] = {}

        def run(indexes: list[int]) -> None:
            results.update(self._batch(indexes, files, texts, per_file[indexes[0]], progress))

        with ThreadPoolExecutor(self.workers) as pool:
            for job in [pool.submit(run, j) for j in sorted(jobs, key=len, reverse=True)]:
                job.result()
        return [results[i] for i in range(len(files))]

    def _single(self, path: Path, options: RenderOptions) -> Outcome:
        try:
            return Outcome(text=self.helm.template(self.chart, ValuesInput(files=(str(path),)), options))
        except NetpolkitError as exc:
            return Outcome(error=exc.message)

    def _batch(
        self,
        indexes: list[int],
        files: Sequence[Path],
        texts: Sequence[str],
        options: RenderOptions,
        progress: Callable[[int], None] | None,
    ) -> dict[int, Outcome]:
        if len(indexes) == 1:
            outcome = {indexes[0]: self._single(files[indexes[0]], options)}
            if progress:
                progress(1)
            return outcome
        aliases = [f"c{i}" for i in indexes]
        with tempfile.TemporaryDirectory(prefix="netpolkit-batch-") as tmp:
            umbrella = _umbrella(self.chart, self.meta, aliases, Path(tmp))
            values = Path(tmp) / "values.yaml"
            combined = "".join(_indented(a, texts[i]) for a, i in zip(aliases, indexes, strict=True))
            values.write_text(combined, encoding="utf-8")
            try:
                text = self.helm.template(umbrella, ValuesInput(files=(str(values),)), options)
            except RenderError:
                half = len(indexes) // 2
                return {
                    **self._batch(indexes[:half], files, texts, options, progress),
                    **self._batch(indexes[half:], files, texts, options, progress),
                }
        chart_name = self.meta["name"]
        split = _split(text, aliases)
        if progress:
            progress(len(indexes))
        return {
            i: Outcome(text=split[a].replace(f"netpolkit-batch/charts/{a}/", f"{chart_name}/"))
            for a, i in zip(aliases, indexes, strict=True)
        }
