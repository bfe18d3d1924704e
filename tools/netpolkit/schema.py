"""The chart's `values.schema.json` (draft-07): validation into `Problem`s, and schema walking.

Validation runs twice only when it must. `jsonschema-rs` (compiled) answers "valid?" for a large
values file in milliseconds; only when the answer is no does python-jsonschema run, because its
errors carry the schema, the instance and the anyOf/oneOf context that the messages, the
did-you-mean hints and the allowed-value lists are built from. Formats are asserted, as helm does.

Codes (NPK1xx): see `SCHEMA_CODES`. Every problem has a key path; `validate` adds the location.
Messages say what the value must be in words (`netpolkit.wording`), never in JSON Schema terms:
`type must be an integer 0-254, got the string "8  Ping request"`.

The walking half (`SchemaWalker`) follows a key path through properties, map values, list items,
`$ref` and `anyOf`/`oneOf`/`allOf`, for `netpolkit explain` and for hints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from netpolkit.errors import NetpolkitError
from netpolkit.loading import resolve_plain
from netpolkit.problems import KeyPath, PathKey, Problem, format_path
from netpolkit.wording import (
    describe,
    did_you_mean,
    either,
    example_hint,
    expected,
    first_sentence,
    flow,
    json_type,
    length_words,
    matches,
    number_range,
    one_of,
    pattern_fix,
    pattern_words,
    quoted,
    subject,
    types_of,
)

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
    "NPK104": "Badly formed value or key name",
    "NPK105": "Missing required key",
    "NPK106": "Out of range: too small, too large, too long, too short, too many or too few",
    "NPK107": "Not in any accepted form",
}

_RANGE_KEYWORDS = frozenset(
    {
        *("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
        *("minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"),
    }
)
_MAX_LISTED = 12

#: Keys that mean the same in the other API: a Kubernetes NetworkPolicy spelling in a Calico rule,
#: or the other way round. (typed key, key allowed here) -> why.
_OTHER_API_KEYS: dict[tuple[str, str], str] = {
    ("from", "source"): 'Calico rules say "source" where a NetworkPolicy says "from"',
    ("to", "destination"): 'Calico rules say "destination" where a NetworkPolicy says "to"',
    ("source", "from"): 'a NetworkPolicy says "from" where Calico rules say "source"',
    ("destination", "to"): 'a NetworkPolicy says "to" where Calico rules say "destination"',
    ("podSelector", "selector"): 'Calico policies say "selector" where a NetworkPolicy says "podSelector"',
    ("selector", "podSelector"): 'a NetworkPolicy says "podSelector" where Calico policies say "selector"',
    ("ipBlock", "nets"): 'Calico rules list CIDRs in "nets" instead of an ipBlock',
    ("cidr", "nets"): 'Calico rules list CIDRs in "nets"',
    ("nets", "ipBlock"): "a NetworkPolicy peer takes CIDRs as ipBlock: {cidr: ...}",
    ("policyTypes", "types"): 'Calico policies say "types" where a NetworkPolicy says "policyTypes"',
    ("types", "policyTypes"): 'a NetworkPolicy says "policyTypes" where Calico policies say "types"',
}


# --------------------------------------------------------------------------------------------
# Wording helpers (kept here for the modules that import them from netpolkit.schema)


def show(value: Any, limit: int = 60) -> str:
    """A value as it would be written in JSON, shortened for a one-line message."""
    return quoted(value, limit)


def listing(items: Sequence[Any], limit: int = _MAX_LISTED) -> str:
    shown = [str(i) if isinstance(i, str) else show(i) for i in items[:limit]]
    more = f", ... ({len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(shown) + more


# --------------------------------------------------------------------------------------------
# Errors -> Problems


def _extra_keys(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    props = schema.get("properties") or {}
    patterns = list((schema.get("patternProperties") or {}).keys())
    return [k for k in instance if k not in props and not any(re.search(p, k) for p in patterns)]


@dataclass
class _Converter:
    """Turns python-jsonschema errors into problems; knows the whole schema, for `$ref`s and for
    where else a mistyped key would belong."""

    root: Mapping[str, Any]
    #: NPK105 problems and the key each one misses, so a typo of that key can stand for both
    missing: dict[Problem, str] = field(default_factory=dict)
    #: (map path, key) for each unknown key that is a typo of a key of that map
    typos: set[tuple[KeyPath, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.walker = SchemaWalker(self.root)
        self._steps: dict[tuple[tuple[int, ...], PathKey], list[Mapping[str, Any]]] = {}
        self._places: dict[KeyPath, list[Mapping[str, Any]]] = {}
        self._keys: dict[tuple[int, ...], frozenset[str]] = {}
        self._guesses: dict[tuple[str, tuple[str, ...]], str | None] = {}

    def covered_by_typo(self, problem: Problem) -> bool:
        """A missing key that an unknown key in the same map is a typo of: fixing the typo fixes
        both, so the unknown key (which points at the line to change) is enough."""
        name = self.missing.get(problem)
        return name is not None and (problem.path, name) in self.typos

    def node(self, schema: Any) -> list[Mapping[str, Any]]:
        """A schema node with its `$ref` targets (not its alternatives)."""
        out: list[Mapping[str, Any]] = []
        while isinstance(schema, Mapping) and len(out) < 20:
            out.append(schema)
            ref = schema.get("$ref")
            schema = resolve_ref(self.root, ref) if isinstance(ref, str) else None
        return out

    # Hints look up the schema around every unknown key; a values file with thousands of the same
    # typo must not walk the schema thousands of times, so the walks are cached.

    def step(self, schemas: list[Mapping[str, Any]], step: PathKey) -> list[Mapping[str, Any]]:
        """`SchemaWalker.step`, cached: every list index, and every map key that is neither a
        property nor subject to `patternProperties`, leads to the same schemas."""
        generic: PathKey = step
        if isinstance(step, int):
            generic = 0
        elif not any(step in (s.get("properties") or {}) or s.get("patternProperties") for s in schemas):
            generic = "\0any key"
        cache_key = (tuple(id(s) for s in schemas), generic)
        found = self._steps.get(cache_key)
        if found is None:
            found = self._steps[cache_key] = self.walker.step(schemas, step)
        return found

    def schemas_at(self, path: KeyPath) -> list[Mapping[str, Any]]:
        """The schemas that apply to the value at `path` ([] when the schema has no such place)."""
        found = self._places.get(path)
        if found is None:
            if not path:
                found = self.walker.expand([self.root])
            else:
                above = self.schemas_at(path[:-1])
                found = self.step(above, path[-1]) if above else []
            self._places[path] = found
        return found

    def keys(self, schemas: list[Mapping[str, Any]]) -> frozenset[str]:
        cache_key = tuple(id(s) for s in schemas)
        found = self._keys.get(cache_key)
        if found is None:
            found = self._keys[cache_key] = frozenset(self.walker.keys(schemas))
        return found

    def guess(self, key: str, allowed: list[str]) -> str | None:
        cache_key = (key, tuple(allowed))
        if cache_key not in self._guesses:
            self._guesses[cache_key] = did_you_mean(key, allowed)
        return self._guesses[cache_key]

    # -- one error ------------------------------------------------------------------------

    def convert(self, error: ValidationError) -> list[Problem]:
        path: KeyPath = tuple(error.absolute_path)
        keyword = error.validator
        schema = error.schema
        instance = error.instance
        if "propertyNames" in error.schema_path:
            return [self.bad_key_name(path, error)]
        if schema is False:
            key = path[-1] if path else ""
            return [Problem("NPK101", f'key "{key}" is not allowed here', path, hint="remove it", on_key=True)]
        if keyword == "additionalProperties" and isinstance(instance, Mapping) and isinstance(schema, Mapping):
            return [self.unknown_key(path, key, schema, instance[key]) for key in _extra_keys(instance, schema)]
        if keyword == "type":
            return [self.wrong_type(path, instance, self.node(schema))]
        if keyword == "enum":
            allowed = error.validator_value
            return [self.not_allowed(path, instance, list(allowed) if isinstance(allowed, list) else [allowed])]
        if keyword == "const":
            message = f"{subject(path)} must be {flow(error.validator_value)}, got {quoted(instance)}"
            return [Problem("NPK103", message, path)]
        if keyword in ("pattern", "format"):
            return [self.badly_formed(path, instance, self.node(schema))]
        if keyword in ("required", "dependencies"):
            return [self.missing_key(path, error)]
        if keyword in _RANGE_KEYWORDS:
            return [self.out_of_range(path, str(keyword), error.validator_value, instance, self.node(schema))]
        if keyword in ("anyOf", "oneOf"):
            return self.alternatives(path, error)
        return [self.fallback(path, error)]

    # -- NPK101 ---------------------------------------------------------------------------

    def unknown_key(self, path: KeyPath, key: str, schema: Mapping[str, Any], value: Any) -> Problem:
        allowed = list(schema.get("properties") or {})
        hint = self.key_hint(path, key, allowed, value)
        return Problem("NPK101", f'unknown key "{key}"', (*path, key), hint=hint, on_key=True)

    def key_hint(self, path: KeyPath, key: str, allowed: list[str], value: Any) -> str:
        """Did-you-mean, from the most to the least certain: the same key in another case, the key
        one or two levels up or down (an indentation slip), the other API's name for it, a close
        spelling, an entry that lost its map; else the keys this map takes."""
        same_case = {a.lower(): a for a in allowed}.get(key.lower())
        if same_case:
            self.typos.add((path, same_case))
            return f'did you mean "{same_case}"? (keys are case-sensitive)'
        for depth in range(1, min(len(path), 3) + 1):
            above = path[: len(path) - depth]
            if key in self.keys(self.schemas_at(above)):
                where = f"in {format_path(above)}" if above else "at the top level"
                return f'"{key}" belongs {where}: check its indentation'
        here = self.schemas_at(path)
        below = [name for name in self.walker.keys(here) if key in self.keys(self.step(here, name))]
        if below:
            return f'"{key}" belongs under {either(below)}'
        for (typed, instead), why in _OTHER_API_KEYS.items():
            if typed == key and instead in allowed:
                return f'did you mean "{instead}"? ({why})'
        guess = self.guess(key, allowed)
        if guess:
            self.typos.add((path, guess))
            return f'did you mean "{guess}"?'
        homes = self.entry_homes(path, allowed, value)
        if homes:
            under = f'"{homes[0]}:"' if len(homes) == 1 else "one of them"
            return f"this looks like an entry of {either(homes)}: indent it under {under}"
        return f"allowed keys: {listing(sorted(allowed), 24)}" if allowed else "this map takes no keys"

    def entry_homes(self, path: KeyPath, allowed: list[str], value: Any) -> list[str]:
        """The keys here whose entries (maps of names) take every key of `value` (at most three)."""
        if not isinstance(value, Mapping) or not value:
            return []
        here = self.schemas_at(path)
        homes = []
        for name in allowed:
            entries = self.step(self.step(here, name), "*")
            keys = self.keys(entries)
            if keys and all(isinstance(k, str) and k in keys for k in value):
                homes.append(name)
        return homes if len(homes) <= 3 else []

    def bad_key_name(self, path: KeyPath, error: ValidationError) -> Problem:
        key = str(error.instance)
        keyword = error.validator
        rules = error.schema if isinstance(error.schema, Mapping) else {}
        hint = ""
        if keyword == "pattern":
            message = f'key "{key}" must be {pattern_words(str(error.validator_value), rules)}'
            hint = pattern_fix(key, rules)
        elif keyword in ("maxLength", "minLength"):
            message = f'key "{show(key, 40)[1:-1]}" must be {length_words(rules)}, got {len(key)} characters'
        else:
            message = f'key "{key}" is not a valid name here'
        return Problem("NPK104", message, (*path, key), hint=hint, on_key=True)

    # -- NPK102, NPK103, NPK104 -----------------------------------------------------------

    def wrong_type(self, path: KeyPath, instance: Any, node: list[Mapping[str, Any]]) -> Problem:
        message = f"{subject(path)} must be {expected(node)}, got {describe(instance)}"
        return Problem("NPK102", message, path, hint=type_fix(instance, node))

    def not_allowed(self, path: KeyPath, instance: Any, allowed: list[Any]) -> Problem:
        hint = ""
        if isinstance(instance, str):
            guess = did_you_mean(instance, [a for a in allowed if isinstance(a, str)])
            if guess is not None:
                hint = f'did you mean "{guess}"?' + (" (the case matters)" if guess.lower() == instance.lower() else "")
        return Problem("NPK103", f"{subject(path)} must be {one_of(allowed)}, got {quoted(instance)}", path, hint=hint)

    def badly_formed(self, path: KeyPath, instance: Any, node: list[Mapping[str, Any]]) -> Problem:
        rules = _merged(node)
        message = f"{subject(path)} must be {expected(node, first=json_type(instance))}, got {quoted(instance)}"
        if isinstance(instance, str):
            hint = _unquote_hint(instance, types_of(rules)) or pattern_fix(instance, rules)
        else:
            hint = example_hint(rules)
        return Problem("NPK104", message, path, hint=hint)

    # -- NPK105 ---------------------------------------------------------------------------

    def missing_key(self, path: KeyPath, error: ValidationError) -> Problem:
        match = re.match(r"'(.*)' is a (required property|dependency of '(.*)')", error.message)
        name = match.group(1) if match else error.message
        props = error.schema.get("properties") if isinstance(error.schema, Mapping) else None
        child = props.get(name) if isinstance(props, Mapping) else None
        if match and match.group(3):
            message = f'"{match.group(3)}" needs "{name}" next to it'
        else:
            message = f'missing required key "{name}"'
        problem = Problem("NPK105", message, path, hint=self.add_key_hint(name, child), on_key=True)
        self.missing[problem] = name
        return problem

    def add_key_hint(self, name: str, child: Any) -> str:
        node = _merged(self.node(child))
        enum = node.get("enum")
        if isinstance(enum, list) and enum:
            return f"add {name}: {one_of(enum)}"
        description = node.get("description")
        about = ""
        if isinstance(description, str) and description.strip():
            sentence = first_sentence(description, 100).replace("`", "").replace(" (required)", "").rstrip(".")
            about = f" ({sentence[:1].lower()}{sentence[1:]})"
        examples = node.get("examples")
        example = f", e.g. {name}: {flow(examples[0])}" if isinstance(examples, list) and examples else ""
        return f"add {name}{about}{example}"

    # -- NPK106 ---------------------------------------------------------------------------

    def out_of_range(
        self, path: KeyPath, keyword: str, limit: Any, instance: Any, node: list[Mapping[str, Any]]
    ) -> Problem:
        rules = _merged(node)
        what = subject(path)
        size = len(instance) if isinstance(instance, (str, list, Mapping)) else 0
        hint = ""
        if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            noun = "an integer" if "integer" in types_of(rules) else "a number"
            message = f"{what} must be {noun}{number_range(rules)}, got {quoted(instance)}"
        elif keyword == "multipleOf":
            message = f"{what} must be a multiple of {limit}, got {quoted(instance)}"
        elif keyword in ("minLength", "maxLength"):
            if keyword == "minLength" and size == 0:
                message = f"{what} must not be empty"
            else:
                message = f"{what} must be {length_words(rules)}, got {size}: {quoted(instance, 40)}"
        elif keyword in ("minItems", "maxItems"):
            if keyword == "minItems" and size == 0:
                message = f"{what} must not be an empty list"
                hint = _items_hint(self.node(rules.get("items")), rules)
            else:
                bound = "at least" if keyword == "minItems" else "at most"
                message = f"{what} must have {bound} {_items(limit)}, got {size}"
        elif keyword == "uniqueItems":
            repeated = _first_repeat(instance)
            shown = flow(repeated) if isinstance(repeated, (dict, list)) else quoted(repeated)
            message = f"{what} lists {shown} more than once"
            hint = "remove the repeated item"
        else:
            bound = "at least" if keyword == "minProperties" else "at most"
            noun = "key" if limit == 1 else "keys"
            message = f"{what} must have {bound} {limit} {noun}, got {size}"
        return Problem("NPK106", message, path, hint=hint)

    # -- anyOf / oneOf, and the rest ------------------------------------------------------

    def alternatives(self, path: KeyPath, error: ValidationError) -> list[Problem]:
        """anyOf/oneOf: say which form was meant, not that every form failed.

        Alternatives the value's type does not fit are dropped; if none fits, that is a type error
        listing every accepted form. If every form only misses a key, say which keys would do.
        Otherwise the errors of the closest alternative are reported (fewest errors, then deepest),
        as check-jsonschema's best deep match does.
        """
        what = subject(path)
        if not error.context:
            message = f"{what} fits more than one of its accepted forms; it must fit exactly one"
            return [Problem("NPK107", message, path)]
        by_branch: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            by_branch.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
        fitting = {
            branch: errors
            for branch, errors in by_branch.items()
            if not any(e.validator == "type" and not e.relative_path for e in errors)
        }
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        if not fitting:
            forms = [expected(self.node(branch)) for branch in branches]
            message = f"{what} must be {either(forms)}, got {describe(error.instance)}"
            rules = error.schema if isinstance(error.schema, Mapping) else {}
            return [Problem("NPK102", message, path, hint=type_fix(error.instance, [rules]))]
        wanted = [e for errors in fitting.values() for e in errors]
        if all(e.validator == "required" and not e.relative_path for e in wanted) and len(fitting) > 1:
            names = [m.group(1) for e in wanted if (m := re.match(r"'(.*)' is a required", e.message))]
            message = f"{what} needs {either(list(dict.fromkeys(names)))}"
            return [Problem("NPK105", message, path, hint="add one of them", on_key=True)]
        best = min(fitting.values(), key=lambda errs: (len(errs), -max(len(e.absolute_path) for e in errs)))
        problems: list[Problem] = []
        for sub in best:
            problems.extend(self.convert(sub))
        return problems

    def fallback(self, path: KeyPath, error: ValidationError) -> Problem:
        rules = _merged(self.node(error.schema))
        description = rules.get("description")
        hint = first_sentence(description) if isinstance(description, str) and description.strip() else ""
        if error.validator == "not":
            return Problem("NPK107", f"{subject(path)} is not allowed in this form", path, hint=hint)
        return Problem("NPK107", f"{subject(path)} is not in an accepted form", path, hint=hint or example_hint(rules))


def _merged(node: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for schema in [node] if isinstance(node, Mapping) else node:
        for key, value in schema.items():
            merged.setdefault(key, value)
    return merged


def _items(count: Any) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _first_repeat(items: Any) -> Any:
    seen: list[Any] = []
    for item in items if isinstance(items, list) else []:
        if item in seen:
            return item
        seen.append(item)
    return None


def _items_hint(items: list[Mapping[str, Any]], rules: Mapping[str, Any]) -> str:
    enum = _merged(items).get("enum")
    if isinstance(enum, list) and enum:
        return f"list {either([str(v) for v in enum]).replace(' or ', ' and/or ')}, or remove the key"
    return example_hint(rules) or "add an item, or remove the key"


def _unquote_hint(instance: Any, kinds: list[str]) -> str:
    """A quoted number or boolean where the key takes one: say to drop the quotes."""
    if not isinstance(instance, str) or not instance.strip():
        return ""
    typed = resolve_plain(instance.strip())
    if isinstance(typed, bool) and "boolean" in kinds:
        return f"write {'true' if typed else 'false'} without quotes"
    number = not isinstance(typed, bool) and isinstance(typed, (int, float))
    if number and ("number" in kinds or ("integer" in kinds and json_type(typed) == "integer")):
        return f"write {instance.strip()} without quotes"
    return ""


def type_fix(instance: Any, node: Sequence[Mapping[str, Any]]) -> str:
    """How to turn a value of the wrong type into the right one."""
    rules = _merged(node)
    kinds = types_of(rules)
    unquoted = _unquote_hint(instance, kinds)
    if unquoted:
        return unquoted
    if instance is None:
        return "give it a value, or remove the key"
    if "array" in kinds and not isinstance(instance, (list, Mapping)):
        return f"make it a list: [{flow(instance)}]"
    if "array" in kinds and isinstance(instance, Mapping):
        return 'make it a list: start each item with "- "'
    if kinds == ["object"] and isinstance(instance, list):
        return 'write a map of "key: value" lines, without "- "'
    return example_hint(rules)


def problems_from_error(error: ValidationError) -> list[Problem]:
    """One python-jsonschema error as the problems a user should read (usually one)."""
    root = getattr(error, "_netpolkit_root", None)
    return _Converter(root if isinstance(root, Mapping) else {}).convert(error)


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
        converter = _Converter(self.document)
        errors = list(self._python.iter_errors(values))
        problems: list[Problem] = []
        for error in _drop_length_echoes(errors):
            _attach_root(error, self.document)
            if error.schema is False:
                _complete_false_schema_path(error, values)
            problems.extend(converter.convert(error))
        if not problems and self._fast is not None:
            problems = self._fast_problems(values)
        return _drop_echoes([p for p in problems if not converter.covered_by_typo(p)])

    def _fast_problems(self, values: Mapping[str, Any]) -> list[Problem]:
        """What the accelerator found that python-jsonschema did not (a format it checks and
        python-jsonschema has no checker for): reported with the accelerator's own message."""
        problems = []
        for error in self._fast.iter_errors(values):
            path = tuple(error.instance_path)
            code = "NPK104" if "format" in str(error.schema_path) else "NPK107"
            problems.append(Problem(code, f"{subject(path)}: {error.message}", path))
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


