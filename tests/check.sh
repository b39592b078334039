#!/usr/bin/env bash
# Runs every test of `make check` (called by the Makefile, which builds first) and
# ends with "N passed, N failed, N skipped". Steps print "ok NAME", "FAIL NAME: why"
# or "SKIPPED: why"; with REQUIRE_ALL=1 any skip fails the run.
set -u
cd "$(dirname "$0")/.."
B=${B:-.build}
pass=0 fail=0 skip=0

record() {
	local line
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		"ok "*) pass=$((pass + 1)) ;;
		"FAIL "*) fail=$((fail + 1)) ;;
		"SKIPPED: "*) skip=$((skip + 1)) ;;
		esac
	done
}

unit() {  # unit PREFIX BINARY...
	local prefix=$1 t out; shift
	for t in "$@"; do
		if out=$("$t" 2>&1); then
			echo "ok $prefix $(basename "$t")"
		else
			printf '%s\n' "$out" | tail -20
			echo "FAIL $prefix $(basename "$t")"
		fi
	done
}

echo "== unit tests (cmocka)"
record < <(unit unit $(for t in $TESTS; do echo "$B/tests/$t"; done))
echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
record < <(ASAN_OPTIONS=detect_leaks=1 unit asan $(for t in $TESTS; do echo "$B/tests/san-$t"; done))
# Command-line and hostile-input suites run twice: plain, and under the sanitizers.
for s in tests/cli.sh tests/bad/run.sh tests/batch.sh tests/collect.sh tests/collect-cases.sh tests/consumers.sh tests/content.sh tests/layout.sh tests/template.sh tests/serve.sh tests/serve-threads.sh; do
	[ -f "$s" ] || continue
	echo "== $s"
	record < <(ANNEXGEN=./annexgen bash "$s" 2>&1)
	case "$s" in
	tests/cli.sh | tests/bad/run.sh | tests/serve.sh)
		echo "== $s under AddressSanitizer + UndefinedBehaviorSanitizer"
		record < <(ANNEXGEN=$B/san/annexgen LABEL=asan bash "$s" 2>&1)
		;;
	tests/batch.sh)
		# Fewer tenders keep the sanitized run's time bounded; every check runs.
		echo "== $s under AddressSanitizer + UndefinedBehaviorSanitizer (40 tenders)"
		record < <(ANNEXGEN=$B/san/annexgen BATCH_TENDERS=40 BATCH_KILL_TENDERS=30 bash "$s" 2>&1 |
			sed 's/^ok batch /ok asan-batch /; s/^FAIL batch /FAIL asan-batch /')
		;;
	esac
done

echo
if [ "$skip" -gt 0 ] && [ "${REQUIRE_ALL:-0}" = 1 ]; then
	echo "REQUIRE_ALL=1: $skip check(s) were skipped; that fails the run"
	fail=$((fail + skip))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
