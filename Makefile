# `make run` and `make test` are the contract: both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set of pins: each install runs once, and again when its pins or pyproject.toml change.
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
export FLASK_APP := app

.PHONY: run test install install-dev pins fmt lint typecheck translations extract-messages update-translations \
	content-check db clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# `make run` needs only the runtime pins; the package itself goes in without resolving anything again.
$(RUNTIME_STAMP): requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(DEV_STAMP): requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(RUNTIME_STAMP)

install-dev: $(DEV_STAMP)

# Regenerate the pins from pyproject.toml, keeping every pinned version that still fits;
# `make pins UPGRADE=1` moves everything to the newest versions that fit. The dev pins take the runtime pins
# as constraints, so both files agree on every package they share.
PINS_FLAGS := --universal --python-version 3.11 --quiet --custom-compile-command 'make pins' $(if $(UPGRADE),--upgrade)
pins: $(DEV_STAMP)
	$(BIN)/uv pip compile pyproject.toml $(PINS_FLAGS) -o requirements/runtime.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev -c requirements/runtime.txt $(PINS_FLAGS) -o requirements/dev.txt

# Compiled catalogs (.mo) are built, never committed.
translations: install
	$(BIN)/pybabel compile --statistics -d translations

extract-messages: install
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		-o translations/messages.pot .

update-translations: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

content-check: install
	$(BIN)/flask content check

# Local development runs in debug mode, with a random key made once and kept in instance/ (never committed):
# there is no built-in key, so nobody can forge a cookie for someone else's copy.
SECRET_KEY_FILE ?= $(CURDIR)/instance/secret_key
db run: export FLASK_DEBUG := 1
db run: export SECRET_KEY_FILE := $(SECRET_KEY_FILE)

$(SECRET_KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@
	@echo "Made a new secret key in $@"

db: install $(SECRET_KEY_FILE)
	@mkdir -p instance
	$(BIN)/flask db upgrade

run: translations db
	$(BIN)/flask demo
	$(BIN)/flask run --debug --host 127.0.0.1 --port 5000

# The checks, cheapest first (make runs prerequisites left to right): format, lint, types, content, suite.
# The suite lets Python cache bytecode even where the environment turns that off (PYTHONDONTWRITEBYTECODE): otherwise
# every pytest-xdist worker compiles the app and rewrites the test modules again, a second or more of each run.
test: lint typecheck content-check translations
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install-dev
	$(BIN)/mypy

# Formats the tree and applies ruff's safe fixes; review the diff before committing.
fmt: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance translations/*/LC_MESSAGES/*.mo
