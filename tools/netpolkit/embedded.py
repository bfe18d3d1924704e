"""The embedded engine: Helm's Go SDK in-process, through the optional `helm-python-sdk` package.

Saving the process start is not enough for a chart like ours: two costs of every in-process
render have nothing to do with the values, and each is larger than executing the templates. The
SDK compiles the chart's `values.schema.json` again on every render, and parses every template
again on every render. So each chart is prepared once per engine, as three charts:

* **full**: the chart as it is. Whatever the fast paths below do not take renders here, so helm
  itself decides and words every error.
* **fast**: the chart without its own schema (subcharts keep theirs). Values render here when a
  validator compiled once (jsonschema-rs) accepts them after helm's own coalescing. A validator
  that rejects too much only costs time; the parity tests check it never accepts what helm
  rejects.
* **batch**: the fast chart with its top-level templates turned into partials and one driver
  template that, for each case of a batch, builds the root context as helm builds it (Values,
  Release, Chart, Capabilities, Files, Subcharts, and Template per file) and includes every
  top-level template in helm's render order. Templates are then parsed once per batch instead of
  once per case. Only a chart whose templates cannot tell the difference is batched (no
  dependencies; no `typeOf` or methods of the root Values), and a batch that fails renders its
  cases one at a time, so each case gets helm's own error for it alone.
"""

from __future__ import annotations

import functools
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netpolkit.errors import EngineUnavailable, NetpolkitError, RenderError, UsageError
from netpolkit.helm import GO_RUNTIME_ENV, RenderOptions, clean_helm_error
from netpolkit.render import Outcome, RenderRequest, user_values

#: Helm's name for a chart's notes: rendered by the engine, never part of `helm template`'s output.
_NOTES = "NOTES.txt"
_PARTIAL_PREFIX = "_netpolkit-"
_DRIVER = "netpolkit-batch-driver.yaml"
#: Marks the start of one template's output for one case in the driver's output: NUL, case, NUL, template, NUL.
_MARK = re.compile("\x00([0-9]+)\x00([^\x00]*)\x00")
#: What a template could use to tell a plain map from helm's root `Values` (type names, its methods).
_UNBATCHABLE = re.compile(r"\btype(Of|Is|IsLike)\b|\bValues\s*\.\s*(AsMap|Table|YAML|PathValue|Encode)\b")
#: Cases per SDK call: large enough to amortise the template parse, small enough to keep every core busy.
MAX_BATCH = 16

_DRIVER_TEXT = """\
{{- /* netpolkit: render every case of .Values.netpolkitBatch through the chart's top-level templates. */ -}}
{{- $batch := .Values.netpolkitBatch -}}
{{- range $i, $case := $batch.cases -}}
  {{- $release := merge (dict "Name" $case.release "Namespace" $case.namespace) $.Release -}}
  {{- $root := dict "Values" $case.values "Release" $release "Chart" $.Chart -}}
  {{- range $key := list "Capabilities" "Files" "Subcharts" }}{{ $_ := set $root $key (index $ $key) }}{{ end -}}
  {{- range $t := $batch.templates -}}
    {{- $_ := set $root "Template" (dict "Name" $t.name "BasePath" $.Template.BasePath) -}}
    {{- printf "\\x00%d\\x00%s\\x00" $i $t.name -}}
    {{- include $t.partial $root -}}
  {{- end -}}
{{- end -}}
"""


