"""Benchmark: `netpolkit validate` vs `helm lint --strict` on one large generated values file.

The file has 2,000 Calico NetworkPolicies with 10 rules each (20,000 rules), valid against the
chart's schema. `validate` runs in-process (median of several runs, the first one too, and the
median of each stage: load, schema, checks, locate), and the process's peak resident memory is
compared with a budget; `helm lint --strict` runs on the same chart and file with the helm found
on PATH, in NETPOLKIT_HELM, or the pinned helm 4 in this virtualenv. Prints both times and
validate/helm; the target is validate under 1 s. Not part of the test run.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

from netpolkit.helm import find_helm  # noqa: E402
from netpolkit.validate import Report, validate  # noqa: E402

CHART = REPO / "charts" / "network-policies"
POLICIES = 2000
RULES = 10
RUNS = 5
TARGET_SECONDS = 1.0
#: Peak resident memory of this process while validating the file (interpreter included): about
#: 115 MB, most of it the values with the position of every entry. A budget, not a measurement:
#: a cache that grew with the input would break it.
MEMORY_BUDGET_MB = 256
STAGES = ("load", "schema", "checks", "locate")


def generate(policies: int = POLICIES, rules: int = RULES) -> str:
    """Block-style values as a generator or a person writes them: selectors, nets, ports."""
    out = ["scope: namespace", "calicoNetworkPolicies:"]
    for i in range(policies):
        out += [
            f"  policy-{i:04d}:",
            f"    order: {100 + i % 50}",
            f"    selector: app == 'svc-{i}'",
            "    types: [Ingress, Egress]",
            "    ingress:",
        ]
        for r in range(rules // 2):
            out += [
                "      - action: Allow",
                "        protocol: TCP",
                "        source:",
                f"          selector: app == 'client-{r}'",
                f"          namespaceSelector: team == 't{i % 7}'",
                "        destination:",
                f"          ports: [{8000 + r}, '9000:9100']",
            ]
        out.append("    egress:")
        for r in range(rules - rules // 2):
            out += [
                "      - action: Allow",
                "        protocol: UDP",
                "        destination:",
                f"          nets: [10.{r}.0.0/16, 192.168.{i % 250}.0/24]",
                "          ports: [53]",
            ]
    return "\n".join(out) + "\n"


def time_validate(path: Path) -> tuple[list[float], list[Report]]:
    """Wall-clock seconds and the report of each of `RUNS` runs, the first (cold) one first."""
    times: list[float] = []
    reports: list[Report] = []
    for _ in range(RUNS):
        started = time.perf_counter()
        reports.append(validate([str(path)], chart=CHART))
        times.append(time.perf_counter() - started)
    return times, reports


def stage_medians(reports: list[Report]) -> dict[str, float]:
    """The median seconds of each stage over the runs (`Report.timings`)."""
    return {stage: statistics.median(r.timings.get(stage, 0.0) for r in reports) for stage in STAGES}


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def time_helm_lint(helm: str, path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [helm, "lint", "--strict", str(CHART), "-f", str(path)], capture_output=True, text=True, check=False
    )
    return time.perf_counter() - started, done.returncode


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="netpolkit-bench-") as tmp:
        path = Path(tmp) / "values.yaml"
        path.write_text(generate(), encoding="utf-8")
        size = path.stat().st_size
        print(f"values file: {POLICIES} policies, {POLICIES * RULES} rules, {size / 1e6:.1f} MB, {os.cpu_count()} CPUs")
        times, reports = time_validate(path)
        seconds, report = statistics.median(times), reports[-1]
        print(f"netpolkit validate: {seconds:.3f}s (median of {RUNS}; first run {times[0]:.3f}s)")
        stages = ", ".join(f"{name} {value:.3f}s" for name, value in stage_medians(reports).items())
        print(f"  stages (median): {stages}")
        peak = peak_rss_mb()
        memory = "met" if peak < MEMORY_BUDGET_MB else "NOT met"
        print(f"  peak memory: {peak:.0f} MB resident, budget {MEMORY_BUDGET_MB} MB: {memory}")
        if report.problems:
            print(f"  warning: {len(report.problems)} problems, first: {report.problems[0].one_line()}")
        compare_with_helm(path, seconds)
        verdict = "met" if seconds < TARGET_SECONDS else "NOT met"
        print(f"target validate < {TARGET_SECONDS:.0f}s: {verdict}")
    return 0


def compare_with_helm(path: Path, seconds: float) -> None:
    try:
        helm = find_helm()
    except Exception as exc:  # no helm: still report our own time
        print(f"helm lint --strict: skipped ({exc})")
        return
    helm_seconds, code = time_helm_lint(helm.path, path)
    print(f"helm lint --strict ({helm.path}, exit {code}): {helm_seconds:.3f}s")
    print(f"ratio validate / helm lint: {seconds / helm_seconds:.3f}")


if __name__ == "__main__":
    sys.exit(main())
