# Two commands for a fresh machine: `make demo` and `make test`. Each installs what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

export UV_PYTHON_DOWNLOADS := never
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export GX_ANALYTICS_ENABLED := False
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help install compose-tool browser-tool demo demo-bad demo-live-replica test test-fast scorecard report rollback lint clean

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$$(command -v $(PYTHON))"
	@touch $@

install: $(VENV)/.installed  ## create .venv from uv.lock (seconds; nothing else needed)

demo: install  ## run the whole pipeline through Airflow on the bundled sample; print the KPI scorecard
	@mkdir -p $(AIRFLOW_HOME)/logs
	$(PY) -m warehouse run --log $(AIRFLOW_HOME)/logs/demo.log

demo-bad: install  ## the demo with bad batches (warehouse/sample_bad/): they are quarantined, nothing of them is loaded
	@mkdir -p $(AIRFLOW_HOME)/logs
	SAMPLE_OVERLAY_DIR=$(CURDIR)/warehouse/sample_bad $(PY) -m warehouse run --log $(AIRFLOW_HOME)/logs/demo-bad.log || true

demo-live-replica: install  ## live mode from API keys alone through Airflow, against local replicas of every upstream
	@mkdir -p $(AIRFLOW_HOME)/logs
	AIRFLOW_HOME=$(CURDIR)/.airflow-live-replica $(PY) -m tests.live_replica rehearse $(CURDIR)/warehouse/live-replica

# tests/test_compose.py validates docker-compose.yml offline with docker-compose v1 (Debian; root in CI).
compose-tool:
	@command -v docker-compose >/dev/null || (apt-get update -qq && apt-get install -y -qq docker-compose)

.PHONY: compose-env compose-smoke
compose-env: install  ## write .env from .env.example with fresh secrets (never overwrites an existing .env)
	$(PY) -m warehouse.deploy_check init-env .env
	@mkdir -p data/warehouse

# The compose stack started for real with podman (Docker Hub is unreachable here: base images are
# made from Debian packages with debootstrap; as root). Not part of `make test` (minutes of CPU):
# builds the images, starts the stack, runs the DAGs on the sample, reads a mart through the BI
# PostgreSQL port, removes the stack. COMPOSE_SMOKE_KEEP=1 leaves it running for a look.
compose-smoke: install  ## start the docker-compose stack with podman, run the DAGs, read a mart over the BI port
	@command -v podman >/dev/null && command -v runc >/dev/null && command -v debootstrap >/dev/null && \
		command -v docker-compose >/dev/null || (apt-get update -qq && apt-get install -y -qq podman runc debootstrap docker-compose)
	SAI_COMPOSE_SMOKE=1 nice -n 10 $(PY) -m pytest tests/test_compose_smoke.py -q -s

# Debian's Chromium renders the KPI report and the dashboard headless in tests; Noto CJK draws Korean.
browser-tool:
	@command -v chromium >/dev/null && fc-list :lang=ko family | grep -q . || \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk)

# Superset for the marts dashboard (warehouse/dashboard/), in its own virtualenv: its pins (Flask 2.3,
# SQLAlchemy 1.4) cannot share .venv. Measured here: 6 s from an empty uv cache, 716 MB.
SUPERSET_VENV := $(TOOLS)/superset
$(SUPERSET_VENV)/.installed: warehouse/dashboard/requirements.txt | $(UV)
	$(UV) venv --quiet --allow-existing --python "$$(command -v $(PYTHON))" $(SUPERSET_VENV)
	VIRTUAL_ENV=$(CURDIR)/$(SUPERSET_VENV) $(UV) pip sync --quiet warehouse/dashboard/requirements.txt
	@touch $@

