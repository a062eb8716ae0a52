# Two commands do all the set-up: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/answerable.duckdb
PORT ?= 8501

.PHONY: run test system-deps install lint bench demo clean spark-parity-1m

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'  # pyspark installs without Java; only --engine spark runs it
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/answerable --db $(DB) demo --if-empty
	ANSWERABLE_DB=$(DB) $(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

# Chromium and pdftotext first: installed (root + apt-get) or a refusal in seconds, never after the suite.
system-deps:
	sh .ci/system-deps

test: system-deps $(STAMP)
	$(BIN)/ruff check src tests app.py pages benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests app.py pages benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# DESIGN §10 at the issue's size: 1M incidents + 1M AI decisions, every indicator and the score equal on
# Spark and DuckDB under each filter (about 5 minutes; `make test` runs the same tests at 100k).
spark-parity-1m: $(STAMP)
	ANSWERABLE_REQUIRE_SPARK=1 ANSWERABLE_SPARK_PARITY_ROWS=1000000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/spark/test_parity_large.py; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	@# optional part: the same registry on local Apache Spark vs DuckDB (needs Java 17)
	@if command -v java >/dev/null 2>&1; then $(BIN)/python -m benchmarks.spark_bench; \
	else echo "no Java: skipped the optional Spark benchmark (benchmarks/spark_bench.py)"; fi
	$(BIN)/answerable --db benchmarks/work/demo.duckdb demo --reset
	$(BIN)/python benchmarks/first_screen.py --db benchmarks/work/demo.duckdb --out benchmarks/results/first_screen_demo.json
	$(BIN)/python benchmarks/first_screen.py --db benchmarks/work/metrics_1m.duckdb --out benchmarks/results/first_screen_1m.json

demo: $(STAMP)
	$(BIN)/answerable --db $(DB) demo --reset

clean:
	rm -rf $(VENV) build dist *.egg-info
