"""docs/validate.md: the code table is the generated one and lists every code netpolkit reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

from netpolkit.checks import REGISTRY
from netpolkit.explain import codes_table
from netpolkit.loading import LOAD_CODES
from netpolkit.reporters import render
from netpolkit.schema import SCHEMA_CODES
from netpolkit.validate import Report

DOC = Path(__file__).resolve().parents[2] / "docs" / "validate.md"
START, END = "<!-- netpolkit-codes:start -->\n", "<!-- netpolkit-codes:end -->"


def documented_table() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(START) + len(START) : text.index(END)]


def test_the_doc_lists_every_registered_code() -> None:
    listed = re.findall(r"^\| (NPK\d{3}) \|", documented_table(), flags=re.MULTILINE)
    expected = sorted({*LOAD_CODES, *SCHEMA_CODES, *REGISTRY})
    assert listed == expected, (
        f"missing: {sorted(set(expected) - set(listed))}, extra: {sorted(set(listed) - set(expected))}"
    )


def test_the_code_table_is_the_generated_one() -> None:
    assert documented_table() == codes_table(), "regenerate it: netpolkit explain --codes (between the markers)"


def test_the_documented_json_fields_are_the_real_ones() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = json.loads(text[text.index("```json\n") + 8 : text.index("```", text.index("```json\n") + 8)])
    real = json.loads(render("json", Report([], ["values.yaml"])))
    assert list(example) == list(real)
    documented = set(re.findall(r"^\| `problems\[\]\.(\w+)`(?:, `\.(\w+)`)?(?:, `\.(\w+)`)?", text, flags=re.MULTILINE))
    fields = {name for row in documented for name in row if name}
    assert fields == set(example["problems"][0])
