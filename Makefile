# `make run` and `make test` are the contract: both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := app

.PHONY: run test install translations extract-messages update-translations content-check db lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

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

# Local development runs in debug mode, which supplies a development-only SECRET_KEY.
db run: export FLASK_DEBUG := 1

db: install
	@mkdir -p instance
	$(BIN)/flask db upgrade

run: translations db
	$(BIN)/flask demo
	$(BIN)/flask run --debug --host 127.0.0.1 --port 5000

test: translations content-check
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check app tests bench

clean:
	rm -rf $(VENV) instance translations/*/LC_MESSAGES/*.mo
