"""Tool failures (as opposed to problems in the user's input, which are `Problem`s).

Each error carries the exit code the CLI should use, so the boundary maps them in one place.
"""

from __future__ import annotations


class NetpolkitError(Exception):
    """Base class: a message for the user, no traceback."""

    exit_code: int = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(NetpolkitError):
    """Bad arguments, or input that cannot be read at all."""

    exit_code = 2


class NetpolkitWarning(UserWarning):
    """Something the user should know that does not stop the work; the CLI prints it as one line."""


class EngineUnavailable(UsageError):
    """The embedded engine cannot run here (helm-python-sdk missing, or no build for this platform)."""


class InputError(NetpolkitError):
    """An input file that is unreadable, not UTF-8, not YAML or too large."""

    exit_code = 2


class HelmNotFoundError(NetpolkitError):
    """No helm binary could be found or installed."""

    exit_code = 3


class RenderError(NetpolkitError):
    """Helm ran but failed; the message is helm's own, trimmed to what the user wrote."""

    exit_code = 3
