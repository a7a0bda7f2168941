# make run: set up and open the dashboard on demo data; make test: set up and run the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= data/lapas.duckdb
PORT ?= 8501

.PHONY: setup run serve demo test check bench clean-db

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

demo: setup
	@test -f $(DB) || $(PY) -m lapas_metrics init --db $(DB) --demo

# Loopback only (.streamlit/config.toml). With users configured: make run ADDRESS=0.0.0.0 serves the network.
run: demo
	LAPAS_DB=$(DB) $(VENV)/bin/streamlit run app.py $(if $(ADDRESS),--server.address $(ADDRESS))

# Many users at once: WORKERS Streamlit processes (default: the cores, at most 4) behind HAProxy on PORT (README).
serve: demo
	$(PY) -m lapas_metrics serve --db $(DB) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS)) $(if $(ADDRESS),--address $(ADDRESS))

# Two workers, one test file each at a time (module fixtures stay on one worker); the slow files go first (tests/conftest.py).
test: setup
	$(PY) -m pytest -q -n 2 --dist loadfile

check: setup
	$(VENV)/bin/ruff check lapas_metrics demo pages tests app.py benchmarks
	$(VENV)/bin/ruff format --check lapas_metrics demo pages tests app.py benchmarks
	$(VENV)/bin/mypy lapas_metrics demo

bench: setup
	$(PY) -m benchmarks.bench_ingest
	$(PY) -m benchmarks.bench_metrics
	$(PY) -m benchmarks.bench_partnership
	$(PY) -m benchmarks.bench_pages
	$(PY) -m benchmarks.bench_hostile
	$(PY) -m benchmarks.bench_evaluations
	$(PY) -m benchmarks.bench_evaluation_page
	$(PY) -m benchmarks.bench_followup_page
	$(PY) -m benchmarks.bench_serve

clean-db:
	rm -f $(DB) $(DB).wal
