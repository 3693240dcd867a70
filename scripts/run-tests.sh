#!/usr/bin/env bash
# Runs every test label through ctest: unit, conformance, pg, e2e on the
# Release build, and the unit tests again under ASan+UBSan. Starts a
# throw-away PostgreSQL cluster for the `pg` label and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
pgdir=$(mktemp -d /tmp/wcp-pg.XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pgdir"' EXIT
export WCP_TEST_PG_URL=$(scripts/pg-cluster.sh start "$pgdir")
echo "run-tests: PostgreSQL test cluster at ${WCP_TEST_PG_URL}"

status=0
ctest --preset release -j "$JOBS" --timeout 600 || status=1
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --preset asan -j "$JOBS" --timeout 600 || status=1
if [[ $status -ne 0 ]]; then echo "run-tests: FAILED" >&2; else echo "run-tests: all labels passed"; fi
exit $status