def _drop_length_echoes(errors: list[ValidationError]) -> list[ValidationError]:
    """A string too long for a pattern that also caps its length (`{1,15}`) fails both; when the
    cut-down string would match, the length is the whole problem: say only that."""
    too_long = {(tuple(e.absolute_path), id(e.schema)) for e in errors if e.validator == "maxLength"}

    def echo(error: ValidationError) -> bool:
        if error.validator != "pattern" or (tuple(error.absolute_path), id(error.schema)) not in too_long:
            return False
        rules = error.schema if isinstance(error.schema, Mapping) else {}
        limit = rules.get("maxLength")
        return isinstance(error.instance, str) and isinstance(limit, int) and matches(error.instance[:limit], rules)

    return [e for e in errors if not echo(e)]


def _drop_echoes(problems: list[Problem]) -> list[Problem]:
    """A value of the wrong type also fails its enum, pattern or range; say only the type."""
    mistyped = {p.path for p in problems if p.code == "NPK102"}
    return [p for p in problems if p.code == "NPK102" or p.path not in mistyped or p.code in ("NPK101", "NPK105")]


def _attach_root(error: ValidationError, root: Mapping[str, Any]) -> None:
    """Let `problems_from_error` resolve `$ref`s without a global."""
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
    "type_fix",
]
