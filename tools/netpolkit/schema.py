"""The chart's `values.schema.json` (draft-07): validation into `Problem`s, and schema walking.

Validation runs twice only when it must. `jsonschema-rs` (compiled) answers "valid?" for a large
values file in milliseconds; only when the answer is no does python-jsonschema run, because its
errors carry the schema, the instance and the anyOf/oneOf context that the messages, the
did-you-mean hints and the allowed-value lists are built from. Formats are asserted, as helm does.

Codes (NPK1xx): see `SCHEMA_CODES`. Every problem has a key path; `validate` adds the location.

The walking half (`SchemaWalker`) follows a key path through properties, map values, list items,
`$ref` and `anyOf`/`oneOf`/`allOf`, for `netpolkit explain` and for hints.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from netpolkit.errors import NetpolkitError
from netpolkit.problems import KeyPath, PathKey, Problem

try:  # optional accelerator; python-jsonschema alone gives the same problems, only slower
    import jsonschema_rs as _jsonschema_rs

    jsonschema_rs: Any = _jsonschema_rs
except ImportError:  # pragma: no cover - depends on the platform having a wheel
    jsonschema_rs = None

SCHEMA_FILE = "values.schema.json"

#: The codes this module reports, with a title each (SARIF rules, `netpolkit explain NPK1xx`).
SCHEMA_CODES: dict[str, str] = {
    "NPK101": "Unknown key",
    "NPK102": "Wrong type",
    "NPK103": "Not an allowed value",
    "NPK104": "Does not match the required pattern or format",
    "NPK105": "Missing required key",
    "NPK106": "Out of range: too small, too large, too long, too short, too many or too few",
    "NPK107": "Does not match the schema",
}

_TYPE_WORDS = {
    "object": "a map",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "null": "null",
}
_RANGE_KEYWORDS = frozenset(
    {
        *("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
        *("minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"),
    }
)
_MAX_LISTED = 12


# --------------------------------------------------------------------------------------------
# Wording helpers


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


def show(value: Any, limit: int = 60) -> str:
    """A value as it would be written in JSON/YAML, shortened for a one-line message."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(value: Any) -> str:
    """`the string "abc"`, `the number 5`, `a map`, ... for messages."""
    kind = json_type(value)
    if kind in ("object", "array"):
        return _TYPE_WORDS[kind]
    if kind == "null":
        return "null"
    noun = "number" if kind == "integer" else kind
    return f"the {noun} {show(value)}"


def type_words(types: Iterable[str]) -> str:
    words = [_TYPE_WORDS.get(t, t) for t in dict.fromkeys(types)]
    return " or ".join(words) if words else "another type"


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a mistyped word (case-insensitive first), or None."""
    options = [c for c in candidates if isinstance(c, str)]
    by_lower = {c.lower(): c for c in options}
    if word.lower() in by_lower:
        return by_lower[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def listing(items: Sequence[Any]) -> str:
    shown = [str(i) if isinstance(i, str) else show(i) for i in items[:_MAX_LISTED]]
    more = f", ... ({len(items) - _MAX_LISTED} more)" if len(items) > _MAX_LISTED else ""
    return ", ".join(shown) + more


def first_sentence(text: str, limit: int = 120) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 3] + "..."


# --------------------------------------------------------------------------------------------
# Errors -> Problems


def _allowed_keys(schema: Mapping[str, Any]) -> list[str]:
    props = schema.get("properties")
    return sorted(props) if isinstance(props, Mapping) else []


def _extra_keys(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    props = schema.get("properties") or {}
    patterns = list((schema.get("patternProperties") or {}).keys())
    return [k for k in instance if k not in props and not any(re.search(p, k) for p in patterns)]


def _unknown_key(path: KeyPath, key: str, schema: Mapping[str, Any]) -> Problem:
    allowed = _allowed_keys(schema)
    guess = did_you_mean(key, allowed)
    if guess:
        hint = f'did you mean "{guess}"?'
    elif allowed:
        hint = f"allowed keys: {listing(allowed)}"
    else:
        hint = "this map takes no keys"
    return Problem("NPK101", f'unknown key "{key}"', (*path, key), hint=hint, on_key=True)


def _examples_hint(schema: Any) -> str:
    if isinstance(schema, Mapping):
        examples = schema.get("examples")
        if isinstance(examples, list) and examples:
            return f"for example {show(examples[0])}"
    return ""


def _range_message(keyword: str, limit: Any, instance: Any) -> str:
    size = len(instance) if isinstance(instance, (str, list, dict)) else None
    messages = {
        "minimum": f"{show(instance)} is less than the minimum {limit}",
        "maximum": f"{show(instance)} is greater than the maximum {limit}",
        "exclusiveMinimum": f"{show(instance)} must be greater than {limit}",
        "exclusiveMaximum": f"{show(instance)} must be less than {limit}",
        "multipleOf": f"{show(instance)} is not a multiple of {limit}",
        "minLength": f"{show(instance)} is shorter than {limit} characters",
        "maxLength": f"{show(instance)} is longer than {limit} characters ({size})",
        "minItems": f"has {size} items; at least {limit} needed",
        "maxItems": f"has {size} items; at most {limit} allowed",
        "uniqueItems": "has duplicate items",
        "minProperties": f"has {size} keys; at least {limit} needed",
        "maxProperties": f"has {size} keys; at most {limit} allowed",
    }
    return messages[keyword]


def _enum_problem(path: KeyPath, instance: Any, allowed: list[Any]) -> Problem:
    hint = f"allowed: {listing(allowed)}"
    if isinstance(instance, str):
        guess = did_you_mean(instance, [a for a in allowed if isinstance(a, str)])
        if guess is not None:
            hint = f'did you mean "{guess}"? {hint}'
    return Problem("NPK103", f"{show(instance)} is not an allowed value", path, hint=hint)


def _wrong_type(path: KeyPath, instance: Any, expected: Iterable[str]) -> Problem:
    return Problem("NPK102", f"wrong type: got {describe(instance)}", path, hint=f"expected {type_words(expected)}")


def _types_of(schema: Any) -> list[str]:
    if not isinstance(schema, Mapping):
        return []
    kind = schema.get("type")
    return [kind] if isinstance(kind, str) else list(kind or [])


def problems_from_error(error: ValidationError) -> list[Problem]:
    """One python-jsonschema error as the problems a user should read (usually one)."""
    path: KeyPath = tuple(error.absolute_path)
    keyword = error.validator
    schema = error.schema
    instance = error.instance
    if "propertyNames" in error.schema_path:
        return [_bad_key_name(path, error)]
    if schema is False:
        key = path[-1] if path else ""
        return [Problem("NPK101", f'key "{key}" is not allowed here', path, on_key=True)]
    if keyword == "additionalProperties" and isinstance(instance, Mapping) and isinstance(schema, Mapping):
        return [_unknown_key(path, key, schema) for key in _extra_keys(instance, schema)]
    if keyword == "type":
        return [_wrong_type(path, instance, _types_of(schema))]
    if keyword == "enum":
        allowed = error.validator_value
        return [_enum_problem(path, instance, list(allowed) if isinstance(allowed, list) else [allowed])]
    if keyword == "const":
        return [Problem("NPK103", f"must be {show(error.validator_value)}, not {show(instance)}", path)]
    if keyword == "pattern":
        message = f"{show(instance)} does not match the pattern {error.validator_value}"
        return [Problem("NPK104", message, path, hint=_examples_hint(schema))]
    if keyword == "format":
        message = f"{show(instance)} is not a valid {error.validator_value}"
        return [Problem("NPK104", message, path, hint=_examples_hint(schema))]
    if keyword in ("required", "dependencies"):
        return [_missing(path, error)]
    if keyword in _RANGE_KEYWORDS:
        return [Problem("NPK106", _range_message(str(keyword), error.validator_value, instance), path)]
    if keyword in ("anyOf", "oneOf"):
        return _alternatives(path, error)
    return [Problem("NPK107", error.message, path)]


def _bad_key_name(path: KeyPath, error: ValidationError) -> Problem:
    key = str(error.instance)
    keyword = error.validator
    if keyword == "pattern":
        reason = f"does not match the pattern {error.validator_value}"
    elif keyword in ("maxLength", "minLength"):
        reason = f"is {'longer' if keyword == 'maxLength' else 'shorter'} than {error.validator_value} characters"
    else:
        reason = error.message
    return Problem("NPK104", f'invalid key "{key}": {reason}', (*path, key), on_key=True)


def _missing(path: KeyPath, error: ValidationError) -> Problem:
    match = re.match(r"'(.*)' is a (?:required|dependency) ", error.message)
    name = match.group(1) if match else error.message
    hint = ""
    props = error.schema.get("properties") if isinstance(error.schema, Mapping) else None
    if isinstance(props, Mapping) and isinstance(props.get(name), Mapping):
        description = props[name].get("description", "")
        hint = first_sentence(description) if description else ""
    return Problem("NPK105", f'missing required key "{name}"', path, hint=hint, on_key=True)


def _alternatives(path: KeyPath, error: ValidationError) -> list[Problem]:
    """anyOf/oneOf: say which form was meant, not that every form failed.

    Alternatives the value's type does not fit are dropped; if none fits, that is a type error
    listing the accepted types. Otherwise the errors of the closest alternative are reported
    (fewest errors, then deepest), as check-jsonschema's best deep match does.
    """
    if not error.context:
        return [Problem("NPK107", "matches more than one of the allowed forms", path)]
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        by_branch.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    fitting = {
        branch: errors
        for branch, errors in by_branch.items()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    }
    if not fitting:
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        return [_wrong_type(path, error.instance, _branch_types(branches, error))]
    best = min(fitting.values(), key=lambda errs: (len(errs), -max(len(e.absolute_path) for e in errs)))
    problems: list[Problem] = []
    for sub in best:
        problems.extend(problems_from_error(sub))
    return problems


def _branch_types(branches: list[Any], error: ValidationError) -> list[str]:
    """The types the alternatives accept, through their `$ref`s and nested alternatives."""
    root = getattr(error, "_netpolkit_root", None)
    walker = SchemaWalker(root if isinstance(root, Mapping) else {})
    types: list[str] = []
    for branch in branches:
        found = [t for schema in walker.expand([branch]) for t in _types_of(schema)]
        types.extend(found or ["object"])
    return types


# --------------------------------------------------------------------------------------------
# The chart schema


@dataclass
class ChartSchema:
    """A chart's values schema, compiled once."""

    path: Path
    document: dict[str, Any]

    def __post_init__(self) -> None:
        try:
            jsonschema.Draft7Validator.check_schema(self.document)
        except jsonschema.SchemaError as exc:
            raise NetpolkitError(f"{self.path}: not a valid draft-07 JSON Schema: {exc.message}") from None
        self._python = jsonschema.Draft7Validator(
            self.document, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )
        self._fast: Any = None
        if jsonschema_rs is not None:
            try:
                self._fast = jsonschema_rs.Draft7Validator(self.document, validate_formats=True)
            except Exception:  # a schema the accelerator cannot compile: go without it
                self._fast = None

    def check(self, values: Mapping[str, Any]) -> list[Problem]:
        """Every schema problem in `values`, all at once (unlocated)."""
        if self._fast is not None:
            try:
                if self._fast.is_valid(values):
                    return []
            except (ValueError, TypeError, OverflowError):  # a value it cannot convert: use python
                pass
        problems: list[Problem] = []
        for error in self._python.iter_errors(values):
            _attach_root(error, self.document)
            if error.schema is False:
                _complete_false_schema_path(error, values)
            problems.extend(problems_from_error(error))
        if not problems and self._fast is not None:
            problems = self._fast_problems(values)
        return _drop_echoes(problems)

    def _fast_problems(self, values: Mapping[str, Any]) -> list[Problem]:
        """What the accelerator found that python-jsonschema did not (a format it checks and
        python-jsonschema has no checker for): reported with the accelerator's own message."""
        problems = []
        for error in self._fast.iter_errors(values):
            path = tuple(error.instance_path)
            code = "NPK104" if "format" in str(error.schema_path) else "NPK107"
            problems.append(Problem(code, str(error.message), path))
        return problems

    def walker(self) -> SchemaWalker:
        return SchemaWalker(self.document)


def _complete_false_schema_path(error: ValidationError, values: Any) -> None:
    """python-jsonschema leaves the key out of the path of a `false` property schema's error;
    find it: the key of the containing map whose value is the rejected instance."""
    container: Any = values
    for step in error.absolute_path:
        try:
            container = container[step]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(container, Mapping):
        keys = [k for k, v in container.items() if v is error.instance] or [
            k for k, v in container.items() if v == error.instance
        ]
        if len(keys) == 1:
            error.path.append(keys[0])


def _drop_echoes(problems: list[Problem]) -> list[Problem]:
    """A value of the wrong type also fails its enum, pattern or range; say only the type."""
    mistyped = {p.path for p in problems if p.code == "NPK102"}
    return [p for p in problems if p.code == "NPK102" or p.path not in mistyped or p.code in ("NPK101", "NPK105")]


def _attach_root(error: ValidationError, root: Mapping[str, Any]) -> None:
    """Let `_alternatives` resolve `$ref`s of alternatives without a global."""
    error._netpolkit_root = root  # type: ignore[attr-defined]
    for sub in error.context or ():
        _attach_root(sub, root)


_CACHE: dict[tuple[str, int, int], ChartSchema] = {}


def load_schema(chart: Path) -> ChartSchema | None:
    """The chart's compiled schema, or None when the chart has none (helm then checks nothing)."""
    path = chart / SCHEMA_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise NetpolkitError(f"{path}: cannot read the schema: {exc.strerror or exc}") from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise NetpolkitError(f"{path}: not a readable JSON schema: {exc}") from None
        if not isinstance(document, dict):
            raise NetpolkitError(f"{path}: the schema must be a JSON object")
        cached = _CACHE[key] = ChartSchema(path, document)
    return cached


