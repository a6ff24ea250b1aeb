# Every target bootstraps .venv from the pins in pyproject.toml and constraints.txt: no manual set-up.
# An API is a folder specs/<api>/ with an api.yaml. API=<api> narrows a target to that one
# (`make spec API=patchworks-core`); without it a target covers every API, one after another.

API ?=
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
PIP_VERSION := 26.3
# generated/ is linted under the generated projects' own ruff settings (their pyproject.toml).
LINTED := generator contract_tests tests benchmarks generated

# Every API (as generator/layout.py's all_apis() counts them: a profile and upstream pages), and the
# ones this invocation is about.
ALL_APIS := $(foreach api,$(patsubst specs/%/api.yaml,%,$(wildcard specs/*/api.yaml)),$(if $(wildcard specs/$(api)/upstream),$(api)))
APIS := $(or $(API),$(ALL_APIS))
# Runs a command once per API in APIS, with $$api set; stops at the first that fails.
define each_api
@for api in $(APIS); do $(1) || exit 1; done
endef

# The variables that could point the suite at a live host, for every API's env_prefix (<PREFIX>BASE_URL
# is what sends a run live; the credentials and settings go too, so that nothing of a live set-up leaks in).
ENV_PREFIXES := $(shell sed -n 's/^env_prefix: *\([A-Z][A-Z0-9_]*\).*/\1/p' $(wildcard specs/*/api.yaml))
LIVE_VARIABLES := BASE_URL API_KEY USERNAME LOGIN PASSWORD LOGIN_URL ALLOW_WRITES CONTRACT_PROFILE CONTRACT_SEED CONTRACT_MAX_EXAMPLES \
	CONTRACT_RATE_LIMIT
OFFLINE := env $(foreach prefix,$(ENV_PREFIXES),$(foreach name,$(LIVE_VARIABLES),-u $(prefix)$(name))) \
	-u CONTRACT_API -u CONTRACT_REPORTS -u CONTRACT_EMULATOR_LOG

.DEFAULT_GOAL := help
.PHONY: help venv spec client regenerate check lint lint-spec typecheck test contract contract-live bench emulator lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'
	@echo "API=<api> narrows a target to one API (here: $(ALL_APIS)); without it a target covers each API."

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing the pinned tools into $(VENV) (log: $(VENV)/install.log)"
	@{ $(PY) -m pip install --disable-pip-version-check pip==$(PIP_VERSION) && \
	   $(PY) -m pip install --disable-pip-version-check -c constraints.txt -e '.[dev]'; \
	 } > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

venv: $(STAMP) ## Create .venv from the pinned versions

spec: $(STAMP) ## Build specs/<api>/openapi.json from its upstream pages and overlays
	$(call each_api,$(PY) -m generator spec --api $$api)

client: $(STAMP) ## Generate generated/<api>-client/ from the committed spec
	$(call each_api,$(PY) -m generator client --api $$api)

regenerate: $(STAMP) ## After an upstream change: build the spec, then generate the client
	$(call each_api,$(PY) -m generator regenerate --api $$api)

check: $(STAMP) ## Fail when a committed spec or client differs from a fresh generation
	$(call each_api,$(PY) -m generator check --api $$api)

lint: $(STAMP) lint-spec ## ruff (lint and format check), and lint-spec
	@$(BIN)/ruff check $(LINTED)
	@$(BIN)/ruff format --check $(LINTED)

# Redocly CLI, pinned in tools/redocly/package-lock.json, installed from the npm registry into
# tools/redocly/node_modules the way .venv is from PyPI (npm ci: exactly the locked versions; no global install).
REDOCLY_DIR := tools/redocly
REDOCLY_STAMP := $(REDOCLY_DIR)/node_modules/.installed-stamp
$(REDOCLY_STAMP): $(REDOCLY_DIR)/package.json $(REDOCLY_DIR)/package-lock.json
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  echo "make lint-spec needs Node.js (20.19+ or 22.12+) with npm, for Redocly CLI: install it (https://nodejs.org/) and run make again" >&2; exit 1; }
	@echo "Installing the pinned Redocly CLI into $(REDOCLY_DIR)/node_modules (log: $(REDOCLY_DIR)/install.log)"
	@npm ci --prefix $(REDOCLY_DIR) --ignore-scripts --no-audit --no-fund > $(REDOCLY_DIR)/install.log 2>&1 \
	  || { cat $(REDOCLY_DIR)/install.log; exit 1; }
	@touch $@

lint-spec: $(REDOCLY_STAMP) ## Redocly CLI's recommended rules on each built spec (waivers: specs/<api>/.redocly.lint-ignore.yaml)
	@sh $(REDOCLY_DIR)/lint-spec.sh $(APIS)

typecheck: $(STAMP) ## mypy --strict on generator/, tests/, benchmarks/ and the generated clients
	@$(BIN)/mypy

# The suite never goes to a live host, whatever the shell exports (OFFLINE). The contract check loads one
# API per process (contract_tests/run.py), so its fast profile runs once per API, after the other tests.
test: check lint typecheck ## make check, lint, typecheck, the test suite, and a fast contract check of each API
	@$(OFFLINE) $(BIN)/pytest -q tests
	$(call each_api,$(OFFLINE) CONTRACT_API=$$api $(BIN)/pytest -q -p no:cacheprovider contract_tests)

# SEED=n replays a run; MAX_EXAMPLES=n sets the examples per operation (the full profile's: 100). Each goes on
# the command line, so each must be a whole number, checked as the Makefile is read: a value with a space or a
# `;` would add options (`--allow-writes`) or commands (the nightly workflow takes both from its inputs). The
# check reads each as written ($(value)): expanding it would run a $(shell ...) in it.
not_a_whole_number = $(or $(filter-out 1,$(words $(1))),$(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst \
  4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(1))))))))))))
