# wcp — the two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
RELEASE := build/release
ASAN := build/asan
WCP := $(RELEASE)/wcp
DB ?= sqlite:var/wcp.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: run test build deps test-deps web web-test cpp asan bench format clean

## run: install what is missing, build, migrate, load reference + demo data, serve
run: build
	$(WCP) migrate --db $(DB)
	$(WCP) demo --db $(DB) --seed 1
	$(WCP) serve --db $(DB) --listen $(LISTEN)

## test: install what is missing, build, run every ctest label (unit, conformance, pg, e2e)
test: test-deps web-test build asan
	scripts/run-tests.sh

## build: everything, without running it (binary: build/release/wcp)
build: deps web cpp

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

cpp:
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

asan:
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

web:
	@scripts/build-web.sh

web-test: web
	@cd web && npx vitest run

bench: cpp
	scripts/run-bench.sh

format:
	@find src bench tests -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build web/dist
