# Every target bootstraps .venv from the hashed lock on first use (Python >= 3.11.5 and make only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN := PYTHONPATH=scripts NO_MKDOCS_2_WARNING=1 $(BIN)/python
# Dates in the output come from the last commit, never the clock (reproducible builds).
# Without git history (GitHub's "Download ZIP"), from the newest file in data/: a ZIP keeps
# each file's commit time. Set SOURCE_DATE_EPOCH=<seconds since 1970> to choose.
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
SOURCE_DATE_EPOCH := $(shell $(PYTHON) -c 'import pathlib; print(max((int(p.stat().st_mtime) for p in pathlib.Path("data").rglob("*.yaml")), default=""))' 2>/dev/null)
$(info make: no git history here (a ZIP download?): dates in the site come from the newest file in data/ (SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)); set SOURCE_DATE_EPOCH to choose another)
endif
endif
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
unexport SOURCE_DATE_EPOCH
else
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build preview validate render lint format check test bench new schemas lock clean help

help:
	@echo "make serve     build and preview the site at http://127.0.0.1:8000 (reloads on changes)"
	@echo "make lint      ruff check, ruff format --check and mypy --strict (seconds)"
	@echo "make format    apply ruff format and ruff's safe fixes"
	@echo "make check     lint, then the fast tests: no mkdocs build, no browser (about a minute)"
	@echo "make test      lint, then the whole test suite (browser tests included)"
	@echo "make build     validate, render and build site/ with mkdocs --strict"
	@echo "make validate  check data/ only (fast)"
	@echo "make bench     measure build time and size at 100 to 15,000 fake deployments"

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5) and f"Python >= 3.11.5 is required (the locked pymdown-extensions needs it); {sys.executable} is {sys.version.split()[0]}: run make PYTHON=/path/to/python3 (3.11.5 or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

serve: $(STAMP)
	$(RUN) -m watched serve

build: $(STAMP)
	$(RUN) -m watched build

# The site as the pull-request preview artifact: pages link to .html files, so site/ opens
# from disk (double-click site/index.html); search needs a web server, as on GitHub Pages.
preview: $(STAMP)
	WATCHED_DIRECTORY_URLS=false $(RUN) -m watched build

validate: $(STAMP)
	@$(RUN) -m watched validate

render: $(STAMP)
	$(RUN) -m watched render

# Lint, layout and types over the Python code (settings in pyproject.toml); check and test
# run it first.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The fast tier: unit tests only (no mkdocs build, no browser), for the edit-test loop.
check: lint
	$(RUN) -m pytest -m "not build and not browser" $(PYTEST_ARGS)

test: lint
	$(RUN) -m pytest $(PYTEST_ARGS)

# A new record from its annotated template: make new KIND=deployment ID=some-agency-system
new: $(STAMP)
	$(RUN) -m watched new $(KIND) $(ID)

# Regenerate the committed JSON Schemas from the models (a test fails when they are stale).
schemas: $(STAMP)
	$(RUN) -m watched schemas

# Build time and size at 100 to 15,000 fake deployments; results go to bench/results.*
# Each size is also built by BENCH_BASELINE's code in the same run (the commit the speed
# targets were set against), for a ratio; `make bench BENCH_BASELINE=` skips that.
BENCH_BASELINE ?= 2604f30
bench: $(STAMP)
	$(RUN) -m watched bench $(if $(BENCH_BASELINE),--baseline $(BENCH_BASELINE)) $(BENCH_ARGS)

# Re-pin every dependency (needs pip-tools; the lock carries hashes for --require-hashes).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml

clean:
	rm -rf .build site generated overrides/generated
