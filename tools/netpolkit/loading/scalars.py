"""Plain scalars and map keys typed as helm's YAML library (go-yaml v2) types them, not as PyYAML
does (`y` is a boolean, `017` octal, a timestamp a string): shared by both readers and the schema."""

from __future__ import annotations

import math
import re
from typing import Any

from netpolkit.problems import Location, Problem


def _special_words() -> dict[str, Any]:
    words: dict[str, Any] = {}
    for value, spellings in (
        (True, "y Y yes Yes YES true True TRUE on On ON"),
        (False, "n N no No NO false False FALSE off Off OFF"),
        (None, "~ null Null NULL"),
    ):
        for word in spellings.split():
            words[word] = value
    words[""] = None
    return words


_SPECIAL = _special_words()
_NON_FINITE = {
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
}  # fmt: skip
_GO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_PREFIX_BASES = {"x": 16, "o": 8, "b": 2}
_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}
_INT64 = 1 << 63
_UINT64 = 1 << 64


def _go_int(text: str) -> int | None:
    """`strconv.ParseInt(text, 0, 64)`, then `ParseUint`: what go-yaml accepts as an integer."""
    sign, body = 1, text
    if body[:1] in ("+", "-"):
        sign, body = (-1 if body[0] == "-" else 1), body[1:]
    base, digits = 10, body
    if len(body) > 1 and body[0] == "0":
        prefix = body[1].lower()
        if len(body) > 2 and prefix in _PREFIX_BASES:
            base, digits = _PREFIX_BASES[prefix], body[2:]
        else:
            base, digits = 8, body[1:]
    if not digits or any(c not in _DIGITS[base] for c in digits):
        return None
    value = sign * int(digits, base)
    if -_INT64 <= value < _INT64 or (text[0] not in "+-" and 0 <= value < _UINT64):
        return value
    return None


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar, typed as go-yaml v2 (and so helm) types it."""
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text in _NON_FINITE:
        return _NON_FINITE[text]
    first = text[0]
    if first in "+-0123456789":
        plain = text.replace("_", "")
        number = _go_int(plain)
        if number is not None:
            return number
        if _GO_FLOAT.match(plain):
            value = float(plain)
            return text if math.isinf(value) else value
    elif first == "." and _GO_FLOAT.match(text):
        return float(text)
    return text


def _key_string(value: Any) -> str | None:
    """A map key as helm sees it: helm converts values to JSON, whose keys are strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value).removesuffix(".0")
    return None


def _unsupported_key(name: str, line: int, col: int, text: str) -> Problem:
    return Problem(
        "NPK015",
        f"unsupported map key {text}: helm cannot turn it into a JSON key",
        location=Location(name, line, col),
        hint="quote the key to make it a string",
    )


def _non_finite(name: str, line: int, col: int, text: str) -> Problem:
    return Problem(
        "NPK015",
        f"{text} is not a number JSON can hold; helm rejects it",
        location=Location(name, line, col),
        hint=f'quote it ("{text}") if you mean the string',
    )
