#!/usr/bin/env bash
# Command-line checks of annexgen: list, validate, quick and tender generation,
# exit statuses and error lines. Prints "ok LABEL NAME" or "FAIL LABEL NAME: why"
# per check and always exits 0 (tests/check.sh counts the lines).
# ANNEXGEN: the binary (default ./annexgen); LABEL: prefix (default cli).
set -u
cd "$(dirname "$0")/.."
ANNEXGEN=${ANNEXGEN:-./annexgen}
LABEL=${LABEL:-cli}
# Byte-wise sed and grep: the normalisation below works on UTF-8 bytes.
export LC_ALL=C

T=$(mktemp -d "${TMPDIR:-/tmp}/annexgen-cli.XXXXXX") || {
	echo "FAIL $LABEL setup: mktemp failed"
	exit 0
}
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $LABEL $1"; }
fail() { echo "FAIL $LABEL $1: $2"; }

# run ARGS...: runs annexgen; stdout in $T/out, stderr in $T/err, status in $rc.
rc=0
run() {
	"$ANNEXGEN" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# The first stderr line, for messages.
err1() { head -n 1 "$T/err"; }

# Drops spaces and folds （）； to ASCII, keeping the tabs between fields: the
# fixture's PDF extraction spaces those inconsistently (tests/data/tables/README.md).
normalise() {
	sed -e 's/ //g' -e 's/\r//g' -e 's/　//g' -e 's/（/(/g' -e 's/）/)/g' -e 's/；/;/g'
}

# Entries of a folder, hidden ones too, one a line.
entries() { ls -A "$1" 2>/dev/null; }

check_list() {   # check_list TYPE
	local name="list-$1"
	run list --type "$1"
	if [ "$rc" -ne 0 ]; then
		fail "$name" "exit $rc: $(err1)"
	elif ! diff <(normalise <"$T/out") <(normalise <"tests/data/tables/$1.tsv") >"$T/diff"; then
		fail "$name" "differs from tests/data/tables/$1.tsv: $(grep -m 2 '^[<>]' "$T/diff" | tr '\n' ' ')"
	else
		ok "$name"
	fi
}

check_list_en() {
	local name=list-lang-en lines bad
	run list --type paas --lang en
	lines=$(wc -l <"$T/out")
	# Fields: ID, domain, category, text, all present.
	bad=$(awk -F '\t' 'NF != 4 || $1 == "" || $2 == "" || $3 == "" || $4 == ""' "$T/out" | head -n 1)
	if [ "$rc" -ne 0 ]; then
		fail "$name" "exit $rc: $(err1)"
	elif [ "$lines" -ne 60 ]; then
		fail "$name" "$lines lines, expected 60"
	elif [ -n "$bad" ]; then
		fail "$name" "malformed line: $bad"
	elif ! diff <(cut -f 1 "$T/out") <(cut -f 1 tests/data/tables/paas.tsv) >/dev/null; then
		fail "$name" "IDs are not those of Table 2 in order"
	elif grep -q $'[\xe4-\xe9]' "$T/out"; then
		# CJK ideographs start with bytes E4-E9 in UTF-8.
		fail "$name" "Chinese text in the English list: $(grep -m 1 $'[\xe4-\xe9]' "$T/out")"
	elif [ "$(head -n 1 "$T/out" | cut -f 4)" != \
		"The CSP shall provide the agency with a management platform service interface/website." ]; then
		fail "$name" "CC-1 reads '$(head -n 1 "$T/out" | cut -f 4)'"
	else
		ok "$name"
	fi
}

check_version_help() {
	run --version
	if [ "$rc" -eq 0 ] && grep -q '^annexgen [0-9][0-9.]*' "$T/out"; then
		ok version
	else
		fail version "exit $rc, stdout '$(head -n 1 "$T/out")'"
	fi
	run --help
	if [ "$rc" -eq 0 ] && grep -q '^usage: annexgen' "$T/out"; then
		ok help
	else
		fail help "exit $rc, stdout '$(head -n 1 "$T/out")'"
	fi
}

check_usage() {   # check_usage NAME ARGS...
	local name=$1
	shift
	run "$@"
	if [ "$rc" -ne 64 ]; then
		fail "$name" "exit $rc, expected 64 (EX_USAGE)"
	elif ! grep -q '^usage: annexgen' "$T/err"; then
		fail "$name" "no usage line on stderr: $(err1)"
	else
		ok "$name"
	fi
}

check_valid() {   # check_valid FILE
	local name="validate-$(basename "$1" .xml)"
	run validate "$1"
	if [ "$rc" -ne 0 ]; then
		fail "$name" "exit $rc: $(err1)"
	elif [ "$(cat "$T/out")" != "$1: ok" ]; then
		fail "$name" "stdout '$(head -n 1 "$T/out")', expected '$1: ok'"
	else
		ok "$name"
	fi
}

# check_invalid FILE LINE KEY: one stderr line "annexgen: FILE:LINE: ..." holding KEY, exit 65.
check_invalid() {
	local file=$1 line=$2 key=$3 name="validate-$(basename "$1" .xml)" prefix
	prefix="annexgen: $file:$line: "
	run validate "$file"
	if [ "$rc" -ne 65 ]; then
		fail "$name" "exit $rc, expected 65 (EX_DATAERR): $(err1)"
	elif [ "$(wc -l <"$T/err")" -ne 1 ]; then
		fail "$name" "$(wc -l <"$T/err") lines on stderr, expected one: $(tr '\n' '|' <"$T/err")"
	elif [ "${prefix}" != "$(head -c ${#prefix} "$T/err")" ]; then
		fail "$name" "'$(err1)' does not start with '$prefix'"
	elif ! grep -qF -- "$key" "$T/err"; then
		fail "$name" "'$(err1)' lacks '$key'"
	elif [ -s "$T/out" ]; then
		fail "$name" "stdout not empty: $(head -n 1 "$T/out")"
	else
		ok "$name"
	fi
}

check_validate() {
	local f
	check_valid catalog/moda-public-cloud-v5.1.xml
	for f in catalog/examples/*.xml; do
		check_valid "$f"
	done
	check_valid tests/data/catalog/minimal.xml
	check_valid tests/data/tender/ok-paas-om16.xml
	check_valid tests/data/tender/ok-minimal-href.xml

	local c=tests/data/catalog
	check_invalid $c/bad-malformed.xml 31 "mismatch"
	check_invalid $c/bad-duplicate-item.xml 27 "duplicate item id 'AB-1' (first at line 23)"
	check_invalid $c/bad-table-unknown-type.xml 40 "table for unknown service type 't3'"
	check_invalid $c/bad-empty-text.xml 29 "item 'AB-2' has an empty 'en' text"
	check_invalid $c/bad-undeclared-language.xml 29 "item 'AB-2' is in language 'fr', which the catalogue does not declare"
	check_invalid $c/bad-missing-en.xml 27 "item 'AB-2' has no 'en' text"
	check_invalid $c/bad-unknown-row-item.xml 38 "table 't1' lists unknown item 'AB-22' (did you mean 'AB-2'?)"
	check_invalid $c/bad-item-in-no-table.xml 27 "item 'AB-2' applies to no service type (it is in no table)"
	check_invalid $c/bad-unknown-note.xml 38 "row of item 'AB-2' refers to unknown note 'n9'"
	check_invalid $c/bad-two-official.xml 9 "exactly one language must be marked official"
	check_invalid $c/bad-doctype-system.xml 2 "document type declarations are not allowed"
	check_invalid $c/bad-billion-laughs.xml 2 "document type declarations are not allowed"
	check_invalid $c/bad-big5.xml 1 "encoding 'Big5' is not supported"
	check_invalid $c/bad-latin1.xml 1 "encoding 'ISO-8859-1' is not supported"
	check_invalid $c/bad-utf16.xml 1 "not supported"
	check_invalid $c/bad-utf8.xml 25 "UTF-8"
	check_invalid $c/bad-xml11.xml 1 "XML version '1.1' is not supported"
	# The parser words this one; the line and the refusal are what count.
	check_invalid $c/bad-control-char.xml 25 ""

	local t=tests/data/tender
	check_invalid $t/bad-om16-iaas.xml 12 "excluding item 'OM-16' from 'iaas' needs a reason"
	check_invalid $t/bad-unknown-item.xml 12 "unknown item 'OM-166' (did you mean 'OM-16'?)"
	check_invalid $t/bad-not-applicable.xml 12 "item 'SP-5' does not apply to service type 'iaas'"
	check_invalid $t/bad-type-not-bought.xml 12 "names service type 'saas', which the tender does not buy"
	check_invalid $t/bad-duplicate-exclude.xml 13 "item 'OM-16' is excluded twice for service type 'paas' (first at line 12)"
	check_invalid $t/bad-catalog-version.xml 7 "tender wants catalogue 'moda-public-cloud' version 'V5.0'"
	check_invalid $t/bad-unknown-type.xml 11 "unknown service type 'xaas'"
	check_invalid $t/bad-both-no-en.xml 3 "the tender title has no 'en' text"
	check_invalid $t/bad-agency-id.xml 12 "agency item 'OM-1' has the id of a catalogue item"
	check_invalid $t/bad-agency-category.xml 12 "agency item 'AG-1' names unknown category 'nope'"
	check_invalid $t/bad-id-con.xml 2 "tender id 'CON' is a reserved device name"
	check_invalid $t/bad-id-dotdot.xml 2 "tender"

	run validate "$T/no-such-file.xml"
	if [ "$rc" -eq 66 ] && grep -qF "$T/no-such-file.xml" "$T/err"; then
		ok validate-missing-file
	else
		fail validate-missing-file "exit $rc, expected 66 (EX_NOINPUT): $(err1)"
	fi
}

# ---- quick mode ----

Q=$T/quick
BEFORE=""

# A failing command must leave the output folder as it was: no file, no temporary.
expect_untouched() {   # expect_untouched NAME
	local now
	now=$(entries "$Q")
	if [ "$now" != "$BEFORE" ]; then
		fail "$1-nothing-left" "the output folder changed: $(diff <(echo "$BEFORE") <(echo "$now") | grep '^[<>]' | tr '\n' ' ')"
	else
		ok "$1-nothing-left"
	fi
}

# quick_fail NAME STATUS KEY ARGS...: generate ARGS fails with STATUS, stderr holds KEY.
quick_fail() {
	local name=$1 status=$2 key=$3
	shift 3
	BEFORE=$(entries "$Q")
	run generate "$@"
	if [ "$rc" -ne "$status" ]; then
		fail "$name" "exit $rc, expected $status: $(err1)"
	elif ! grep -qF -- "$key" "$T/err"; then
		fail "$name" "stderr lacks '$key': $(err1)"
	else
		ok "$name"
	fi
	expect_untouched "$name"
}

is_package() {   # is_package FILE MIMETYPE-WORD: a zip whose first entry is mimetype, or [Content_Types].xml
	[ -s "$1" ] && [ "$(head -c 2 "$1")" = PK ] && head -c 200 "$1" | grep -aq "$2"
}

# The text of a package part, when unzip is there to read it.
part() { unzip -p "$1" "$2" 2>/dev/null; }

check_quick() {
	local x=$Q/x.odt
	mkdir -p "$Q"
	run generate --type paas --kind annex --format odt -o "$x"
	if [ "$rc" -eq 0 ] && is_package "$x" opendocument.text; then
		ok quick-generate-odt
	else
		fail quick-generate-odt "exit $rc, $(err1)"
	fi
	cp "$x" "$T/x.copy" 2>/dev/null
	quick_fail quick-exists-refused 73 "--force" --type paas --kind annex --format odt -o "$x"
	if cmp -s "$x" "$T/x.copy"; then
		ok quick-exists-unchanged
	else
		fail quick-exists-unchanged "$x was modified"
	fi
	run generate --type paas --kind response --format odt -o "$x" --force
	if [ "$rc" -eq 0 ] && is_package "$x" opendocument.text && ! cmp -s "$x" "$T/x.copy"; then
		ok quick-force-replaces
	else
		fail quick-force-replaces "exit $rc, $(err1)"
	fi

	run generate --type paas --kind annex --format odt -o "$Q/om16.odt" --exclude OM-16
	if [ "$rc" -ne 0 ] || ! is_package "$Q/om16.odt" opendocument.text; then
		fail quick-exclude-om16-paas "exit $rc, $(err1)"
	elif command -v unzip >/dev/null && ! part "$Q/om16.odt" content.xml | grep -q '本案不適用'; then
		fail quick-exclude-om16-paas "the annex does not mark OM-16 not applicable"
	else
		ok quick-exclude-om16-paas
	fi
	quick_fail quick-exclude-om16-iaas 65 "OM-16" --type iaas --kind annex --format odt \
		-o "$Q/om16-iaas.odt" --exclude OM-16
	if grep -qF "'iaas'" "$T/err"; then
		ok quick-exclude-om16-iaas-names-type
	else
		fail quick-exclude-om16-iaas-names-type "$(err1)"
	fi
	run generate --type iaas --kind annex --format odt -o "$Q/sp9.odt" --exclude "SP-9:理由"
	if [ "$rc" -ne 0 ] || ! is_package "$Q/sp9.odt" opendocument.text; then
		fail quick-exclude-sp9-reason "exit $rc, $(err1)"
	elif command -v unzip >/dev/null && ! part "$Q/sp9.odt" content.xml | grep -q '理由為理由'; then
		fail quick-exclude-sp9-reason "the reason is not in the annex"
	else
		ok quick-exclude-sp9-reason
	fi
	run generate --type saas --kind overview --format docx -o "$Q/o.docx"
	if [ "$rc" -eq 0 ] && is_package "$Q/o.docx" 'Content_Types'; then
		ok quick-generate-docx
	else
		fail quick-generate-docx "exit $rc, $(err1)"
	fi

	quick_fail quick-unknown-item 65 "did you mean 'SP-9'" --type iaas --kind annex --format odt \
		-o "$Q/u.odt" --exclude SP-99:x
	quick_fail quick-unknown-type 64 "xaas" --type xaas --kind annex --format odt -o "$Q/t.odt"
	quick_fail quick-unknown-kind 64 "usage:" --type paas --kind annexe --format odt -o "$Q/k.odt"
	quick_fail quick-format-both 64 "usage:" --type paas --kind annex --format both -o "$Q/b.odt"
	quick_fail quick-bad-catalog 65 "item 'AB-2' has an empty 'en' text" --catalog \
		tests/data/catalog/bad-empty-text.xml --type t1 --kind annex --format odt -o "$Q/c.odt"
	quick_fail quick-missing-catalog 66 "no-such" --catalog "$T/no-such.xml" --type paas \
		--kind annex --format odt -o "$Q/m.odt"
	quick_fail quick-no-folder 73 "" --type paas --kind annex --format odt -o "$Q/none/x.odt"
	if [ -z "$(find "$Q" -name '.*tmp*')" ]; then
		ok quick-no-temporaries
	else
		fail quick-no-temporaries "left: $(find "$Q" -name '.*tmp*' | tr '\n' ' ')"
	fi
}

# ---- tender mode ----

check_tender() {
	local g=$T/gen id=paas-saas-2026 f
	local edited=$g/$id/$id-paas-annex.odt
	run generate catalog/examples/$id.xml -o "$g"
	if [ "$rc" -eq 0 ] && [ "$(cat "$T/out")" = "$id: 10 written, 0 unchanged" ]; then
		ok tender-generate
	else
		fail tender-generate "exit $rc, stdout '$(head -n 1 "$T/out")', $(err1)"
	fi
	# Byte-identical output holds per zlib build: the manifest says which.
	if head -n 1 "$g/$id/manifest.tsv" | grep -Eq '^# annexgen manifest 1 \(annexgen [^,]+, zlib [0-9][0-9.]*\)$'; then
		ok tender-manifest-zlib-version
	else
		fail tender-manifest-zlib-version "first line: '$(head -n 1 "$g/$id/manifest.tsv")'"
	fi
	run generate catalog/examples/$id.xml -o "$g"
	if [ "$rc" -eq 0 ] && grep -q "^$id: 0 written" "$T/out"; then
		ok tender-rerun-unchanged
	else
		fail tender-rerun-unchanged "exit $rc, stdout '$(head -n 1 "$T/out")', $(err1)"
	fi

	cp "$edited" "$T/generated.odt"
	printf 'x' >>"$edited"
	cp "$edited" "$T/edited.odt"
	run generate catalog/examples/$id.xml -o "$g"
	if [ "$rc" -ne 3 ]; then
		fail tender-edited-refused "exit $rc, expected 3: $(err1)"
	elif ! grep -qF "$edited" "$T/err"; then
		fail tender-edited-refused "the message does not name $edited: $(err1)"
	elif ! cmp -s "$edited" "$T/edited.odt"; then
		fail tender-edited-refused "the edited file was overwritten"
	else
		ok tender-edited-refused
	fi
	# Still edited on the next run: the manifest keeps the generated hash.
	run generate catalog/examples/$id.xml -o "$g"
	if [ "$rc" -eq 3 ] && cmp -s "$edited" "$T/edited.odt"; then
		ok tender-edited-stays-refused
	else
		fail tender-edited-stays-refused "exit $rc: $(err1)"
	fi
	run generate catalog/examples/$id.xml -o "$g" --force
	if [ "$rc" -eq 0 ] && cmp -s "$edited" "$T/generated.odt"; then
		ok tender-force-overwrites
	else
		fail tender-force-overwrites "exit $rc: $(err1)"
	fi

	# Same input, same bytes: every example generated twice into separate folders.
	local a=$T/det-a b=$T/det-b diffs=""
	for f in catalog/examples/*.xml; do
		"$ANNEXGEN" generate "$f" -o "$a" >/dev/null 2>&1
		"$ANNEXGEN" generate "$f" -o "$b" >/dev/null 2>&1
	done
	if [ "$(cd "$a" 2>/dev/null && find . -type f | sort)" != "$(cd "$b" 2>/dev/null && find . -type f | sort)" ]; then
		fail tender-deterministic "the two runs wrote different files"
	else
		for f in $(cd "$a" && find . -type f | sort); do
			cmp -s "$a/$f" "$b/$f" || diffs="$diffs $f"
		done
		if [ -n "$diffs" ]; then
			fail tender-deterministic "files differ:$diffs"
		elif [ "$(cd "$a" && find . -type f -name '*.odt' | wc -l)" -lt 10 ]; then
			fail tender-deterministic "too few documents were generated"
		else
			ok tender-deterministic
		fi
	fi
	if [ -z "$(find "$g" "$a" -name '.*tmp*')" ]; then
		ok tender-no-temporaries
	else
		fail tender-no-temporaries "left: $(find "$g" "$a" -name '.*tmp*' | tr '\n' ' ')"
	fi

	run generate tests/data/tender/bad-om16-iaas.xml -o "$T/bad"
	if [ "$rc" -eq 65 ] && [ -z "$(entries "$T/bad/t-2026")" ]; then
		ok tender-bad-writes-nothing
	else
		fail tender-bad-writes-nothing "exit $rc, $(entries "$T/bad/t-2026" | tr '\n' ' ')"
	fi
}

# ---- what cannot be read is left alone (issue 15, items 1 and 9) ----

# A file annexgen cannot hash (over the 1 GiB read limit; mode 000 for the
# user running it) is left alone and named, exit 3; a FIFO or a folder at an
# output path is never replaced, not even with --force.
check_left_alone() {
	local g=$T/la id=paas-saas-2026 tender=$T/la-tender.xml f d size
	cp catalog/examples/$id.xml "$tender"
	run generate "$tender" -o "$g"
	sed -i 's/範例市政府資訊中心/範例市政府資訊處/' "$tender"
	f=$g/$id/$id-paas-annex.odt
	truncate -s $((1024 * 1024 * 1024 + 1)) "$f"
	run generate "$tender" -o "$g"
	size=$(stat -c %s "$f")
	if [ "$rc" -eq 3 ] && grep -qF "'$f' (cannot be read)" "$T/err" && [ "$size" = 1073741825 ]; then
		ok left-alone-over-read-limit
	else
		fail left-alone-over-read-limit "exit $rc, size $size: $(err1)"
	fi
	rm -f "$f"
	mkfifo "$f"
	d=$g/$id/$id-saas-annex.odt
	rm -f "$d"
	mkdir "$d"
	run generate "$tender" -o "$g" --force
	if [ "$rc" -eq 3 ] && grep -qF "'$f' (not a regular file)" "$T/err" &&
		grep -qF "'$d' (not a regular file)" "$T/err" && [ -p "$f" ] && [ -d "$d" ]; then
		ok left-alone-fifo-and-folder
	else
		fail left-alone-fifo-and-folder "exit $rc, fifo $([ -p "$f" ] && echo kept || echo replaced): $(err1)"
	fi
	rm -f "$f"
	rmdir "$d"

	# Mode 000: as root every file is readable, so the check runs as nobody.
	local as=() nb=$T/nb
	if [ "$(id -u)" = 0 ]; then
		if ! command -v setpriv >/dev/null || ! id nobody >/dev/null 2>&1; then
			echo "SKIPPED: left-alone-mode-000: running as root without setpriv (util-linux) or user nobody"
			return
		fi
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
		chmod 755 "$T"
	fi
	mkdir -p "$nb"
	cp catalog/examples/$id.xml "$nb/t.xml"
	[ "$(id -u)" = 0 ] && chown -R nobody "$nb"
	"${as[@]}" "$ANNEXGEN" generate "$nb/t.xml" -o "$nb/out" >/dev/null 2>&1
	sed -i 's/範例市政府資訊中心/範例市政府資訊處/' "$nb/t.xml"
	f=$nb/out/$id/$id-paas-annex.odt
	size=$(stat -c %s "$f" 2>/dev/null)
	chmod 000 "$f"
	"${as[@]}" "$ANNEXGEN" generate "$nb/t.xml" -o "$nb/out" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 3 ] && grep -qF "'$f' (cannot be read)" "$T/err" &&
		[ "$(stat -c %a:%s "$f")" = "0:$size" ]; then
		ok left-alone-mode-000
	else
		fail left-alone-mode-000 "exit $rc, $(stat -c %a:%s "$f" 2>&1) (was 0:$size): $(err1)"
	fi
	chmod -R u+rwX "$nb"
}

# A first run that fails for a full disk leaves nothing: not the files it
# wrote, not its journal manifest, even when the disk fills at the very last
# write (the final manifest). Needs a tmpfs exactly as big as the documents
# and the journal; mounting one needs root (CAP_SYS_ADMIN).
check_full_disk() {
	local m=$T/full id=paas-saas-2026 pages f
	mkdir -p "$m" "$T/sizes"
	"$ANNEXGEN" generate catalog/examples/$id.xml -o "$T/sizes" >/dev/null 2>&1
	# Pages of the documents, plus one for the journal manifest.
	pages=1
	for f in "$T/sizes/$id"/*.odt "$T/sizes/$id"/*.docx; do
		pages=$((pages + ($(stat -c %s "$f") + 4095) / 4096))
	done
	# Root mounts it; another user through password-less sudo (as CI has).
	local su=()
	[ "$(id -u)" = 0 ] || su=(sudo -n)
	if ! "${su[@]}" mount -t tmpfs -o size=$((pages * 4096)),nr_inodes=64,uid=$(id -u) tmpfs "$m" 2>/dev/null; then
		echo "SKIPPED: full-disk-first-run: cannot mount a tmpfs here (needs root or sudo)"
		return
	fi
	run generate catalog/examples/$id.xml -o "$m/out"
	if [ "$rc" -ne 74 ] || ! grep -qF "manifest.tsv" "$T/err"; then
		fail full-disk-first-run "setup: the disk did not fill at the final manifest: exit $rc: $(err1)"
	elif [ -n "$(ls -A "$m/out" 2>/dev/null)" ]; then
		fail full-disk-first-run "left: $(cd "$m/out" && find . | tr '\n' ' ' | cut -c 1-300)"
	else
		ok full-disk-first-run
	fi
	"${su[@]}" umount "$m"
}

# The build fails on a bundled catalogue that is not valid: gen/catgen loads
# it with every check, says file:line: what is wrong, and writes nothing.
check_catgen() {   # check_catgen NAME SED-SCRIPT MESSAGE
	local name=catgen-$1 cg=${B:-.build}/catgen d=$T/catgen-$1 src=catalog/moda-public-cloud-v5.1.xml line said
	[ -x "$cg" ] || { fail "$name" "no $cg: build first"; return; }
	mkdir -p "$d"
	sed "$2" "$src" >"$d/moda-public-cloud-v5.1.xml"
	line=$(cmp "$src" "$d/moda-public-cloud-v5.1.xml" 2>/dev/null | awk '{ print $NF }')
	"$cg" "$d/data.c" "$d/moda-public-cloud-v5.1.xml" >"$T/out" 2>"$T/err"
	rc=$?
	said=$(err1)
	if [ -z "$3" ]; then
		if [ "$rc" -ne 0 ] || ! grep -q '^const catalog catalog_bundled_data = {' "$d/data.c"; then
			fail "$name" "exit $rc: $(err1)"
		else
			ok "$name"
		fi
	elif [ "$rc" -eq 0 ] || [ "$said" = "${said#"catgen: $d/moda-public-cloud-v5.1.xml:$line: $3"}" ]; then
		fail "$name" "exit $rc, said: $said (want line $line: $3)"
	elif [ -n "$(ls -A "$d" | grep -v '^moda-public-cloud-v5.1.xml$')" ]; then
		fail "$name" "left: $(ls -A "$d" | tr '\n' ' ')"
	else
		ok "$name"
	fi
}

if [ "$LABEL" = cli ]; then
	check_catgen valid '' ''
	check_catgen duplicate-id 's/id="OM-3"/id="OM-2"/' "duplicate item id 'OM-2'"
	check_catgen schema 's/<item id="OM-3"/<item bogus="1" id="OM-3"/' "<item> has no attribute 'bogus' (it takes id, section, refs)"
fi
check_list iaas
check_list paas
check_list saas
check_list_en
check_version_help
check_usage usage-unknown-command bogus
check_usage usage-unknown-option list --bogus
check_usage usage-no-arguments
check_usage usage-missing-value list --type
check_validate
check_quick
check_tender
check_left_alone
check_full_disk
exit 0
