"""`netpolkit lint`: chart-testing's `ct lint` checks, plus netpolkit's own, in one typed library.

Use: `run_lint(load_ct_config(Path("ct.yaml"), cwd=Path.cwd()), LintOptions())` returns a
`LintReport` (`.ok`, `.charts[i].checks`); `RENDERERS["text" | "junit"](report)` formats it.
"""

from netpolkit.lint.ctconfig import CtConfig, load_ct_config
from netpolkit.lint.model import ChartResult, CheckResult, LintReport
from netpolkit.lint.report import FORMATS, RENDERERS
from netpolkit.lint.runner import LintOptions, run_lint

__all__ = [
    "FORMATS",
    "RENDERERS",
    "ChartResult",
    "CheckResult",
    "CtConfig",
    "LintOptions",
    "LintReport",
    "load_ct_config",
    "run_lint",
]
