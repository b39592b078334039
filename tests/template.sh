#!/usr/bin/env bash
# --template with documents real programs wrote (issue 12): LibreOffice's bundled
# templates and Save As from starting documents, pandoc's reference documents,
# python-docx's default, plus hand-made edge cases (tests/template-cases.py). The
# corpus is made here, at test time. Each template gives documents that pass the
# official schemas and that LibreOffice opens, or one error line; at least 95% are
# used. The same corpus runs under AddressSanitizer + UBSan. Prints "ok template
# NAME", "FAIL template NAME: why" or "SKIPPED: why"; always exits 0.
# ANNEXGEN: the binary (default ./annexgen); SAN: the sanitizer build.
set -u
cd "$(dirname "$0")/.."
ANNEXGEN=${ANNEXGEN:-./annexgen}
SAN=${SAN:-.build/san/annexgen}
SHARED=${SHARED:-../shared}
VALIDATE=$SHARED/tools/validate-package
# A tender of the two-item test catalogue: the documents stay a page or two,
# so LibreOffice opens all of them in a few minutes.
CATALOG=tests/bad/files/c-valid.xml
CASE_NUMBER=TPL-115-007
PY=/usr/bin/python3
export LC_ALL=C

ok() { echo "ok template $1"; }
fail() { echo "FAIL template $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }

missing=""
have soffice || missing="$missing libreoffice-writer-nogui"
have pandoc || missing="$missing pandoc"
have unzip || missing="$missing unzip"
have xmllint || missing="$missing libxml2-utils"
"$PY" -c 'import docx' 2>/dev/null || missing="$missing python3-docx"
[ -x "$VALIDATE" ] || missing="$missing $VALIDATE"
if [ -n "$missing" ]; then
	echo "SKIPPED: the template corpus needs:$missing"
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/annexgen-template.XXXXXX") || {
	fail setup "mktemp failed"
	exit 0
}
trap 'rm -rf "$T"' EXIT
C=$T/corpus
mkdir -p "$C" "$T/start" "$T/lo"
TENDER=$T/tender.xml
cat >"$TENDER" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<tender xmlns="urn:annexgen:tender:1" format="1" id="tpl">
  <title xml:lang="zh-TW">範本測試案</title>
  <agency xml:lang="zh-TW">測試機關</agency>
  <case-number>$CASE_NUMBER</case-number>
  <date>2026-03-02</date>
  <catalog id="mini" version="1"/>
  <annex-number xml:lang="zh-TW">附件一</annex-number>
  <language>zh-TW</language>
  <service-type id="iaas"/>
</tender>
EOF
lo() {  # lo FORMAT OUTDIR FILE...: LibreOffice "Save As", one start for all files
	local fmt=$1 dir=$2; shift 2
	timeout 900 soffice "-env:UserInstallation=file://$T/lo-profile" --headless --norestore \
		--convert-to "$fmt" --outdir "$dir" "$@" >>"$T/lo/convert.log" 2>&1
}

# ---- the corpus ------------------------------------------------------------------------
# LibreOffice's bundled templates saved as ODT and DOCX; those outside the
# wizards' series also as they are (.ott).
mkdir -p "$T/ott"
find /usr/lib/libreoffice/share/template -name '*.ott' 2>/dev/null | sort | while read -r f; do
	n=lo-$(echo "${f#*/template/}" | tr '/' '-')
	cp "$f" "$T/ott/$n"
	case $n in *-wizard-*) ;; *) cp "$f" "$C/$n" ;; esac
done
# Starting documents of our own: a letterhead with a logo, the annexgen templates.
"$ANNEXGEN" template --format odt -o "$T/start/annexgen.odt" &&
	"$ANNEXGEN" template --format docx -o "$T/start/annexgen.docx" || fail setup "annexgen template failed"
