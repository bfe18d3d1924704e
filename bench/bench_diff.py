"""Benchmark: `netpolkit diff` of two renders of 5,000 objects that differ in 1% of them, vs `diff -u`.

Both renders come from the real chart (2,500 Kubernetes NetworkPolicies and 2,500 Calico
NetworkPolicies; NEW changes a port in 25 of the first and moves a rule in 25 of the second),
or, if the chart cannot render here, from an equivalent synthetic stream. Both tools then diff the
same two files in this run: `diff -u A B` as a process, and netpolkit's library path as the CLI
runs it after start-up (read both files, diff with the default masks, render the text report).
Each side is timed best-of-N, the two alternating; the ratio is netpolkit / `diff -u` (target: at most 3).
The CLI's end-to-end time (interpreter start and imports included) is printed for information.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

from netpolkit.diff import REPORTERS, diff_manifests  # noqa: E402
from netpolkit.errors import NetpolkitError  # noqa: E402
from netpolkit.helm import RenderOptions, ValuesInput, find_helm  # noqa: E402
from netpolkit.manifests import DEFAULT_MASKS  # noqa: E402

OBJECTS = 5_000
CHANGED_EVERY = 100  # 1%
RUNS = 15
TARGET = 3.0


def values(*, new: bool) -> dict[str, Any]:
    """Half native, half Calico; in NEW every 100th object changes (port, or a Calico rule move)."""
    native: dict[str, Any] = {}
    calico: dict[str, Any] = {}
    for i in range(OBJECTS // 2):
        changed = new and i % CHANGED_EVERY == 0
        native[f"app-{i:04d}"] = {
            "podSelector": {"matchLabels": {"app": f"app-{i}"}},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [
                {
                    "from": [{"podSelector": {"matchLabels": {"role": "frontend"}}},
                             {"namespaceSelector": {"matchLabels": {"team": f"team-{i % 40}"}}}],
                    "ports": [{"protocol": "TCP", "port": 8443 if changed else 8080}],
                }
            ],
            "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}],
                        "ports": [{"protocol": "TCP", "port": 5432}]}],
        }  # fmt: skip
        rules = [
            {"action": "Allow", "protocol": "TCP", "destination": {"ports": [443], "nets": ["10.0.0.0/8"]}},
            {"action": "Deny", "destination": {"nets": ["169.254.169.254/32"]}},
        ]
        calico[f"db-{i:04d}"] = {
            "order": 100,
            "selector": f"app == 'db-{i}'",
            "types": ["Ingress", "Egress"],
            "ingress": [{"action": "Allow", "protocol": "TCP", "source": {"selector": "role == 'backend'"},
                         "destination": {"ports": [5432]}}],
            "egress": rules[::-1] if changed else rules,
        }  # fmt: skip
    return {"networkPolicies": native, "calicoNetworkPolicies": calico}


def render_chart(root: Path) -> tuple[Path, Path, str]:
    helm = find_helm()
    chart = REPO / "charts" / "network-policies"
    out = []
    for name, new in (("old", False), ("new", True)):
        vals = root / f"{name}-values.json"
        vals.write_text(json.dumps(values(new=new)), encoding="utf-8")
        text = helm.template(chart, ValuesInput(files=(str(vals),)), RenderOptions("bench", "bench"))
        path = root / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out[0], out[1], f"chart {chart.relative_to(REPO)} ({helm.path} {helm.version})"


def render_synthetic(root: Path) -> tuple[Path, Path, str]:
    """The same objects written as the chart would write them (used when the chart cannot render)."""
    out = []
    labels = {"app.kubernetes.io/name": "network-policies", "app.kubernetes.io/instance": "bench",
              "app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "network-policies-0.1.0"}  # fmt: skip
    for name, new in (("old", False), ("new", True)):
        docs = []
        vals = values(new=new)
        for kind, api, group_key in (
            ("NetworkPolicy", "networking.k8s.io/v1", "networkPolicies"),
            ("NetworkPolicy", "projectcalico.org/v3", "calicoNetworkPolicies"),
        ):
            for obj, spec in vals[group_key].items():
                body = {"apiVersion": api, "kind": kind,
                        "metadata": {"name": obj, "namespace": "bench", "labels": labels}, "spec": spec}  # fmt: skip
                docs.append(
                    f"---\n# Source: network-policies/templates/x.yaml\n{yaml.safe_dump(body, sort_keys=False)}"
                )
        path = root / f"{name}.yaml"
        path.write_text("".join(docs), encoding="utf-8")
        out.append(path)
    return out[0], out[1], "synthetic render (the chart did not render)"


def best_of(*fns: Callable[[], object]) -> list[float]:
    """Best time of each function over RUNS rounds, the functions alternating within each round
    so that both see the same machine load (this machine is shared)."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(RUNS):
        for fn, bucket in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return [min(bucket) for bucket in times]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="netpolkit-bench-diff-") as tmp:
        root = Path(tmp)
        try:
            old, new, origin = render_chart(root)
        except NetpolkitError as exc:
            print(f"chart render failed ({exc.message.splitlines()[0]}); using a synthetic render")
            old, new, origin = render_synthetic(root)

        def ours() -> str:
            result = diff_manifests(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"),
                                    masks=DEFAULT_MASKS, labels=(str(old), str(new)))  # fmt: skip
            return REPORTERS["text"](result)

        def plain() -> None:
            subprocess.run(["diff", "-u", str(old), str(new)], stdout=subprocess.PIPE, check=False)

        report = ours()
        summary = report.splitlines()[-1]
        lines = sum(1 for _ in old.open(encoding="utf-8"))
        t_diff, t_ours = best_of(plain, ours)
        cli = [sys.executable, "-m", "netpolkit", "diff", "--manifests", str(old), str(new)]
        start = time.perf_counter()
        subprocess.run(cli, stdout=subprocess.PIPE, check=True)
        t_cli = time.perf_counter() - start
    ratio = t_ours / t_diff
    print(f"input: {origin}; {lines} lines per file")
    print(f"netpolkit: {summary.split(': ', 1)[-1]}")
    print(f"diff -u:          {t_diff * 1000:7.1f} ms (best of {RUNS})")
    print(f"netpolkit diff:   {t_ours * 1000:7.1f} ms (best of {RUNS}; library: read, diff, text report)")
    print(f"netpolkit CLI:    {t_cli * 1000:7.1f} ms (one run, interpreter start and imports included)")
    print(f"ratio netpolkit / diff -u: {ratio:.2f} (target <= {TARGET:g})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
