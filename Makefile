# Two commands for a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/flask --app board db upgrade
	$(BIN)/flask --app board seed-demo
	@echo ""
	@echo "Empathy Board is starting on http://$(HOST):$(PORT)  (Ctrl+C stops it)"
	$(BIN)/flask --app board run --host $(HOST) --port $(PORT)

# SQLite always; PostgreSQL too when TEST_POSTGRES_URL is set (CI sets it). Browser tests run
# when /usr/bin/chromium exists and are skipped with a reason otherwise.
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest --db=sqlite
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		$(BIN)/pytest --db=postgres; \
	else \
		echo "TEST_POSTGRES_URL is not set: the PostgreSQL pass was skipped."; \
	fi

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts *.egg-info
