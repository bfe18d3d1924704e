"""`netpolkit lint`: ct's lint checks plus netpolkit's own, per changed chart.

Per chart, in ct's order: version increment, Chart.yaml schema (yamale), yamllint, then per
ci/*-values.yaml and per helm `helm lint --strict` and `helm template` (lint mode ignores the
chart's `fail` guards), then `netpolkit validate` per values file and the README values
reference. Unlike ct, a failing check does not stop the others: one run shows everything there
is to fix.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from netpolkit.config import load_settings
from netpolkit.helm import Helm
from netpolkit.lint import defaults
from netpolkit.lint.chart_schema import check_chart_schema, load_schema
from netpolkit.lint.ctconfig import CtConfig, find_support_file
from netpolkit.lint.gitscope import Base, Scope, select_charts
from netpolkit.lint.helm_lint import check_helm_lint, check_helm_template, lint_helms
from netpolkit.lint.model import ChartResult, CheckResult, LintReport
from netpolkit.lint.netpolkit_checks import check_docs, check_values
from netpolkit.lint.version_check import NAME as VERSION_CHECK
from netpolkit.lint.version_check import check_version_increment
from netpolkit.lint.yaml_lint import check_yaml, load_lint_config


@dataclass(frozen=True)
class LintOptions:
    """What to lint and with which helms; the rest comes from `ct.yaml`."""

    all: bool = False
    since: str | None = None
    charts: tuple[str, ...] = ()
    helms: tuple[str, ...] = ()


def ci_values_files(chart_path: Path) -> list[Path]:
    """`ci/*-values.yaml`, the cases ct lints (and installs) one by one."""
    return sorted((chart_path / "ci").glob("*-values.yaml"))


def _docs_fix(chart_path: Path, chart: str) -> str:
    default = load_settings(chart_path).chart
    return "netpolkit docs" if default.resolve() == chart_path.resolve() else f"netpolkit docs --chart {chart}"


class _Linter:
    def __init__(self, config: CtConfig, helms: Sequence[Helm]) -> None:
        self.config = config
        self.helms = helms
        schema_file = find_support_file(config.chart_yaml_schema, "chart_schema.yaml", config.root)
        conf_file = find_support_file(config.lint_conf, "lintconf.yaml", config.root)
        self.schema = load_schema(schema_file, defaults.CHART_SCHEMA)
        self.schema_label = self._label(schema_file, "built-in ct default chart schema")
        self.lint_conf = load_lint_config(conf_file, defaults.LINTCONF)
        self.conf_label = self._label(conf_file, "built-in ct default lintconf")

    def _label(self, path: Path | None, builtin: str) -> str:
        if path is None:
            return builtin
        try:
            return path.resolve().relative_to(self.config.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def _helm_checks(self, path: Path, chart: str, cases: Sequence[tuple[Path, str] | None]) -> list[CheckResult]:
        """helm lint + helm template per helm and case; helm processes run in parallel, results in order."""
        extra = self.config.helm_lint_extra_args
        jobs = [(helm, case) for helm in self.helms for case in cases]
        with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 2, 8)) as pool:
            lints = pool.map(lambda job: check_helm_lint(job[0], path, chart, job[1], extra), jobs)
            renders = pool.map(lambda job: check_helm_template(job[0], path, chart, job[1]), jobs)
            return [check for pair in zip(lints, renders, strict=True) for check in pair]

    def lint_chart(self, chart: str, base: Base | None) -> ChartResult:
        cfg = self.config
        path = cfg.root / chart
        values = [(f, f"{chart}/ci/{f.name}") for f in ci_values_files(path)]
        checks: list[CheckResult] = []
        if not cfg.check_version_increment:
            checks.append(CheckResult(VERSION_CHECK, skipped="check-version-increment is off in ct.yaml"))
        elif base is None:
            checks.append(CheckResult(VERSION_CHECK, skipped="no base revision to compare with (see the note above)"))
        else:
            checks.append(check_version_increment(cfg.root, chart, base))
        if cfg.validate_chart_schema:
            chart_yaml = (path / "Chart.yaml", f"{chart}/Chart.yaml")
            checks.append(check_chart_schema(*chart_yaml, self.schema, self.schema_label))
        if cfg.validate_yaml:
            own = [(path / "Chart.yaml", f"{chart}/Chart.yaml"), (path / "values.yaml", f"{chart}/values.yaml")]
            checks.append(check_yaml(own + values, self.lint_conf, self.conf_label))
        cases: list[tuple[Path, str] | None] = list(values) or [None]
        checks += self._helm_checks(path, chart, cases)
        checks += [check_values(path, chart, case) for case in cases]
        checks.append(check_docs(path, chart, fix=_docs_fix(path, chart)))
        return ChartResult(chart, tuple(checks))


def run_lint(config: CtConfig, options: LintOptions) -> LintReport:
    """Lint the selected charts; never raises for a problem in the charts, only for tool failures."""
    scope: Scope = select_charts(
        config, all_=options.all or config.all, since=options.since, charts=options.charts or config.charts
    )
    notes = list(scope.notes)
    if config.validate_maintainers:
        notes.append("validate-maintainers is on in ct.yaml: netpolkit lint does not check it (ct lint does)")
    if not scope.charts:
        return LintReport((), (*notes, "no chart changes detected: nothing to lint"))
    linter = _Linter(config, lint_helms(options.helms))
    return LintReport(tuple(linter.lint_chart(chart, scope.base) for chart in scope.charts), tuple(notes))
