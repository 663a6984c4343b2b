# PCMD platform: the operator's and developer's entry points.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast lint proto proto-check bench clean install token mutate constraints demo demo-system

# Every package at the version constraints.txt names (transitive ones included), so two installs a
# month apart run the same code; `make constraints` regenerates it after a requirements change.
$(STAMP): requirements.txt requirements-embedded.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

## Re-resolve constraints.txt after changing a requirements file (pip's resolver, stdlib only).
constraints:
	$(PYTHON) -m tests.constraints

install: $(STAMP)

## The whole system on this machine (embedded NATS and PostgreSQL unless PCMD_NATS_URL / database URLs are set).
run: $(STAMP)
	$(VENV)/bin/pcmd run

## A demo system: `make run` whose services read a simulated clock (PCMD_DEMO_CLOCK, development only)
## that `make demo` moves from January 1 to now. A fresh one: `make clean` first.
demo-system: $(STAMP)
	$(VENV)/bin/pcmd run --demo-clock

## A seeded year of the programme through the five services' APIs, each month's work in its month, for
## a system `make demo-system` started (in another terminal). DEMO="--scale 100" for a city's load.
demo: $(STAMP)
	$(VENV)/bin/pcmd demo $(DEMO)

## Every test: unit, contract, integration, fault and end-to-end.
test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q tests/unit

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

## Regenerate Python code and AsyncAPI documents from proto/, then lint the contracts.
proto: $(STAMP)
	$(PY) -m shared.contracts.codegen
	cd proto && npm install --no-audit --no-fund --silent && npx buf lint

## Mutation testing of the pure domain rules with their unit tests (cosmic-ray): prints the score per
## module and writes tests/mutation/report.json. About 15 minutes on two cores, most of it the tip
## state machine; MUTATE="periods snapshot" runs some modules, MUTATE="-j 2" two at a time.
mutate: $(STAMP)
	PCMD_THOROUGH=1 $(PY) -m tests.mutation.run $(MUTATE)

bench: $(STAMP)
	$(PY) -m tests.bench

token: $(STAMP)
	@$(VENV)/bin/pcmd token --unit $${UNIT:-ca} --roles $${ROLES:-officer}

## Remove the state folder (all local data), caches and the virtual environment.
clean:
	rm -rf .pcmd $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis proto/node_modules .bench
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
