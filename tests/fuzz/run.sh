#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, -fsanitize=fuzzer,address,undefined) and
# runs each for FUZZ_SECONDS (default 60) on a working copy of its seed corpus.
# Prints per harness "fuzz NAME: N executions, K findings"; a finding's input is
# saved under $B/fuzz/findings/ and the script exits 1. Without clang or libFuzzer
# it prints "SKIPPED: why" and exits 0. Called by `make fuzz` (which generates
# $B/embedded.c and $B/catalog_data.c first); HARNESSES="catalog" runs only some.
set -u
cd "$(dirname "$0")/../.."
B=${B:-.build}
SECS=${FUZZ_SECONDS:-60}
HARNESSES=${HARNESSES:-"catalog tender"}
F=$B/fuzz
CC=${FUZZ_CC:-clang}

skip() { echo "SKIPPED: fuzzing: $*"; echo "SKIPPED: fuzzing: $*" >&2; exit 0; }

command -v "$CC" >/dev/null 2>&1 || skip "$CC is not installed (apt-get install clang libclang-rt-dev)"
for f in "$B/embedded.c" "$B/catalog_data.c"; do
	[ -f "$f" ] || { echo "tests/fuzz/run.sh: $f is missing (run: make fuzz)" >&2; exit 2; }
done
mkdir -p "$F/obj" "$F/findings" || exit 2
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$F/probe.c"
"$CC" -fsanitize=fuzzer,address,undefined -o "$F/probe" "$F/probe.c" >/dev/null 2>&1 ||
	skip "$CC cannot link -fsanitize=fuzzer (install libclang-rt-dev / libFuzzer)"
PKG_CFLAGS=$(pkg-config --cflags libxml-2.0 libzip zlib libmicrohttpd) || exit 2
PKG_LIBS=$(pkg-config --libs libxml-2.0 libzip zlib libmicrohttpd) || exit 2
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -Igen $PKG_CFLAGS"

# The library: every gen/*.c but the programs (main.c, embed.c, catgen.c),
# plus the embedded files and the bundled catalogue's data.
objs=()
for src in gen/*.c "$B/embedded.c" "$B/catalog_data.c"; do
	case $src in gen/main.c | gen/embed.c | gen/catgen.c) continue ;; esac
	obj=$F/obj/$(basename "${src%.c}").o
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find gen -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
		# shellcheck disable=SC2086
		"$CC" $CFLAGS -c -o "$obj" "$src" || { echo "FAIL fuzz build: $src"; exit 1; }
	fi
	objs+=("$obj")
done

findings=0
for h in $HARNESSES; do
	bin=$F/fuzz_$h
	# shellcheck disable=SC2086
	"$CC" $CFLAGS -fsanitize=fuzzer -o "$bin" "tests/fuzz/fuzz_$h.c" "${objs[@]}" $PKG_LIBS ||
		{ echo "FAIL fuzz build: fuzz_$h"; exit 1; }
	work=$F/corpus_$h
	mkdir -p "$work"
	log=$F/fuzz_$h.log
	echo "== fuzz_$h: $SECS s (corpus tests/fuzz/corpus_$h, working copy $work, log $log)"
	# New inputs go to the working corpus; the seeds in the repository stay as they are.
	"$bin" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
		-dict=tests/fuzz/xml.dict -print_final_stats=1 \
		-artifact_prefix="$F/findings/$h-" "$work" "tests/fuzz/corpus_$h" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$log" | tail -1)
	[ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
	saved=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
	n=0
	[ "$rc" -ne 0 ] && n=1
	echo "fuzz $h: ${execs:-?} executions (limit $SECS s), $n finding(s)"
	if [ "$rc" -ne 0 ]; then
		grep -E '^(==[0-9]+==ERROR|SUMMARY:|.*runtime error:)' "$log" | head -5
		echo "  input saved: ${saved:-see $log}"
		echo "FAIL fuzz $h: exit status $rc (log $log)"
		findings=$((findings + n))
	else
		echo "ok fuzz $h"
	fi
done
echo "fuzzing: $findings finding(s)"
[ "$findings" -eq 0 ]