$(foreach name,SEED MAX_EXAMPLES,$(if $(value $(name)),$(if $(call not_a_whole_number,$(value $(name))),$(error \
  $(name) must be a whole number (digits only), not '$(value $(name))'))))
CONTRACT_OPTIONS = $(if $(SEED),--seed $(SEED)) $(if $(MAX_EXAMPLES),--max-examples $(MAX_EXAMPLES))
contract: check ## The contract check against a fresh emulator: full profile, summary in reports/ (SEED=, MAX_EXAMPLES=)
	@$(PY) -m contract_tests $(if $(API),--api $(API)) --profile full $(CONTRACT_OPTIONS)

contract-live: $(STAMP) ## The check against <PREFIX>BASE_URL, read-only unless <PREFIX>ALLOW_WRITES=1
	@$(PY) -m contract_tests $(if $(API),--api $(API)) --live --profile full $(CONTRACT_OPTIONS)

# Every benchmark for each API, each in its own process (benchmarks/__main__.py); a miss does not stop the
# others, and the run ends with the list of what missed.
bench: $(STAMP) ## Run the benchmarks under benchmarks/ (not part of make test; a few minutes per API)
	@$(PY) -m benchmarks $(if $(API),--api $(API))

# The emulator serves one API: API=, or the only one there is.
EMULATOR_API := $(or $(API),$(if $(word 2,$(ALL_APIS)),,$(ALL_APIS)))
EMULATOR_KEY ?= local-dev-key
EMULATOR_LOGIN ?= dev@example.com:dev-password
# The credentials go to the emulator in files under .emulator/ (mode 600), never on its command line (which
# `ps` shows); the control routes' key is made once per API, at random, and only its file is named.
EMULATOR_SECRETS := .emulator/$(EMULATOR_API)
emulator: $(STAMP) ## Serve an API's emulator on http://127.0.0.1:8080 with its demo data (Ctrl-C stops it)
	@$(if $(EMULATOR_API),,echo "make emulator serves one API: give API=<one of: $(ALL_APIS)>" >&2; exit 2)
	@mkdir -p .emulator && umask 077 && printf '%s\n' "$(EMULATOR_KEY)" > $(EMULATOR_SECRETS).api-key && \
	  printf '%s\n' "$(EMULATOR_LOGIN)" > $(EMULATOR_SECRETS).login && \
	  { test -s $(EMULATOR_SECRETS).control-key || \
	    $(PY) -c 'import secrets; print(secrets.token_urlsafe(32))' > $(EMULATOR_SECRETS).control-key; } && \
	  chmod 600 $(EMULATOR_SECRETS).api-key $(EMULATOR_SECRETS).login $(EMULATOR_SECRETS).control-key
	@echo "Control routes (/__emulator__/...): send X-Emulator-Control-Key with the key in $(EMULATOR_SECRETS).control-key"
	@$(BIN)/api-emulator serve --api $(EMULATOR_API) --seed demo --api-key-file $(EMULATOR_SECRETS).api-key \
	  --login-file $(EMULATOR_SECRETS).login --control-key-file $(EMULATOR_SECRETS).control-key

lock: ## Re-resolve pyproject.toml into constraints.txt (after changing a pin)
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	@.lock-venv/bin/pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	@.lock-venv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	@{ echo "# Generated by 'make lock' from pyproject.toml: the exact versions of every dependency."; \
	   .lock-venv/bin/pip freeze --exclude patchworks-api-tooling; } > constraints.txt
	@rm -rf .lock-venv
	@echo "constraints.txt updated"

clean: ## Remove .venv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
