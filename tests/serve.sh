#!/usr/bin/env bash
# `annexgen serve` (issue 13): starts the server on a free loopback port, sends it
# hostile requests with a plain HTTP client (tests/serve/hostile.py), drives it with
# headless Chromium (tests/serve/browser.py: a PaaS+SaaS tender filled with keyboard
# and mouse, previewed, downloaded, checked, opened again, and two vendors collected),
# sends every example tender through Open and the form and back (tests/serve/roundtrip.py),
# then stops it with SIGTERM: it must exit 0 and leave no temporary files.
# Prints "ok LABEL NAME", "FAIL LABEL NAME: why" or "SKIPPED: why" (LABEL: default
# serve). With LABEL=asan (make check runs it so, on the sanitizer build) the browser
# part is left out: the sanitizers watch the server under the hostile requests, whose
# leaks they report when it exits.
set -u
LABEL=${LABEL:-serve}
ANNEXGEN=${ANNEXGEN:-./annexgen}
case "$ANNEXGEN" in /*) ;; *) ANNEXGEN=$PWD/$ANNEXGEN ;; esac
root=$PWD
SHARED=${SHARED:-../shared}
case "$SHARED" in /*) ;; *) SHARED=$root/$SHARED ;; esac
export SHARED
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if ! command -v python3 >/dev/null; then
	echo "SKIPPED: serve: python3 is needed for the HTTP client"
	exit 0
fi
. "$root/tests/serve/start.sh"
serve_start "$LABEL" "$ANNEXGEN" "$work" || exit 0
echo "ok $LABEL start ($url)"

python3 "$root/tests/serve/hostile.py" "$url" "$work/tmp" "$ANNEXGEN" | sed "s/^\(ok\|FAIL\) serve /\1 $LABEL /"

# Every example tender, a bilingual one, and varied generated ones, through Open and
# the form and back out as a zip: the documents must equal annexgen generate's.
mkdir -p "$work/rt"
sed '/<agency-category/,/<\/agency-item>/d' "$root/catalog/examples/all-types-bilingual.xml" \
	>"$work/rt/bilingual-no-agency.xml"
# shellcheck source=tests/make-tenders.sh
. "$root/tests/make-tenders.sh"
make_tenders "$work/rt" 4 1
python3 "$root/tests/serve/roundtrip.py" "$url" "$ANNEXGEN" "$root"/catalog/examples/*.xml "$work"/rt/*.xml |
	sed "s/^\(ok\|FAIL\) serve /\1 $LABEL /"

# The browser test needs Debian's python3-selenium, chromium and chromium-driver.
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import selenium' 2>/dev/null; then py=$p; break; fi
done
if [ "$LABEL" = asan ]; then
	:
elif [ -z "$py" ]; then
	echo "SKIPPED: serve browser: python3-selenium is not installed (apt-get install python3-selenium)"
elif ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
	echo "SKIPPED: serve browser: chromium and chromium-driver are not installed"
else
	mkdir -p "$work/browser"
	TMPDIR=$work/browser "$py" "$root/tests/serve/browser.py" "$url" "$work/browser" "$ANNEXGEN" "$root" \
		2>"$work/browser.err" || tail -5 "$work/browser.err"
fi

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
if [ "$rc" = 0 ]; then echo "ok $LABEL sigterm-exits-0"; else echo "FAIL $LABEL sigterm-exits-0: status $rc: $(tail -5 "$work/err" | tr '\n' '|')"; fi
left=$(ls -A "$work/tmp")
if [ -z "$left" ]; then echo "ok $LABEL temp-folder-removed"; else echo "FAIL $LABEL temp-folder-removed: $left"; fi

# Refused listen addresses, in the CLI's words.
if "$ANNEXGEN" serve --listen nonsense >/dev/null 2>"$work/e1"; then
	echo "FAIL $LABEL bad-listen: accepted 'nonsense'"
elif grep -q "^annexgen: --listen: 'nonsense' is not ADDR:PORT" "$work/e1"; then
	echo "ok $LABEL bad-listen"
else
	echo "FAIL $LABEL bad-listen: $(cat "$work/e1")"
fi
