PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/test.lock
BENCH_LOCK := requirements/bench.lock
# uv resolves the locks (fast, universal, hashes); pip installs them, so a new machine needs
# nothing but Python and pip. `make lock` fetches this uv into a tools venv of its own.
UV_VERSION ?= 0.13.9
TOOLS := .venv-tools
COMPILE := $(TOOLS)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes
LATEST := .venv-latest

# fuzz: every fuzz target for hours (FUZZ_EXAMPLES examples each under hypothesis, then
# FUZZ_SECONDS each under atheris where it installs); `make test` runs them on a small budget.
FUZZ_EXAMPLES ?= 200000
FUZZ_SECONDS ?= 1800
FUZZ_TARGETS := yaml_loader form_loader value_parser formula_parser rulebook_loader batch_csv batch_parquet batch_arrow excel_reader

.PHONY: fuzz demo test check docs test-latest lock lint typecheck schemas bench clean

# The locked environment: exact versions with hashes, then jixiao itself, built with the
# locked setuptools (no build isolation, so nothing unlocked is fetched for the build).
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/jixiao score indicators/wuchang-bigdata-2022
	$(BIN)/jixiao verify indicators/wuchang-bigdata-2022 || test $$? -eq 1
	$(BIN)/jixiao aggregate indicators/wuchang-bigdata-2022/05-*.yaml indicators/wuchang-bigdata-2022/06-*.yaml \
	  --reference indicators/references/wuchang-bigdata-2022.yaml --title "2100410 突发公共卫生事件应急处理" || test $$? -eq 1

test: $(STAMP)
	$(MAKE) --no-print-directory check BIN=$(BIN)

# The suite itself, for whichever environment BIN points at.
check:
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/mkdocs build --strict --quiet

# The documentation site (docs/*.md, mkdocs.yml) into build/site.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

# The suite against the newest release of everything (no lock), so that upcoming breakage
# shows before a lock refresh lands it.
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip setuptools
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/python -m pip list --format=freeze
	$(MAKE) --no-print-directory check BIN=$(LATEST)/bin

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

lock: $(TOOLS)/bin/uv
	$(COMPILE) pyproject.toml requirements/build.in --extra test -o $(LOCK)
	$(COMPILE) pyproject.toml requirements/build.in --extra test --extra bench -o $(BENCH_LOCK)

# schemas/*.json and docs/codes.md, generated from the models and the code catalogue
schemas: $(STAMP)
	$(BIN)/python -m scoring.schemas

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(BENCH_LOCK)
	$(BIN)/python benchmarks/run.py

fuzz: $(STAMP)
	JIXIAO_FUZZ_PROFILE=fuzz JIXIAO_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/fuzz --timeout=0 -x
	@if $(BIN)/python -m pip install --quiet 'atheris>=2.3'; then \
	  for t in $(FUZZ_TARGETS); do \
	    $(BIN)/python tests/fuzz/atheris_main.py $$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=60 || exit 1; \
	  done; \
	else echo "atheris does not install here: the hypothesis run above is the fuzzing"; fi

clean:
	rm -rf $(VENV) $(LATEST) $(TOOLS) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
