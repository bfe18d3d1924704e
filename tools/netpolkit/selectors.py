"""Calico selector language: tokenizer, parser, canonical printer, evaluator, satisfiability.

The grammar and its quirks follow Calico's `libcalico-go/lib/selector` (tokenizer.go, parser.go,
ast.go) so that netpolkit accepts exactly what the Calico API server accepts, but every error
carries the character offset where it was found, so `netpolkit validate` can point at the column.
Label-selector maps (`matchLabels`/`matchExpressions`) convert to selector strings exactly as the
chart's templates do (docs/values-model.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from itertools import product
from typing import Any, ClassVar, Literal

#: Calico's limit on a label name inside a selector (tokenizer.MaxLabelLength).
MAX_LABEL_LENGTH = 512
#: The API validator's limit on a whole selector string.
MAX_SELECTOR_LENGTH = 1024

_OPERATOR_LIST = "==, !=, in, not in, contains, starts with, ends with"
_IDENT_EXTRA = frozenset("_./-")
#: Runs of whitespace and of identifier characters (`_ident_char`), matched in C rather than
#: character by character: a large values file has thousands of distinct selectors to parse.
_WHITESPACE_RUN = re.compile(r"[ \t]*")
_IDENT_RUN = re.compile(r"[a-zA-Z0-9_./-]*")


class SelectorError(ValueError):
    """A selector that Calico would reject; `offset` is the 0-based character where it goes wrong."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return f"{self.message} (at character {self.offset + 1})"


# --------------------------------------------------------------------------------------- tokens


class Tok(Enum):
    LABEL = "label"
    STRING = "string"
    LBRACE = "'{'"
    RBRACE = "'}'"
    COMMA = "','"
    EQ = "'=='"
    NE = "'!='"
    IN = "'in'"
    NOT_IN = "'not in'"
    CONTAINS = "'contains'"
    STARTS_WITH = "'starts with'"
    ENDS_WITH = "'ends with'"
    NOT = "'!'"
    ALL = "'all()'"
    GLOBAL = "'global()'"
    HAS = "'has()'"
    LPAREN = "'('"
    RPAREN = "')'"
    AND = "'&&'"
    OR = "'||'"
    EOF = "the end of the selector"


@dataclass(frozen=True)
class Token:
    kind: Tok
    value: str
    #: 0-based offset of the token's first character in the selector.
    pos: int

    def describe(self) -> str:
        if self.kind is Tok.LABEL:
            return f"label {self.value!r}"
        if self.kind is Tok.STRING:
            return f"string {self.value!r}"
        return str(self.kind.value)


def _ident_char(c: str) -> bool:
    # ASCII only, byte for byte like Go's identifierChar (str.isalnum would accept 'é').
    return ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9") or c in _IDENT_EXTRA


def _run_end(run: re.Pattern[str], text: str, i: int) -> int:
    """Where the run of `run` characters that starts at `i` ends (`i` itself when there is none)."""
    found = run.match(text, i)
    return found.end() if found else i


def is_valid_label(label: str) -> bool:
    """Whether `label` can be used as a label name inside a selector."""
    return 0 < len(label) <= MAX_LABEL_LENGTH and all(_ident_char(c) for c in label)


