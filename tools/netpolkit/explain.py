"""`netpolkit explain`: what a values key means (like `kubectl explain`), or what a check code means.

A key path is written as in problems, with `*` (or `[]`) for any map key or list item:
`calicoGlobalNetworkPolicies.*.ingress[].action`. A key after a list may skip the `[]`
(`...ingress.action`), as kubectl's paths do. Everything shown comes from the chart's schema, so
the explanation can never drift from what `validate` checks.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from netpolkit.errors import UsageError
from netpolkit.loading import LOAD_CODES
from netpolkit.problems import Severity
from netpolkit.schema import (
    SCHEMA_CODES,
    SchemaWalker,
    Step,
    UnknownPathError,
    did_you_mean,
    first_sentence,
    json_type,
)
from netpolkit.wording import constraint_words, pattern_words

ENTERPRISE_MARK = "[Enterprise]"
_WIDTH = 100
_TOKEN = re.compile(r"""\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\]|\[\s*(\d*|\*)\s*\]|([^.\[\]]+)""")
_CODE = re.compile(r"NPK\d{3}", re.IGNORECASE)

#: What the load (NPK0xx) and schema (NPK1xx) codes mean; the checks document their own codes.
BUILTIN_DOCS: dict[str, str] = {
    "NPK001": "The values file could not be opened: it does not exist, is a directory, or is not readable. "
    "`validate` exits 2, as for a usage error.",
    "NPK002": "The values file is not UTF-8 text (helm reads values as UTF-8). The location is the first byte "
    "that is not valid UTF-8.",
    "NPK003": "The values file is larger than netpolkit reads (16 MiB). helm stores a release, values included, "
    "in one Secret of at most 1 MiB, so such a file cannot be installed anyway.",
    "NPK004": "A --set or --set-string argument helm would refuse: a key without a value, an index that is not "
    "a number, or a key below a value that is not a map (`--set a=1 --set a.b=2`). The column points into "
    "the argument.",
    "NPK010": "The file is not valid YAML. The location is where the YAML parser gave up.",
    "NPK011": "A key appears twice in the same map. helm silently keeps the last one, so the first is ignored; "
    "this is almost always a merge or copy-paste mistake.",
    "NPK012": "A values file must be a map of keys at the top level, not a list or a single value.",
    "NPK013": "Aliases (`*name`) expand to more than a million values, or an alias refers to the node it is "
    "in. This is the 'billion laughs' attack, and netpolkit stops before it exhausts memory.",
    "NPK014": "The file has several YAML documents (separated by `---`). helm reads one document per values "
    "file; put each into its own -f file.",
    "NPK015": "A key or value that has no JSON form, which helm needs: a null or map key, or `.inf`/`.nan`. "
    "Quote it to make it a string.",
    "NPK016": "The values are nested more than 100 levels deep.",
    "NPK101": "A key the chart does not know (every map in the values is strict), usually a typo. The hint "
    "names the key you probably meant: a close spelling at the same level, the same key one or two levels up "
    "or down (an indentation slip), or the Calico or Kubernetes name for it (`source` for `from`). "
    "`netpolkit explain PATH` lists the keys a map takes.",
    "NPK102": "A value of the wrong type, e.g. a string where a number is expected. YAML types unquoted "
    'scalars: `port: 80` is a number, `port: "80"` a string, `enabled: yes` a boolean. The message says what '
    'the key takes (`order must be a number, got the string "10"`) and the hint how to get there '
    "(`write 10 without quotes`).",
    "NPK103": "A value that is not one of the allowed values; the message lists them and the hint names the "
    "closest one. Values are case-sensitive: `Allow`, not `allow`.",
    "NPK104": "A string in the wrong form: a name that is not a valid Kubernetes name (DNS-1123: lowercase "
    "letters, digits and '-'), a CIDR or IP address that does not parse, a protocol in the wrong spelling; or "
    "a map key that is not a valid name. The message says the form in words; the hint suggests the corrected "
    "value when there is an obvious one.",
    "NPK105": "A required key is missing; the location is the map that needs it, and the hint says what to "
    "add. When a mistyped key in the same map is the missing one (`actoin` for `action`), only the unknown "
    "key is reported.",
    "NPK106": "A number out of range, or a string, list or map that is too long or too short, or a list with "
    "a repeated item; the message gives the limit.",
    "NPK107": "A value that fits none of the forms the key accepts (or, where exactly one must fit, more than "
    "one). The hint describes the key; `netpolkit explain PATH` shows its forms.",
}


def parse_path(text: str) -> list[Step]:
    """`a.*.b[].c` -> ["a", "*", "b", "[]", "c"]; `[0]` -> 0; `["a.b"]` -> "a.b"."""
    steps: list[Step] = []
    position = 0
    text = text.strip()
    while position < len(text):
        if text[position] == ".":
            position += 1
            continue
        match = _TOKEN.match(text, position)
        if match is None:
            raise UsageError(f"cannot read the key path {text!r} at column {position + 1}")
        double, single, index, name = match.groups()
        if double is not None or single is not None:
            steps.append(double if double is not None else single)
        elif index is not None:
            steps.append(int(index) if index.isdigit() else "[]")
        else:
            steps.append(name.strip())
        position = match.end()
    return steps


def format_steps(steps: Sequence[Step]) -> str:
    out = ""
    for step in steps:
        if step == "[]" or isinstance(step, int):
            out += "[]" if step == "[]" else f"[{step}]"
        elif isinstance(step, str) and ("." in step or not step):
            out += f'["{step}"]'
        else:
            out += f".{step}" if out else str(step)
    return out or "(root)"


# --------------------------------------------------------------------------------------------
# What a place in the schema says


def _types(schemas: Sequence[Mapping[str, Any]]) -> list[str]:
    types: dict[str, None] = {}
    for schema in schemas:
        kind = schema.get("type")
        for name in [kind] if isinstance(kind, str) else kind or []:
            types[name] = None
    if not types and any("properties" in s or "additionalProperties" in s for s in schemas):
        types["object"] = None
    if not types:
        for value in (v for s in schemas for v in s.get("enum") or ()):
            types[json_type(value)] = None
    return list(types)


def type_label(walker: SchemaWalker, schemas: list[Mapping[str, Any]], depth: int = 0) -> str:
    """`string`, `integer or string`, `map of string`, `list of map`, ..."""
    labels: list[str] = []
    for kind in _types(schemas) or ["any"]:
        if kind == "array" and depth < 2:
            items = walker.step(schemas, "[]")
            labels.append(f"list of {type_label(walker, items, depth + 1)}" if items else "list")
        elif kind == "object":
            fixed = walker.keys(schemas)
            values = walker.step(schemas, "*") if not fixed and depth < 2 else []
            labels.append(f"map of {type_label(walker, values, depth + 1)}" if values else "map")
        else:
            labels.append(kind)
    return " or ".join(dict.fromkeys(labels))


@dataclass
class Field:
    name: str
    type: str
    required: bool
    summary: str
    enterprise: bool
    #: the allowed values, when the field has a fixed list
    allowed: list[Any] = field(default_factory=list)


@dataclass
class Explanation:
    """Everything `explain` prints about one key path."""

    path: str
    type: str
    description: str = ""
    has_default: bool = False
    default: Any = None
    allowed: list[Any] = field(default_factory=list)
    examples: list[Any] = field(default_factory=list)
    required: bool = False
    enterprise: bool = False
    #: what a scalar accepts beyond its type ("an integer 0-254", "a CIDR such as ..."), or ""
    format: str = ""
    fields: list[Field] = field(default_factory=list)
    entries: str = ""


def _description(schemas: Sequence[Mapping[str, Any]]) -> str:
    for schema in schemas:
        text = schema.get("description")
        if isinstance(text, str) and text.strip():
            return text.strip()
    return ""


def _is_enterprise(schemas: Sequence[Mapping[str, Any]]) -> bool:
    return any(str(s.get("description", "")).lstrip().startswith(ENTERPRISE_MARK) for s in schemas)


def _required_in(parents: Sequence[Mapping[str, Any]], key: Step) -> bool:
    return any(isinstance(key, str) and key in (p.get("required") or ()) for p in parents)


def _unique(values: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for value in values:
        seen.setdefault(json.dumps(value, sort_keys=True, default=str), value)
    return list(seen.values())


def _resolve(walker: SchemaWalker, steps: Sequence[Step]) -> tuple[list[Step], list[list[Mapping[str, Any]]]]:
    """The schemas at each step (the root first), stepping into list items implicitly."""
    chain = [walker.expand([walker.root])]
    shown: list[Step] = []
    for step in steps:
        current = chain[-1]
        found = walker.step(current, step)
        if not found and isinstance(step, str) and step not in ("*", "[]"):
            items = walker.step(current, "[]")
            if items and walker.step(items, step):
                shown.append("[]")
                chain.append(items)
                current, found = items, walker.step(items, step)
        if not found:
            raise UnknownPathError(tuple(shown), step, walker.keys(current))
        shown.append(step)
        chain.append(found)
    return shown, chain


def explain_path(document: Mapping[str, Any], text: str) -> Explanation:
    """Explain the key path `text` in a schema document; `UnknownPathError` if it has none."""
    walker = SchemaWalker(document)
    shown, chain = _resolve(walker, parse_path(text))
    schemas = chain[-1]
    defaults = [s["default"] for s in schemas if "default" in s]
    entries = ""
    if not walker.keys(schemas) and "object" in _types(schemas):
        values = walker.step(schemas, "*")
        if values:
            entries = f"any key -> {type_label(walker, values)}: see {format_steps([*shown, '*'])}"
        names = [s["propertyNames"] for s in schemas if isinstance(s.get("propertyNames"), Mapping)]
        if entries and names and "pattern" in names[0]:
            entries += f"\neach key: {pattern_words(str(names[0]['pattern']), names[0])}"
    fmt = constraint_words(schemas)
    if not fmt and "array" in _types(schemas):
        items = walker.step(schemas, "[]")
        limit = next((s["maxItems"] for s in schemas if isinstance(s.get("maxItems"), int)), None)
        each = constraint_words(items) if items else ""
        parts = [f"each item: {each}" if each else "", f"at most {limit} items" if limit is not None else ""]
        fmt = "; ".join(p for p in parts if p)
    return Explanation(
        path=format_steps(shown),
        type=type_label(walker, schemas),
        description=_description(schemas),
        has_default=bool(defaults),
        default=defaults[0] if defaults else None,
        allowed=_unique([v for s in schemas for v in s.get("enum") or ()]),
        examples=_unique([v for s in schemas for v in s.get("examples") or ()]),
        required=bool(shown) and _required_in(chain[-2], shown[-1]),
        enterprise=any(_is_enterprise(level) for level in chain),
        format=fmt,
        fields=[
            Field(
                name=key,
                type=type_label(walker, child),
                required=_required_in(schemas, key),
                summary=first_sentence(_description(child), 200),
                enterprise=_is_enterprise(child),
                allowed=_unique([v for s in child for v in s.get("enum") or ()]),
            )
            for key, child in walker.children(schemas).items()
        ],
        entries=entries,
    )


def unknown_path_message(error: UnknownPathError) -> str:
    where = f"under {format_steps(error.prefix)}" if error.prefix else "at the top level"
    message = f'unknown key "{error.step}" {where}'
    if error.suggestion:
        message += f'; did you mean "{error.suggestion}"?'
    elif not error.prefix and re.fullmatch(r"(?i)npk\d*", str(error.step)):
        message += "; problem codes are NPK and three digits, e.g. NPK101"
    elif error.allowed:
        message += f"; keys there: {', '.join(error.allowed)}"
    else:
        message += f"; {format_steps(error.prefix)} has no keys below it"
    return message


# --------------------------------------------------------------------------------------------
# Text


def _yaml(value: Any) -> str:
    """A value as it would be written in a values file."""
    if isinstance(value, (dict, list)):
        if not value:
            return json.dumps(value)
        return yaml.safe_dump(value, sort_keys=False, default_flow_style=False, allow_unicode=True).rstrip()
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value or '""'
    return str(value)


def _wrap(text: str, indent: str = "  ") -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), _WIDTH, initial_indent=indent, subsequent_indent=indent) for p in paragraphs
    )


def render_explanation(item: Explanation) -> str:
    lines = [f"KEY:      {item.path}", f"TYPE:     {item.type}"]
    if item.required:
        lines.append("REQUIRED: yes")
    if item.format:
        lines.append(textwrap.fill(item.format, _WIDTH, initial_indent="FORMAT:   ", subsequent_indent=" " * 10))
    if item.has_default:
        lines.append(f"DEFAULT:  {_yaml(item.default)}")
    if item.allowed:
        lines.append(f"ALLOWED:  {', '.join(_yaml(v) for v in item.allowed)}")
    edition = "Calico Enterprise / Calico Cloud only (calico.edition: enterprise)" if item.enterprise else "all"
    lines.append(f"EDITION:  {edition}")
    if item.description:
        lines += ["", "DESCRIPTION:", _wrap(item.description)]
    if item.examples:
        lines += ["", "EXAMPLES:"]
        for example in item.examples:
            lines.append(textwrap.indent(_yaml(example), "  "))
    if item.entries:
        lines += ["", "ENTRIES:"]
        for line in item.entries.splitlines():
            lines.append(textwrap.fill(line, _WIDTH, initial_indent="  ", subsequent_indent="    "))
    if item.fields:
        lines += ["", "FIELDS:"]
        width = min(max(len(f.name) for f in item.fields), 28)
        for entry in item.fields:
            tags = " (required)" if entry.required else ""
            tags += " [Enterprise]" if entry.enterprise and ENTERPRISE_MARK not in entry.summary else ""
            choices = f"  {' | '.join(_yaml(v) for v in entry.allowed)}" if entry.allowed else ""
            lines.append(f"  {entry.name:<{width}}  <{entry.type}>{choices}{tags}")
            if entry.summary:
                lines.append(textwrap.fill(entry.summary, _WIDTH, initial_indent="      ", subsequent_indent="      "))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Codes


def is_code(text: str) -> bool:
    return _CODE.fullmatch(text.strip()) is not None


def explain_code(text: str) -> str:
    """The documentation of a problem code; `UsageError` (with a suggestion) if there is none."""
    from netpolkit.checks import REGISTRY

    code = text.strip().upper()
    check = REGISTRY.get(code)
    if check is not None:
        return f"{check.code}: {check.title} ({check.severity.value})\n\n{check.doc.rstrip()}\n"
    title = LOAD_CODES.get(code) or SCHEMA_CODES.get(code)
    if title is not None:
        body = BUILTIN_DOCS.get(code, "")
        return f"{code}: {title} ({Severity.ERROR.value})\n\n{_wrap(body, '')}\n"
    known = sorted({*REGISTRY, *LOAD_CODES, *SCHEMA_CODES})
    guess = did_you_mean(code, known)
    hint = f'; did you mean "{guess}"?' if guess else f"; known codes: {known[0]} to {known[-1]}"
    raise UsageError(f"unknown problem code {code}{hint}")


def codes_table() -> str:
    """Every problem code as a Markdown table (docs/validate.md holds this; a test compares)."""
    from netpolkit.checks import REGISTRY
    from netpolkit.loading import INPUT_ERROR_CODES

    rows = ["| code | level | stage | what it means |", "| --- | --- | --- | --- |"]
    for code, title in sorted(LOAD_CODES.items()):
        stage = "input: exit 2" if code in INPUT_ERROR_CODES else "loading"
        rows.append(f"| {code} | error | {stage} | {title} |")
    for code, title in sorted(SCHEMA_CODES.items()):
        rows.append(f"| {code} | error | schema | {title} |")
    for code, check in REGISTRY.items():
        rows.append(f"| {code} | {check.severity.value} | check | {check.title.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


__all__ = [
    "BUILTIN_DOCS",
    "Explanation",
    "codes_table",
    "explain_code",
    "explain_path",
    "format_steps",
    "is_code",
    "parse_path",
    "render_explanation",
    "unknown_path_message",
]
