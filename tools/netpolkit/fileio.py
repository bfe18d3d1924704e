"""The one way netpolkit writes a file the user owns: atomically, keeping its permissions.

A temporary file in the same directory is renamed over the target, so a reader (a CI step, an
editor, git) never sees half a file, and a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Permissions of a file that did not exist before (mkstemp would make it 0600).
NEW_FILE_MODE = 0o644


def atomic_write(path: Path, data: str | bytes, *, make_parents: bool = False) -> None:
    """Replace `path` with `data` (text is written as UTF-8, byte for byte, no newline translation)."""
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else NEW_FILE_MODE
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
