"""Schema constraints in words: what `validate` writes after "must be", and `explain` after FORMAT.

A platform engineer should read `cidr must be a CIDR such as 10.0.0.0/8 or fd00::/64`, not a
regular expression. The words come from the schema node itself: its `type`, `enum`, `minimum` /
`maximum`, `maxLength`, `format` and `pattern`. A pattern is recognised by its text in
`PATTERN_WORDS` (the chart's schema uses a handful of shapes, mostly Kubernetes name rules, each in
many places); a pattern that is not there is described from its own structure when it is simple
(`^(TCP|UDP)$` is "one of TCP, UDP", `^[a-z-]+$` is "lowercase letters and '-'"), else from the
node's `description`. A test keeps every pattern of the chart's schema in `PATTERN_WORDS`, so the
regular expression itself is only ever shown for a schema netpolkit has never seen.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netpolkit.loading import resolve_plain
from netpolkit.problems import KeyPath


@dataclass(frozen=True)
class Words:
    """How to say what a pattern accepts."""

    #: a noun phrase that follows "must be": "a DNS-1123 label"
    noun: str
    #: the rules, in parentheses after the noun; "" for none
    details: str = ""
    #: add the node's `maxLength` ("at most 63 characters") to the details
    length: bool = True


_LABEL_NAME = "letters, digits, '-', '_' and '.', starting and ending with a letter or digit"

#: Pattern text (as in the schema) -> words. Keep in step with values.schema.json; a test checks.
PATTERN_WORDS: dict[str, Words] = {
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$": Words(
        "a DNS-1123 label", "lowercase letters, digits and '-', starting and ending with a letter or digit, no '.'"
    ),
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$": Words(
        "a DNS-1123 name", "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
    ),
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$": Words(
        "a Calico policy name",
        "lowercase letters, digits and '-', starting and ending with a letter or digit, "
        "and at most one '.' (for a tier prefix, as in security.web)",
    ),
    r"^([a-z0-9][-a-z0-9]*)?$": Words(
        "empty or the start of a DNS-1123 name", "lowercase letters, digits and '-', starting with a letter or digit"
    ),
    r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$": Words(
        "a tier name, or empty for the default tier",
        "lowercase letters, digits and '-', starting and ending with a letter or digit",
    ),
    r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$": Words("a name", _LABEL_NAME),
    r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?"
    r"[A-Za-z0-9]$": Words(
        "a key such as app.kubernetes.io/name",
        f"an optional DNS prefix and '/', then a name of at most 63 {_LABEL_NAME}",
        length=False,
    ),
    r"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$": Words("a label value", f"{_LABEL_NAME}; or empty"),
    r"^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    r"(/(3[0-2]|[12]?[0-9]))?|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?)$": Words(
        "an IP address or CIDR such as 10.0.0.0/8, 192.0.2.10 or fd00::/64", length=False
    ),
    r"^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    r"/(3[0-2]|[12]?[0-9])|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$": Words(
        "a CIDR such as 10.0.0.0/8 or fd00::/64", length=False
    ),
    r"^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    r"|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7})$": Words(
        "a single IP address such as 10.0.0.5 or fd00::5, without a prefix length", length=False
    ),
    r"^((6553[0-5]|655[0-2][0-9]|65[0-4][0-9][0-9]|6[0-4][0-9][0-9][0-9]|[1-5][0-9][0-9][0-9][0-9]|[1-9][0-9]{0,3})"
    r"|(6553[0-5]|655[0-2][0-9]|65[0-4][0-9][0-9]|6[0-4][0-9][0-9][0-9]|[1-5][0-9][0-9][0-9][0-9]|[1-9][0-9]{0,3})"
    r":(6553[0-5]|655[0-2][0-9]|65[0-4][0-9][0-9]|6[0-4][0-9][0-9][0-9]|[1-5][0-9][0-9][0-9][0-9]|[1-9][0-9]{0,3})"
    r"|[a-zA-Z0-9_.-]*[a-zA-Z_.-][a-zA-Z0-9_.-]*)$": Words(
        'a port range "first:last" such as "8000:8999", or a port name', length=False
    ),
    r"^([a-z0-9]+-)*[0-9]*[a-z][a-z0-9]*(-[a-z0-9]+)*$": Words(
        "a port name", "lowercase letters, digits and '-', at least one letter, no '--' and no '-' at either end"
    ),
    r"^[a-zA-Z0-9_.-]+$": Words("a port name", "letters, digits, '_', '.' and '-'"),
    r"^[^\n\r]*$": Words("a single-line string", length=False),
    r"^[A-Za-z0-9*_]([-A-Za-z0-9*_.]*[A-Za-z0-9*])?$": Words("a domain name such as example.com or *.example.com"),
    r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?$": Words(
        "an API version such as v1 or policy.networking.k8s.io/v1alpha2", length=False
    ),
    r"^[A-Z][A-Za-z0-9]*$": Words("a kind such as NetworkPolicy", "letters and digits, starting with a capital letter"),
    r"^(\*|[a-zA-Z0-9_.-]{1,15})$": Words(
        "an interface name such as eth0, or * for all interfaces", "letters, digits, '_', '.' and '-'"
    ),
    r"^[A-Z]+$": Words("an HTTP method in capital letters, such as GET", length=False),
    r"^/": Words("a path starting with /", length=False),
}

#: `format` keyword -> words (the chart uses none; these cover a schema that does).
FORMAT_WORDS: dict[str, str] = {
    "ipv4": "an IPv4 address such as 10.0.0.5",
    "ipv6": "an IPv6 address such as fd00::5",
    "hostname": "a host name such as example.com",
    "idn-hostname": "a host name such as example.com",
    "email": "an e-mail address",
    "uri": "an absolute URI such as https://example.com/",
    "uri-reference": "a URI or a relative reference",
    "date-time": "a date and time such as 2024-01-31T12:00:00Z",
    "date": "a date such as 2024-01-31",
    "time": "a time such as 12:00:00Z",
    "regex": "a regular expression",
}

_TYPE_NOUNS = {
    "object": "a map",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
_MAX_LISTED = 12
_LITERAL = r"(?:[^()|\\\[\]{}.*+?^$]|\\[^a-zA-Z0-9])+"
_ALTERNATION = re.compile(rf"\^\(?({_LITERAL}(?:\|{_LITERAL})*)\)?\$")
_CHAR_CLASS = re.compile(r"\^\[([^\]]+)\]([+*])\$")


# --------------------------------------------------------------------------------------------
# Values in messages


def json_type(value: Any) -> str:
    """The JSON Schema type name of a Python value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a mistyped word (case-insensitive first), or None."""
    options = [c for c in candidates if isinstance(c, str)]
    by_lower = {c.lower(): c for c in options}
    if word.lower() in by_lower:
        return by_lower[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


#: Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = re.compile(r"(?:\be\.g|\bi\.e|\betc|\bvs|\bcf)\.$", re.IGNORECASE)


def first_sentence(text: str, limit: int = 120) -> str:
    """The first sentence of a description (not cut at "e.g."), at most `limit` characters."""
    text = " ".join(text.split())
    end = 0
    for match in re.finditer(r"[.!?](?=\s|$)", text):
        if not _ABBREVIATIONS.search(text[: match.end()]):
            end = match.end()
            break
    sentence = text[:end] if end else text
    return sentence if len(sentence) <= limit else sentence[: limit - 3].rstrip() + "..."


def quoted(value: Any, limit: int = 60) -> str:
    """A value as JSON (strings in double quotes), shortened for a one-line message."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) <= limit:
        return text
    return text[: limit - 4] + '..."' if text.startswith('"') else text[: limit - 3] + "..."


