"""The command line loads only the command it runs: start-up time is paid on every pre-commit hook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from netpolkit.cli.app import COMMANDS

REPO = Path(__file__).resolve().parent.parent

_PROBE = """
import sys
from netpolkit.cli import main
sys.argv = ["netpolkit", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print("loaded:", ",".join(sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("netpolkit.cli.commands."))))
print("exit:", code)
"""


def _run(*args: str) -> tuple[set[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=REPO, check=False, timeout=120
    )
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if line.startswith(("loaded:", "exit:")))
    return set(filter(None, lines["loaded"].split(","))), lines["exit"]


def test_a_command_loads_only_its_own_module() -> None:
    loaded, code = _run("validate", "-f", "values-examples/namespace-baseline.yaml")
    assert code == "0"
    assert loaded == {"validate"}, "netpolkit validate should not import the other commands"


def test_help_lists_every_command_in_order() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "netpolkit", "--help"], capture_output=True, text=True, cwd=REPO, check=True,
        env={"COLUMNS": "200", "NO_COLOR": "1", "PATH": ""},
    )
    listed = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("│ ") and len(line.split()) > 2]
    assert [name for name in listed if name in COMMANDS] == list(COMMANDS)
