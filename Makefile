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

test: translations content-check
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check app tests bench

clean:
	rm -rf $(VENV) instance translations/*/LC_MESSAGES/*.mo
