#!/usr/bin/env bash
# Hostile and broken input (issue 5): runs every case of tests/bad/cases.tsv and
# prints "ok LABEL NAME" or "FAIL LABEL NAME: why" per case; always exits 0
# (tests/check.sh counts the lines). ANNEXGEN: the binary (default ./annexgen);
# LABEL: prefix (default bad). CASES=REGEX runs only the cases whose name matches.
#
# cases.tsv has five tab-separated columns:
#   name  status  stderr  keep  command
# status: the exit status expected. stderr: text the error must contain ("-":
# stderr must be empty). keep: an extended regex of the paths (relative to $OUT)
# that may exist in the output folder afterwards ("-": none; the folder must be
# as empty as it was given). command: bash, where `annexgen` runs the binary
# and these are set:
#   $F    tests/bad/files, the fixtures
#   $G    a folder of inputs generated for this run (too big to commit, see gen_inputs)
#   $OUT  an empty folder for this case's outputs
# For every case the runner also checks: one error line, "annexgen: " first;
# nothing on stdout on failure; no sanitizer report; no temporary file
# (.NAME.annexgen.tmpXXXXXX) anywhere under $OUT. A command may call `expect_file FILE
# TEXT` to require a file's content afterwards (a file the run must not touch).
set -u
cd "$(dirname "$0")/../.."
ANNEXGEN=${ANNEXGEN:-./annexgen}
LABEL=${LABEL:-bad}
CASES=${CASES:-}
export LC_ALL=C

