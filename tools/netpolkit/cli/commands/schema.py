"""`netpolkit schema`: print the chart's values schema, or add the editor modeline to a values file.

`--modeline FILE` makes yaml-language-server (VS Code, Neovim, ...) complete and check the file
against the chart's schema: it inserts `# yaml-language-server: $schema=<relative path>` as the
first line. It is idempotent, replaces an older modeline in place, keeps every other byte of the
file (line endings, BOM) and writes atomically.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from netpolkit.cli.options import CHART_HELP
from netpolkit.errors import InputError, NetpolkitError, UsageError
from netpolkit.fileio import atomic_write
from netpolkit.schema import SCHEMA_FILE
from netpolkit.validate import find_chart

MODELINE_PREFIX = "# yaml-language-server: $schema="
_MODELINE = re.compile(rb"^[ \t]*#[ \t]*yaml-language-server:[ \t]*\$schema=(\S*)[^\r\n]*", re.MULTILINE)


def modeline_for(values_file: Path, schema: Path) -> str:
    """The modeline for `values_file`, with the schema path relative to the file's directory."""
    start = values_file.resolve().parent
    relative = os.path.relpath(schema.resolve(), start).replace(os.sep, "/")
    if not relative.startswith("."):
        relative = f"./{relative}"
    return f"{MODELINE_PREFIX}{relative}"


def add_modeline(values_file: Path, schema: Path) -> str:
    """Add or update the modeline; returns "added", "updated" or "unchanged"."""
    try:
        data = values_file.read_bytes()
    except OSError as exc:
        raise InputError(f"{values_file}: cannot read the file: {exc.strerror or exc}") from None
    line = modeline_for(values_file, schema).encode("utf-8")
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    body = data[len(bom) :]
    existing = _MODELINE.search(body)
    if existing is not None:
        if existing.group(0) == line:
            return "unchanged"
        updated = bom + body[: existing.start()] + line + body[existing.end() :]
        state = "updated"
    else:
        newline = b"\r\n" if b"\r\n" in body else b"\n"
        updated = bom + line + newline + body
        state = "added"
    atomic_write(values_file, updated)
    return state


def register(app: typer.Typer) -> None:
    @app.command("schema")
    def schema_command(
        modeline: Annotated[
            Path | None,
            typer.Option("--modeline", help="Add the yaml-language-server $schema line to this values file."),
        ] = None,
        chart: Annotated[
            Path | None, typer.Option("--chart", help=CHART_HELP)
        ] = None,
    ) -> None:
        """Print the chart's values.schema.json (draft-07), or with --modeline FILE point an editor at it."""
        try:
            schema = find_chart(chart) / SCHEMA_FILE
            if not schema.is_file():
                raise UsageError(f"{schema}: the chart has no values schema")
            if modeline is None:
                typer.echo(schema.read_text(encoding="utf-8"), nl=False)
                return
            if not modeline.is_file():
                raise InputError(f"{modeline}: cannot read the file: no such file")
            state = add_modeline(modeline, schema)
        except NetpolkitError as exc:
            typer.echo(f"netpolkit: error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        messages = {
            "added": "added the schema modeline",
            "updated": "updated the schema modeline",
            "unchanged": "already has the schema modeline",
        }
        typer.echo(f"{modeline}: {messages[state]} ({modeline_for(modeline, schema)})", err=True)
