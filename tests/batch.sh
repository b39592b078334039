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

# N tenders (default 240; the sanitizer run of tests/check.sh uses fewer),
# varied: types, exclusions with and without reasons, both languages.
. "$(dirname "$0")/make-tenders.sh"
N=${BATCH_TENDERS:-240}

make_tenders "$work/in" "$N"

# 1. A batch of N with two workers; the index lists every file.
"$ANNEXGEN" batch -j 2 -o "$work/out" "$work/in" >"$work/log1" 2>&1
st=$?
files=$(find "$work/out" -name '*.odt' -o -name '*.docx' | wc -l)
rows=$(grep -vc '^#' "$work/out/index.tsv" 2>/dev/null)
why="status $st, $files files, $rows index rows: $(tail -1 "$work/log1")"
check generate-$N test "$st" = 0 -a "$files" -gt 0 -a "$files" = "$rows"
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
# A dry run first: it counts what it would write and names what it would leave alone.
"$ANNEXGEN" batch --dry-run -o "$work/out" "$work/in" >"$work/log4d" 2>&1
st=$?
why="status $st: $(grep -v '^would write' "$work/log4d" | tr '\n' '|')"
check dry-run-counts test "$st" = 0 -a "$sum" = "$(sha256sum "$f")" -a \
	"$(grep -c '^would write:' "$work/log4d")" = 1 -a \
	"$(grep -c "^would leave alone, edited or unreadable: .*t0006-saas-annex.odt" "$work/log4d")" = 1
check dry-run-summary grep -qE "0 failed, [1-9][0-9]* files would be written, [0-9]+ unchanged, 1 edited would be left alone" "$work/log4d"
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
"$ANNEXGEN" batch -o "$work/out2" "$work/in2/" >"$work/log5" 2>&1
st=$?
why="status $st: $(grep -v '^edited' "$work/log5" | tail -3)"
check bad-among-good test "$st" = 1
check bad-has-file-line grep -q "annexgen: .*/in2/t0001.xml:[0-9]*: unknown item 'SP-99' (did you mean 'SP-9'?)" "$work/log5"
check others-generated grep -q "1 failed" "$work/log5"
why="t0002 missing"
check others-exist test -f "$work/out2/t0002/t0002-iaas-annex.odt" -o -f "$work/out2/t0002/t0002-saas-annex.odt"

# 7. --dry-run lists what would be written, in the order of the tenders
# (not the order two workers finish in), and writes nothing.
"$ANNEXGEN" batch -j 2 --dry-run -o "$work/dry" "$work/in" >"$work/log6" 2>&1
why="$(tail -2 "$work/log6")"
check dry-run-lists grep -q "would write: .*t0001-iaas-annex.odt" "$work/log6"
why="not in the tenders' order: $(grep -o '/t[0-9]*/' "$work/log6" | uniq | sort -c 2>&1)"
check dry-run-in-order sh -c "grep -o '/t[0-9]*/' '$work/log6' | uniq | sort -c"
why="files were written"
check dry-run-writes-nothing test -z "$(find "$work/dry" -type f 2>/dev/null)"

# 8. Progress on a terminal: one updating line.
if command -v script >/dev/null; then
	script -qec "$ANNEXGEN batch -j 2 --force -o $work/tty $work/in" /dev/null >"$work/log7" 2>&1
	why="no progress line: $(head -c 300 "$work/log7")"
	check progress-on-terminal grep -q $'\r\[[0-9]*/'"$N"'\]' "$work/log7"
else
	echo "SKIPPED: 'script' (bsdutils) not installed: cannot give the batch a terminal"
fi

