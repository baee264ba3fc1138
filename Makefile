PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck schemas bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/jixiao score indicators/wuchang-bigdata-2022
	$(BIN)/jixiao verify indicators/wuchang-bigdata-2022 || test $$? -eq 1
	$(BIN)/jixiao aggregate indicators/wuchang-bigdata-2022/05-*.yaml indicators/wuchang-bigdata-2022/06-*.yaml \
	  --reference indicators/references/wuchang-bigdata-2022.yaml --title "2100410 突发公共卫生事件应急处理" || test $$? -eq 1

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

schemas: $(STAMP)
	$(BIN)/python -m scoring.schemas

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
