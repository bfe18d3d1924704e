"""The command line: a thin layer over the library (see `cli.app`)."""

from netpolkit.cli.app import app, main

__all__ = ["app", "main"]
