#!/usr/bin/env bash
# Batch generation (issue 4): many tenders, reruns that write nothing, edited
# files left alone, a bad tender among good ones, and a run killed mid-way.
# Prints "ok batch NAME" or "FAIL batch NAME: why" per check.
set -u
ANNEXGEN=${ANNEXGEN:-./annexgen}
case "$ANNEXGEN" in /*) ;; *) ANNEXGEN=$PWD/$ANNEXGEN ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { echo "ok batch $1"; }
fail() { echo "FAIL batch $1: $2"; }
not_grep() { ! grep -q "$@"; }
check() { # check NAME CONDITION-COMMAND...; $why says what went wrong
	local name=$1; shift
	if "$@"; then ok "$name"; else fail "$name" "${why:-condition failed}"; fi
}

# 240 tenders, varied: types, exclusions with and without reasons, both languages.
. "$(dirname "$0")/make-tenders.sh"

make_tenders "$work/in" 240

# 1. A batch of 240 with two workers; the index lists every file.
"$ANNEXGEN" batch -j 2 -o "$work/out" "$work/in" >"$work/log1" 2>&1
st=$?
files=$(find "$work/out" -name '*.odt' -o -name '*.docx' | wc -l)
rows=$(grep -vc '^#' "$work/out/index.tsv" 2>/dev/null)
why="status $st, $files files, $rows index rows: $(tail -1 "$work/log1")"
check generate-240 test "$st" = 0 -a "$files" -gt 0 -a "$files" = "$rows"
why="the summary is not the only output when stdout is not a terminal: $(head -3 "$work/log1")"
check quiet-when-not-a-terminal test "$(grep -c . "$work/log1")" = 1

# 2. Output identical to generating each tender alone.
"$ANNEXGEN" generate "$work/in/t0003.xml" -o "$work/alone" >/dev/null 2>&1
why="t0003 differs from its batch output"
check same-as-alone diff -r "$work/alone/t0003" "$work/out/t0003"

# 3. A rerun writes nothing.
"$ANNEXGEN" batch -o "$work/out" "$work/in" >"$work/log2" 2>&1
st=$?
why="status $st: $(tail -1 "$work/log2")"
check rerun-writes-nothing grep -q "0 failed, 0 files written" "$work/log2"

# 4. A changed tender is the only one regenerated.
sed -i 's/測試機關/測試機關二/' "$work/in/t0010.xml"
"$ANNEXGEN" batch -o "$work/out" "$work/in" >"$work/log3" 2>&1
why="$(tail -1 "$work/log3")"
check only-changed-regenerated grep -q "0 failed, 6 files written" "$work/log3"

# 5. A file a person edited is left alone, listed, and the status says so.
f=$work/out/t0006/t0006-saas-annex.odt
printf 'edited' >>"$f"
sum=$(sha256sum "$f")
touch "$work/in/t0006.xml"
sed -i 's/第 6 號/第六號/' "$work/in/t0006.xml"
"$ANNEXGEN" batch -o "$work/out" "$work/in" >"$work/log4" 2>&1
st=$?
why="status $st, file changed or not listed: $(cat "$work/log4")"
check edited-left-alone test "$st" = 3 -a "$sum" = "$(sha256sum "$f")"
check edited-listed grep -q "edited, left alone:.*t0006-saas-annex.odt" "$work/log4"
"$ANNEXGEN" verify "$work/out" >"$work/verify1" 2>&1
st=$?
why="status $st: $(cat "$work/verify1")"
check verify-finds-edit test "$st" = 1
check verify-names-edit grep -q "^edited: .*t0006-saas-annex.odt" "$work/verify1"

# 6. One bad tender does not stop the others; its error has file:line.
cp -r "$work/in" "$work/in2"
sed -i 's/<exclude item="SP-9">/<exclude item="SP-99">/' "$work/in2/t0001.xml"
"$ANNEXGEN" batch -o "$work/out2" "$work/in2" >"$work/log5" 2>&1
st=$?
why="status $st: $(grep -v '^edited' "$work/log5" | tail -3)"
check bad-among-good test "$st" = 1
check bad-has-file-line grep -q "annexgen: .*t0001.xml:[0-9]*: unknown item 'SP-99' (did you mean 'SP-9'?)" "$work/log5"
check others-generated grep -q "1 failed" "$work/log5"
why="t0002 missing"
check others-exist test -f "$work/out2/t0002/t0002-iaas-annex.odt" -o -f "$work/out2/t0002/t0002-saas-annex.odt"

# 7. --dry-run lists what would be written and writes nothing.
"$ANNEXGEN" batch --dry-run -o "$work/dry" "$work/in" >"$work/log6" 2>&1
why="$(tail -2 "$work/log6")"
check dry-run-lists grep -q "would write: .*t0001-iaas-annex.odt" "$work/log6"
why="files were written"
check dry-run-writes-nothing test -z "$(find "$work/dry" -type f 2>/dev/null)"

# 8. Progress on a terminal: one updating line.
if command -v script >/dev/null; then
	script -qec "$ANNEXGEN batch -j 2 --force -o $work/tty $work/in" /dev/null >"$work/log7" 2>&1
	why="no progress line: $(head -c 300 "$work/log7")"
	check progress-on-terminal grep -q $'\r\[[0-9]*/240\]' "$work/log7"
else
	echo "SKIPPED: 'script' (bsdutils) not installed: cannot give the batch a terminal"
fi

# 9. Killed mid-way with SIGKILL (all processes) while every tender changes,
# then a clean rerun.
sed -i 's/測試採購案/測試採購案（修正）/' "$work/in"/*.xml
setsid "$ANNEXGEN" batch -j 2 -q -o "$work/out" "$work/in" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -KILL -- -"$pid" 2>/dev/null || kill -KILL "$pid"
wait "$pid" 2>/dev/null
# Every file on disk is complete: a valid zip, and one of the versions its manifest names.
bad=""
for d in "$work/out"/t*; do
	[ -f "$d/manifest.tsv" ] || continue
	for f in "$d"/*.odt "$d"/*.docx; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		sum=$(sha256sum "$f" | cut -d' ' -f1)
		[ "$f" = "$work/out/t0006/t0006-saas-annex.odt" ] && continue
		if ! grep -q -P "^\Q$name\E\t$sum\t|^# previous\t\Q$name\E\t$sum\$" "$d/manifest.tsv"; then
			bad="$bad $name"
		fi
		unzip -tqq "$f" >/dev/null 2>&1 || bad="$bad $name(zip)"
	done
done
why="files inconsistent with their manifest after SIGKILL:$bad"
check killed-consistent test -z "$bad"
"$ANNEXGEN" batch -o "$work/out" "$work/in" >"$work/log8" 2>&1
st=$?
why="status $st: $(tail -2 "$work/log8")"
check rerun-after-kill test "$st" = 3   # t0006 is still a person's edit
why="the killed run had finished, or the rerun wrote nothing: $(tail -1 "$work/log8")"
check rerun-completes-killed-run not_grep " 0 files written" "$work/log8"
leftover=$(find "$work/out" -name '.*.tmp*' | head -3)
why="temporary files left: $leftover"
check no-temp-files-left test -z "$leftover"
rm -f "$work/out/t0006/t0006-saas-annex.odt"
"$ANNEXGEN" batch -o "$work/out" "$work/in" >/dev/null 2>&1
"$ANNEXGEN" verify "$work/out" >"$work/verify2" 2>&1
st=$?
why="status $st: $(tail -3 "$work/verify2")"
check verify-clean-after-rerun test "$st" = 0
exit 0
