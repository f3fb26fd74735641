# Thin front door over CMake presets and scripts/. See README.md.
#   make run        install what is missing, build, serve on SQLite (var/urbangrid.db) at http://127.0.0.1:8080
#   make test       build and run the whole ctest suite (unit, integration on SQLite + PostgreSQL, API,
#                   the web UI in headless Chromium)
#   make screenshots  the web UI's main views, desktop and phone, into docs/screenshots
#   make test-full  the suite under ASan/UBSan (clang-14) plus short libFuzzer runs
#   make bench      HTTP load against nginx, point → grid against PostGIS, deadlines against a day-by-day
#                   loop, case intake against direct SQLite inserts, queue queries over a simulated
#                   history of 10 M × BENCH_SCALE cases (default 0.1; 1 needs ~30 GB), a quarter's evaluation
#                   against one SQL query in PostgreSQL over the same history (docs/performance.md)
#   make fmt        clang-format every C++ file in place
SHELL := /bin/bash
JOBS ?= $(shell nproc)

.PHONY: all deps build web screenshots run test test-full bench fmt fmt-check clean

all: build

deps:
	@bash scripts/install-deps.sh build

# Configured after `web`: scripts/build-web.sh installs Node.js when it is missing, and CMake looks
# for node to register the e2e tests (without it they would be skipped, with a warning).
build/build.ninja: | deps web
	cmake --preset release

build: deps build/build.ninja web
	cmake --build build -j $(JOBS)

# The browser UI (web/, Vite) into web/dist, which the binary serves.
web:
	@bash scripts/build-web.sh

# Each main view at 1366×768 and 390×844 into docs/screenshots (the test run writes into build/).
screenshots: build
	@bash scripts/install-deps.sh test
	UG_SCREENSHOTS=docs/screenshots URBANGRID_BIN=build/urbangrid node --test tests/e2e/

run: build
	@bash scripts/run.sh

test:
	@bash scripts/install-deps.sh test
	@$(MAKE) --no-print-directory build
	ctest --test-dir build -j $(JOBS) --output-on-failure --timeout 300

test-full:
	@bash scripts/install-deps.sh full
	@$(MAKE) --no-print-directory web
	cmake --preset asan
	cmake --build build-asan -j $(JOBS)
	ctest --test-dir build-asan -j $(JOBS) --output-on-failure --timeout 600

bench:
	@bash scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory build
	bash bench/http_load.sh
	bash bench/grid_locate_postgis.sh
	for days in 1 30 250; do build/bench/calendar_due --max-days $$days || exit 1; done
	bash bench/case_intake.sh
	BENCH_SCALE=$${BENCH_SCALE:-0.1} bash bench/case_queue.sh
	BENCH_SCALE=$${BENCH_SCALE:-0.1} bash bench/evaluation.sh

fmt:
	@git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp' | xargs clang-format -i

fmt-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build build-debug build-asan web/dist
