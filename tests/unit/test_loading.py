"""Loading values: helm's typing, helm's merge, strvals, positions, and every broken-input case.

Expected merge and --set results were taken from helm 3.17 and helm 4.3 (`helm template` printing
`toJson .Values`), so these tests pin helm's behaviour, not ours.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest

from netpolkit import loading
from netpolkit.loading import (
    ParsedFile,
    _FastReader,
    _full_read,
    load_values,
    parse_values_text,
    read_values_file,
    resolve_plain,
)
from netpolkit.problems import Location

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "network-policies"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def codes(parsed: ParsedFile | loading.LoadedValues) -> list[tuple[str, str]]:
    return [(p.code, str(p.location)) for p in parsed.problems]


def make_chart(tmp_path: Path, values: str = "") -> Path:
    chart = tmp_path / "chart"
    chart.mkdir()
    write(chart / "Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n")
    write(chart / "values.yaml", values)
    return chart


# --- scalars typed as helm (go-yaml v2) types them ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1_000", 1000),
        ("0x10", 16),
        ("0o17", 15),
        ("017", 15),
        ("1:30", "1:30"),
        ("2020-01-02", "2020-01-02"),
        ("yes", True),
        ("y", True),
        ("On", True),
        ("n", False),
        ("off", False),
        ("~", None),
        ("NULL", None),
        ("1e3", 1000.0),
        ("08", 8.0),
        ("+12", 12),
        ("-5", -5),
        ("0b101", 5),
        ("12.50", 12.5),
        (".5", 0.5),
        ("0x", "0x"),
        ("00", 0),
        ("1e400", "1e400"),
        ("9223372036854775808", 9223372036854775808),
        ("app == 'web'", "app == 'web'"),
        ("TCP", "TCP"),
    ],
)
def test_plain_scalars_are_typed_like_helm(text: str, expected: Any) -> None:
    value = resolve_plain(text)
    assert value == expected
    assert type(value) is type(expected)


def test_non_string_keys_become_json_keys_and_null_keys_are_rejected() -> None:
    parsed = parse_values_text("1: a\ntrue: b\nn: c\n~: d\n", "v.yaml")
    assert parsed.data == {"1": "a", "true": "b", "false": "c"}
    assert codes(parsed) == [("NPK015", "v.yaml:4:1")]


def test_inf_and_nan_are_reported_and_kept_as_text() -> None:
    parsed = parse_values_text("a: .inf\nb: [.nan]\n", "v.yaml")
    assert parsed.data == {"a": ".inf", "b": [".nan"]}
    assert codes(parsed) == [("NPK015", "v.yaml:1:4"), ("NPK015", "v.yaml:2:5")]


# --- merging ------------------------------------------------------------------------------------


def test_merge_like_helm(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "a: {b: 1, c: {d: 2}}\nl: [1, 2]\ns: str\nm: {k: v}\nn2: {x: 1}\n")
    one = write(
        tmp_path / "one.yaml",
        "a: {b: null, c: {d: null, e: 3}}\nl: [9]\ns: {now: map}\nm: scalar\nx: {y: 1}\nz: null\nn2: null\nq: {r: 1}\n",
    )
    two = write(tmp_path / "two.yaml", "x: null\nq: [1]\n")
    loaded = load_values([one, two], ["w=null", "a.c.e=null"], chart=chart)
    assert loaded.problems == []
    assert loaded.data == {
        "a": {"c": {"e": None}},
        "l": [9],
        "m": "scalar",
        "q": [1],
        "s": {"now": "map"},
        "w": None,
        "x": None,
        "z": None,
    }


def test_set_strvals_like_helm(tmp_path: Path) -> None:
    chart = make_chart(tmp_path)
    loaded = load_values(
        [],
        [
            "a=1,b=TRUE,c=Null,d=str,e=1.5,f=007,g=0x10,h=-5,i=x\\,y,j=,k=99999999999999999999",
            "nm[0]=a,nm[2]=c",
            "li={a,b,1}",
            "le={}",
            "x\\.y=1",
            "p.q.r=1",
            "o[1].k=v",
            "sp=a b",
            "eq=a=b",
        ],
        ["ss=1,st=true"],
        chart=chart,
    )
    assert loaded.problems == []
    assert loaded.data == {
        "a": 1,
        "b": True,
        "c": None,
        "d": "str",
        "e": "1.5",
        "eq": "a=b",
        "f": "007",
        "g": "0x10",
        "h": -5,
        "i": "x,y",
        "j": "",
        "k": "99999999999999999999",
        "le": [""],
        "li": ["a", "b", 1],
        "nm": ["a", None, "c"],
        "o": [None, {"k": "v"}],
        "p": {"q": {"r": 1}},
        "sp": "a b",
        "ss": "1",
        "st": "true",
        "x.y": 1,
    }


def test_set_changes_lists_from_files_in_place_without_touching_the_files(tmp_path: Path) -> None:
    chart = make_chart(tmp_path)
    values = write(tmp_path / "v.yaml", "l2: [1, 2, 3]\nm2: {a: 1, b: [1, 2]}\n")
    loaded = load_values([values], ["l2[1]=5", "m2.b[3]=9", "l2[2].x=1"], ["l2[0]=7"], chart=chart)
    assert loaded.data == {"l2": ["7", 5, {"x": 1}], "m2": {"a": 1, "b": [1, 2, None, 9]}}
    assert loaded.source.locate(("l2", 0)) == Location("--set-string", 1, 7)
    assert loaded.source.locate(("m2", "a")) == Location(str(values), 2, 9)


@pytest.mark.parametrize(
    ("args", "message", "column"),
    [
        (["a"], 'key "a" has no value', 1),
        (["ok=1,b"], 'key "b" has no value', 6),
        (["a,b=1"], 'key "a" has no value (cannot end with ,)', 1),
        (["m=x,m.y=2"], 'cannot set a key inside "m": it is a string, not a map', 5),
        (["l[x]=1"], 'list index "x" is not a number', 3),
        (["l[-1]=1"], "negative list index -1", 3),
        (["l={a,b"], "a {list} must end with '}'", 3),
    ],
)
def test_set_errors_are_located_in_the_argument(tmp_path: Path, args: list[str], message: str, column: int) -> None:
    loaded = load_values([], args, chart=make_chart(tmp_path))
    assert [(p.code, str(p.location)) for p in loaded.problems] == [("NPK004", f"--set:1:{column}")]
    assert message in loaded.problems[0].message
    assert not loaded.usable


def test_set_over_a_scalar_from_a_file_is_refused_like_helm(tmp_path: Path) -> None:
    values = write(tmp_path / "v.yaml", "m2: {a: 1}\n")
    loaded = load_values([values], ["x=1", "m2.a.x=1"], chart=make_chart(tmp_path))
    assert codes(loaded) == [("NPK004", "--set:2:4")]
    assert 'cannot set a key inside "a": it is a number, not a map' in loaded.problems[0].message


# --- positions ----------------------------------------------------------------------------------


def test_locations_follow_the_merge(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, "scope: namespace\ncalico:\n  edition: oss\nlist: [1, 2, 3]\n")
    base = write(tmp_path / "base.yaml", "calico:\n  edition: enterprise\nlist:\n  - 1\n  - 2\n  - 3\n")
    over = write(tmp_path / "over.yaml", "list: [7]\nname: 'quoted value'\n")
    loaded = load_values([base, over], ["extra.key=v"], chart=chart)
    locate = loaded.source.locate
    defaults = str(chart / "values.yaml")
    assert locate(("scope",)) == Location(defaults, 1, 8)
    assert locate(("scope",), key=True) == Location(defaults, 1, 1)
    assert locate(("calico", "edition")) == Location(str(base), 2, 12)
    assert locate(("calico",)) == Location(str(base), 1, 1)  # a block map: its key
    assert locate(("list", 0)) == Location(str(over), 1, 8)
    assert locate(("list", 2)) == Location(str(over), 1, 1)  # replaced list: no item 2 there
    assert locate(("name",), 3) == Location(str(over), 2, 11)  # offset, plus the quote
    assert locate(("calico", "missing", "deeper")) == Location(str(base), 1, 1)
    assert locate(("extra", "key")) == Location("--set", 1, 11)
    assert locate(("extra", "key"), key=True) == Location("--set", 1, 7)
    assert locate(("extra",)) == Location("--set", 1, 1)
    assert locate(("nowhere",)) == Location(str(over), 1, 1)


def test_locations_in_lists_of_maps_and_flow_maps() -> None:
    parsed = parse_values_text("rules:\n- action: Allow\n  source: {selector: x, nets: []}\n", "v.yaml")
    source = loading.SourceMap()
    source.add_file(parsed)
    assert source.locate(("rules", 0, "action")) == Location("v.yaml", 2, 11)
    assert source.locate(("rules", 0)) == Location("v.yaml", 2, 3)
    assert source.locate(("rules", 0, "source", "selector")) == Location("v.yaml", 3, 22)
    assert source.locate(("rules", 0, "source", "nets")) == Location("v.yaml", 3, 31)


# --- duplicate keys -----------------------------------------------------------------------------


@pytest.mark.parametrize("anchor", ["", "x: &a 1\n"], ids=["fast-reader", "full-reader"])
def test_duplicate_keys_are_errors_and_the_last_one_wins(anchor: str) -> None:
    text = f"{anchor}tiers:\n  t1:\n    order: 1\n    order: 2\n"
    parsed = parse_values_text(text, "v.yaml")
    line = 4 + anchor.count("\n")
    assert codes(parsed) == [("NPK011", f"v.yaml:{line}:5")]
    problem = parsed.problems[0]
    assert problem.path == ("tiers", "t1", "order")
    first = line - 1
    assert problem.message == f'duplicate key "order" (first defined on line {first}); helm silently keeps the last one'
    assert parsed.data["tiers"] == {"t1": {"order": 2}}


# --- broken input: a clear problem, never a traceback or a hang ----------------------------------


def test_missing_directory_and_unreadable_files(tmp_path: Path) -> None:
    assert [p.message for p in read_values_file(tmp_path / "nope.yaml").problems] == [
        "cannot read the file: no such file"
    ]
    assert codes(read_values_file(tmp_path)) == [("NPK001", str(tmp_path))]


def test_not_utf8_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nname: caf\xe9\n".encode("latin-1"))
    parsed = read_values_file(path)
    assert codes(parsed) == [("NPK002", f"{path}:2:10")]
    assert parsed.problems[0].message == "the file is not UTF-8 text (byte 0xe9)"


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_FILE_BYTES", 100)
    parsed = read_values_file(write(tmp_path / "big.yaml", "a: " + "x" * 200 + "\n"))
    assert [p.code for p in parsed.problems] == ["NPK003"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\n  c: d\n", ("NPK010", "v.yaml:2:4")),
        ("- a\n- b\n", ("NPK012", "v.yaml:1:1")),
        ("just a string\n", ("NPK012", "v.yaml:1:1")),
        ("a: 1\n---\nb: 2\n", ("NPK014", "v.yaml:2:1")),
        ("a: &x [*x]\n", ("NPK013", "v.yaml:1:4")),
        ("a: [" * 2 + "1" + "]" * 2 + "\nb: *undefined\n", ("NPK010", "v.yaml:2:4")),
        ("a:\n" + "".join("  " * i + "  k:\n" for i in range(1, 120)), ("NPK016", "v.yaml:102:205")),
    ],
)
def test_bad_yaml_is_one_problem(text: str, expected: tuple[str, str]) -> None:
    parsed = parse_values_text(text, "v.yaml")
    assert codes(parsed) == [expected]
    assert not parsed.usable


def test_alias_bomb_stops_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    parsed = parse_values_text("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - started < 5
    assert [p.code for p in parsed.problems] == ["NPK013"]
    assert "alias bomb" in parsed.problems[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", {}), ("# only a comment\n", {}), ("---\n", {}), ("~\n", {}), ("\ufeffa: 1\n", {"a": 1})],
)
def test_empty_documents_and_bom(text: str, expected: dict[str, Any]) -> None:
    parsed = parse_values_text(text, "v.yaml")
    assert parsed.problems == []
    assert parsed.data == expected


def test_crlf_and_merge_keys() -> None:
    assert parse_values_text("a: 1\r\nb:\r\n  c: x\r\n", "v.yaml").data == {"a": 1, "b": {"c": "x"}}
    merged = parse_values_text("base: &b {x: 1, z: 2}\nmine:\n  <<: *b\n  z: 3\n", "v.yaml")
    assert merged.data["mine"] == {"x": 1, "z": 3}
    assert merged.problems == []


# --- the fast reader agrees with the full one ----------------------------------------------------


def fast_or_none(text: str) -> ParsedFile | None:
    try:
        return _FastReader(text, "f.yaml").run()
    except loading._Bail:
        return None


def all_positions(parsed: ParsedFile) -> dict[tuple[Any, ...], loading.Pos]:
    out: dict[tuple[Any, ...], loading.Pos] = {}

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, (dict, list)):
            table = parsed.positions[id(node)]
            for key, value in node.items() if isinstance(node, dict) else enumerate(node):
                out[(*path, key)] = table[key]
                walk(value, (*path, key))

    walk(parsed.data, ())
    return out


def assert_same(text: str) -> bool:
    """True when the fast reader read `text`; then it must match the full reader exactly."""
    fast = fast_or_none(text)
    if fast is None:
        return False
    full = _full_read(text, "f.yaml")
    assert fast.data == full.data, text
    assert sorted(codes(fast)) == sorted(codes(full)), text
    assert all_positions(fast) == all_positions(full), text
    return True


def test_fast_reader_reads_the_chart_and_every_example_like_the_full_reader() -> None:
    paths = [CHART / "values.yaml", *sorted((REPO / "values-examples").glob("*.yaml"))]
    read = [path.name for path in paths if assert_same(path.read_text(encoding="utf-8"))]
    assert read == [path.name for path in paths]  # all of them on the fast path


_ATOMS = [
    "plain", "two words", "'single'", "'it''s'", '"double"', "''", "1", "-2", "0x1F", "017", "08", "1e3",
    "yes", "n", "~", "null", "true", "2020-01-01", "1:30", "a#b", "[]", "[a, 'b', 3]", "[x, ]", "{}",
    "{k: v, 'q': 1}", "[9000:9100]", "&anchor x", "*alias", "|\n  block", "!!str 5", "- bad", "'open",
    "a: b", "x # comment", "{a: [1]}", "[a, [b]]", "%odd", "@odd", ":odd", "?odd", ".inf",
    "[fd00:ec2::254/128, 10.0.0.0/8]", "[a:, b]", "[a: b]", "[a :b]", "{a:b: c}", "[a #b]", "[ a b , c ]",
]  # fmt: skip
_KEYS = ["a", "b", "key", "k8s-app", "app.kubernetes.io/name", "'quoted'", '"dq"', "1", "y", "a b", "a", "~", "<<"]


def random_document(rng: random.Random, atoms: list[str] = _ATOMS, keys: list[str] = _KEYS) -> str:
    lines: list[str] = []

    def block(indent: int, depth: int) -> None:
        for _ in range(rng.randint(1, 4)):
            pad = " " * indent
            roll = rng.random()
            if rng.random() < 0.1:
                lines.append(pad + "# comment" if rng.random() < 0.5 else "")
            if roll < 0.5 or depth > 3:
                lines.append(f"{pad}{rng.choice(keys)}: {rng.choice(atoms)}")
            elif roll < 0.75:
                lines.append(f"{pad}{rng.choice(keys)}:")
                block(indent + rng.choice([2, 4]), depth + 1)
            else:
                lines.append(f"{pad}{rng.choice(keys)}:")
                seq(indent + rng.choice([0, 2]), depth + 1)

    def seq(indent: int, depth: int) -> None:
        for _ in range(rng.randint(1, 3)):
            pad = " " * indent
            roll = rng.random()
            if roll < 0.4 or depth > 3:
                lines.append(f"{pad}- {rng.choice(atoms)}")
            elif roll < 0.8:
                lines.append(f"{pad}- {rng.choice(keys)}: {rng.choice(atoms)}")
                if rng.random() < 0.7:
                    lines.append(f"{pad}  {rng.choice(keys)}: {rng.choice(atoms)}")
            else:
                lines.append(f"{pad}-")
                block(indent + 2, depth + 1)

    block(0, 0)
    return "\n".join(lines) + "\n"


def test_fast_reader_matches_the_full_reader_on_random_documents() -> None:
    rng = random.Random(20261127)
    read = sum(assert_same(random_document(rng)) for _ in range(1500))
    assert read > 150  # the subset is exercised, not only the bail-outs


def test_fast_reader_matches_the_full_reader_on_repetitive_documents() -> None:
    """Few keys and values, so most lines repeat: the fast reader reads a line it has seen from
    its cache (`_FastReader.lines`), which must not change anything."""
    rng = random.Random(20261128)
    read = 0
    for _ in range(1500):
        atoms = rng.sample(_ATOMS, rng.randint(2, 8))
        read += assert_same(random_document(rng, atoms, rng.sample(_KEYS, rng.randint(2, 4))))
    assert read > 300


def test_repeated_lines_keep_their_own_positions_lists_and_problems() -> None:
    rule = "  - action: Allow\n    protocol: TCP\n    destination:\n      ports: [80, '9000:9100']\n"
    text = "rules:\n" + rule * 50 + "other:\n  protocol: TCP\n  protocol: TCP\n  a: .inf\n  b: .inf\n"
    assert assert_same(text)
    parsed = fast_or_none(text)
    assert parsed is not None
    ports = [item["destination"]["ports"] for item in parsed.data["rules"]]
    assert len({id(p) for p in ports}) == 50  # a list per line, not one shared list
    assert [p.location.line for p in parsed.problems] == [205, 206, 204]  # .inf twice, then the duplicate key
