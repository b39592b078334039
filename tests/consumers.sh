#!/usr/bin/env bash
# Consumer checks: what other programs make of annexgen's files. For every example tender:
#   determinism  generating twice gives byte-identical files (manifest.tsv included);
#   schema       shared/tools/validate-package (ODF 1.3 RELAX NG, ECMA-376 XSD) per file;
#   libreoffice  headless LibreOffice converts each file to PDF and to the other format; the
#                PDF has every item ID and a CJK font, the converted file every ID, footnote
#                and drop-down (found by the row of its item-ID cell);
#   pandoc       pandoc reads every ID from a table and every footnote as a Note.
# Expectations come from the inputs: `annexgen list`, the tender file and the catalogue
# (xmllint), never from the output under test. Prints "ok NAME", "FAIL NAME: why" or
# "SKIPPED: why"; always exits 0 (tests/check.sh counts the lines).
set -u
ANNEXGEN=${ANNEXGEN:-./annexgen}
SHARED=${SHARED:-../shared}
SCHEMAS=${SCHEMAS:-$SHARED/schemas}
CATALOG=${CATALOG:-catalog/moda-public-cloud-v5.1.xml}   # the bundled catalogue's source
EXAMPLES=${EXAMPLES:-catalog/examples}
ROWS="$(cd "$(dirname "$0")" && pwd)/consumers/docrows.py"
W=$(mktemp -d "${TMPDIR:-/tmp}/consumers.XXXXXX") || exit 0
trap 'rm -rf "$W"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }
ok() { echo "ok $1"; }
# fail NAME PROBLEM...: the first problems indented, then one FAIL line.
fail() {
	local name=$1; shift
	[ $# -gt 1 ] && printf '    %s\n' "${@:1:6}"
	[ $# -gt 6 ] && echo "    … $(($# - 6)) more"
	echo "FAIL $name: $1$([ $# -gt 1 ] && echo " (+$(($# - 1)) more)")"
}
# verdict NAME PROBLEMS-FILE: ok when the file is empty.
verdict() {
	local p=(); mapfile -t p <"$2"
	if [ ${#p[@]} -eq 0 ]; then ok "$1"; else fail "$1" "${p[@]}"; fi
}
xp() { xmllint --nonet --xpath "$2" "$1" 2>/dev/null; }   # xp FILE XPATH
# each FILE NODESET REL: string(REL) of every node of NODESET, one a line (empty lines kept).
each() {
	local n i; n=$(xp "$1" "count($2)"); n=${n%.*}
	for ((i = 1; i <= ${n:-0}; i++)); do printf '%s\n' "$(xp "$1" "string(($2)[$i]/$3)")"; done
}
E() { printf "*[local-name()='%s']" "$1"; }   # namespace-blind step: the files use default namespaces

# ---- expectations ------------------------------------------------------------------------
# expect TENDER: writes $W/exp/<doc>.tsv (see docrows.py) for every document of the tender,
# $W/exp/<tender-id>.choices and prints the tender id.
expect() {
	local f=$1 T tid lang cat href off tr langs types t i l item xt rs
	T="/$(E tender)"
	tid=$(xp "$f" "string($T/@id)"); lang=$(xp "$f" "string($T/$(E language))")
	cat=$CATALOG; href=$(xp "$f" "string($T/$(E catalog)/@href)")
	local list=("$ANNEXGEN" list)
	if [ -n "$href" ]; then cat="$(dirname "$f")/$href"; list+=(--catalog "$cat"); fi
	off=$(xp "$cat" "string(//$(E languages)/$(E language)[@official='true']/@tag)")
	tr=$(xp "$cat" "string((//$(E languages)/$(E language)[not(@official='true')])[1]/@tag)")
	if [ "$lang" = both ]; then langs="$off $tr"; else langs=$lang; fi
	case $lang in   # the response form's drop-down entries, as the README specifies them
	both) echo '請選擇 / Choose|符合 / Complies|部分符合 / Partially complies|不符合 / Does not comply' ;;
	zh-TW) echo '請選擇|符合|部分符合|不符合' ;;
	*) echo 'Choose|Complies|Partially complies|Does not comply' ;;
	esac >"$W/exp/$tid.choices"
	case $lang in   # what an excluded item's row says (gen/label.c, L_NA)
	both | zh-TW) echo '不適用' ;;
	*) echo 'Not applicable' ;;
	esac >"$W/exp/$tid.na"
	mapfile -t types < <(each "$f" "$T/$(E service-type)" @id)
	mapfile -t ex_item < <(each "$f" "$T/$(E exclude)" @item)
	mapfile -t ex_type < <(each "$f" "$T/$(E exclude)" @type)
	mapfile -t ag_id < <(each "$f" "$T/$(E agency-item)" @id)
	mapfile -t ag_types < <(each "$f" "$T/$(E agency-item)" @types)
	# every ID anything defines, so that a row of another type's item is caught; the
	# overview lists every item of every table (a type not bought gets its own mark)
	: >"$W/known"; : >"$W/ov"
	for t in $(each "$cat" "//$(E service-types)/$(E service-type)" @id); do
		"${list[@]}" --type "$t" | cut -f1 | sed 's/^/known\t/' >>"$W/known"
		"${list[@]}" --type "$t" | awk -F'\t' '{print "id\t" $1 "\tapplicable"}' >>"$W/ov"
	done
	[ ${#ag_id[@]} -eq 0 ] || printf 'known\t%s\n' "${ag_id[@]}" >>"$W/known"
	for t in "${types[@]}"; do
		local ids=() base="$W/exp/$tid-$t" excl=" "
		mapfile -t ids < <("${list[@]}" --type "$t" | cut -f1)
		: >"$base.notes"
		for i in "${!ex_item[@]}"; do   # exclusions of this type: no type = every bought type
			item=${ex_item[$i]}
			[ -z "${ex_type[$i]}" ] || [ "${ex_type[$i]}" = "$t" ] || continue
			printf '%s\n' "${ids[@]}" | grep -qxF "$item" || continue
			excl="$excl$item "
			for l in $langs; do
				rs=$(xp "$f" "string(($T/$(E exclude))[$((i + 1))]/$(E reason)[@xml:lang='$l'])")
				[ -n "$rs" ] && printf 'note\t%s\t%s\n' "$item" "$rs" >>"$base.notes"
			done
		done
		cp "$base.notes" "$base.ovnotes"
		# the catalogue's table notes: a footnote of their own, or the basis of the exclusion
		while IFS= read -r item; do
			[ -n "$item" ] || continue
			local nid; nid=$(xp "$cat" "string(//$(E table)[@type='$t']/$(E row)[@item='$item']/@note)")
			for l in $langs; do
				xt=$(xp "$cat" "string(//$(E notes)/$(E note)[@id='$nid']/$(E text)[@xml:lang='$l'])")
				[ -n "$xt" ] || continue
				printf 'note\t%s\t%s\n' "$item" "$xt" >>"$base.notes"
				case $excl in *" $item "*) printf 'note\t%s\t%s\n' "$item" "$xt" >>"$base.ovnotes" ;; esac
			done
		done < <(each "$cat" "//$(E table)[@type='$t']/$(E row)[@note]" @item)
		{
			for i in "${ids[@]}"; do
				case $excl in *" $i "*) printf 'id\t%s\texcluded\n' "$i" ;; *) printf 'id\t%s\tapplicable\n' "$i" ;; esac
			done
			for i in "${!ag_id[@]}"; do   # agency items: attribute types, absent = every bought type
				case " ${ag_types[$i]:-$t} " in *" $t "*) printf 'id\t%s\tagency\n' "${ag_id[$i]}" ;; esac
			done
		} >"$base.ids"
		cat "$base.ids" "$W/known" "$base.notes" >"$base-annex.tsv"
		cat "$base.ids" "$W/known" >"$base-response.tsv"
		{ awk -F'\t' '$3 == "agency"' "$base.ids"; cat "$base.ovnotes"; } >>"$W/ov"
	done
	{ awk -F'\t' '!seen[$1 == "id" ? $2 : $0]++' "$W/ov"; cat "$W/known"; } >"$W/exp/$tid-overview.tsv"
	echo "$tid"
}

