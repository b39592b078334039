#!/usr/bin/env bash
# The web server's requests run at once, in libmicrohttpd's threads: this starts
# the ThreadSanitizer build ($B/tsan/annexgen, which `make check` builds), sends it
# concurrent downloads, previews, opens and collects (tests/serve/threads.py), stops
# it with SIGTERM and fails on any report ThreadSanitizer wrote. Prints "ok NAME",
# "FAIL NAME: why" or "SKIPPED: why"; always exits 0 (tests/check.sh counts).
set -u
cd "$(dirname "$0")/.."
B=${B:-.build}
TSAN=${TSAN_ANNEXGEN:-$PWD/$B/tsan/annexgen}
work=$(mktemp -d "${TMPDIR:-/tmp}/annexgen-threads.XXXXXX")
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ ! -x "$TSAN" ]; then
	echo "FAIL serve-threads build: no $TSAN (make $B/tsan/annexgen)"
	exit 0
fi
if ! command -v python3 >/dev/null; then
	echo "SKIPPED: serve-threads: python3 is needed for the HTTP clients"
	exit 0
fi
# ThreadSanitizer refuses some kernels' address-space layouts: say so loudly.
if ! "$TSAN" --version >/dev/null 2>"$work/probe"; then
	echo "SKIPPED: serve-threads: the ThreadSanitizer build does not run here: $(head -n 1 "$work/probe")"
	exit 0
fi

# The tender's documents, and its vendors' forms to collect (unanswered ones do).
tender=catalog/examples/paas-saas-2026.xml
./annexgen generate "$tender" -o "$work/gen" >/dev/null || {
	echo "FAIL serve-threads setup: annexgen generate failed"
	exit 0
}
forms=("$work"/gen/*/*-paas-response.odt "$work"/gen/*/*-paas-response.docx)

. tests/serve/start.sh
TSAN_OPTIONS="log_path=$work/tsan halt_on_error=0 second_deadlock_stack=1 suppressions=$PWD/tests/serve/tsan.supp" \
	serve_start serve-threads "$TSAN" "$work" || exit 0
python3 tests/serve/threads.py "$url" "$PWD/annexgen" "$tender" paas "${forms[@]}"
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" -eq 0 ] && echo "ok serve-threads stop" || echo "FAIL serve-threads stop: exit $rc: $(tr '\n' '|' <"$work/err")"
if ls "$work"/tsan.* >/dev/null 2>&1; then
	echo "FAIL serve-threads races: $(grep -h '^SUMMARY' "$work"/tsan.* | sort | uniq -c | head -n 3 | tr '\n' '|')"
	grep -h -A 12 '^WARNING' "$work"/tsan.* | head -n 40 >&2
else
	echo "ok serve-threads races (ThreadSanitizer reported none)"
fi
