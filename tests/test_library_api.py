"""The whole flow through the library alone, no CLI: values -> validate -> render -> diff.

This is what another tool (or a notebook) would write; it keeps the public API honest.
"""

from __future__ import annotations

from pathlib import Path

import netpolkit

REPO = Path(__file__).resolve().parent.parent
CHART = REPO / "charts" / "network-policies"


def test_validate_render_and_diff_without_the_cli() -> None:
    example = REPO / "values-examples" / "three-tier-app.yaml"
    report = netpolkit.validate_values([example], chart=CHART)
    assert report.ok and report.problems == []

    engine = netpolkit.get_engine("binary")
    options = netpolkit.RenderOptions(release="orders", namespace="orders")
    request = netpolkit.RenderRequest(CHART, netpolkit.ValuesInput(files=(str(example),)), options)
    before = netpolkit.render_resources(request, engine)
    assert {r.identity.namespace for r in before} == {"orders"}

    after = netpolkit.render_values(CHART, {"presets": {"defaultDeny": {"enabled": True}}}, engine, options)
    result = netpolkit.diff_resources(before, after)
    assert result.has_changes
    assert result.summary().startswith("0 to add, 1 to change, ")


def test_problems_are_data() -> None:
    report = netpolkit.validate_values([], ["scope=galaxy"], chart=CHART)
    assert not report.ok
    (problem,) = report.problems
    assert isinstance(problem, netpolkit.Problem)
    assert problem.code == "NPK103" and problem.path == ("scope",)
    assert problem.location.file == "--set"


def test_every_public_name_resolves() -> None:
    for name in netpolkit.__all__:
        assert getattr(netpolkit, name) is not None, name