def bare(value: Any) -> str:
    """A value as written in a list of allowed values: strings without quotes when that is safe."""
    if isinstance(value, str) and value and re.fullmatch(r"[A-Za-z0-9][-A-Za-z0-9_.:/*]*", value):
        return value
    return quoted(value)


def flow(value: Any, limit: int = 80) -> str:
    """A value as YAML flow text for a hint: `{matchLabels: {app: web}}`, `[10.0.0.0/8]`."""

    def render(item: Any) -> str:
        if isinstance(item, Mapping):
            return "{" + ", ".join(f"{render(k)}: {render(v)}" for k, v in item.items()) + "}"
        if isinstance(item, list):
            return "[" + ", ".join(render(v) for v in item) + "]"
        if isinstance(item, str):
            plain = bool(item) and re.fullmatch(r"[A-Za-z0-9_./*-][-A-Za-z0-9_./*: ]*", item) is not None
            if plain and not item.endswith(" ") and ": " not in item and resolve_plain(item) == item:
                return item
            return "'" + item.replace("'", "''") + "'" if "'" not in item or '"' in item else json.dumps(item)
        return quoted(item)

    text = render(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(value: Any) -> str:
    """`the string "abc"`, `the number 5`, `a map`, `an empty list`, ... for "got ..."."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {quoted(value)}"
    if isinstance(value, str):
        return "an empty string" if not value else f"the string {quoted(value)}"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, Mapping):
        return "a map" if value else "an empty map"
    return quoted(value)


def one_of(values: Sequence[Any]) -> str:
    """`4 or 6`, `one of Allow, Deny, Log, Pass`."""
    shown = [bare(v) for v in values[:_MAX_LISTED]]
    if len(values) > _MAX_LISTED:
        return f"one of {', '.join(shown)}, ... ({len(values) - _MAX_LISTED} more)"
    if len(shown) == 1:
        return shown[0]
    if len(shown) == 2:
        return f"{shown[0]} or {shown[1]}"
    return f"one of {', '.join(shown)}"


def either(parts: Sequence[str]) -> str:
    """`a, b or c`."""
    parts = list(dict.fromkeys(p for p in parts if p))
    if len(parts) <= 1:
        return parts[0] if parts else "something else"
    return f"{', '.join(parts[:-1])} or {parts[-1]}"


def subject(path: KeyPath) -> str:
    """What a message is about: the last key with any list indexes after it (`policyTypes[0]`)."""
    tail = ""
    for key in reversed(path):
        if isinstance(key, int):
            tail = f"[{key}]{tail}"
            continue
        return f"{key}{tail}"
    return f"the item {tail}" if tail else "the values"


# --------------------------------------------------------------------------------------------
# What a schema node accepts


def _merged(schemas: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One node's keywords from the node and its `$ref` targets (the first one given wins)."""
    merged: dict[str, Any] = {}
    for schema in schemas:
        for key, value in schema.items():
            merged.setdefault(key, value)
    return merged


def types_of(schema: Mapping[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [str(k) for k in kind]
    if "enum" in schema:
        return list(dict.fromkeys(json_type(v) for v in schema["enum"]))
    if "properties" in schema or "additionalProperties" in schema or "propertyNames" in schema:
        return ["object"]
    if "items" in schema:
        return ["array"]
    return []


def number_range(schema: Mapping[str, Any]) -> str:
    """` 0-254`, ` of at least 1`, ` greater than 0`, or ""."""
    low, high = schema.get("minimum"), schema.get("maximum")
    low_x, high_x = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        return f" {_num(low)}-{_num(high)}" if low >= 0 else f" from {_num(low)} to {_num(high)}"
    parts = []
    if isinstance(low, (int, float)):
        parts.append(f"at least {_num(low)}")
    if isinstance(low_x, (int, float)) and not isinstance(low_x, bool):
        parts.append(f"greater than {_num(low_x)}")
    if isinstance(high, (int, float)):
        parts.append(f"at most {_num(high)}")
    if isinstance(high_x, (int, float)) and not isinstance(high_x, bool):
        parts.append(f"less than {_num(high_x)}")
    if not parts:
        return ""
    return (" of " if parts[0].startswith("at ") else " ") + " and ".join(parts)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def pattern_words(pattern: str, schema: Mapping[str, Any] | None = None) -> str:
    """A pattern as a noun phrase; the node's maxLength is added when it is part of the rule."""
    schema = schema or {}
    limit = schema.get("maxLength")
    words = PATTERN_WORDS.get(pattern)
    if words is None:
        options = alternatives(pattern)
        if options is not None:
            return one_of(options)
        words = _char_class_words(pattern) or _description_words(schema)
    if words is None:
        return f"a string matching the pattern {pattern}"
    details = [words.details] if words.details else []
    if words.length and isinstance(limit, int):
        details.append(f"at most {limit} characters")
    return f"{words.noun} ({'; '.join(details)})" if details else words.noun


def alternatives(pattern: str) -> list[str] | None:
    """`^(TCP|UDP)$` -> ["TCP", "UDP"]; None for any other pattern."""
    match = _ALTERNATION.fullmatch(pattern)
    if match is None:
        return None
    options = [re.sub(r"\\(.)", r"\1", option) for option in match.group(1).split("|")]
    if len(options) > 1 and not (pattern.startswith("^(") and pattern.endswith(")$")):
        return None
    return options


def _char_class_words(pattern: str) -> Words | None:
    """`^[a-z0-9-]+$` -> "lowercase letters, digits and '-'"."""
    match = _CHAR_CLASS.fullmatch(pattern)
    if match is None:
        return None
    body, parts = match.group(1), []
    for span, name in (("a-z", "lowercase letters"), ("A-Z", "capital letters"), ("0-9", "digits")):
        if span in body:
            body = body.replace(span, "")
            parts.append(name)
    body = body.replace("\\", "")
    if any(c in body for c in "^[]"):
        return None
    parts.extend(f"'{c}'" for c in dict.fromkeys(body))
    if not parts:
        return None
    noun = either(parts).replace(" or ", " and ")
    return Words(noun + (" only" if match.group(2) == "+" else ", or empty"))


def _description_words(schema: Mapping[str, Any]) -> Words | None:
    text = schema.get("description")
    if not isinstance(text, str) or not text.strip():
        return None
    sentence = first_sentence(text).rstrip(".").replace("`", "")
    return Words(f"as described: {sentence[:1].lower()}{sentence[1:]}", length=False)


def string_words(schema: Mapping[str, Any]) -> str:
    """What a string node accepts, without its type when a phrase says more."""
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        strings = [v for v in enum if isinstance(v, str)]
        if strings:
            return one_of(strings)
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        return pattern_words(pattern, schema)
    fmt = schema.get("format")
    if isinstance(fmt, str):
        return FORMAT_WORDS.get(fmt, f"a valid {fmt}")
    return "a string"


def expected(schemas: Mapping[str, Any] | Sequence[Mapping[str, Any]], *, first: str = "") -> str:
    """What a schema node accepts, as a noun phrase: `an integer 0-254`, `true or false`,
    `one of Allow, Deny`, `a DNS-1123 label (...)`, `a single-line string or a map`.

    `first` names the JSON type to describe first (the type of the value that failed)."""
    node = _merged([schemas] if isinstance(schemas, Mapping) else schemas)
    enum = node.get("enum")
    kinds = types_of(node)
    kinds = sorted(kinds, key=lambda kind: kind != first)
    if isinstance(enum, list) and enum and all(not isinstance(v, (dict, list)) for v in enum):
        return one_of(enum)
    if "const" in node:
        return bare(node["const"])
    parts = []
    for kind in kinds:
        if kind in ("integer", "number"):
            parts.append(_TYPE_NOUNS[kind] + number_range(node))
        elif kind == "string":
            parts.append(string_words(node))
        else:
            parts.append(_TYPE_NOUNS.get(kind, kind))
    return either(parts) if parts else "a valid value"


def length_words(schema: Mapping[str, Any]) -> str:
    """`at most 63 characters`, `1-15 characters`, or ""."""
    low, high = schema.get("minLength"), schema.get("maxLength")
    if isinstance(low, int) and isinstance(high, int) and low > 0:
        return f"{low}-{high} characters"
    if isinstance(high, int):
        return f"at most {high} characters"
    if isinstance(low, int) and low > 0:
        return "not empty" if low == 1 else f"at least {low} characters"
    return ""


def constraint_words(schemas: Sequence[Mapping[str, Any]]) -> str:
    """For `explain`: what a scalar node accepts beyond its type, or "" when the type says it all
    (allowed values are listed separately)."""
    node = _merged(schemas)
    if node.get("enum"):
        return ""
    kinds = types_of(node)
    constrained = any(k in node for k in ("pattern", "format", "minimum", "maximum", "exclusiveMinimum"))
    if not constrained and "string" in kinds and length_words(node):
        return f"a string of {length_words(node)}"
    if not constrained or not any(k in ("string", "integer", "number") for k in kinds):
        return ""
    text = expected(node)
    plain_length = "string" in kinds and "pattern" not in node and length_words(node)
    return f"{text} of {plain_length}" if plain_length else text


# --------------------------------------------------------------------------------------------
# Fixes for a value


def matches(value: str, schema: Mapping[str, Any]) -> bool:
    """Whether a string passes the node's pattern and length rules."""
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if re.search(pattern, value) is None:
                return False
        except re.error:
            return False
    high, low = schema.get("maxLength"), schema.get("minLength")
    if isinstance(high, int) and len(value) > high:
        return False
    return not (isinstance(low, int) and len(value) < low)


def pattern_fix(value: str, schema: Mapping[str, Any]) -> str:
    """A hint for a string that fails its pattern: the likely intended value, or an example."""
    pattern = schema.get("pattern")
    options = alternatives(pattern) if isinstance(pattern, str) else None
    if options:  # the message lists them all: only a close one is worth a hint
        guess = did_you_mean(value, options)
        if guess is None:
            return ""
        return f'did you mean "{guess}"?' + (" (the case matters)" if guess.lower() == value.lower() else "")
    network = _network_hint(value, pattern if isinstance(pattern, str) else "")
    if network:
        return network
    lowered = value.lower()
    dashed = re.sub(r"[^a-z0-9.-]+", "-", lowered)
    for candidate in dict.fromkeys((lowered, dashed, dashed.strip("-."))):
        if candidate and candidate != value and matches(candidate, schema):
            return f'did you mean "{candidate}"?'
    return example_hint(schema)


def _network_hint(value: str, pattern: str) -> str:
    """Say what is wrong with an almost-CIDR or almost-address."""
    words = PATTERN_WORDS.get(pattern)
    if words is None or not any(w in words.noun for w in ("CIDR", "IP address")):
        return ""
    address, _, prefix = value.strip().partition("/")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "write the address as four numbers 0-255 separated by dots, or as IPv6 with ':'"
    if "single IP address" in words.noun:
        return f"drop the prefix length: {ip}" if prefix else ""
    if not prefix:
        return f"add a prefix length: {ip}/{ip.max_prefixlen} for this one address" if "CIDR such" in words.noun else ""
    return f"the prefix length of an IPv{ip.version} CIDR is 0-{ip.max_prefixlen}"


def example_hint(schema: Mapping[str, Any]) -> str:
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return f"for example {flow(examples[0])}"
    return ""


__all__ = [
    "FORMAT_WORDS",
    "PATTERN_WORDS",
    "Words",
    "alternatives",
    "bare",
    "constraint_words",
    "describe",
    "did_you_mean",
    "either",
    "example_hint",
    "expected",
    "first_sentence",
    "flow",
    "json_type",
    "length_words",
    "matches",
    "number_range",
    "one_of",
    "pattern_fix",
    "pattern_words",
    "quoted",
    "string_words",
    "subject",
    "types_of",
]