# doc_of NAME: annex, response or overview, from the file name (extension or not).
doc_of() {
	local n=${1%.odt}; n=${n%.docx}
	case $n in *-annex) echo annex ;; *-response) echo response ;; *) echo overview ;; esac
}
# readback KIND FILE DOCNAME: docrows.py's problems with FILE, judged against DOCNAME's
# expectations, one a line; a helper that fails without saying why is a problem too.
readback() {
	local tid=${3%%-overview} out rc; tid=${tid%-*-annex}; tid=${tid%-*-response}
	out=$(python3 "$ROWS" "$1" "$2" "$W/exp/$3.tsv" --doc "$(doc_of "$3")" \
		--choices "$(cat "$W/exp/$tid.choices")" --na "$(cat "$W/exp/$tid.na")" 2>&1); rc=$?
	if [ -n "$out" ]; then printf '%s\n' "$out"; elif [ $rc -ne 0 ]; then echo "docrows.py failed (status $rc)"; fi
}

# ---- 1. determinism -----------------------------------------------------------------------
if [ ! -x "$ANNEXGEN" ]; then fail build "$ANNEXGEN is not an executable (run make)"; exit 0; fi
tenders=()
for f in "$EXAMPLES"/*.xml; do
	name=$(basename "$f" .xml)
	# The second run differs in time zone, time and folder: none may leak into a file.
	if ! out=$("$ANNEXGEN" generate "$f" -o "$W/gen1" 2>&1) ||
		! out2=$(sleep 1; TZ=Pacific/Kiritimati "$ANNEXGEN" generate "$f" -o "$W/gen2/x" 2>&1); then
		fail "generate $name" "annexgen generate failed: ${out:-} ${out2:-}"
		continue
	fi
	tenders+=("$f")
done
for d in "$W"/gen1/*/; do
	[ -d "$d" ] || continue
	tid=$(basename "$d"); probs=()
	while IFS= read -r rel; do
		if [ ! -f "$W/gen1/$tid/$rel" ] || [ ! -f "$W/gen2/x/$tid/$rel" ]; then probs+=("$rel: written by one run only")
		elif ! cmp -s "$W/gen1/$tid/$rel" "$W/gen2/x/$tid/$rel"; then probs+=("$rel: differs between runs")
		fi
	done < <( (cd "$W/gen1/$tid" && ls; cd "$W/gen2/x/$tid" 2>/dev/null && ls) | sort -u)
	if [ ${#probs[@]} -eq 0 ]; then ok "determinism $tid"; else fail "determinism $tid" "${probs[@]}"; fi
done
mapfile -t docs < <(find "$W/gen1" -name '*.odt' -o -name '*.docx' | sort)
[ ${#docs[@]} -gt 0 ] || { fail documents "no .odt or .docx was generated"; exit 0; }

# ---- LibreOffice, started first: it is the slow part and runs while the rest is checked --
# Two chains, each with its own profile; one soffice start per target format and source format
# (x.odt and x.docx would both become x.pdf, so the PDFs go to two folders).
lo_run() {  # lo_run SRC OTHER FILTER: the .SRC files to PDF, then to OTHER with FILTER
	local src=$1 other=$2 filter=$3 prof="$W/lo-profile-$1" files=()
	# Renders with the documents' font chain (DFKai-SB, then Noto Serif CJK TC).
	export FONTCONFIG_FILE=$PWD/templates/fonts.conf
	mapfile -t files < <(printf '%s\n' "${docs[@]}" | grep "\.$src\$")
	mkdir -p "$W/lo/pdf-$src" "$W/lo/$other"
	timeout 600 soffice "-env:UserInstallation=file://$prof" --headless --norestore \
		--convert-to pdf --outdir "$W/lo/pdf-$src" "${files[@]}" >"$W/lo/$src-pdf.out" 2>"$W/lo/$src-pdf.err"
	timeout 600 soffice "-env:UserInstallation=file://$prof" --headless --norestore \
		--convert-to "$other:$filter" --outdir "$W/lo/$other" "${files[@]}" >"$W/lo/$src-$other.out" 2>"$W/lo/$src-$other.err"
}
lo=0
if ! have soffice; then
	echo "SKIPPED: LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui"
elif ! have python3; then
	echo "SKIPPED: LibreOffice checks need python3 to read the converted files: apt-get install python3"
else
	lo=1
	lo_run odt docx 'MS Word 2007 XML' & lo_odt=$!
	lo_run docx odt writer8 & lo_docx=$!
fi

# ---- expectations (xmllint) ---------------------------------------------------------------
mkdir -p "$W/exp"
expectations=0
if ! have xmllint; then
	echo "SKIPPED: xmllint not installed (expectations, schemas): apt-get install libxml2-utils"
else
	for f in "${tenders[@]}"; do expect "$f" >/dev/null; done
	expectations=1
fi

# ---- 2. schemas -----------------------------------------------------------------------------
VP=$SHARED/tools/validate-package   # it reads the schemas beside itself; SCHEMAS must exist too
if [ ! -x "$VP" ]; then echo "SKIPPED: schemas: $VP not found (set SHARED to the shared/ folder)"
elif [ ! -d "$SCHEMAS" ]; then echo "SKIPPED: schemas: $SCHEMAS not found (set SCHEMAS or SHARED)"
elif ! have xmllint; then :   # reported above
elif ! have unzip; then echo "SKIPPED: schemas: unzip not installed: apt-get install unzip"
else
	for f in "${docs[@]}"; do
		if out=$("$VP" "$f" 2>&1); then ok "schema $(basename "$f")"
		else mapfile -t p < <(printf '%s\n' "$out" | sed "s|$W/gen1/||"); fail "schema $(basename "$f")" "${p[@]}"; fi
	done
fi

# ---- 4. pandoc ------------------------------------------------------------------------------
if ! have pandoc; then echo "SKIPPED: pandoc not installed: apt-get install pandoc"
elif ! have python3; then echo "SKIPPED: pandoc checks need python3 to read pandoc's JSON: apt-get install python3"
elif [ $expectations = 0 ]; then echo "SKIPPED: pandoc checks need the expectations (xmllint, see above)"
else
	mkdir -p "$W/pd"
	for f in "${docs[@]}"; do
		b=$(basename "$f"); n=${b%.*}; [ "$(doc_of "$b")" = overview ] && continue
		if ! pandoc -f "${b##*.}" -t json -o "$W/pd/$b.json" "$f" 2>"$W/pd/$b.err"; then
			fail "pandoc $b" "pandoc -f ${b##*.} failed: $(head -c 300 "$W/pd/$b.err")"; continue
		fi
		readback pandoc "$W/pd/$b.json" "$n" >"$W/pd/$b.problems"
		verdict "pandoc $b" "$W/pd/$b.problems"
	done
fi

# ---- 3. LibreOffice verdicts -----------------------------------------------------------------
if [ $lo = 1 ]; then
	wait "$lo_odt" "$lo_docx"
	for e in "$W"/lo/*.err; do   # soffice reports trouble on stderr, whatever its exit status
		s=$(basename "$e" .err)
		if grep -qi error "$e"; then fail "libreoffice soffice ${s/-/ to }" "$(grep -i -m3 error "$e" | tr '\n' ' ')"
		else ok "libreoffice soffice ${s/-/ to }"; fi
	done
	pdf=1
	if ! have pdftotext || ! have pdffonts; then
		pdf=0; echo "SKIPPED: poppler-utils (pdftotext, pdffonts) not installed: apt-get install poppler-utils; PDF text and font checks not run"
	fi
	[ $expectations = 1 ] || echo "SKIPPED: LibreOffice read-back checks need the expectations (xmllint, see above)"
	for f in "${docs[@]}"; do
		b=$(basename "$f"); n=${b%.*}; ext=${b##*.}; other=odt; [ "$ext" = odt ] && other=docx
		pdf_f="$W/lo/pdf-$ext/$n.pdf" conv="$W/lo/$other/$n.$other" pf="$W/lo/$b.problems"
		: >"$pf"
		if [ ! -s "$pdf_f" ]; then echo "no PDF (or an empty one) from $b" >>"$pf"
		elif [ $pdf = 1 ]; then
			pdftotext -q "$pdf_f" "$W/lo/$n.$ext.txt"
			[ $expectations = 1 ] && readback pdftext "$W/lo/$n.$ext.txt" "$n" | sed 's/^/PDF: /' >>"$pf"
			# A CJK face of the chain must be embedded where there is Chinese text:
			# without one it is boxes (tofu); a sans fallback means the chain was not followed.
			! LC_ALL=C.UTF-8 grep -qP '\p{Han}' "$W/lo/$n.$ext.txt" ||
				pdffonts "$pdf_f" 2>/dev/null | awk 'NR > 2 {print $1}' | grep -Eqi 'SerifCJK|Kai' ||
				echo "PDF: no font of the chain DFKai-SB / Noto Serif CJK TC (fonts: $(pdffonts "$pdf_f" 2>/dev/null | awk 'NR > 2 {printf "%s ", $1}'))" >>"$pf"
		fi
		if [ ! -s "$conv" ]; then echo "no .$other from $b" >>"$pf"
		elif [ $expectations = 1 ]; then readback "$other" "$conv" "$n" | sed "s/^/.$other: /" >>"$pf"
		fi
		verdict "libreoffice $b" "$pf"
	done
fi
exit 0
