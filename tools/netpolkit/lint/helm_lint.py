"""`helm lint --strict` and `helm template` per ci/*-values.yaml (or the defaults), per helm.

ct runs one helm; netpolkit supports two majors whose linters and schema validators differ
(helm 3 before 3.18.5 uses gojsonschema, later ones santhosh-tekuri/jsonschema), so each case is
linted under every helm given. Helm's `[ERROR]`/`[WARNING]` lines become problems, located in the
chart file they name (with the line when helm gives one), else in the values file under test.

`helm lint` runs templates in lint mode, where `fail` and `required` only log: the chart's own
guards never fail it. So each case is also rendered with `helm template`, which `ct install`
would do against a cluster; here it needs none.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from netpolkit import helm_install
from netpolkit.errors import HelmNotFoundError, RenderError
from netpolkit.helm import ENV_VAR, Helm, RenderOptions, ValuesInput, find_helm, probe
from netpolkit.lint.model import CheckResult
from netpolkit.problems import Location, Problem, Severity

NAME = "helm-lint"
TEMPLATE = "helm-template"
_MESSAGE_RE = re.compile(r"^\[(ERROR|WARNING)\] ([^:]*): (.*)$")
_LINE_RE = re.compile(r"\bline (\d+)\b")


def lint_helms(explicit: Sequence[str] = ()) -> list[Helm]:
    """`--helm` binaries if given; else every pinned helm installed, helm on PATH and $NETPOLKIT_HELM.

    Deduplicated by version: one lint per helm release, however many paths lead to it.
    """
    if explicit:
        return [find_helm(path) for path in explicit]
    paths = [str(helm_install.installed_binary(r)) for r in helm_install.RELEASES]
    paths = [p for p in paths if Path(p).exists()]
    paths += [p for p in (shutil.which("helm"), os.environ.get(ENV_VAR)) if p]
    helms: dict[str, Helm] = {}
    for path in paths:
        helm = probe(os.path.realpath(path))
        helms.setdefault(helm.version, helm)
    if not helms:
        # Raises with the message that says how to get one.
        helms[""] = find_helm()
    return list(helms.values())


def _problems(output: str, chart: str, values_display: str, hint: str) -> Iterable[Problem]:
    for raw in output.splitlines():
        match = _MESSAGE_RE.match(raw.strip())
        if not match:
            continue
        level, file, message = match.groups()
        line_match = _LINE_RE.search(message)
        is_file = bool(file) and not file.endswith("/")
        location = Location(
            f"{chart}/{file}" if is_file else values_display,
            int(line_match.group(1)) if line_match and is_file else 0,
        )
        severity = Severity.ERROR  # --strict: warnings fail the lint too
        yield Problem(f"{NAME}/{level.lower()}", message, (), location, severity, hint)


def check_helm_lint(
    helm: Helm, chart_path: Path, chart: str, values: tuple[Path, str] | None, extra_args: Sequence[str]
) -> CheckResult:
    """One `helm lint --strict` run; `values` is (path, display) of a ci values file or None."""
    label = f"{NAME} (helm {helm.version}, {values[1] if values else 'default values'})"
    args = ["lint", str(chart_path)]
    if values:
        args += ["--values", str(values[0])]
    args += [a for a in extra_args if a != "--strict"] + ["--strict"]
    try:
        result = helm.run(args)
    except HelmNotFoundError as exc:
        return CheckResult(label, (Problem(NAME, exc.message, (), Location(chart)),))
    if result.returncode == 0:
        return CheckResult(label)
    values_display = values[1] if values else f"{chart}/values.yaml"
    hint = f"reproduce: helm lint --strict {chart}" + (f" --values {values[1]}" if values else "")
    problems = tuple(_problems(result.stdout + "\n" + result.stderr, chart, values_display, hint))
    if not problems:
        text = (result.stderr.strip() or result.stdout.strip() or "helm lint failed with no message").splitlines()
        problems = (Problem(NAME, text[-1].removeprefix("Error: "), (), Location(values_display), hint=hint),)
    return CheckResult(label, problems)


def check_helm_template(helm: Helm, chart_path: Path, chart: str, values: tuple[Path, str] | None) -> CheckResult:
    """`helm template` with the case's values: the chart's `fail` guards run here, not in lint."""
    label = f"{TEMPLATE} (helm {helm.version}, {values[1] if values else 'default values'})"
    inputs = ValuesInput(files=(str(values[0]),) if values else ())
    try:
        helm.template(chart_path, inputs, RenderOptions())
    except (RenderError, HelmNotFoundError) as exc:
        where = Location(values[1] if values else f"{chart}/values.yaml")
        return CheckResult(label, (Problem(TEMPLATE, exc.message, (), where),))
    return CheckResult(label)
