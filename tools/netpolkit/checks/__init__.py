"""Semantic checks over merged values: the registry and the engine that runs it.

`REGISTRY` maps each code (NPK2xx errors, NPK3xx warnings) to its `Check`; `run_checks` runs them
all and returns `Problem`s with the code and severity stamped by the engine, not by the check
(yamllint's model). Checks get possibly schema-invalid values and skip what they cannot read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

from netpolkit.checks import (
    cidrs,
    endpoints,
    names,
    policy,
    ports,
    presets,
    rules,
    scope,
    selectors_check,
    warnings,
)
from netpolkit.checks.base import Check, Finding
from netpolkit.checks.model import Context
from netpolkit.problems import Problem, Severity

#: The check modules, in the order their checks run. A meta-test keeps this list complete.
MODULES: tuple[ModuleType, ...] = (
    selectors_check,
    cidrs,
    ports,
    rules,
    policy,
    scope,
    names,
    presets,
    endpoints,
    warnings,
)


def _collect() -> dict[str, Check]:
    registry: dict[str, Check] = {}
    for module in MODULES:
        for value in vars(module).values():
            if isinstance(value, Check) and value.code not in registry:
                registry[value.code] = value
            elif isinstance(value, Check) and registry[value.code] is not value:
                raise RuntimeError(f"check code {value.code} is registered twice")
    return dict(sorted(registry.items()))


#: code -> Check, sorted by code.
REGISTRY: dict[str, Check] = _collect()


def get(code: str) -> Check:
    """The check registered as `code`; `KeyError` with the known codes if there is none."""
    try:
        return REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(f"unknown check {code!r}; known: {', '.join(REGISTRY)}") from None


def _problem(check: Check, finding: Finding) -> Problem:
    return Problem(
        code=check.code,
        message=finding.message,
        path=finding.path,
        severity=check.severity,
        hint=finding.hint,
        offset=finding.offset,
        on_key=finding.on_key,
    )


def run_checks(values: Mapping[str, Any]) -> list[Problem]:
    """Run every registered check over merged values; never raises on odd input.

    A check that crashes (a bug in netpolkit, not in the values) is reported as an error problem
    under its own code, so one bug cannot hide the findings of the other checks.
    """
    if not isinstance(values, Mapping):
        return []
    ctx = Context(values)
    problems: list[Problem] = []
    for check in REGISTRY.values():
        try:
            problems.extend(_problem(check, finding) for finding in check.run(ctx))
        except Exception as exc:  # isolate one check's bug from the others
            problems.append(
                Problem(
                    code=check.code,
                    message=f"internal error in check {check.code} ({type(exc).__name__}: {exc}); please report it",
                    severity=Severity.ERROR,
                )
            )
    return problems


def merge_with_schema(schema: Sequence[Problem], semantic: Sequence[Problem]) -> list[Problem]:
    """One problem per place when the schema and a check see the same thing.

    A check's problem at the same path as a schema problem replaces it: both say the value is
    wrong, and the check says why in the API's terms, with a hint (`10.0.0.0/33 is not a valid
    CIDR` rather than a regular expression). A check's problem *inside* a part the schema already
    rejects is dropped: it is a consequence, and fixing the schema problem changes it.
    """
    semantic_paths = {p.path for p in semantic}
    schema_paths = {p.path for p in schema}
    kept_schema = [p for p in schema if p.path not in semantic_paths]

    def inside_schema_problem(problem: Problem) -> bool:
        return any(problem.path[:n] in schema_paths for n in range(len(problem.path)))

    return kept_schema + [p for p in semantic if not inside_schema_problem(p)]


__all__ = ["REGISTRY", "Check", "Finding", "get", "merge_with_schema", "run_checks"]
