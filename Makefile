# finsam — two commands for users (`make report`, `make test`), a few more for contributors.
# Everything installs into .venv; nothing is installed user- or system-wide.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.finsam-installed
OUT    ?= reports
JOBS   ?= 2
KERNEL := finsam
COMPILE = $(BIN)/python -m compileall -q -j 0 finsam_data

.DEFAULT_GOAL := help
.PHONY: help install report data test test-airflow lint lab bench bench-table clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-installs when pyproject.toml changes. uv installs the ~1 GB stack in seconds (pip: ~45 s).
# rfc3987-syntax (pulled in by jupyter-events via jsonschema[format-nongpl]) compiles a grammar on
# every import of jsonschema and adds ~1 s to every kernel and papermill start; jsonschema skips
# the IRI format checks without it, which nothing here uses. See STACK-NOTES.
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (containers, this machine), a venv
# without .pyc files compiles the whole stack from source at every start (0.87 s of a 1.24 s
# no-op build). The package itself is an editable install: $(COMPILE) compiles it, and runs again
# before every build and test (a no-op when nothing changed), since edits make its .pyc stale.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -e '.[dev]'
	$(BIN)/uv pip uninstall --python $(BIN)/python --quiet rfc3987-syntax || true
	@# uv compiles only what it installed; an existing venv gets the rest here (once).
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "finsam (Python 3)" >/dev/null
	mkdir -p $(VENV)/etc/jupyter && cp finsam_data/jupyter/jupyter_server_config.py $(VENV)/etc/jupyter/
	$(COMPILE)
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install finsam with its development tools

report: $(STAMP) ## Build tables, validation and reports from the bundled corpus into reports/
	@$(COMPILE)
	$(BIN)/finsam build --out $(OUT) --jobs $(JOBS)
	@echo "Öppna $(OUT)/index.html"

data: $(STAMP) ## Only tables and validation (no notebooks)
	@$(COMPILE)
	$(BIN)/finsam build --only-data --out $(OUT)

lint: $(STAMP) ## ruff
	$(BIN)/ruff check .

test: $(STAMP) ## ruff, then the whole test suite
	@$(COMPILE)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-airflow: $(STAMP) ## deploy/airflow_dag.py under real Airflow 3 (its own venv; skipped if it cannot install)
	$(BIN)/python -m pytest -q -m airflow tests/test_airflow.py

lab: $(STAMP) ## JupyterLab on notebooks/, reading the last build's tables (offline settings)
	@test -f $(OUT)/data/facts.parquet || $(BIN)/finsam build --only-data --out $(OUT)
	FINSAM_DATA=$(abspath $(OUT))/data $(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP) ## Benchmarks: print timings and ratios (never fail on time)
	@$(COMPILE)
	@for b in benchmarks/bench_*.py; do case $$b in *issue_table*) continue;; esac; \
		echo "== $$b"; $(BIN)/python $$b || exit 1; done

bench-table: $(STAMP) ## Issue 15's speed table in one run: build, no-op, render ratio, national scale
	@$(COMPILE)
	$(BIN)/python benchmarks/bench_issue_table.py

clean: ## Remove reports/ and caches (keeps .venv)
	rm -rf $(OUT) .$(OUT).* .pytest_cache .ruff_cache