# Migrated + initialised metadata DB that start.sh copies into a fresh SUPERSET_HOME (saves ~50 s a start).
SUPERSET_TEMPLATE := $(SUPERSET_VENV)/metadata-template.db
$(SUPERSET_TEMPLATE): $(SUPERSET_VENV)/.installed warehouse/dashboard/superset_config.py
	rm -rf $(SUPERSET_VENV)/template-home && mkdir -p $(SUPERSET_VENV)/template-home
	cd $(SUPERSET_VENV)/template-home && PATH="$(CURDIR)/$(SUPERSET_VENV)/bin:$$PATH" FLASK_APP=superset \
		SUPERSET_HOME="$$PWD" SUPERSET_CONFIG_PATH=$(CURDIR)/warehouse/dashboard/superset_config.py \
		SCARF_ANALYTICS=false sh -c '(superset db upgrade && superset init) >init.log 2>&1 || (tail -30 init.log; exit 1)'
	mv $(SUPERSET_VENV)/template-home/superset.db $@ && rm -rf $(SUPERSET_VENV)/template-home

.PHONY: dashboard-tool dashboard
dashboard-tool: $(SUPERSET_VENV)/.installed $(SUPERSET_TEMPLATE)

dashboard: dashboard-tool  ## Superset dashboard on warehouse/current.duckdb: http://127.0.0.1:8088 (run make demo first)
	PATH="$(CURDIR)/$(SUPERSET_VENV)/bin:$$PATH" SUPERSET_HOME="$${SUPERSET_HOME:-$(CURDIR)/.superset}" \
	WAREHOUSE_DB="$${WAREHOUSE_DB:-$${WAREHOUSE_DIR:-$(CURDIR)/warehouse}/current.duckdb}" warehouse/dashboard/start.sh

test: install compose-tool browser-tool dashboard-tool  ## every test: the fast tier plus dbt builds, Airflow end to end, browser, PostgreSQL
	$(PY) -m pytest

# ruff (lint + format check) over the Python tree and sqlfluff over the dbt models; .ci/run runs it
# before the tests.
lint: install lint-sql  ## ruff check + ruff format --check (fix: make format), then sqlfluff (make lint-sql)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: format
format: install  ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The fast tier: tests with none of the markers registered in pyproject.toml (e2e, slow, browser,
# postgres); it needs nothing beyond .venv.
FAST_TIER := not (e2e or slow or browser or postgres)
test-fast: install  ## the fast tier (< 2 min): unit, parser, HTTP, GX suite and DAG integrity tests
	$(PY) -m pytest -m "$(FAST_TIER)"

# Part of `make test` too; this runs only the suite and prints its table (the disk-full fault mounts a
# small tmpfs: root, as in CI; the BI-reader fault uses PostgreSQL when it answers).
.PHONY: reliability rebuild
reliability: install  ## fault-injection and invariant suite; prints fault / observed / rows lost / secrets found
	$(PY) -m pytest tests/reliability -q

# Benchmarks (bench/): figures against their targets, printed and written to bench/results.md. They
# run on scratch warehouses under bench/data/ (generated national NPS files too; git-ignored).
.PHONY: bench bench-scale
bench: install  ## quick benchmarks (< 10 min): NPS ingest vs baselines, DAG parse, demo by stage, query latency
	$(PY) -m bench quick

bench-scale: install  ## scale run: 10,000 companies x 60 months of NPS history end to end (BENCH_ARGS="--months 12")
	$(PY) -m bench scale $(BENCH_ARGS)

scorecard: install  ## print the KPI marts of the published warehouse
	$(PY) -m warehouse scorecard

report: install  ## rebuild the KPI report (HTML) from the published warehouse
	$(PY) -m warehouse.serving.report

rollback: install  ## make the previous warehouse release current again
	$(PY) -m warehouse rollback

rebuild: install  ## rebuild raw.duckdb from the raw snapshots alone (re-validated), then dbt build and publish
	$(PY) -m warehouse rebuild

# SQL lint of the dbt models: rules and the reason for each exclusion in .sqlfluff, files left out
# (for now) in .sqlfluffignore. Jinja templater, offline: no raw database needed. ~1 min of CPU.
.PHONY: lint-sql
lint-sql: install  ## sqlfluff on the dbt models (dialect duckdb, jinja templater with dbt builtins)
	$(VENV)/bin/sqlfluff lint dbt_project/models --processes 2

clean:  ## remove generated data (raw snapshots are kept: delete warehouse/raw by hand)
	rm -rf warehouse/build warehouse/landing dbt_project/target dbt_project/logs .airflow
	rm -f warehouse/incremental.duckdb warehouse/incremental.duckdb.wal
