"""Typer application: one module per command under `cli/commands/`, loaded when its command runs.

Library errors (`NetpolkitError`) are mapped to a one-line message and an exit code in one place,
so no traceback ever reaches the user.
"""

from __future__ import annotations

import functools
import importlib
import sys
import warnings
from collections.abc import Callable
from typing import Any

import typer
import typer.core

from netpolkit.errors import NetpolkitError, NetpolkitWarning

#: Command name -> its module under `netpolkit.cli.commands`, in the order `--help` lists them. A
#: module is imported when its command runs: `netpolkit validate` never loads diff, import or lint.
COMMANDS = {
    "validate": "validate",
    "explain": "explain",
    "schema": "schema",
    "render": "render",
    "snapshot": "snapshot",
    "diff": "diff",
    "import": "import_",
    "lint": "lint",
    "docs": "docs",
    "validate-files": "validate_files",
    "install-helm": "install_helm",
}


class _LazyGroup(typer.core.TyperGroup):
    """The root command group, loading each command's module on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return _load(cmd_name) if cmd_name in COMMANDS else None


@functools.cache
def _load(name: str) -> Any:
    """The click command for `name`, registered on a holder app (typer's vendored click stays private)."""
    module = importlib.import_module(f"netpolkit.cli.commands.{COMMANDS[name]}")
    holder = typer.Typer()
    module.register(holder)
    _map_errors(holder)
    return typer.main.get_group(holder).commands[name]


app = typer.Typer(
    name="netpolkit",
    cls=_LazyGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """Validate, render, snapshot-test, diff and explain network-policy Helm values."""


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
