"""Typer application: one module per command under `cli/commands/`, registered here.

Library errors (`NetpolkitError`) are mapped to a one-line message and an exit code in one place,
so no traceback ever reaches the user.
"""

from __future__ import annotations

import sys

import typer

from netpolkit.cli.commands import (
    diff,
    docs,
    explain,
    import_,
    install_helm,
    lint,
    render,
    schema,
    snapshot,
    validate,
    validate_files,
)
from netpolkit.errors import NetpolkitError

app = typer.Typer(
    name="netpolkit",
    help="Validate, render, snapshot-test, diff and explain network-policy Helm values.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)

COMMANDS = (validate, explain, schema, render, snapshot, diff, import_, lint, docs, validate_files, install_helm)

for module in COMMANDS:
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except NetpolkitError as exc:
        print(f"netpolkit: error: {exc.message}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("netpolkit: interrupted", file=sys.stderr)
        sys.exit(130)
