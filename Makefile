# Quick start: `make briefing` builds everything, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages: CJK fonts for Chinese text, Liberation Sans for the English charts;
# Chromium, poppler and LibreOffice Impress for the tests.
BRIEFING_DEBS := fonts-noto-cjk fonts-liberation
TEST_DEBS := $(BRIEFING_DEBS) chromium poppler-utils libreoffice-impress

FLOORS_VENV := .venv-floors

.PHONY: briefing bytecode test test-floors lint bench clean system-deps-briefing system-deps-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The package's own modules compiled once: an editable install leaves them to the first
# import, and where PYTHONDONTWRITEBYTECODE is set (as in many containers) every build and
# each chart worker would compile them again (about 0.1 s a process). Stale files are
# never used: Python checks each against its source.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q analysis benchmarks

# Installs missing Debian packages when run as root on Debian; otherwise says what is missing.
define install_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "note: missing Debian packages:$$missing (apt-get install$$missing)"; fi; \
	fi
endef

system-deps-briefing:
	$(call install_debs,$(BRIEFING_DEBS))

system-deps-test:
	$(call install_debs,$(TEST_DEBS))

briefing: $(STAMP) bytecode system-deps-briefing
	$(BIN)/briefing build

test: $(STAMP) bytecode system-deps-test
	$(BIN)/python -m pytest -q

# The lowest versions pyproject.toml allows (uv --resolution lowest-direct), fast tests:
# keeps the declared floors true.
test-floors: $(STAMP) system-deps-test
	$(BIN)/python -m pip install --quiet uv
	rm -rf $(FLOORS_VENV)
	$(BIN)/uv venv --quiet --python $(PYTHON) $(FLOORS_VENV)
	$(BIN)/uv pip install --quiet --python $(FLOORS_VENV)/bin/python --resolution lowest-direct -e '.[test]'
	$(FLOORS_VENV)/bin/python -m pytest -q -m "not slow" -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/ruff format --check analysis tests benchmarks

bench: $(STAMP) bytecode
	$(BIN)/python -m benchmarks.extraction
	$(BIN)/python -m benchmarks.build
	$(BIN)/python -m benchmarks.charts
	$(BIN)/python -m benchmarks.render
	$(BIN)/python -m benchmarks.large_input

clean:
	rm -rf $(VENV) $(FLOORS_VENV) _output
