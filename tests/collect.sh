#!/usr/bin/env bash
# Collecting filled response forms (issue 7): forms generated from an example tender
# are filled for three vendors the way Word and LibreOffice store filled fields
# (tests/collect/fill.py), mixed with forms that belong elsewhere and damaged files,
# and collected; the report and matrix.csv must equal tests/data/collect/expected-*
# exactly, and matrix.odt/.docx must pass the schemas. The second half fills forms
# that headless LibreOffice converted (ODT->DOCX, DOCX->ODT, ODT->DOCX->ODT).
# Prints "ok collect NAME", "FAIL collect NAME: why" or "SKIPPED: why".
# UPDATE_EXPECTED=1 rewrites the expected files from this run (check the diff!).
set -u
ANNEXGEN=${ANNEXGEN:-./annexgen}
case "$ANNEXGEN" in /*) ;; *) ANNEXGEN=$PWD/$ANNEXGEN ;; esac
root=$PWD
data=$root/tests/data/collect
tender=$root/catalog/examples/paas-saas-2026.xml
SHARED=${SHARED:-../shared}
case "$SHARED" in /*) ;; *) SHARED=$root/$SHARED ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ok() { echo "ok collect $1"; }
fail() { echo "FAIL collect $1: $2"; }
check() { # check NAME COMMAND... ; $why explains a failure
	local name=$1; shift
	if "$@"; then ok "$name"; else fail "$name" "${why:-condition failed}"; fi
}
fill() { python3 "$root/tests/collect/fill.py" "$@"; }
same() { # same NAME EXPECTED ACTUAL: exact comparison (or update)
	if [ "${UPDATE_EXPECTED:-0}" = 1 ]; then
		cp "$3" "$data/$2"
		ok "$1 (expected file updated)"
	elif cmp -s "$data/$2" "$3"; then
		ok "$1"
	else
		fail "$1" "differs from tests/data/collect/$2: $(diff "$data/$2" "$3" | head -8 | tr '\n' '|')"
	fi
}
validate() { # validate NAME FILE...
	local name=$1 out; shift
	if [ ! -x "$SHARED/tools/validate-package" ] || ! command -v xmllint >/dev/null; then
		echo "SKIPPED: collect $name: needs $SHARED/tools/validate-package and xmllint"
		return
	fi
	if out=$("$SHARED/tools/validate-package" "$@" 2>&1); then ok "$name"; else fail "$name" "$(echo "$out" | head -5 | tr '\n' '|')"; fi
}
count() { # count PATTERN ZIP PART: occurrences of PATTERN in a package's part
	unzip -p "$2" "$3" 2>/dev/null | grep -o "$1" | wc -l
}

if ! command -v python3 >/dev/null; then
	echo "SKIPPED: collect: python3 is needed to fill the forms"
	exit 0
fi
if ! "$ANNEXGEN" generate "$tender" -o "$work/gen" >/dev/null 2>&1; then
	fail generate "annexgen generate $tender failed"
	exit 0
fi
g=$work/gen/paas-saas-2026/paas-saas-2026
mkdir -p "$work/forms" && cd "$work/forms" || exit 0

# 1. Vendors A (ODT), B and C (DOCX, as Word stores content controls); C changed a
#    requirement text, typed an answer outside the list and answered an excluded item.
#    Then forms that belong elsewhere, and files that are no form at all.
fill "$g-paas-response.odt" vendor-a.odt "$data/vendor-a.json" &&
	fill "$g-paas-response.docx" vendor-b.docx "$data/vendor-b.json" &&
	fill "$g-paas-response.docx" vendor-c.docx "$data/vendor-c.json" &&
	fill "$g-saas-response.docx" other-type.docx "$data/vendor-d-saas.json" &&
	fill "$g-paas-response.odt" other-tender.odt "$data/other-tender.json" &&
	fill "$g-paas-response.docx" old-catalogue.docx "$data/old-catalogue.json"
why="fill.py failed"
check fill test $? = 0
printf 'This is not a document.\n' >not-a-zip.docx
head -c 3000 vendor-a.odt >truncated.odt
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("other-product.docx", "w") as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Dear committee, please find our offer attached.</w:t></w:r></w:p></w:body></w:document>')
with zipfile.ZipFile("spreadsheet.ods", "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
PY

forms="vendor-a.odt vendor-b.docx vendor-c.docx other-type.docx other-tender.odt old-catalogue.docx
       not-a-zip.docx truncated.odt other-product.docx spreadsheet.ods missing.docx"
# shellcheck disable=SC2086
"$ANNEXGEN" collect "$tender" --type paas -o matrix $forms >report.txt 2>stderr.txt
st=$?
why="status $st, expected 2 (a file could not be read); stderr: $(head -3 stderr.txt | tr '\n' '|')"
check exit-status-unreadable test "$st" = 2
same report expected-report.txt report.txt
same matrix-csv expected-matrix.csv matrix/matrix.csv
validate matrix-schemas matrix/matrix.odt matrix/matrix.docx
# Shaded: SP-3 (A, unanswered), OM-10 (B, 不符合), CC-3, OM-16 and AG-1 (C) in the
# matrix; in the totals table the 8 files not read, and the non-zero alert counts (4).
n_odt=$(count 'table:style-name="[^"]*Alert[^"]*"' matrix/matrix.odt content.xml)
n_docx=$(count 'w:fill="FFD7D7"' matrix/matrix.docx word/document.xml)
why="alert cells: odt $n_odt, docx $n_docx, expected 17"
check matrix-highlights test "$n_odt" = 17 -a "$n_docx" = 17
n=$(unzip -p matrix/matrix.odt content.xml | grep -c '丙資訊有限公司.*〔部分操作〕')
why="matrix.odt lacks vendor C or the tampered-text problem"
check matrix-problems-section test "$n" -ge 1

# 2. Exit statuses and the default output folder.
mkdir -p "$work/default" && cd "$work/default" || exit 0
"$ANNEXGEN" collect "$tender" --type paas "$work/forms/vendor-b.docx" >out.txt 2>&1
st=$?
why="status $st (expected 0: vendor B's form has no problem): $(head -3 out.txt | tr '\n' '|')"
check exit-status-clean test "$st" = 0 -a -f out/paas-saas-2026-collect-paas/matrix.csv \
	-a -f out/paas-saas-2026-collect-paas/matrix.odt -a -f out/paas-saas-2026-collect-paas/matrix.docx
"$ANNEXGEN" collect "$tender" --type paas "$work/forms/vendor-a.odt" >/dev/null 2>&1
st=$?
why="status $st, expected 1 (problems found)"
check exit-status-problems test "$st" = 1
"$ANNEXGEN" collect "$tender" "$work/forms/vendor-a.odt" >needs.txt 2>&1
st=$?
why="status $st, expected 64 and one line naming the types (the tender buys two: --type is needed): $(tr '\n' '|' <needs.txt)"
check needs-type test "$st" = 64 -a "$(wc -l <needs.txt)" = 1 \
	-a "$(grep -c "say which (paas or saas)" needs.txt)" = 1
"$ANNEXGEN" collect "$tender" --type iaas "$work/forms/vendor-a.odt" >/dev/null 2>&1
st=$?
why="status $st, expected 64 (the tender does not buy iaas)"
check type-not-bought test "$st" = 64

# 3. Forms LibreOffice converted, filled as they look after conversion.
if ! command -v soffice >/dev/null; then
	echo "SKIPPED: collect LibreOffice round trips: soffice not found"
	exit 0
fi
mkdir -p "$work/lo" && cd "$work/lo" || exit 0
convert() { # convert FORMAT OUTDIR FILE
	timeout 180 soffice "-env:UserInstallation=file://$work/lo-profile" --headless \
		--convert-to "$1" --outdir "$2" "$3" >/dev/null 2>&1
}
cp "$g-paas-response.odt" a.odt && cp "$g-paas-response.docx" b.docx && cp "$g-paas-response.odt" c.odt
convert docx o2d a.odt && convert odt d2o b.docx && convert docx c1 c.odt && convert odt c2 c1/c.docx
why="LibreOffice conversions failed: $(ls o2d d2o c2 2>&1 | tr '\n' ' ')"
check libreoffice-convert test -f o2d/a.docx -a -f d2o/b.odt -a -f c2/c.odt
[ -f o2d/a.docx ] && [ -f d2o/b.odt ] && [ -f c2/c.odt ] || exit 0
fill o2d/a.docx vendor-a-lo.docx "$data/vendor-a.json" &&
	fill d2o/b.odt vendor-b-lo.odt "$data/vendor-b.json" &&
	fill c2/c.odt vendor-c-lo.odt "$data/vendor-c.json"
why="fill.py failed on LibreOffice's files"
check fill-libreoffice test $? = 0
"$ANNEXGEN" collect "$tender" --type paas -o matrix vendor-a-lo.docx vendor-b-lo.odt vendor-c-lo.odt \
	>report.txt 2>stderr.txt
st=$?
why="status $st, expected 1; stderr: $(head -3 stderr.txt | tr '\n' '|')"
check libreoffice-exit-status test "$st" = 1
same libreoffice-report expected-report-lo.txt report.txt
same libreoffice-matrix-csv expected-matrix-lo.csv matrix/matrix.csv
validate libreoffice-matrix-schemas matrix/matrix.odt matrix/matrix.docx
exit 0
