#!/usr/bin/env bash
# `make memcheck`: the demo (every example tender in catalog/examples, generated,
# regenerated and forced), quick mode, list, validate and a set of error cases,
# each under valgrind memcheck. Prints "ok memcheck NAME" or "FAIL memcheck NAME:
# why" per run and a summary; exits 1 when any run has a memory error or a
# definite or indirect leak, or ends with another status than expected. Without
# valgrind it prints "SKIPPED: ..." and exits 0 (1 with REQUIRE_ALL=1).
# ANNEXGEN: the binary (default ./annexgen).
set -u
cd "$(dirname "$0")/.."
ANNEXGEN=${ANNEXGEN:-./annexgen}
export LC_ALL=C

if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIPPED: memcheck: valgrind is not installed (apt-get install valgrind)"
	[ "${REQUIRE_ALL:-0}" = 1 ] && exit 1
	exit 0
fi
if [ ! -x "$ANNEXGEN" ]; then
	echo "FAIL memcheck setup: $ANNEXGEN is not built"
	exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/annexgen-memcheck.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
# vg NAME STATUS ARGS...: runs annexgen under valgrind; STATUS is the exit
# status annexgen must give (valgrind's own error status is 99).
vg() {
	local name=$1 want=$2 rc why=
	shift 2
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --log-file="$T/vg.log" \
		"$ANNEXGEN" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 99 ] || grep -qE 'definitely lost|indirectly lost|Invalid (read|write|free)|uninitialised|Mismatched' "$T/vg.log"; then
		why="valgrind: $(grep -m 3 -E '^==[0-9]+== [^ ]' "$T/vg.log" | sed 's/^==[0-9]*== //' | tr '\n' ' ')"
	elif [ "$rc" -ne "$want" ]; then
		why="exit $rc, expected $want: $(head -n 1 "$T/err")"
	fi
	if [ -n "$why" ]; then
		echo "FAIL memcheck $name: $why"
		sed 's/^/    /' "$T/vg.log" | head -n 40
		fail=$((fail + 1))
	else
		echo "ok memcheck $name"
		pass=$((pass + 1))
	fi
}

echo "== memcheck: valgrind $(valgrind --version 2>/dev/null | sed 's/^valgrind-//') on $ANNEXGEN"
# The demo: each example generated, regenerated (nothing to do) and forced.
for t in catalog/examples/*.xml; do
	n=$(basename "$t" .xml)
	vg "demo-$n" 0 generate "$t" -o "$T/out-demo"
	vg "demo-$n-again" 0 generate "$t" -o "$T/out-demo"
	vg "demo-$n-force" 0 generate "$t" -o "$T/out-demo" --force
done
vg quick-annex-odt 0 generate --type paas --kind annex --format odt --exclude OM-16 \
	--exclude 'SP-9:本機關已自建入侵偵測系統' -o "$T/annex.odt"
vg quick-response-docx 0 generate --type saas --kind response --format docx -o "$T/response.docx"
vg quick-overview-docx 0 generate --type iaas --kind overview --format docx -o "$T/overview.docx"
vg list-en 0 list --type saas --lang en
vg validate 0 validate catalog/moda-public-cloud-v5.1.xml catalog/examples/*.xml

# Error paths free what they allocated too.
B=tests/bad/files
vg error-malformed 65 generate "$B/t-malformed.xml" -o "$T/out-bad"
vg error-invalid-utf8 65 generate "$B/t-bad-utf8.xml" -o "$T/out-bad"
vg error-big5 65 generate "$B/t-big5.xml" -o "$T/out-bad"
vg error-external-entity 65 generate "$B/t-xxe-file.xml" -o "$T/out-bad"
vg error-billion-laughs 65 generate "$B/t-billion-laughs.xml" -o "$T/out-bad"
vg error-control-character 65 generate "$B/t-control-ref.xml" -o "$T/out-bad"
vg error-tender-id 65 generate "$B/t-id-dotdot.xml" -o "$T/out-bad"
vg error-unknown-item 65 generate "$B/t-exclude-unknown.xml" -o "$T/out-bad"
vg error-missing-reason 65 generate "$B/t-missing-reason.xml" -o "$T/out-bad"
vg error-version-mismatch 65 generate "$B/t-version-mismatch.xml" -o "$T/out-bad"
vg error-agency-item 65 generate "$B/t-agency-item-dup.xml" -o "$T/out-bad"
vg error-schema 65 generate "$B/t-schema-missing-case-number.xml" -o "$T/out-bad"
vg error-catalogue-duplicate 65 validate "$B/c-dup-item.xml"
vg error-catalogue-unknown-row 65 validate "$B/c-unknown-row-item.xml"
vg error-catalogue-types 65 validate "$B/c-too-many-types.xml"
vg error-missing-file 66 generate "$B/no-such-tender.xml" -o "$T/out-bad"
vg error-quick-exclude 65 generate --type paas --kind annex --format odt --exclude OM-166 -o "$T/bad.odt"
vg error-usage 64 generate --type paas --kind nothing --format odt -o "$T/bad.odt"
{
	sed -n '1,2p' "$B/t-valid.xml"
	printf '  <title xml:lang="zh-TW">'
	yes '<a>' | head -n 5000 | tr -d '\n'
	printf '</title>\n'
	sed -n '4,$p' "$B/t-valid.xml"
} >"$T/deep.xml"
vg error-nesting 65 generate "$T/deep.xml" -o "$T/out-bad"
printf x >"$T/plain"
vg error-output-not-folder 73 generate "$B/t-valid.xml" -o "$T/plain/out"
# A full disk: writes fail with EFBIG past RLIMIT_FSIZE (8 KiB here).
# The limit binds every write of the subshell, so its report goes to a small
# file first: appended to a log already past 8 KiB it would kill the subshell.
(
	ulimit -f 8
	vg error-disk-full 74 generate --type paas --kind annex --format docx -o "$T/full.docx" >"$T/line"
	echo "$pass $fail" >"$T/counts"
)
if read -r pass fail <"$T/counts"; then
	cat "$T/line"
else
	echo "FAIL memcheck error-disk-full: the run under the file size limit did not report"
	fail=$((fail + 1))
fi

echo "memcheck: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