case $ANNEXGEN in /*) ;; *) ANNEXGEN=$PWD/$ANNEXGEN ;; esac
if [ ! -x "$ANNEXGEN" ]; then
	echo "FAIL $LABEL setup: $ANNEXGEN is not built"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/annexgen-bad.XXXXXX") || {
	echo "FAIL $LABEL setup: mktemp failed"
	exit 0
}
trap 'rm -rf "$T"' EXIT
F=tests/bad/files
G=$T/gen
mkdir -p "$G"

annexgen() { "$ANNEXGEN" "$@"; }
expect_file() {   # expect_file FILE TEXT: the file must still hold exactly TEXT
	if [ "$(cat "$1" 2>/dev/null)" != "$2" ]; then
		echo "bad-run: '$1' was changed or removed" >&2
	fi
}

# The base tender of the fixtures (tests/bad/files/t-valid.xml) with its
# agency text replaced by N bytes of "a", or N nested elements in the title.
tender_with_text() {   # tender_with_text BYTES
	sed -n '1,3p' "$F/t-valid.xml"
	printf '  <agency xml:lang="zh-TW">'
	head -c "$1" /dev/zero | tr '\0' a
	printf '</agency>\n'
	sed -n '5,$p' "$F/t-valid.xml"
}
tender_nested() {   # tender_nested DEPTH
	sed -n '1,2p' "$F/t-valid.xml"
	printf '  <title xml:lang="zh-TW">'
	yes '<a>' | head -n "$1" | tr -d '\n'
	yes '</a>' | head -n "$1" | tr -d '\n'
	printf '</title>\n'
	sed -n '4,$p' "$F/t-valid.xml"
}
tender_agency_items() {   # tender_agency_items N
	sed -n '1,12p' "$F/t-valid.xml"
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
		printf "  <agency-item id=\"AG-%d\" category=\"access\"><text xml:lang=\"zh-TW\">項目</text></agency-item>\n", i }'
	echo '</tender>'
}
# The mini catalogue (tests/bad/files/c-valid.xml) with N more items in
# category c1, all in the iaas table, and optional padding or a long text.
catalog_items() {   # catalog_items N
	sed -n '1,47p' "$F/c-valid.xml"
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
		printf "<item id=\"G-%d\"><text xml:lang=\"zh-TW\">x</text><text xml:lang=\"en\">x</text></item>\n", i }'
	sed -n '48,55p' "$F/c-valid.xml"
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "<row item=\"G-%d\"/>\n", i }'
	sed -n '56,$p' "$F/c-valid.xml"
}
catalog_text() {   # catalog_text BYTES: item AB-2's English text is BYTES long
	sed -n '1,45p' "$F/c-valid.xml"
	printf '        <text xml:lang="zh-TW">第二項</text><text xml:lang="en">'
	head -c "$1" /dev/zero | tr '\0' a
	printf '</text>\n'
	sed -n '47,$p' "$F/c-valid.xml"
}
catalog_section() {   # catalog_section BYTES: item AB-2 has a section attribute BYTES long
	sed -n '1,44p' "$F/c-valid.xml"
	printf '      <item id="AB-2" section="'
	head -c "$1" /dev/zero | tr '\0' a
	printf '">\n'
	sed -n '46,$p' "$F/c-valid.xml"
}
catalog_nested() {   # catalog_nested DEPTH
	sed -n '1,3p' "$F/c-valid.xml"
	yes '<a>' | head -n "$1" | tr -d '\n'
	yes '</a>' | head -n "$1" | tr -d '\n'
	echo
	sed -n '4,$p' "$F/c-valid.xml"
}
catalog_refs() {   # catalog_refs N: N more references, item AB-1 cites the last one N times
	awk -v n="$1" '
	/<\/references>/ { for (i = 1; i <= n; i++)
		printf "<reference id=\"g%d\" href=\"https://example.org/%d\"><label xml:lang=\"zh-TW\">參</label><label xml:lang=\"en\">R</label></reference>\n", i, i }
	/refs="r1"/ { line = $0; list = "r1"; for (i = 1; i <= n; i++) list = list " g" n
		sub(/refs="r1"/, "refs=\"" list "\"", line); print line; next }
	{ print }' "$F/c-valid.xml"
}
catalog_padded() {   # catalog_padded BYTES: a comment makes the file BYTES long at least
	sed -n '1,2p' "$F/c-valid.xml"
	printf '<!-- '
	head -c "$1" /dev/zero | tr '\0' a
	printf ' -->\n'
	sed -n '3,$p' "$F/c-valid.xml"
}

gen_inputs() {
	tender_with_text 100000000 >"$G/t-100mb-text.xml" &&
	tender_with_text 65537 >"$G/t-text-over-limit.xml" &&
	tender_with_text 65536 >"$G/t-text-at-limit.xml" &&
	tender_nested 100000 >"$G/t-nested-100000.xml" &&
	tender_nested 250 >"$G/t-nested-250.xml" &&
	tender_agency_items 1001 >"$G/t-1001-agency-items.xml" &&
	tender_agency_items 1000 >"$G/t-1000-agency-items.xml" &&
	catalog_items 99998 >"$G/c-100000-items.xml" &&
	catalog_items 99999 >"$G/c-100001-items.xml" &&
	catalog_text 65537 >"$G/c-text-over-limit.xml" &&
	catalog_section 11000000 >"$G/c-11mb-attribute.xml" &&
	catalog_nested 100000 >"$G/c-nested-100000.xml" &&
	catalog_padded 16777216 >"$G/c-over-16mib.xml" &&
	catalog_refs 100000 >"$G/c-100000-references.xml" &&
	mkfifo "$G/fifo.xml" &&
	template_bomb
}
# A DOCX whose word/styles.xml inflates to 100 MiB (about 100 KB zipped), made
# only when a case uses it (the template cases) and zip is installed.
template_bomb() {
	grep -q '^[^#].*template-bomb' tests/bad/cases.tsv && command -v zip >/dev/null || return 0
	cp "$F/template-no-styles.docx" "$G/template-bomb.docx" &&
	mkdir -p "$G/bomb/word" &&
	head -c 104857600 /dev/zero | tr '\0' ' ' >"$G/bomb/word/styles.xml" &&
	(cd "$G/bomb" && zip -q -9 ../template-bomb.docx word/styles.xml) &&
	rm -rf "$G/bomb"
}
if ! gen_inputs; then
	echo "FAIL $LABEL setup: cannot generate the large inputs in $G"
	exit 0
fi

n=0
while IFS=$'\t' read -r name status expect keep cmd; do
	case $name in '' | '#'*) continue ;; esac
	if [ -n "$CASES" ] && ! [[ $name =~ $CASES ]]; then
		continue
	fi
	n=$((n + 1))
	OUT=$T/out/$name
	mkdir -p "$OUT"
	(
		export F G OUT
		eval "$cmd"
	) >"$T/stdout" 2>"$T/stderr" </dev/null
	rc=$?
	why=
	first=$(head -n 1 "$T/stderr")
	left=$(cd "$OUT" && find . -mindepth 1 | sed 's|^\./||' | sort)
	temps=$(cd "$OUT" && find . -name '.*.tmp*' | sed 's|^\./||')
	[ "$keep" = - ] || left=$(printf '%s\n' "$left" | grep -Ev "^($keep)\$")
	if grep -qE 'Sanitizer|runtime error:|LeakSanitizer' "$T/stderr"; then
		why="sanitizer report: $(grep -m 1 -E 'ERROR|runtime error' "$T/stderr")"
	elif [ "$rc" -ne "$status" ]; then
		why="exit $rc, expected $status: $first"
	elif [ "$expect" = - ] && [ -s "$T/stderr" ]; then
		why="unexpected stderr: $first"
	elif [ "$expect" != - ] && ! grep -qF -- "$expect" "$T/stderr"; then
		why="stderr lacks '$expect': $first"
	elif [ "$expect" != - ] && [[ $first != "annexgen: "* ]]; then
		why="first stderr line is not 'annexgen: ...': $first"
	elif [ "$expect" != - ] && [ "$status" -ne 64 ] && [ "$(wc -l <"$T/stderr")" -ne 1 ]; then
		why="error spans $(wc -l <"$T/stderr") lines: $(head -c 300 "$T/stderr" | tr '\n' '|')"
	elif [ "$status" -ne 0 ] && [ -s "$T/stdout" ]; then
		why="stdout on failure: $(head -n 1 "$T/stdout")"
	elif grep -q '^bad-run:' "$T/stderr"; then
		why=$(grep -m 1 '^bad-run:' "$T/stderr")
	elif [ -n "$temps" ]; then
		why="temporary file left: $(echo $temps)"
	elif [ -n "$left" ]; then
		why="left in the output folder: $(echo $left | cut -c 1-200)"
	fi
	if [ -n "$why" ]; then
		echo "FAIL $LABEL $name: $why"
	else
		echo "ok $LABEL $name"
	fi
	rm -rf "$OUT"
done <tests/bad/cases.tsv
[ "$n" -gt 0 ] || echo "FAIL $LABEL cases: no case matched '${CASES}'"
exit 0