class _Scanner:
    """Tokenizer state: the text and a cursor, so every token and error knows its offset."""

    _OPERATORS: tuple[tuple[tuple[str, ...], Tok], ...] = (
        (("contains",), Tok.CONTAINS),
        (("starts", "with"), Tok.STARTS_WITH),
        (("ends", "with"), Tok.ENDS_WITH),
        (("not", "in"), Tok.NOT_IN),
        (("in",), Tok.IN),
    )
    _SINGLE: ClassVar[dict[str, Tok]] = {
        "(": Tok.LPAREN,
        ")": Tok.RPAREN,
        "{": Tok.LBRACE,
        "}": Tok.RBRACE,
        ",": Tok.COMMA,
    }
    _DOUBLE: ClassVar[dict[str, tuple[str, Tok]]] = {"=": ("==", Tok.EQ), "&": ("&&", Tok.AND), "|": ("||", Tok.OR)}

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def skip_ws(self, i: int) -> int:
        return _run_end(_WHITESPACE_RUN, self.text, i)

    def boundary(self, i: int) -> bool:
        return i >= len(self.text) or not _ident_char(self.text[i])

    def words(self, i: int, words: tuple[str, ...]) -> int | None:
        """End offset of `words` (whitespace allowed between them) at `i`, with a word boundary."""
        for n, word in enumerate(words):
            if n:
                i = self.skip_ws(i)
            if not self.text.startswith(word, i):
                return None
            i += len(word)
        return i if self.boundary(i) else None

    def ident_end(self, i: int) -> int:
        return _run_end(_IDENT_RUN, self.text, i)

    def label(self, i: int, what: str) -> tuple[str, int]:
        end = self.ident_end(i)
        if end == i:
            raise self.unexpected(i, f"expected {what}")
        if end - i > MAX_LABEL_LENGTH:
            raise SelectorError(f"label is longer than {MAX_LABEL_LENGTH} characters", i)
        return self.text[i:end], end

    def unexpected(self, i: int, expected: str) -> SelectorError:
        if i >= len(self.text):
            return SelectorError(f"{expected}, found the end of the selector", i)
        c = self.text[i]
        if c in "\r\n":
            return SelectorError("selector contains a line break; selectors must be on one line", i)
        return SelectorError(f"{expected}, found {c!r}", i)

    def call(self, i: int, name: str, kind: Tok, tokens: list[Token]) -> int:
        """`all(`, `global(`, `has(`: Go requires the `(` right after the keyword."""
        start = i
        i = self.skip_ws(i + len(name) + 1)
        value = ""
        if kind is Tok.HAS:
            value, i = self.label(i, "a label name inside has()")
            i = self.skip_ws(i)
        if not self.text.startswith(")", i):
            raise self.unexpected(i, f"expected ')' to close {name}(")
        tokens.append(Token(kind, value, start))
        return i + 1

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        text = self.text
        i = 0
        while True:
            i = self.skip_ws(i)
            if i >= len(text):
                out.append(Token(Tok.EOF, "", len(text)))
                return out
            c = text[i]
            after_label = bool(out) and out[-1].kind is Tok.LABEL
            if c in self._SINGLE:
                out.append(Token(self._SINGLE[c], c, i))
                i += 1
            elif c in "\"'":
                end = text.find(c, i + 1)
                if end < 0:
                    raise SelectorError(f"unterminated string: no closing {c}", i)
                out.append(Token(Tok.STRING, text[i + 1 : end], i))
                i = end + 1
            elif c in self._DOUBLE:
                op, kind = self._DOUBLE[c]
                if not text.startswith(op, i):
                    raise SelectorError(f"expected {op!r}, found a single {c!r}", i)
                out.append(Token(kind, op, i))
                i += 2
            elif c == "!":
                if text.startswith("!=", i):
                    out.append(Token(Tok.NE, "!=", i))
                    i += 2
                else:
                    out.append(Token(Tok.NOT, "!", i))
                    i += 1
            elif after_label:
                i = self._operator(i, out)
            elif text.startswith("has(", i):
                i = self.call(i, "has", Tok.HAS, out)
            elif text.startswith("all(", i):
                i = self.call(i, "all", Tok.ALL, out)
            elif text.startswith("global(", i):
                i = self.call(i, "global", Tok.GLOBAL, out)
            else:
                value, end = self.label(i, "a label, has(), all(), '!' or '('")
                out.append(Token(Tok.LABEL, value, i))
                i = end

    def _operator(self, i: int, out: list[Token]) -> int:
        for words, kind in self._OPERATORS:
            end = self.words(i, words)
            if end is not None:
                out.append(Token(kind, " ".join(words), i))
                return end
        if self.text[i] in "\r\n":
            raise self.unexpected(i, "")
        raise SelectorError(
            f"expected an operator ({_OPERATOR_LIST}) after label {out[-1].value!r}",
            i,
        )


def tokenize(text: str) -> list[Token]:
    """Split a selector into tokens (the last one is EOF); raise `SelectorError` like Calico does."""
    return _Scanner(text).tokens()


# ------------------------------------------------------------------------------------------ AST

CompareOp = Literal["==", "!=", "contains", "starts with", "ends with"]