cp tests/data/template/letterhead.fodt "$T/start/lo-letterhead.fodt"
# pandoc's reference documents, and documents pandoc writes.
pandoc -o "$C/pandoc-reference.docx" --print-default-data-file reference.docx
pandoc -o "$C/pandoc-reference.odt" --print-default-data-file reference.odt
printf '# Notice\n\nText with a note.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: The note.\n' >"$T/start/doc.md"
pandoc "$T/start/doc.md" -o "$C/pandoc-doc.docx" && pandoc "$T/start/doc.md" -o "$C/pandoc-doc.odt"
# python-docx's default template, and a document it writes with a header.
cp /usr/lib/python3/dist-packages/docx/templates/default.docx "$C/python-docx-default.docx"
"$PY" - "$C/python-docx-header.docx" <<'EOF'
import sys, docx
from docx.shared import Cm
d = docx.Document()
s = d.sections[0]
s.page_width, s.page_height, s.left_margin = Cm(21), Cm(29.7), Cm(3)
s.header.paragraphs[0].text = "Agency of Examples"
s.footer.paragraphs[0].text = "Confidential"
d.add_paragraph("Body.")
d.save(sys.argv[1])
EOF
mapfile -t ott < <(ls "$T"/ott/lo-*.ott)
lo odt "$C" "${ott[@]}"
lo docx "$C" "${ott[@]}"
lo odt "$C" "$T/start/lo-letterhead.fodt"
lo docx "$C" "$T/start/lo-letterhead.fodt"
# Word documents saved by LibreOffice as ODT and back.
mkdir -p "$T/rt"
lo odt "$T/rt" "$C/pandoc-reference.docx" "$C/python-docx-default.docx" "$T/start/annexgen.docx"
lo docx "$T/rt" "$C/pandoc-reference.odt" "$T/start/annexgen.odt"
for f in "$T"/rt/*; do cp "$f" "$C/lo-saved-$(basename "$f")"; done
# The documented way: an annexgen template opened and saved again in its own format.
mkdir -p "$T/rt2"
lo odt "$T/rt2" "$T/start/annexgen.odt"
lo docx "$T/rt2" "$T/start/annexgen.docx"
for f in "$T"/rt2/*; do cp "$f" "$C/lo-resaved-$(basename "$f")"; done
# Hand-made edge cases: ok-* must be used, err-* refused with one line.
"$PY" tests/template-cases.py "$T/start/annexgen.docx" "$T/start/annexgen.odt" "$C" ||
	fail setup "tests/template-cases.py failed"
cp "$SHARED"/cases/template-*.docx "$SHARED"/cases/template-*.odt "$C/" 2>/dev/null

mapfile -t corpus < <(ls "$C" | sort)
lo_made=$(ls "$C" | grep -c '^lo-.*\.\(odt\|docx\)$')
if [ "$lo_made" -lt 20 ]; then
	fail corpus "LibreOffice made only $lo_made documents (see its log: $(tail -n 2 "$T/lo/convert.log" | tr '\n' ' '))"
fi

# ---- each template, plain and under the sanitizers --------------------------------------
# run BIN NAME OUT: generates the tender styled by template NAME; status in $T/rc-*.
run() {
	local bin=$1 name=$2 out=$3 fmt
	case $name in *.odt | *.ott) fmt=odt ;; *) fmt=docx ;; esac
	"$bin" generate "$TENDER" --catalog "$CATALOG" --format "$fmt" --template "$C/$name" -o "$out" \
		>/dev/null 2>"$out.err"
}
# Errors expected of the err-* cases and of the shared cases.
expected_error() {
	case $1 in
	err-style-loop.odt) echo "template style 'Memo' is based on itself" ;;
	err-style-self.docx) echo "template style 'Self' is based on itself" ;;
	err-style-deep.docx) echo "is based on a chain of more than 32 styles" ;;
	err-header-to-content-types.docx) echo "points at '[Content_Types].xml', which is not a header part" ;;
	err-header-to-rels.docx) echo "points at 'word/_rels/document.xml.rels', which is not a footer part" ;;
	template-header-rel-to-document.docx) echo "points at 'word/document.xml', which is not a header part" ;;
	err-misspelt-placeholder.docx) echo "unknown placeholder '@HEADR_TEXT@'" ;;
	err-placeholder-across-paragraphs.odt) echo "placeholder '@HEADER_' cut short" ;;
	err-no-main-part.docx) echo "'_rels/.rels' names no main part" ;;
	esac
}

used=0 refused=0 docs=()
for name in "${corpus[@]}"; do
	out=$T/out/$name
	mkdir -p "$out"
	run "$ANNEXGEN" "$name" "$out/g"
	rc=$?
	want=$(expected_error "$name")
	lines=$(wc -l <"$out/g.err")
	if [ "$rc" -eq 0 ]; then
		if [ -n "$want" ]; then
			fail "$name" "used, expected the error '$want'"
			continue
		fi
		used=$((used + 1))
		# The annex: the other documents differ in body only, which the
		# consumer checks (tests/consumers.sh) cover.
		mapfile -t made < <(find "$out/g" -name '*-annex.odt' -o -name '*-annex.docx' | sort)
		if [ ${#made[@]} -eq 0 ]; then
			fail "$name" "exit 0 but no document"
		elif ! v=$("$VALIDATE" "${made[@]}" 2>&1); then
			fail "$name" "$(printf '%s\n' "$v" | grep -v ': ok$' | head -n 3 | tr '\n' ' ')"
		else
			docs+=("${made[0]}")
			ok "$name"
		fi
	elif [[ $name == ok-* || $name == template-split-* || $name == template-undeclared-* ]]; then
		fail "$name" "refused, expected to be used: $(head -n 1 "$out/g.err" | cut -c 1-300)"
	elif [ "$rc" -eq 65 ] && [ "$lines" -eq 1 ] && grep -q '^annexgen: ' "$out/g.err" &&
		{ [ -z "$want" ] || grep -qF "$want" "$out/g.err"; } && [ ! -e "$out/g" ]; then
		refused=$((refused + 1))
		ok "$name refused: $(sed "s|^annexgen: $C/||" "$out/g.err" | cut -c 1-160)"
	else
		fail "$name" "exit $rc, $lines stderr lines: $(head -n 2 "$out/g.err" | tr '\n' ' ' | cut -c 1-300)${want:+ (expected '$want')}"
	fi
done
# The hand-made err-* cases are meant to be refused; the rest of the corpus counts.
ordinary=0 ordinary_used=0
for name in "${corpus[@]}"; do
	case $name in err-* | template-header-rel-to-document.docx) continue ;; esac
	ordinary=$((ordinary + 1))
	[ -e "$T/out/$name/g" ] && ordinary_used=$((ordinary_used + 1))
done
if [ "$ordinary" -gt 0 ] && [ $((ordinary_used * 100)) -ge $((ordinary * 95)) ]; then
	ok "corpus: $ordinary_used of $ordinary ordinary documents used ($refused refused in all)"
else
	fail corpus "$ordinary_used of $ordinary ordinary documents used, fewer than 95%"
fi

# ---- what the output shows --------------------------------------------------------------
part() {  # part NAME ENTRY: an entry of the annex made with template NAME
	local f
	f=$(find "$T/out/$1/g" -name '*-annex.odt' -o -name '*-annex.docx' 2>/dev/null | head -n 1)
	[ -n "$f" ] && unzip -p "$f" "$2" 2>/dev/null
}
shows() {  # shows LABEL NAME ENTRY TEXT: the entry holds TEXT
	if part "$2" "$3" | grep -qF -- "$4"; then ok "$1"; else fail "$1" "$3 of the output lacks '$4'"; fi
}
lacks() {  # lacks LABEL NAME ENTRY TEXT
	if [ -z "$(part "$2" "$3")" ]; then
		fail "$1" "no $3 in the output"
	elif part "$2" "$3" | grep -qF -- "$4"; then
		fail "$1" "$3 of the output still has '$4'"
	else
		ok "$1"
	fi
}
shows split-placeholder-docx template-split-placeholder.docx word/header1.xml "$CASE_NUMBER"
lacks split-placeholder-docx-literal template-split-placeholder.docx word/header1.xml "@HEADER_"
shows split-placeholder-odt template-split-placeholder.odt styles.xml "$CASE_NUMBER"
lacks split-placeholder-odt-literal template-split-placeholder.odt styles.xml "@HEADER_"
shows split-runs-marks ok-split-and-marks.docx word/header1.xml "$CASE_NUMBER"
lacks split-spans ok-split-spans.odt styles.xml "@PAGE_"
shows logo-docx lo-letterhead.docx word/_rels/header1.xml.rels 'Target="media/tpl1.png"'
shows logo-docx-part lo-letterhead.docx '\[Content_Types\].xml' 'PartName="/word/media/tpl1.png" ContentType="image/png"'
shows logo-odt lo-letterhead.odt styles.xml 'xlink:href="Pictures/tpl1.png"'
shows logo-odt-manifest lo-letterhead.odt META-INF/manifest.xml 'manifest:full-path="Pictures/tpl1.png"'
shows letterhead-name-docx lo-letterhead.docx word/header1.xml "Ministry of Testing"
shows letterhead-landscape-docx lo-letterhead.docx word/document.xml 'w:orient="landscape"'
shows letterhead-fonts-odt lo-letterhead.odt styles.xml 'DejaVu Sans'
shows no-header-gets-ours pandoc-reference.docx word/header1.xml "$CASE_NUMBER"
shows python-docx-header python-docx-header.docx word/header1.xml "Agency of Examples"
lacks footnote-in-header ok-footnote-in-header.docx word/header1.xml "footnoteReference"
lacks includepicture ok-includepicture.docx word/header1.xml "INCLUDEPICTURE"
lacks includetext ok-includepicture.docx word/header1.xml "INCLUDETEXT"
lacks external-image-docx ok-includepicture.docx word/header1.xml 'r:embed="rIdPic"'
shows hyperlink-text-kept ok-includepicture.docx word/header1.xml "link text"
lacks external-image-odt ok-external-image.odt styles.xml "127.0.0.1"
lacks undeclared-prefix template-undeclared-prefix.odt styles.xml "beacon"
shows absolute-targets ok-absolute-targets.docx word/header1.xml "$CASE_NUMBER"
for name in pandoc-reference.docx lo-common-styles-Default.odt; do
	a=$(find "$T/out/$name/g" -name '*-annex.*' | head -n 1)
	if [ -n "$a" ] && "$ANNEXGEN" generate "$TENDER" --catalog "$CATALOG" --format "${name##*.}" --template "$C/$name" \
		-o "$T/again-$name" >/dev/null 2>&1 && cmp -s "$a" "$T/again-$name/${a#"$T/out/$name/g/"}"; then
		ok "deterministic $name"
	else
		fail "deterministic $name" "a second run differs"
	fi
done

# ---- LibreOffice opens every document ----------------------------------------------------
mkdir -p "$T/pdf"
for ext in odt docx; do
	mapfile -t these < <(printf '%s\n' "${docs[@]}" | grep "\.$ext\$")
	[ ${#these[@]} -gt 0 ] || continue
	# Same names from different templates: each in a folder of its own name.
	i=0 list=()
	for d in "${these[@]}"; do
		i=$((i + 1))
		cp "$d" "$T/pdf/d$i.$ext"
		list+=("$T/pdf/d$i.$ext")
		echo "d$i.$ext $d" >>"$T/pdf/names"
	done
	lo pdf "$T/pdf/out-$ext" "${list[@]}"
done
bad=()
while read -r short long; do
	pdf=$T/pdf/out-${short##*.}/${short%.*}.pdf
	[ -s "$pdf" ] || bad+=("$(basename "$(dirname "$(dirname "$(dirname "$long")")")")")
done <"$T/pdf/names"
if [ ${#bad[@]} -eq 0 ]; then
	ok "libreoffice opens all ${#docs[@]} documents"
else
	fail libreoffice "${#bad[@]} of ${#docs[@]} documents did not convert: ${bad[*]:0:8}"
fi

# ---- the corpus under AddressSanitizer + UndefinedBehaviorSanitizer -----------------------
if [ ! -x "$SAN" ]; then
	echo "SKIPPED: no sanitizer build at $SAN (make $SAN)"
	exit 0
fi
bad=()
for name in "${corpus[@]}"; do
	out=$T/san/$name
	mkdir -p "$out"
	ASAN_OPTIONS=detect_leaks=1 run "$SAN" "$name" "$out/g"
	rc=$?
	[ -e "$T/out/$name/g" ] && want=0 || want=65
	if [ "$rc" -ne "$want" ] || grep -q 'Sanitizer\|runtime error' "$out/g.err"; then
		bad+=("$name (exit $rc: $(grep -m 1 'ERROR\|runtime error' "$out/g.err" | cut -c 1-120))")
	fi
done
if [ ${#bad[@]} -eq 0 ]; then
	ok "sanitizers: ${#corpus[@]} templates"
else
	fail sanitizers "${bad[*]:0:4}"
fi
