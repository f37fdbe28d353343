# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app contest

.PHONY: run test lint format install install-dev system-deps db demo links bench bench-peer i18n clean

run: install db demo  ## install, migrate, load the demo if empty, print links, serve
	@$(FLASK) links --for-server
	@echo "  服务器启动于 http://127.0.0.1:$${CONTEST_PORT:-5000}  (Ctrl+C 停止)"
	@$(BIN)/python serve.py

test: install-dev system-deps lint  ## everything CI runs
	$(BIN)/pytest -n $${CONTEST_TEST_WORKERS:-auto} --dist loadfile

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

system-deps:
	@scripts/system-deps.sh

db: install
	@$(FLASK) db upgrade

demo: install
	@$(FLASK) demo --if-empty

links: install
	@$(FLASK) links

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev system-deps  ## print the benchmark figures recorded in the README
	$(BIN)/python -m bench.page_weight
	$(BIN)/python -m bench.fanout
	$(BIN)/python -m bench.documents
	$(BIN)/python -m bench.event_loop

bench-peer: install-dev  ## issue #17's yardstick: npm-install the socket.io 4 peer, print its fan-out
	cd bench/peer && npm install --no-audit --no-fund
	$(BIN)/python -m bench.peer_fanout --viewers 1000 2000 5000

i18n: install  ## refresh the message catalogue template after changing UI strings
	$(BIN)/pybabel extract -F babel.cfg -o translations/messages.pot .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
