"""Chart tests: shared helpers live in chart_helpers.py, importable by name.

pytest runs with `--import-mode=importlib`, which does not put test folders on sys.path; this
folder is added so `from chart_helpers import ...` works (the name is unique across tests/).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
