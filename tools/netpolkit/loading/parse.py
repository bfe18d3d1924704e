"""Values text to a `ParsedFile`: the one place that picks a reader, so both stay interchangeable."""

from __future__ import annotations

from netpolkit.loading.fast_reader import _Bail, _FastReader
from netpolkit.loading.full_reader import _full_read
from netpolkit.loading.parsed import ParsedFile


def parse_values_text(text: str, name: str) -> ParsedFile:
    """Values from YAML text: the fast reader when it can, the full reader otherwise."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    try:
        return _FastReader(text, name).run()
    except _Bail:
        return _full_read(text, name)