@dataclass(frozen=True)
class All:
    """`all()`, and the empty selector: matches everything."""

    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Global:
    """`global()`: non-namespaced endpoints (host endpoints, global network sets)."""

    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Has:
    label: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Compare:
    label: str
    op: CompareOp
    value: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class InSet:
    """`label in {...}` or, with `negated`, `label not in {...}`; values sorted and unique."""

    label: str
    values: tuple[str, ...]
    negated: bool = False
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Node = All | Global | Has | Compare | InSet | Not | And | Or

_COMPARE_TOKENS: dict[Tok, CompareOp] = {
    Tok.EQ: "==",
    Tok.NE: "!=",
    Tok.CONTAINS: "contains",
    Tok.STARTS_WITH: "starts with",
    Tok.ENDS_WITH: "ends with",
}


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.toks = tokens
        self.i = 0

    def peek(self) -> Tok:
        # A method, not a property: mypy would carry narrowing of `self.tok.kind` across calls.
        return self.toks[self.i].kind

    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def take(self) -> Token:
        tok = self.toks[self.i]
        if tok.kind is not Tok.EOF:
            self.i += 1
        return tok

    def error(self, tok: Token, expected: str) -> SelectorError:
        return SelectorError(f"expected {expected}, found {tok.describe()}", tok.pos)

    def root(self) -> Node:
        if self.peek() is Tok.EOF:
            return All(0)
        node = self.or_expr()
        if self.peek() is not Tok.EOF:
            raise self.error(self.tok, "'&&', '||' or the end of the selector")
        return node

    def or_expr(self) -> Node:
        nodes = [self.and_expr()]
        while self.peek() is Tok.OR:
            self.take()
            nodes.append(self.and_expr())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> Node:
        nodes = [self.operation()]
        while self.peek() is Tok.AND:
            self.take()
            nodes.append(self.operation())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def operation(self) -> Node:
        negated = False
        while self.peek() is Tok.NOT:
            self.take()
            negated = not negated
        node = self.atom()
        return Not(node) if negated else node

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind is Tok.HAS:
            return Has(tok.value, tok.pos)
        if tok.kind is Tok.ALL:
            return All(tok.pos)
        if tok.kind is Tok.GLOBAL:
            return Global(tok.pos)
        if tok.kind is Tok.LPAREN:
            node = self.or_expr()
            if self.peek() is not Tok.RPAREN:
                raise self.error(self.tok, "')'")
            self.take()
            return node
        if tok.kind is Tok.LABEL:
            return self.comparison(tok)
        raise self.error(tok, "a label, has(), all(), '!' or '('")

    def comparison(self, label: Token) -> Node:
        op = self.take()
        if op.kind in _COMPARE_TOKENS:
            value = self.take()
            if value.kind is Tok.LABEL:
                raise SelectorError(
                    f"expected a quoted string after {op.kind.value}, found bare label {value.value!r}; "
                    f"quote it: '{value.value}'",
                    value.pos,
                )
            if value.kind is not Tok.STRING:
                raise self.error(value, f"a quoted string after {op.kind.value}")
            return Compare(label.value, _COMPARE_TOKENS[op.kind], value.value, label.pos)
        if op.kind in (Tok.IN, Tok.NOT_IN):
            values = self.set_literal()
            return InSet(label.value, tuple(sorted(set(values))), op.kind is Tok.NOT_IN, label.pos)
        raise self.error(op, f"an operator ({_OPERATOR_LIST}) after {label.describe()}")

    def set_literal(self) -> list[str]:
        brace = self.take()
        if brace.kind is not Tok.LBRACE:
            raise self.error(brace, "a set literal '{...}'")
        values: list[str] = []
        expected = "a quoted string or '}'"
        while self.peek() is Tok.STRING:
            values.append(self.take().value)
            if self.peek() is not Tok.COMMA:
                expected = "',' or '}'"
                break
            self.take()
            expected = "a quoted string or '}'"
        if self.peek() is not Tok.RBRACE:
            raise self.error(self.tok, expected)
        self.take()
        return values


def parse(text: str) -> Node:
    """Parse a Calico selector; the empty selector is `all()`. Raises `SelectorError`."""
    return _Parser(tokenize(text)).root()


