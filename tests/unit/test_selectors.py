"""Calico selector parser, printer, evaluator and satisfiability, against Calico's own behaviour.

The expected canonical strings follow Calico's ast.go `String()` (parenthesised && and ||, sets
sorted and de-duplicated, `"` quotes unless the value contains one).
"""

from __future__ import annotations

import pytest

from netpolkit import selectors as sel

VALID = [
    # (selector, canonical form)
    ("", "all()"),
    ("   \t ", "all()"),
    ("all()", "all()"),
    ("all( )", "all()"),
    ("global()", "global()"),
    ("a == 'b'", 'a == "b"'),
    ('a == "b"', 'a == "b"'),
    ("a=='b'", 'a == "b"'),
    ("a != 'b'", 'a != "b"'),
    ("a == ''", 'a == ""'),
    ("a == 'say \"hi\"'", "a == 'say \"hi\"'"),
    ('a == "it\'s"', 'a == "it\'s"'),
    ("projectcalico.org/name == 'kube-system'", 'projectcalico.org/name == "kube-system"'),
    ("k8s-app in {'kube-dns', 'coredns'}", 'k8s-app in {"coredns", "kube-dns"}'),
    ("a in {'x', 'x', 'a'}", 'a in {"a", "x"}'),
    ("a in {'x',}", 'a in {"x"}'),
    ("a in {}", "a in {}"),
    ("a not in {'x'}", 'a not in {"x"}'),
    ("a notin {'x'}", 'a not in {"x"}'),
    ("a not   in {'x'}", 'a not in {"x"}'),
    ("a in{'x'}", 'a in {"x"}'),
    ("a contains 'x'", 'a contains "x"'),
    ("a contains'x'", 'a contains "x"'),
    ("a starts with 'x'", 'a starts with "x"'),
    ("a startswith 'x'", 'a starts with "x"'),
    ("a ends with 'x'", 'a ends with "x"'),
    ("a endswith 'x'", 'a ends with "x"'),
    ("has(a)", "has(a)"),
    ("has( a )", "has(a)"),
    ("!has(a)", "!has(a)"),
    ("!!has(a)", "has(a)"),
    ("!!!has(a)", "!has(a)"),
    ("!a == 'b'", '!a == "b"'),
    ("a == 'x' && b == 'y'", '(a == "x" && b == "y")'),
    ("a == 'x' || b == 'y' && c == 'z'", '(a == "x" || (b == "y" && c == "z"))'),
    ("(a == 'x' || b == 'y') && c == 'z'", '((a == "x" || b == "y") && c == "z")'),
    ("((a == 'x'))", 'a == "x"'),
    ("!(a == 'x' && has(b))", '!(a == "x" && has(b))'),
    ("in == 'x'", 'in == "x"'),  # keywords are labels where a label is expected
    ("has == 'x'", 'has == "x"'),
    ("all == 'x'", 'all == "x"'),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_valid_selectors_print_canonically(text: str, expected: str) -> None:
    assert sel.canonical(sel.parse(text)) == expected
    assert sel.check(text) is None


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_canonical_form_parses_to_the_same_tree(text: str, expected: str) -> None:
    tree = sel.parse(text)
    assert sel.parse(sel.canonical(tree)) == tree


INVALID = [
    # (selector, 0-based offset of the error, part of the message)
    ("a == b", 5, "bare label 'b'"),
    ("a ==", 4, "end of the selector"),
    ("a", 1, "expected an operator"),
    ("a b", 2, "expected an operator"),
    ("a = 'b'", 2, "expected '=='"),
    ("a == 'b' & c == 'd'", 9, "expected '&&'"),
    ("a == 'b' | c == 'd'", 9, "expected '||'"),
    ("a == 'b", 5, "unterminated string"),
    ('a == "b', 5, "unterminated string"),
    ("a == 'b' && ", 12, "end of the selector"),
    ("a == 'b' b == 'c'", 9, "'&&', '||' or the end"),
    ("(a == 'b'", 9, "expected ')'"),
    ("a == 'b')", 8, "'&&', '||' or the end"),
    ("()", 1, "expected a label"),
    ("has(a", 5, "expected ')' to close has("),
    ("has()", 4, "label name inside has()"),
    ("has (a)", 4, "expected an operator"),  # `has` is then a label: Go needs `has(` unbroken
    ("all(x)", 4, "expected ')' to close all("),
    ("global(", 7, "expected ')' to close global("),
    ("a in 'x'", 5, "set literal"),
    ("a in {'x' 'y'}", 10, "',' or '}'"),
    ("a in {'x',,}", 10, "a quoted string or '}'"),
    ("a in {x}", 6, "a quoted string or '}'"),
    ("a containsx 'y'", 2, "expected an operator"),  # keywords need a word boundary
    ("a inx {'y'}", 2, "expected an operator"),
    ("a starts 'x'", 2, "expected an operator"),
    ("a == 'x'\n&& b == 'y'", 8, "line break"),
    ("a ==\n'x'", 4, "line break"),
    ("app.kubernetes.io/nâme == 'x'", 19, "expected an operator"),
    ("é == 'x'", 0, "expected a label"),
    ("!= 'x'", 0, "expected a label"),
    ("a == 'x' && ()", 13, "expected a label"),
    ("a" * 513 + " == 'x'", 0, "longer than 512"),
]


@pytest.mark.parametrize(("text", "offset", "message"), INVALID)
def test_invalid_selectors_report_the_column(text: str, offset: int, message: str) -> None:
    with pytest.raises(sel.SelectorError) as info:
        sel.parse(text)
    assert info.value.offset == offset
    assert message in info.value.message
    err = sel.check(text)
    assert err is not None and err.offset == offset


def test_quoted_values_may_contain_anything_but_their_quote() -> None:
    # Go's tokenizer scans to the next quote; a newline *inside* a string is accepted.
    assert sel.parse("a == 'x\ny'") == sel.Compare("a", "==", "x\ny")
    assert sel.parse("a == '&& b == \"c\"'") == sel.Compare("a", "==", '&& b == "c"')


def test_label_may_be_512_characters() -> None:
    label = "a" * 512
    assert sel.parse(f"{label} == 'x'") == sel.Compare(label, "==", "x")


def test_length_limit_is_in_bytes() -> None:
    short = "a == '" + "é" * 510 + "'"  # 517 characters, 1027 bytes
    err = sel.check(short)
    assert err is not None and "1027 bytes" in err.message
    assert sel.check("a == '" + "x" * 1017 + "'") is None  # exactly 1024


def test_positions_of_atoms() -> None:
    tree = sel.parse("a == 'x' && global()")
    assert isinstance(tree, sel.And)
    assert [getattr(n, "pos", None) for n in tree.operands] == [0, 12]


LABELS = {"app": "web", "tier": "frontend", "empty": ""}
EVALUATION = [
    ("all()", True),
    ("", True),
    ("global()", True),
    ("app == 'web'", True),
    ("app == 'api'", False),
    ("missing == 'x'", False),  # missing label: == is false
    ("missing != 'x'", True),  # ... and != is true
    ("app != 'web'", False),
    ("app in {'web', 'api'}", True),
    ("missing in {'x'}", False),
    ("missing not in {'x'}", True),
    ("app not in {'web'}", False),
    ("app in {}", False),
    ("app not in {}", True),
    ("has(app)", True),
    ("has(missing)", False),
    ("!has(missing)", True),
    ("has(empty)", True),
    ("empty == ''", True),
    ("app contains 'e'", True),
    ("missing contains ''", False),  # missing label: contains is false even for ''
    ("app starts with 'we'", True),
    ("app ends with 'eb'", True),
    ("app ends with 'we'", False),
    ("app == 'web' && tier == 'frontend'", True),
    ("app == 'web' && tier == 'backend'", False),
    ("app == 'api' || tier == 'frontend'", True),
    ("!(app == 'api' || tier == 'backend')", True),
]


@pytest.mark.parametrize(("text", "expected"), EVALUATION)
def test_evaluation(text: str, expected: bool) -> None:
    assert sel.evaluate(sel.parse(text), LABELS) is expected


NOTHING = [
    "a == 'x' && a == 'y'",
    "has(a) && !has(a)",
    "a in {}",
    "!all()",
    "a == 'x' && !has(a)",
    "a in {'x', 'y'} && a not in {'x', 'y'}",
    "a in {'x', 'y'} && a != 'x' && a != 'y'",
    "a == 'x' && a != 'x'",
    "(a == 'x' || a == 'y') && a == 'z'",
    "a starts with 'x' && a starts with 'y'",
    "a ends with 'x' && a ends with 'y'",
    "a contains 'abc' && !(a contains 'b')",
    "a starts with 'abc' && !(a starts with 'ab')",
    "has(a) && !(a contains '')",
    "a == 'x' && !(a starts with 'x')",
    "!(a == 'x' || has(b)) && b == 'y'",
]
SOMETHING = [
    "",
    "a == 'x'",
    "a == 'x' && b == 'y'",
    "a != 'x' && a != 'y'",  # absent, or any other value
    "!has(a) && a != 'x'",
    "a not in {'x'} && !has(a)",
    "has(a) && a not in {'x', 'y'}",
    "a starts with 'ab' && a starts with 'abc'",
    "a contains 'x' && a contains 'y'",
    "a == 'x' || a == 'y'",
    "(a == 'x' && a == 'y') || b == 'z'",
    "a contains 'b' && !(a contains 'abc')",
    "global()",
]


@pytest.mark.parametrize("text", NOTHING)
def test_matches_nothing(text: str) -> None:
    assert sel.matches_nothing(sel.parse(text))


@pytest.mark.parametrize("text", SOMETHING)
def test_matches_something(text: str) -> None:
    assert not sel.matches_nothing(sel.parse(text))


@pytest.mark.parametrize("text", SOMETHING)
def test_satisfiable_selectors_have_a_witness_among_simple_label_sets(text: str) -> None:
    """Soundness spot-check: every selector we call satisfiable is satisfied by some label set."""
    values = ["x", "y", "z", "abc", "ab", "xy", ""]
    candidates: list[dict[str, str]] = [{}]
    for label in ("a", "b"):
        candidates = [c | extra for c in candidates for extra in [{}, *({label: v} for v in values)]]
    tree = sel.parse(text)
    assert any(sel.evaluate(tree, labels) for labels in candidates)


def test_matches_everything() -> None:
    assert sel.matches_everything(sel.parse("has(a) || !has(a)"))
    assert sel.matches_everything(sel.parse("all()"))
    assert not sel.matches_everything(sel.parse("has(a)"))


def test_huge_disjunctions_are_not_claimed_unsatisfiable() -> None:
    # 2**10 conjunctions exceed the DNF limit: the answer must stay "can match" (sound).
    text = " && ".join(f"(a{i} == 'x' || a{i} == 'y')" for i in range(10)) + " && z == 'p' && z == 'q'"
    assert not sel.matches_nothing(sel.parse(text))


CONVERSIONS = [
    ({}, "all()"),
    ({"matchLabels": {}}, "all()"),
    ({"matchLabels": {"b": "2", "a": "1"}}, "a == '1' && b == '2'"),
    ({"matchLabels": {"a": "it's"}}, 'a == "it\'s"'),
    ({"matchLabels": {"a": True, "n": 5}}, "a == 'true' && n == '5'"),
    ({"matchExpressions": [{"key": "k", "operator": "In", "values": ["b", "a"]}]}, "k in {'b', 'a'}"),
    ({"matchExpressions": [{"key": "k", "operator": "NotIn", "values": ["a"]}]}, "k not in {'a'}"),
    ({"matchExpressions": [{"key": "k", "operator": "Exists"}]}, "has(k)"),
    ({"matchExpressions": [{"key": "k", "operator": "DoesNotExist", "values": []}]}, "!has(k)"),
    (
        {
            "matchExpressions": [{"key": "z", "operator": "Exists"}, {"key": "a", "operator": "DoesNotExist"}],
            "matchLabels": {"m": "v"},
        },
        "m == 'v' && has(z) && !has(a)",
    ),
]


@pytest.mark.parametrize(("selector", "expected"), CONVERSIONS)
def test_label_selector_conversion(selector: dict[str, object], expected: str) -> None:
    text = sel.label_selector_to_calico(selector)
    assert text == expected
    sel.parse(text)  # always a valid selector


BAD_MAPS = [
    ({"matchExpressions": [{"key": "k", "operator": "In"}]}, ("matchExpressions", 0, "values"), "non-empty"),
    ({"matchExpressions": [{"key": "k", "operator": "In", "values": []}]}, ("matchExpressions", 0, "values"), ""),
    (
        {"matchExpressions": [{"key": "k", "operator": "Exists", "values": ["a"]}]},
        ("matchExpressions", 0, "values"),
        "",
    ),
    ({"matchExpressions": [{"key": "k", "operator": "Equals"}]}, ("matchExpressions", 0, "operator"), "Equals"),
    ({"matchExpressions": [{"key": "a b", "operator": "Exists"}]}, ("matchExpressions", 0, "key"), "a b"),
    ({"matchExpressions": "nope"}, ("matchExpressions",), "list"),
    ({"matchLabels": ["a"]}, ("matchLabels",), "map"),
    ({"matchLabels": {"a": "x'\"y"}}, ("matchLabels", "a"), "both"),
    ({"matchLabel": {}}, ("matchLabel",), "matchLabel"),
]


@pytest.mark.parametrize(("selector", "path", "message"), BAD_MAPS)
def test_label_selector_conversion_errors(selector: dict[str, object], path: tuple[object, ...], message: str) -> None:
    with pytest.raises(sel.LabelSelectorError) as info:
        sel.label_selector_to_calico(selector)
    assert info.value.path == path
    assert message in info.value.message


def test_selector_text_accepts_strings_and_maps_only() -> None:
    assert sel.selector_text("a == 'b'") == "a == 'b'"
    assert sel.selector_text({"matchLabels": {"a": "b"}}) == "a == 'b'"
    with pytest.raises(sel.LabelSelectorError):
        sel.selector_text(["a"])


def test_labels_in() -> None:
    assert list(sel.labels_in(sel.parse("a == 'x' && (has(b) || c in {'y'})"))) == ["a", "b", "c"]


def test_tokens_carry_positions() -> None:
    tokens = sel.tokenize("a not in {'x'}")
    assert [(t.kind, t.pos) for t in tokens] == [
        (sel.Tok.LABEL, 0),
        (sel.Tok.NOT_IN, 2),
        (sel.Tok.LBRACE, 9),
        (sel.Tok.STRING, 10),
        (sel.Tok.RBRACE, 13),
        (sel.Tok.EOF, 14),
    ]