# 9. Killed mid-way with SIGKILL (all processes) while every tender changes,
# then a clean rerun.
sed -i 's/測試採購案/測試採購案（修正）/' "$work/in"/*.xml
touch "$work/stamp"
setsid "$ANNEXGEN" batch -j 2 -q -o "$work/out" "$work/in" >/dev/null 2>&1 &
pid=$!
# Kill once the run has begun replacing files (a manifest newer than the
# stamp), however fast the build is: the sanitizer run has fewer tenders.
for _ in $(seq 1 400); do
	[ -n "$(find "$work/out" -name manifest.tsv -newer "$work/stamp" 2>/dev/null | head -1)" ] && break
	sleep 0.02
done
kill -KILL -- -"$pid" 2>/dev/null || kill -KILL "$pid"
wait "$pid" 2>/dev/null
# verify right after the kill: the files the killed run replaced are newer
# than index.tsv but named by their manifests: not edited, and the killed
# run's temporaries are not unknown files (issue 15, 2b).
"$ANNEXGEN" verify "$work/out" >"$work/verify-killed" 2>&1
why="$(grep -v '^edited: .*t0006-saas-annex.odt' "$work/verify-killed" | head -3)"
check verify-after-kill-no-false-edits test "$(grep -c '^edited:' "$work/verify-killed")" -le 1
check verify-after-kill-no-unknown not_grep -q '^unknown:' "$work/verify-killed"
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
# ---- issue 15: bookkeeping that never reports a false edit or loses a file ----
S=${BATCH_SMALL:-12}
make_tenders "$work/s" "$S"

# 2a. Formats in sequence: both, then (tender changed) odt only, then both:
# no file is "edited by a person"; then verify is clean.
"$ANNEXGEN" batch -o "$work/fmt" "$work/s" >/dev/null 2>&1
sed -i 's/測試機關/測試機關乙/' "$work/s/t0001.xml"
"$ANNEXGEN" generate "$work/s/t0001.xml" --format odt -o "$work/fmt" >"$work/f1" 2>&1
"$ANNEXGEN" generate "$work/s/t0001.xml" -o "$work/fmt" >"$work/f2" 2>&1
st=$?
why="status $st: $(cat "$work/f1" "$work/f2" | head -3)"
check formats-odt-then-both-no-false-edit test "$st" = 0
"$ANNEXGEN" batch --format odt -o "$work/fmt" "$work/s" >"$work/f3" 2>&1
"$ANNEXGEN" batch --format docx -o "$work/fmt" "$work/s" >>"$work/f3" 2>&1
"$ANNEXGEN" batch -o "$work/fmt" "$work/s" >>"$work/f3" 2>&1
st=$?
why="status $st: $(grep -m 3 'edited\|annexgen' "$work/f3")"
check batch-formats-sequence-no-false-edit test "$st" = 0
"$ANNEXGEN" verify "$work/fmt" >"$work/f4" 2>&1
st=$?
why="status $st: $(head -3 "$work/f4")"
check verify-after-formats test "$st" = 0

# 2c. One tender generated alone into a batch's folder: the index follows.
sed -i 's/測試機關/測試機關丙/' "$work/s/t0002.xml"
"$ANNEXGEN" generate "$work/s/t0002.xml" -o "$work/fmt" >/dev/null 2>&1
"$ANNEXGEN" verify "$work/fmt" >"$work/f5" 2>&1
st=$?
why="status $st: $(head -3 "$work/f5")"
check generate-into-batch-folder-then-verify test "$st" = 0 -a "$(grep -c '^edited' "$work/f5")" = 0

# 3. Two tender files with one id: both named, neither written.
cp -r "$work/s" "$work/dup"
sed 's/第 4 號/第四號/' "$work/dup/t0004.xml" >"$work/dup/t0004-copy.xml"
"$ANNEXGEN" batch -o "$work/dupout" "$work/dup" >"$work/d1" 2>&1
st=$?
why="status $st: $(grep annexgen "$work/d1" | head -3)"
check duplicate-id-fails test "$st" = 1
check duplicate-id-names-first grep -q "t0004.xml:2: tender id 't0004' is also the id of '.*t0004-copy.xml'" "$work/d1"
check duplicate-id-names-second grep -q "t0004-copy.xml:2: tender id 't0004' is also the id of '.*t0004.xml'" "$work/d1"
why="$(ls "$work/dupout/t0004" 2>&1 | head -3)"
check duplicate-id-writes-nothing test ! -e "$work/dupout/t0004"
why="$(tail -1 "$work/d1")"
check duplicate-id-others-run grep -q "^$((S + 1)) tenders: 2 failed" "$work/d1"
# Ids that differ only in case name one folder on Windows and macOS.
mkdir -p "$work/dupcase"
cp "$work/s/t0005.xml" "$work/dupcase/a.xml"
sed 's/id="t0005"/id="T0005"/' "$work/s/t0005.xml" >"$work/dupcase/b.xml"
"$ANNEXGEN" batch -o "$work/dupcaseout" "$work/dupcase" >"$work/d2" 2>&1
st=$?
why="status $st: $(grep annexgen "$work/d2" | head -2)"
check duplicate-id-case-folded grep -q "b.xml:2: tender id 'T0005' is also the id of '.*a.xml'" "$work/d2"

# 4. The only worker (-j 1) killed with SIGKILL fails only the tender in hand, named; a new
# worker runs the rest; the summary counts every tender.
K=${BATCH_KILL_TENDERS:-60}
make_tenders "$work/k" "$K"
"$ANNEXGEN" batch -j 1 -o "$work/kout" "$work/k" >"$work/k1" 2>&1 &
pid=$!
victim=
for _ in $(seq 1 200); do
	victim=$(pgrep -P "$pid" | head -1)
	[ -n "$victim" ] && [ -n "$(ls "$work/kout" 2>/dev/null)" ] && break
	sleep 0.05
done
[ -n "$victim" ] && kill -KILL "$victim"
wait "$pid"
st=$?
why="status $st, victim '$victim': $(grep -v '^edited' "$work/k1" | tail -3)"
check dead-worker-summary-counts-all grep -q "^$K tenders: 1 failed" "$work/k1"
check dead-worker-tender-named grep -q "annexgen: .*/t[0-9]*\.xml: the worker generating this tender died (signal 9)" "$work/k1"
check dead-worker-status test "$st" = 1
"$ANNEXGEN" batch -o "$work/kout" "$work/k" >"$work/k2" 2>&1
st=$?
why="status $st: $(tail -2 "$work/k2")"
check dead-worker-rerun-finishes test "$st" = 0
"$ANNEXGEN" verify "$work/kout" >"$work/k3" 2>&1
st=$?
why="status $st: $(head -3 "$work/k3")"
check dead-worker-verify-clean test "$st" = 0

