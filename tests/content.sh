#!/usr/bin/env bash
# Content checks (issue 10): what a procurement officer and a legal reviewer read in the
# documents of every example tender, rendered through LibreOffice (PDF, pdftotext) or, where
# the property lives there, read from the XML: one annex number per document, the response
# form naming its annex, the vendor's declaration, exclusion footnotes, bilingual notices and
# intros, the overview's notes, order and legend, a closed glossary and the tender's date.
# Expectations come from the tender files and the catalogue (tests/content/check.py).
# Prints "ok NAME", "FAIL NAME: why" or "SKIPPED: why"; always exits 0.
set -u
ANNEXGEN=${ANNEXGEN:-./annexgen}
EXAMPLES=${EXAMPLES:-catalog/examples}
CATALOG=${CATALOG:-catalog/moda-public-cloud-v5.1.xml}
CHECK="$(cd "$(dirname "$0")" && pwd)/content/check.py"
have() { command -v "$1" >/dev/null 2>&1; }

for tool in soffice:libreoffice-writer-nogui pdftotext:poppler-utils python3:python3 unzip:unzip; do
	if ! have "${tool%%:*}"; then
		echo "SKIPPED: content checks need ${tool%%:*}: apt-get install ${tool#*:}"
		exit 0
	fi
done
if [ ! -x "$ANNEXGEN" ]; then echo "FAIL content: $ANNEXGEN is not an executable (run make)"; exit 0; fi
W=$(mktemp -d "${TMPDIR:-/tmp}/content.XXXXXX") || exit 0
trap '[ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT

for f in "$EXAMPLES"/*.xml; do
	if ! out=$("$ANNEXGEN" generate "$f" -o "$W/out" 2>&1); then
		echo "FAIL content generate $(basename "$f"): $out"
	fi
done
# One soffice start per source format (x.odt and x.docx would both become x.pdf).
export FONTCONFIG_FILE=$PWD/templates/fonts.conf
for fmt in odt docx; do
	mapfile -t files < <(find "$W/out" -name "*.$fmt" | sort)
	[ ${#files[@]} -gt 0 ] || continue
	mkdir -p "$W/pdf/$fmt"
	timeout 900 soffice "-env:UserInstallation=file://$W/profile-$fmt" --headless --norestore \
		--convert-to pdf --outdir "$W/pdf/$fmt" "${files[@]}" >"$W/$fmt.log" 2>&1 &
done
wait
for pdf in "$W"/pdf/*/*.pdf; do
	[ -f "$pdf" ] || continue
	pdftotext -layout "$pdf" "${pdf%.pdf}.txt" 2>/dev/null
	pdftotext -raw "$pdf" "${pdf%.pdf}.raw.txt" 2>/dev/null
	pdftotext -bbox -f 1 -l 1 "$pdf" "${pdf%.pdf}.bbox.html" 2>/dev/null
	pdftotext -bbox "$pdf" "${pdf%.pdf}.bboxall.html" 2>/dev/null
done
python3 "$CHECK" "$EXAMPLES" "$CATALOG" "$W/out" "$W/pdf"