def check(text: str) -> SelectorError | None:
    """The first syntax or length problem of `text`, or None if Calico accepts it."""
    try:
        parse(text)
    except SelectorError as err:
        return err
    size = len(text.encode())
    if size > MAX_SELECTOR_LENGTH:
        return SelectorError(f"selector is {size} bytes long, the limit is {MAX_SELECTOR_LENGTH}", 0)
    return None


# ------------------------------------------------------------------------------------- printing


def _quote(value: str) -> str:
    # Calico's canonical form: double quotes unless the value itself contains one.
    quote = "'" if '"' in value else '"'
    return f"{quote}{value}{quote}"


def canonical(node: Node) -> str:
    """Calico's canonical string (ast.go `String()`): parenthesised &&/||, sorted sets, `"` quotes."""
    if isinstance(node, All):
        return "all()"
    if isinstance(node, Global):
        return "global()"
    if isinstance(node, Has):
        return f"has({node.label})"
    if isinstance(node, Compare):
        return f"{node.label} {node.op} {_quote(node.value)}"
    if isinstance(node, InSet):
        op = "not in" if node.negated else "in"
        return f"{node.label} {op} {{{', '.join(_quote(v) for v in node.values)}}}"
    if isinstance(node, Not):
        return "!" + canonical(node.operand)
    joiner = " && " if isinstance(node, And) else " || "
    return "(" + joiner.join(canonical(op) for op in node.operands) + ")"


# ----------------------------------------------------------------------------------- evaluation


def evaluate(node: Node, labels: Mapping[str, str]) -> bool:
    """Whether `node` selects an endpoint with `labels`.

    A missing label makes `==`, `in`, `contains`, `starts with`, `ends with` and `has()` false and
    `!=` and `not in` true (api-reference section 4).
    """
    if isinstance(node, (All, Global)):
        return True
    if isinstance(node, Has):
        return node.label in labels
    if isinstance(node, Not):
        return not evaluate(node.operand, labels)
    if isinstance(node, And):
        return all(evaluate(op, labels) for op in node.operands)
    if isinstance(node, Or):
        return any(evaluate(op, labels) for op in node.operands)
    value = labels.get(node.label)
    if isinstance(node, InSet):
        if value is None:
            return node.negated
        return (value in node.values) != node.negated
    if value is None:
        return node.op == "!="
    return _compare(node.op, value, node.value)


