"""netpolkit: validate, render, snapshot-test, diff and explain network-policy Helm values.

The library API the CLI, the pytest plugin and other tools use. Names load on first use, so
`import netpolkit` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> (module, name there). `validate` and `render` are also module names, so the
#: functions are exported as `validate_values` and `render_resources`.
_EXPORTS = {
    "validate_values": "netpolkit.validate:validate",
    "Report": "netpolkit.validate",
    "load_values": "netpolkit.loading",
    "Problem": "netpolkit.problems",
    "Severity": "netpolkit.problems",
    "Location": "netpolkit.problems",
    "find_helm": "netpolkit.helm",
    "RenderOptions": "netpolkit.helm",
    "ValuesInput": "netpolkit.helm",
    "RenderRequest": "netpolkit.render",
    "get_engine": "netpolkit.render",
    "EngineFallbackWarning": "netpolkit.render",
    "render_resources": "netpolkit.render:render",
    "render_values": "netpolkit.render",
    "Resource": "netpolkit.manifests",
    "Identity": "netpolkit.manifests",
    "parse_manifests": "netpolkit.manifests",
    "apply_masks": "netpolkit.manifests",
    "diff_resources": "netpolkit.diff",
    "diff_manifests": "netpolkit.diff",
    "import_paths": "netpolkit.importer",
    "NetpolkitError": "netpolkit.errors",
    "NetpolkitWarning": "netpolkit.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'netpolkit' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute or name)