# --------------------------------------------------------------------------------------------
# Walking the schema (explain, hints)


def resolve_ref(root: Mapping[str, Any], ref: str) -> Any:
    """A local `#/definitions/...` reference; {} for anything else (remote refs are not used)."""
    if not ref.startswith("#"):
        return {}
    node: Any = root
    for part in ref[1:].split("/")[1:] if ref != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return {}
    return node


#: One step of an explain path: a key, "*" (any map key or list item), or an int list index.
Step = PathKey


class UnknownPathError(KeyError):
    """A path step the schema does not have; carries a suggestion and the keys that exist."""

    def __init__(self, prefix: KeyPath, step: Step, allowed: list[str]) -> None:
        super().__init__(step)
        self.prefix = prefix
        self.step = step
        self.allowed = allowed
        self.suggestion = did_you_mean(str(step), allowed)


class SchemaWalker:
    """Follows key paths through a schema document."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def expand(self, schemas: Iterable[Any]) -> list[Mapping[str, Any]]:
        """The schemas that apply at one place: each one, its `$ref` target, its alternatives."""
        out: list[Mapping[str, Any]] = []
        seen: set[int] = set()

        def visit(schema: Any, depth: int) -> None:
            if not isinstance(schema, Mapping) or id(schema) in seen or depth > 20:
                return
            seen.add(id(schema))
            out.append(schema)
            if "$ref" in schema:
                visit(resolve_ref(self.root, str(schema["$ref"])), depth + 1)
            for keyword in ("allOf", "anyOf", "oneOf"):
                for branch in schema.get(keyword) or ():
                    visit(branch, depth + 1)

        for schema in schemas:
            visit(schema, 0)
        return out

    def step(self, schemas: list[Mapping[str, Any]], step: Step) -> list[Mapping[str, Any]]:
        found: list[Any] = []
        for schema in schemas:
            props = schema.get("properties") or {}
            if isinstance(step, str) and step not in ("*", "[]") and step in props:
                found.append(props[step])
                continue
            if isinstance(step, int) or step in ("*", "[]"):  # `[]` and `*`: any item or map key
                items = schema.get("items")
                if isinstance(items, Mapping):
                    found.append(items)
                elif isinstance(items, list):
                    found.extend(items)
            if isinstance(step, str):
                wild = step in ("*", "[]")
                for pattern, sub in (schema.get("patternProperties") or {}).items():
                    if wild or re.search(pattern, step):
                        found.append(sub)
                extra = schema.get("additionalProperties")
                if isinstance(extra, Mapping) or (extra is True and wild):
                    found.append(extra if isinstance(extra, Mapping) else {})
        return self.expand(found)

    def resolve(self, path: Sequence[Step]) -> list[Mapping[str, Any]]:
        """The schemas at `path`; `UnknownPathError` at the first step that leads nowhere."""
        schemas = self.expand([self.root])
        for index, step in enumerate(path):
            nxt = self.step(schemas, step)
            if not nxt:
                raise UnknownPathError(tuple(path[:index]), step, self.keys(schemas))
            schemas = nxt
        return schemas

    @staticmethod
    def keys(schemas: Iterable[Mapping[str, Any]]) -> list[str]:
        """The fixed keys a map at this place takes."""
        keys: dict[str, None] = {}
        for schema in schemas:
            for key in schema.get("properties") or {}:
                keys[key] = None
        return list(keys)

    def children(self, schemas: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
        """Each fixed key at this place with the schemas that apply to it."""
        return {key: self.step(schemas, key) for key in self.keys(schemas)}

    def generic_path(self, path: KeyPath) -> list[Step]:
        """A value's key path with map keys and list indexes written as `*`, for explain."""
        out: list[Step] = []
        schemas = self.expand([self.root])
        for step in path:
            generic: Step = step if isinstance(step, str) and step in self.keys(schemas) else "*"
            out.append(generic)
            schemas = self.step(schemas, step) or self.step(schemas, "*")
        return out


def iter_descriptions(schemas: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    for schema in schemas:
        description = schema.get("description")
        if isinstance(description, str) and description.strip():
            yield description.strip()


__all__ = [
    "SCHEMA_CODES",
    "SCHEMA_FILE",
    "ChartSchema",
    "SchemaWalker",
    "UnknownPathError",
    "describe",
    "did_you_mean",
    "first_sentence",
    "json_type",
    "load_schema",
    "problems_from_error",
    "resolve_ref",
    "show",
]