def _compare(op: CompareOp, actual: str, wanted: str) -> bool:
    if op == "==":
        return actual == wanted
    if op == "!=":
        return actual != wanted
    if op == "contains":
        return wanted in actual
    if op == "starts with":
        return actual.startswith(wanted)
    return actual.endswith(wanted)


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, depth first, parents before children."""
    yield node
    if isinstance(node, Not):
        yield from walk(node.operand)
    elif isinstance(node, (And, Or)):
        for op in node.operands:
            yield from walk(op)


# ------------------------------------------------------------------------------- satisfiability

#: Above this many conjunctions in the disjunctive normal form we give up and answer "satisfiable".
_DNF_LIMIT = 256


@dataclass(frozen=True)
class _Lit:
    """An atom or its negation, after pushing `!` down to the atoms."""

    atom: Has | Compare | InSet
    positive: bool


_Conj = tuple[_Lit, ...]


def _dnf(node: Node, positive: bool = True) -> list[_Conj] | None:
    """Disjunctive normal form as a list of conjunctions ([] = false, [()] = true); None if too big."""
    if isinstance(node, (All, Global)):
        return [()] if positive else []
    if isinstance(node, Not):
        return _dnf(node.operand, not positive)
    if isinstance(node, (Has, Compare, InSet)):
        return [(_Lit(node, positive),)]
    parts = [_dnf(op, positive) for op in node.operands]
    if any(p is None for p in parts):
        return None
    clean = [p for p in parts if p is not None]
    conjunctive = isinstance(node, And) == positive  # De Morgan: !(a || b) == !a && !b
    if not conjunctive:
        out = [c for p in clean for c in p]
        return out if len(out) <= _DNF_LIMIT else None
    size = 1
    for p in clean:
        size *= len(p)
    if size > _DNF_LIMIT:
        return None
    return [tuple(lit for conj in combo for lit in conj) for combo in product(*clean)]


@dataclass
class _LabelConstraint:
    """What one conjunction requires of one label."""

    may_be_absent: bool = True
    may_be_present: bool = True
    allowed: frozenset[str] | None = None  # None: any value
    excluded: set[str] = field(default_factory=set)
    must: list[tuple[CompareOp, str]] = field(default_factory=list)
    must_not: list[tuple[CompareOp, str]] = field(default_factory=list)

    def add(self, lit: _Lit) -> None:
        atom = lit.atom
        if isinstance(atom, Has):
            if lit.positive:
                self.may_be_absent = False
            else:
                self.may_be_present = False
            return
        # `==`, `in`, `contains`, ... are true only when present; `!=`, `not in` also when absent.
        matches_absent = (atom.negated if isinstance(atom, InSet) else atom.op == "!=") != (not lit.positive)
        if not matches_absent:
            self.may_be_absent = False
        if isinstance(atom, InSet):
            in_set = lit.positive != atom.negated
            if in_set:
                self._allow(frozenset(atom.values))
            else:
                self.excluded.update(atom.values)
            return
        op, positive = atom.op, lit.positive
        if op == "!=":
            op, positive = "==", not positive
        if op == "==":
            if positive:
                self._allow(frozenset({atom.value}))
            else:
                self.excluded.add(atom.value)
        elif positive:
            self.must.append((op, atom.value))
        else:
            self.must_not.append((op, atom.value))

    def _allow(self, values: frozenset[str]) -> None:
        self.allowed = values if self.allowed is None else self.allowed & values

    def value_ok(self, value: str) -> bool:
        return (
            value not in self.excluded
            and all(_compare(op, value, want) for op, want in self.must)
            and not any(_compare(op, value, want) for op, want in self.must_not)
        )

    def present_possible(self) -> bool:
        if not self.may_be_present:
            return False
        if self.allowed is not None:
            return any(self.value_ok(v) for v in self.allowed)
        return not _predicates_conflict(self.must, self.must_not)

    def satisfiable(self) -> bool:
        return self.may_be_absent or self.present_possible()


def _predicates_conflict(must: list[tuple[CompareOp, str]], must_not: list[tuple[CompareOp, str]]) -> bool:
    """Provable conflicts among substring predicates over an unbounded value (sound, not complete)."""
    prefixes = [w for op, w in must if op == "starts with"]
    suffixes = [w for op, w in must if op == "ends with"]
    for a in prefixes:
        if any(not (a.startswith(b) or b.startswith(a)) for b in prefixes):
            return True
    for a in suffixes:
        if any(not (a.endswith(b) or b.endswith(a)) for b in suffixes):
            return True
    # A value that must start with/end with/contain `a` necessarily contains every substring of
    # `a`, starts with every prefix of a required prefix, and so on.
    for op, banned in must_not:
        for req_op, req in must:
            if op == "contains" and banned in req:
                return True
            if op == "starts with" and req_op == "starts with" and req.startswith(banned):
                return True
            if op == "ends with" and req_op == "ends with" and req.endswith(banned):
                return True
        if banned == "" and op in ("contains", "starts with", "ends with"):
            return True
    return False


def _conj_satisfiable(conj: _Conj) -> bool:
    per_label: dict[str, _LabelConstraint] = {}
    for lit in conj:
        per_label.setdefault(lit.atom.label, _LabelConstraint()).add(lit)
    return all(c.satisfiable() for c in per_label.values())


def matches_nothing(node: Node) -> bool:
    """True only when no label set at all can satisfy `node` (sound: never a false "nothing").

    Examples: `a == 'x' && a == 'y'`, `has(a) && !has(a)`, `a in {}`, `!all()`.
    """
    dnf = _dnf(node)
    if dnf is None:
        return False
    return not any(_conj_satisfiable(conj) for conj in dnf)


def matches_everything(node: Node) -> bool:
    """True only when `node` provably selects every label set (e.g. `all()`, `!has(a) || has(a)`)."""
    return matches_nothing(Not(node))


# --------------------------------------------------------------------- label-selector maps


class LabelSelectorError(ValueError):
    """A label-selector map that cannot be converted; `path` is relative to the map."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


