# `make run` and `make test` each set up everything they need, then run.
VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
FONT     := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
NODE     := $(or $(shell command -v node),/usr/bin/node)
HOST     ?= 127.0.0.1
PORT     ?= 8501
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: setup run test test-fast test-js lint bench check annotate vendor assets clean docs screenshot

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
$(CHROMIUM):
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium

# The JavaScript unit tests run on Debian's Node when there is no node (they need no npm package).
/usr/bin/node:
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y nodejs

# The importer's tests set PDFs in DejaVu Sans (benchmarks/fixture_files.py).
$(FONT):
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y fonts-dejavu-core

# The virtualenv with requirements.txt installed (every target below starts with it).
setup: $(STAMP)

# Serve the reader on http://$(HOST):$(PORT) (loopback unless HOST says otherwise).
run: setup
	$(PY) -m streamlit run reader/app/main.py --server.address $(HOST) --server.port $(PORT)

# Lint, type check and import contracts first, so an error fails `make test` (and CI) before the tests run.
lint: setup
	$(PY) -m ruff check reader benchmarks tests tools
	$(PY) -m ruff format --check reader benchmarks tests tools
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-logo

# Every test on every core (a test module keeps to one worker, with its app servers); a crash prints its stack.
test: setup lint test-js $(CHROMIUM) $(FONT)
	PYTHONFAULTHANDLER=1 $(PY) -m pytest -n auto --dist loadfile

# All but the browser tests (no lint): the quick loop while working.
test-fast: setup $(FONT)
	PYTHONFAULTHANDLER=1 $(PY) -m pytest -n auto --dist loadfile -m "not browser"

# The front end's pure functions (tests/js/*.test.js, on frontend/ as it is: no build, no npm).
test-js: $(NODE)
	$(NODE) --test tests/js/

# Validate every document and its annotations (python -m reader check).
check: setup
	$(PY) -m reader check

# Measure speed against the spaCy/displaCy baselines (docs/performance.md); prints, never fails.
bench: setup
	$(PY) -m benchmarks
	$(PY) -m benchmarks.library  # the library at 1,000 and 10,000 documents (docs/library.md)

# Fill the entity cache for every document (before serving many readers, or a read-only app).
annotate: setup
	$(PY) -m reader annotate

# Copy axe-core (pinned in package.json) into tests/data, so the tests need no npm.
vendor:
	npm ci --no-audit --no-fund
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE node_modules/axe-core/LICENSE-3RD-PARTY.txt tests/data/axe-core/

# Rebuild the front-end bundles committed in the app's assets (needs Node and npm; run and test do not).
assets:
	npm ci --no-audit --no-fund
	node frontend/build.mjs

# Remove the virtualenv and pytest's cache.
clean:
	rm -rf $(VENV) .pytest_cache

# Regenerate the tables in README.md and docs/ that describe the code; a test fails when they drift.
docs: setup
	$(PY) -m tools.docs

# docs/screenshot.png from the running app, a claim's evidence open (Playwright drives Debian's Chromium).
screenshot: setup $(CHROMIUM)
	$(PY) -m tools.screenshot
