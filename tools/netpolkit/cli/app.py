"""Typer application: one module per command under `cli/commands/`, registered here.

Library errors (`NetpolkitError`) are mapped to a one-line message and an exit code in one place,
so no traceback ever reaches the user.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from typing import Any

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
from netpolkit.errors import NetpolkitError, NetpolkitWarning

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


def _mapped(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Report a library error as one line and its exit code, and a warning as one line, for every command."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", NetpolkitWarning)
                warnings.showwarning = _show_warning
                return callback(*args, **kwargs)
        except NetpolkitError as exc:
            typer.echo(f"netpolkit: error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return run


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """A warning from the library (say, an engine fallback) as one line, like errors."""
    typer.echo(f"netpolkit: warning: {message}", err=True)


def _map_errors(typer_app: typer.Typer) -> None:
    for command in typer_app.registered_commands:
        if command.callback is not None:
            command.callback = _mapped(command.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _map_errors(group.typer_instance)


_map_errors(app)


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