# 5 and 2d. Two runs on one output folder at once (different formats): the
# second is refused, clearly, while the first holds the folder's lock; the
# first loses nothing; later runs see no edit.
"$ANNEXGEN" batch -j 1 --format odt -o "$work/lock" "$work/k" >"$work/l1" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
	[ -n "$(ls "$work/lock" 2>/dev/null)" ] && break
	sleep 0.05
done
"$ANNEXGEN" batch -j 1 --format docx -o "$work/lock" "$work/k" >"$work/l2" 2>&1
st2=$?
"$ANNEXGEN" generate "$work/k/t0001.xml" -o "$work/lock" >"$work/l3" 2>&1
st3=$?
# 2b. index.tsv follows the manifests while the batch runs, not only at its
# end: it has rows while some tenders are still to come.
rows=0 made=0
for _ in $(seq 1 400); do
	made=$(ls "$work/lock"/*/manifest.tsv 2>/dev/null | wc -l)
	rows=$(grep -vc '^#' "$work/lock/index.tsv" 2>/dev/null)
	[ "${rows:-0}" -gt 0 ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
done
wait "$pid"
st1=$?
why="index rows: ${rows:-none} when $made of $K tenders had a manifest"
check index-current-while-running test "${rows:-0}" -gt 0 -a "$made" -lt "$K"
why="statuses $st1 $st2 $st3: $(cat "$work/l2" "$work/l3" | head -3)"
check lock-second-batch-refused test "$st1" = 0 -a "$st2" = 75 -a "$st3" = 75
check lock-message-clear grep -q "annexgen: another annexgen run is writing to '.*lock': try again when it has finished" "$work/l2"
"$ANNEXGEN" batch -o "$work/lock" "$work/k" >"$work/l4" 2>&1
st=$?
"$ANNEXGEN" verify "$work/lock" >"$work/l5" 2>&1
st5=$?
why="statuses $st $st5: $(tail -1 "$work/l4"; head -3 "$work/l5")"
check lock-later-runs-clean test "$st" = 0 -a "$st5" = 0

# 8. An empty folder, and a batch where every tender fails (under the
# sanitizers in tests/check.sh: no qsort of a NULL list).
mkdir -p "$work/empty" "$work/allbad"
"$ANNEXGEN" batch -o "$work/eout" "$work/empty" >"$work/e1" 2>&1
st=$?
why="status $st: $(head -3 "$work/e1")"
check empty-folder test "$st" = 0 && check empty-folder-no-sanitizer not_grep -q 'runtime error\|Sanitizer' "$work/e1"
printf '<tender' >"$work/allbad/x.xml"
"$ANNEXGEN" batch -o "$work/bout" "$work/allbad" >"$work/e2" 2>&1
st=$?
why="status $st: $(head -3 "$work/e2")"
check every-tender-failed test "$st" = 1 && check every-tender-failed-no-sanitizer not_grep -q 'runtime error\|Sanitizer' "$work/e2"

# 9. Stale-temporary cleanup removes only annexgen's own (".NAME.annexgen.tmpXXXXXX"
# of a file it writes), never a person's dotfile that looks alike.
d=$work/fmt/t0003
printf 'mine' >"$d/.t0003-overview.odt.tmpAb12Cd"
printf 'mine' >"$d/.notes.tmpXyZ123"
printf 'left' >"$d/.t0003-overview.odt.annexgen.tmpAb12Cd"
"$ANNEXGEN" batch --force -o "$work/fmt" "$work/s" >/dev/null 2>&1
why="$(ls -A "$d" | tr '\n' ' ')"
check temp-cleanup-keeps-persons-files test -f "$d/.t0003-overview.odt.tmpAb12Cd" -a -f "$d/.notes.tmpXyZ123"
check temp-cleanup-removes-own test ! -e "$d/.t0003-overview.odt.annexgen.tmpAb12Cd"
exit 0
