# readout — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= out/demo.duckdb
DEMO_PORT ?= 8000

# the stage modules, compiled by Cython when it and a C compiler are there (readout.native)
NATIVE := src/readout/_native/manifest.json
NATIVE_SOURCES := $(wildcard src/readout/actors/*.py src/readout/timex/*.py src/readout/quotes/*.py \
	src/readout/quantities/*.py src/readout/events/*.py) src/readout/dependencies.py tools/build_native.py

.PHONY: install demo test eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,native]'
	touch $(STAMP)

# compiles only what changed; without Cython or a compiler readout runs its Python source
$(NATIVE): $(STAMP) $(NATIVE_SOURCES)
	$(BIN)/python tools/build_native.py

install: $(STAMP) $(NATIVE)

demo: install
	mkdir -p out
	$(BIN)/readout read examples/ --quiet -o out/demo.jsonl
	$(BIN)/readout summary out/demo.jsonl
	rm -f out/demo.duckdb
	$(BIN)/readout ingest examples/ --db out/demo.duckdb --quiet
	$(BIN)/readout dyads --db out/demo.duckdb --top 10
	$(BIN)/readout timeline CHN RUS --by month --db out/demo.duckdb
	@if [ -z "$(NO_SERVE)" ]; then \
	  echo "readout: browse the demo store at http://127.0.0.1:$(DEMO_PORT)/ (Ctrl-C stops; NO_SERVE=1 skips)"; \
	  $(BIN)/readout serve --db $(DEMO_DB) --port $(DEMO_PORT); fi

test: install
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python bench/eval.py

# speed and scale benchmarks (minutes; timings live here, never in tests)
bench: install
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/store_bench.py
	$(BIN)/python bench/quotes_eval.py
	$(BIN)/python bench/events_eval.py out/bench

clean:
	rm -rf out $(VENV) build *.egg-info src/*.egg-info src/readout/_native
