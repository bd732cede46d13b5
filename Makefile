# motcua — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test install install-dev migrate demo-data serve lint format bench compliance messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements/constraints.txt
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/motcua migrate --noinput

demo-data: migrate
	$(BIN)/motcua load_demo

## demo: set up everything and serve the sample province on http://127.0.0.1:8000, with this
## portal's own online filing switched on (MOTCUA_PORTAL_FILING_ENABLED)
demo: demo-data
	@echo ""
	@echo "  motcua: http://$(HOST):$(PORT)/   (Ctrl+C to stop)"
	@echo ""
	DEBUG=true MOTCUA_PORTAL_FILING_ENABLED=true $(BIN)/motcua runserver $(HOST):$(PORT)

## test: install the dev dependencies and run the whole suite (browser tests included)
test: install-dev
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install-dev
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install-dev
	$(PY) bench/run.py

## compliance: run the whole suite (going on past failing tests), then write the self-assessment
## against TT 22/2019: reports/compliance.html, .xlsx, .json (Vietnamese), reports/compliance-en.html
compliance: install-dev migrate
	-DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)
	$(BIN)/motcua compliance report --format html --out reports/compliance.html
	$(BIN)/motcua compliance report --format xlsx --out reports/compliance.xlsx
	$(BIN)/motcua compliance report --format json --out reports/compliance.json
	$(BIN)/motcua compliance report --format html --lang en --out reports/compliance-en.html

messages: install-dev
	cd src/motcua && ../../$(BIN)/motcua makemessages -l en --no-obsolete && ../../$(BIN)/motcua compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache
