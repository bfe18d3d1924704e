"""Benchmark: `netpolkit snapshot check` over 100 cases vs a plain shell loop of `helm template` + `diff`.

Both run in this script on the same cases and the same helm binary; the ratio is ours / loop
(targets: <= 0.5 with the binary engine on 2 cores, <= 0.05 embedded). Cases are the values
examples, each repeated with a different `namePrefix` so no two render alike. The loop and both
engines run in turn, ROUNDS times, and the median ratio is reported: on a shared machine a slow
spell then hits both sides of a ratio alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

from netpolkit import snapshot  # noqa: E402
from netpolkit.config import Settings  # noqa: E402
from netpolkit.helm import find_helm  # noqa: E402

CASES = 100
ROUNDS = 3


def make_cases(root: Path) -> list[Path]:
    examples = sorted((REPO / "values-examples").glob("*.yaml"))
    cases = root / "cases"
    cases.mkdir()
    out = []
    for i in range(CASES):
        src = examples[i % len(examples)]
        text = src.read_text(encoding="utf-8")
        path = cases / f"case{i:03d}.yaml"
        path.write_text(f'namePrefix: "b{i}-"\n{text}', encoding="utf-8")
        out.append(path)
    return out


def shell_loop(helm: str, chart: Path, cases: list[Path], plain: Path) -> float:
    script = (
        'for f in "$@"; do n=$(basename "$f" .yaml); '
        f'"{helm}" template network-policies "{chart}" --namespace default -f "$f" > "{plain}/$n.out" '
        f'&& diff -u "{plain}/$n.snap" "{plain}/$n.out" > /dev/null || exit 1; done'
    )
    start = time.perf_counter()
    subprocess.run(["bash", "-c", script, "loop", *map(str, cases)], check=True)
    return time.perf_counter() - start


def _available(engine: str, found: list[snapshot.Case], settings: Settings) -> bool:
    """Write the engine's snapshots (the check then compares against them); False if it cannot run here."""
    try:
        snapshot.run(found, snapshot.SnapshotConfig(settings, engine=engine), update=True, complete=True)
    except Exception as exc:
        print(f"{engine}: not available: {exc}")
        return False
    return True


def main() -> int:
    helm = find_helm()
    chart = REPO / "charts" / "network-policies"
    with tempfile.TemporaryDirectory(prefix="netpolkit-bench-") as tmp:
        root = Path(tmp)
        cases = make_cases(root)
        plain = root / "plain"
        plain.mkdir()
        for case in cases:  # the loop's reference snapshots: helm's own output
            text = subprocess.run(
                [helm.path, "template", "network-policies", str(chart), "--namespace", "default", "-f", str(case)],
                check=True, capture_output=True, text=True,
            ).stdout
            (plain / f"{case.stem}.snap").write_text(text, encoding="utf-8")
        settings = Settings(root=root, chart=chart, cases=("cases/*.yaml",), snapshot_dir=root / "snapshots")
        found = snapshot.discover_cases(settings)
        print(f"{len(found)} cases, helm {helm.version}, {os.cpu_count()} CPUs, {ROUNDS} rounds")
        engines = [e for e in ("binary", "embedded") if _available(e, found, settings)]
        ratios: dict[str, list[float]] = {engine: [] for engine in engines}
        for round_ in range(1, ROUNDS + 1):  # interleaved, so a slow spell of the machine hits both sides
            baseline = shell_loop(helm.path, chart, cases, plain)
            line = f"round {round_}: shell loop (helm template + diff -u) {baseline:.2f}s"
            for engine in engines:
                config = snapshot.SnapshotConfig(settings, engine=engine)
                start = time.perf_counter()
                report = snapshot.run(found, config, update=False, complete=True)
                elapsed = time.perf_counter() - start
                assert report.ok, [r.name for r in report.failed]
                ratios[engine].append(elapsed / baseline)
                line += f" | {engine} {elapsed:.2f}s ({elapsed / baseline:.3f})"
            print(line)
        for engine, values in ratios.items():
            print(f"netpolkit snapshot check ({engine}): median ratio {statistics.median(values):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
