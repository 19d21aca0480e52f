# Two entry points: `make run` starts the product, `make test` runs the whole suite.
# Both create the virtual environment on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint venv clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/tonnage migrate
	@if $(BIN)/python -c "from bot.settings import get_settings as s; raise SystemExit(not s().bot_token)"; \
	then $(BIN)/tonnage run; else $(BIN)/tonnage demo; fi

test: $(STAMP)
	bash scripts/ensure-system-deps.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy flows storage
	$(BIN)/pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy flows storage

clean:
	rm -rf $(VENV) data