_OPERATORS_WITH_VALUES = {"In": "in", "NotIn": "not in"}
_OPERATORS_WITHOUT_VALUES = {"Exists": "has({key})", "DoesNotExist": "!has({key})"}


def _scalar_text(value: Any) -> str:
    """Render a YAML scalar the way helm's templates print it (`true`, `1`, ...)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def quote_value(value: str, path: tuple[str | int, ...] = ()) -> str:
    """Quote a value for a selector: `'…'`, or `"…"` when it contains `'` (values-model.md)."""
    if "'" in value:
        if '"' in value:
            raise LabelSelectorError("a selector value cannot contain both ' and \"", path)
        return f'"{value}"'
    return f"'{value}'"


def _key(key: Any, path: tuple[str | int, ...]) -> str:
    if not isinstance(key, str) or not is_valid_label(key):
        raise LabelSelectorError(
            f"label key {key!r} cannot be used in a Calico selector (allowed: letters, digits, _ . / -)", path
        )
    return key


def _expression(expr: Any, path: tuple[str | int, ...]) -> str:
    if not isinstance(expr, Mapping):
        raise LabelSelectorError("a matchExpressions entry must be a map {key, operator, values}", path)
    key = _key(expr.get("key"), (*path, "key"))
    operator = expr.get("operator")
    operator = operator if isinstance(operator, str) else repr(operator)
    values = expr.get("values")
    if operator in _OPERATORS_WITH_VALUES:
        if not isinstance(values, list) or not values:
            raise LabelSelectorError(f"operator {operator} needs a non-empty `values` list", (*path, "values"))
        quoted = ", ".join(quote_value(_scalar_text(v), (*path, "values", i)) for i, v in enumerate(values))
        return f"{key} {_OPERATORS_WITH_VALUES[operator]} {{{quoted}}}"
    if operator in _OPERATORS_WITHOUT_VALUES:
        if values:
            raise LabelSelectorError(f"operator {operator} takes no `values`", (*path, "values"))
        return _OPERATORS_WITHOUT_VALUES[operator].format(key=key)
    raise LabelSelectorError(
        f"operator {operator!r} is not one of In, NotIn, Exists, DoesNotExist", (*path, "operator")
    )


def label_selector_to_calico(selector: Mapping[str, Any]) -> str:
    """Convert a `matchLabels`/`matchExpressions` map to the selector string the chart renders.

    `matchLabels` first (sorted by key, `k == 'v'`), then `matchExpressions` in order, joined by
    ` && `; `{}` is `all()`. Raises `LabelSelectorError` for a map the chart cannot convert.
    """
    unknown = sorted(set(selector) - {"matchLabels", "matchExpressions"}, key=str)
    if unknown:
        raise LabelSelectorError(
            f"unknown label-selector key {unknown[0]!r} (expected matchLabels, matchExpressions)", (unknown[0],)
        )
    terms: list[str] = []
    labels = selector.get("matchLabels") or {}
    if not isinstance(labels, Mapping):
        raise LabelSelectorError("matchLabels must be a map of label to value", ("matchLabels",))
    for key in sorted(labels, key=str):
        path: tuple[str | int, ...] = ("matchLabels", key)
        terms.append(f"{_key(key, path)} == {quote_value(_scalar_text(labels[key]), path)}")
    expressions = selector.get("matchExpressions") or []
    if not isinstance(expressions, list):
        raise LabelSelectorError("matchExpressions must be a list", ("matchExpressions",))
    for i, expr in enumerate(expressions):
        terms.append(_expression(expr, ("matchExpressions", i)))
    return " && ".join(terms) if terms else "all()"


def selector_text(value: Any) -> str:
    """The selector string for a values field that holds a string or a label-selector map."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return label_selector_to_calico(value)
    raise LabelSelectorError(f"a selector must be a string or a label-selector map, not {type(value).__name__}")


def labels_in(node: Node) -> Iterable[str]:
    """The label names a selector reads, in order of appearance."""
    for n in walk(node):
        if isinstance(n, (Has, Compare, InSet)):
            yield n.label