class EmbeddedEngine:
    """Helm's Go SDK in-process; each chart is prepared once per engine and reused across renders."""

    name = "embedded"

    def __init__(self) -> None:
        for key, value in GO_RUNTIME_ENV.items():  # read once, when the Go runtime starts (on import)
            os.environ.setdefault(key, value)
        try:
            import helm_python
        except (ImportError, OSError) as exc:
            raise EngineUnavailable(
                f"the embedded engine needs the optional package helm-python-sdk "
                f"(pip install 'netpolkit[embedded]'): {exc}"
            ) from None
        self._helm = helm_python
        self._prepare = functools.lru_cache(maxsize=32)(self._prepared)

    def render_text(self, request: RenderRequest) -> str:
        _check_options(request.options)
        prepared = self._prepare(str(request.chart.resolve()))
        values = user_values(request.values)
        return self._render_alone(prepared, values, prepared.coalesced(values), request.options)

    def render_many(
        self,
        requests: Sequence[RenderRequest],
        *,
        workers: int,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[Outcome]:
        """Each request's outcome, in order, as soon as it is done (so callers can overlap their work).

        Requests of one chart render in batches (each case keeps its own release name and namespace),
        all batches in parallel.
        """
        groups: dict[Path, list[int]] = {}
        for index, request in enumerate(requests):
            _check_options(request.options)
            groups.setdefault(request.chart.resolve(), []).append(index)
        size = max(1, min(MAX_BATCH, math.ceil(len(requests) / (2 * max(1, workers)))))
        chunks = sorted(
            (indexes[start : start + size], chart)
            for chart, indexes in groups.items()
            for start in range(0, len(indexes), size)
        )  # in the order of their first case, which is the order outcomes are taken
        with ThreadPoolExecutor(max(1, workers)) as pool:
            pending: dict[int, tuple[Future[list[Outcome]], int]] = {}
            for chunk, chart in chunks:
                future = pool.submit(self._render_chunk, self._prepare(str(chart)), [requests[i] for i in chunk])
                pending.update((i, (future, position)) for position, i in enumerate(chunk))
            for index in range(len(requests)):
                future, position = pending.pop(index)
                if progress:
                    progress(1)
                yield future.result()[position]

    # --- preparing a chart ------------------------------------------------------------------------

    def _prepared(self, path: str) -> _PreparedChart:
        full = self._helm.Chart.load(path)
        schema = full.schema
        validator = _compiled(schema) if schema is not None else None
        if schema is not None and validator is None:  # only helm can check these values
            return _PreparedChart(full, None, None, None, [])
        with tempfile.TemporaryDirectory(prefix="netpolkit-embedded-") as tmp:
            copy = Path(full.save_dir(tmp))
            fast = full
            if schema is not None:
                (copy / "values.schema.json").unlink()
                fast = self._helm.Chart.load(str(copy))
            templates = _batch_templates(copy, full)
            batch = self._helm.Chart.load(str(copy)) if templates else None
        return _PreparedChart(full, fast, validator, batch, templates or [])

    # --- rendering --------------------------------------------------------------------------------

    def _render_alone(
        self, prepared: _PreparedChart, values: dict[str, Any], coalesced: dict[str, Any] | None, options: RenderOptions
    ) -> str:
        """One render: through the schema-less chart when `coalesced` passed the check, else the chart as it is."""
        try:
            chart = prepared.fast if coalesced is not None else prepared.full
            rendered = chart.render(values, name=options.release, namespace=options.namespace)
        except self._helm.HelmError as exc:
            raise RenderError(clean_helm_error(str(exc))) from None
        return _stream(rendered.items())

    def _read_chunk(self, prepared: _PreparedChart, requests: Sequence[RenderRequest]) -> list[_Case]:
        """Read each case's values and coalesce them as helm does (once: batch and fallback both use it)."""
        cases = []
        for request in requests:
            try:
                user = user_values(request.values)
            except NetpolkitError as exc:
                cases.append(_Case(request.options, {}, None, exc.message))
                continue
            cases.append(_Case(request.options, user, prepared.coalesced(user)))
        return cases

    def _render_chunk(self, prepared: _PreparedChart, requests: Sequence[RenderRequest]) -> list[Outcome]:
        """One SDK call for the cases the validator accepts; the others, and a failed batch, one by one."""
        cases = self._read_chunk(prepared, requests)
        batched = [i for i, case in enumerate(cases) if case.coalesced is not None and prepared.batch is not None]
        texts = self._render_batch(prepared, [cases[i] for i in batched])
        done = dict(zip(batched, texts, strict=True)) if texts is not None else {}
        return [
            Outcome(error=case.error) if case.error
            else Outcome(text=done[i]) if i in done
            else self._outcome_alone(prepared, case)
            for i, case in enumerate(cases)
        ]

    def _render_batch(self, prepared: _PreparedChart, cases: list[_Case]) -> list[str] | None:
        """The `helm template` text of each case; None when any case fails (each then renders alone,
        to get its own error) or there are fewer than two (alone costs the same)."""
        if len(cases) < 2:
            return None
        batch = [{"values": c.coalesced, "release": c.options.release, "namespace": c.options.namespace} for c in cases]
        values = {"netpolkitBatch": {"cases": batch, "templates": prepared.templates}}
        try:
            rendered = prepared.batch.render(values)  # each case gets its own release name and namespace
        except self._helm.HelmError:
            return None
        driver = next(text for path, text in rendered.items() if path.endswith("/" + _DRIVER))
        per_case: list[list[tuple[str, str]]] = [[] for _ in cases]
        parts = _MARK.split(driver)
        for index, path, text in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
            per_case[int(index)].append((path, text))
        return [_stream(items) for items in per_case]

    def _outcome_alone(self, prepared: _PreparedChart, case: _Case) -> Outcome:
        try:
            return Outcome(text=self._render_alone(prepared, case.user, case.coalesced, case.options))
        except NetpolkitError as exc:
            return Outcome(error=exc.message)


@dataclass(frozen=True)
class _Case:
    options: RenderOptions
    user: dict[str, Any]
    #: Helm's coalesced values, when they passed the compiled schema check (the case may skip helm's).
    coalesced: dict[str, Any] | None
    #: The values could not be read.
    error: str = ""


@dataclass(frozen=True)
class _PreparedChart:
    full: Any
    #: The chart without its own schema (the chart itself when it has none); None: helm must check every render.
    fast: Any
    validator: Any
    batch: Any
    #: The batch chart's top-level templates in helm's render order: {"name": original, "partial": renamed}.
    templates: list[dict[str, str]]

    def coalesced(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """Helm's coalesced values when they may skip helm's own schema check; None means "let helm decide"."""
        if self.fast is None:
            return None
        try:
            merged: dict[str, Any] = self.fast.merge_values(values)
        except Exception:  # anything odd: the chart as it is decides
            return None
        if self.validator is not None and not self.validator.is_valid(merged):
            return None
        return merged


def _check_options(options: RenderOptions) -> None:
    if options.kube_version or options.api_versions:
        raise UsageError("--kube-version and --api-versions need the binary engine")


def _stream(rendered: Any) -> str:
    """The rendered files as one `# Source:`-headed stream, without the notes and empty files."""
    return "".join(
        f"---\n# Source: {path}\n{text}\n"
        for path, text in sorted(rendered)
        if text.strip() and not path.endswith("/" + _NOTES)
    )


def _compiled(schema: Any) -> Any:
    """A jsonschema-rs validator for `schema`, or None (no accelerator installed, or it cannot compile it)."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - depends on the platform having a wheel
        return None
    try:
        return jsonschema_rs.validator_for(schema)
    except Exception:  # a schema only helm understands: keep helm's validation
        return None


def _batch_templates(chart_dir: Path, full: Any) -> list[dict[str, str]] | None:
    """Turn the copy at `chart_dir` into the batch chart; its top-level templates, or None when not batchable."""
    if full.dependencies or (chart_dir / "charts").exists():
        return None
    name = full.name
    top_level = []
    for path in sorted((chart_dir / "templates").rglob("*")):
        if not path.is_file():
            continue
        if _UNBATCHABLE.search(path.read_text(encoding="utf-8", errors="replace")):
            return None
        if not path.name.startswith("_") and path.name != _NOTES:
            top_level.append(path)
    if not top_level:
        return None
    templates = []
    for path in top_level:
        partial = path.with_name(_PARTIAL_PREFIX + path.name)
        if partial.exists():
            return None
        path.rename(partial)
        names = (_template_name(name, chart_dir, path), _template_name(name, chart_dir, partial))
        templates.append(dict(zip(("name", "partial"), names, strict=True)))
    (chart_dir / "templates" / _DRIVER).write_text(_DRIVER_TEXT, encoding="utf-8")
    return sorted(templates, key=lambda t: _render_order(t["name"]), reverse=True)


def _template_name(chart_name: str, chart_dir: Path, path: Path) -> str:
    return f"{chart_name}/{path.relative_to(chart_dir).as_posix()}"


def _render_order(name: str) -> tuple[int, str]:
    """Helm renders deeper paths first, and names of one depth in reverse order (engine.sortTemplates)."""
    return name.count("/"), name
