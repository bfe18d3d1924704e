"""Meta-tests over the check registry (yamllint style): complete, unique, documented, tested."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest
from checkhelpers import doc_examples, values_from

import netpolkit.checks as checks_pkg
from netpolkit.checks import MODULES, REGISTRY, get, run_checks
from netpolkit.problems import Severity

HERE = Path(__file__).parent


def test_every_check_module_is_registered() -> None:
    found = {
        m.name
        for m in pkgutil.iter_modules(checks_pkg.__path__)
        if not m.name.startswith("_") and m.name not in ("base", "model")
    }
    assert found == {m.__name__.rsplit(".", 1)[1] for m in MODULES}


def test_codes_are_well_formed_and_severity_follows_the_range() -> None:
    for code, check in REGISTRY.items():
        assert re.fullmatch(r"NPK[23]\d\d", code), code
        assert check.code == code
        expected = Severity.ERROR if code.startswith("NPK2") else Severity.WARNING
        assert check.severity is expected, code
        assert check.title and not check.title.endswith(".")


def test_get_is_case_insensitive_and_rejects_unknown_codes() -> None:
    assert get("npk200") is REGISTRY["NPK200"]
    with pytest.raises(KeyError, match="unknown check"):
        get("NPK999")


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_check_documents_pass_and_fail_examples(code: str) -> None:
    kinds = [kind for kind, _ in doc_examples(REGISTRY[code].doc)]
    assert "PASS" in kinds and "FAIL" in kinds, f"{code} needs PASS and FAIL examples in its docstring"
    first_line = REGISTRY[code].doc.splitlines()[0]
    assert first_line.strip(), f"{code}: the doc starts with a summary line"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_documented_examples_behave_as_documented(code: str) -> None:
    for kind, snippet in doc_examples(REGISTRY[code].doc):
        codes = {p.code for p in run_checks(values_from(snippet))}
        if kind == "FAIL":
            assert code in codes, f"{code} FAIL example is not reported:\n{snippet}"
        else:
            assert code not in codes, f"{code} PASS example is reported:\n{snippet}"


def test_every_code_has_a_unit_test() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py") if p.name != "test_registry.py")
    missing = [code for code in REGISTRY if f'"{code}"' not in text]
    assert not missing, f"no unit test mentions {missing}"


def test_chart_defaults_are_clean() -> None:
    assert run_checks(values_from({})) == []
