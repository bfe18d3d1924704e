"""`netpolkit install-helm`: fetch the pinned helm 3 and helm 4 binaries into this environment."""

from __future__ import annotations

import typer

from netpolkit import helm_install


def register(app: typer.Typer) -> None:
    @app.command("install-helm")
    def install_helm_command() -> None:
        """Install the pinned, sha256-verified helm v4 and v3 binaries into the current virtualenv."""
        for path in helm_install.install_all():
            typer.echo(f"helm: {path}")
