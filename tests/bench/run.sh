#!/usr/bin/env bash
# `make bench` (after the Makefile built ./annexgen): annexgen against pandoc,
# docxtemplater and the zlib floor on the PaaS requirement annex, then batch
# memory and -j scaling, then catalogues 10x and 100x the MODA one, then the
# web page under load (NSERVE downloads, 200, from 8 clients).
# tests/bench/README.md says what each row means. A missing peer prints
# "SKIPPED: why". Sizes: N (in-process files, 900), NPROC (processes, 40),
# NPANDOC (20), NDT (docxtemplater files, 270), NTENDERS (1000), NSTART
# (start-up runs of each command, 60).
set -u
cd "$(dirname "$0")/../.."
B=${B:-.build}
N=${N:-900}
NPROC=${NPROC:-40}
NPANDOC=${NPANDOC:-20}
NDT=${NDT:-270}
NTENDERS=${NTENDERS:-1000}
NSTART=${NSTART:-60}
ANNEXGEN=$PWD/annexgen
BENCH=$B/bench
started=$(date +%s)

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$ANNEXGEN" ] || die "build ./annexgen first (make bench does)"

# The harness links the objects the Makefile built for ./annexgen.
objs=$(ls "$B"/*.o 2>/dev/null | grep -v '/main\.o$')
[ -n "$objs" ] || die "no objects in $B: run make first"
pkgs="libxml-2.0 libzip zlib libmicrohttpd"
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g \
	$(pkg-config --cflags $pkgs) -Igen -o "$BENCH" tests/bench/bench.c $objs \
	$(pkg-config --libs $pkgs) || die "cannot build the harness"

work=$(mktemp -d "${TMPDIR:-/tmp}/annexgen-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
fs=$(df -PT "$work" | awk 'NR == 2 { print $2 }')

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "annexgen benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '{ print $1 }' /proc/loadavg) load average at start"
echo "$("$ANNEXGEN" --version), zlib $(pkg-config --modversion zlib), files written to $fs ($work)"
echo "content: the PaaS requirement annex of the bundled catalogue (annexgen generate --type paas --kind annex)"
echo

# Table rows: NAME FORMAT MS FILES/S RSS-KiB (RSS may be text).
row() {
	local rss=$5
	case "$rss" in *[!0-9]*) ;; *) rss=$(awk -v k="$rss" 'BEGIN { printf "%.1f MiB", k / 1024 }') ;; esac
	printf '%-58s %-5s %10.3f %10.1f %12s\n' "$1" "$2" "$3" "$4" "$rss"
}
skipped() { printf '%-58s %-5s %s\n' "$1" "$2" "SKIPPED: $3"; }
printf '%-58s %-5s %10s %10s %12s\n' "" format "ms/file" "files/s" "peak RSS"

declare -A ms fps fr

# 1. annexgen in one process, and the floor (4) in the same process.
for f in odt docx; do
	read -r s_ms s_fps d_ms d_fps u_ms u_fps z_ms z_fps zn_ms zn_fps rss bytes nparts zin zout znin znout \
		r_same r_new r_none < <("$BENCH" inproc $f "$N") || die "bench inproc $f failed"
	row "annexgen, 1 process, in memory: same annex again" $f "$s_ms" "$s_fps" "$rss"
	row "annexgen, 1 process, in memory: a new tender every file" $f "$d_ms" "$d_fps" "$rss"
	row "annexgen, 1 process, in memory: nothing reused" $f "$u_ms" "$u_fps" "$rss"
	row "zlib floor: deflate its $nparts parts, $zin bytes" $f "$z_ms" "$z_fps" "(same)"
	row "zlib floor of a new tender's file: $znin bytes" $f "$zn_ms" "$zn_fps" "(same)"
	ms[same_$f]=$s_ms ms[new_$f]=$d_ms ms[none_$f]=$u_ms ms[floor_$f]=$z_ms ms[floornew_$f]=$zn_ms
	fr[same_$f]=$r_same fr[new_$f]=$r_new fr[none_$f]=$r_none
done
for f in odt docx; do
	for how in plain atomic; do
		dir=$work/files-$f-$how
		mkdir -p "$dir"
		read -r a b rss < <("$BENCH" files $f "$N" "$dir" $how) || die "bench files failed"
		if [ $how = plain ]; then
			row "annexgen, 1 process, to files: plain write" $f "$a" "$b" "$rss"
		else
			row "annexgen, 1 process, to files: atomic (fsync, rename)" $f "$a" "$b" "$rss"
		fi
		ms[${how}_$f]=$a
		rm -rf "$dir"
	done
done
for f in odt docx; do
	dir=$work/proc-$f
	mkdir -p "$dir"
	read -r a b rss < <("$BENCH" spawn "$NPROC" -- "$ANNEXGEN" generate --type paas --kind annex \
		--format $f -o "$dir/annex-%d.$f") || die "annexgen generate failed"
	row "annexgen, 1 process per file (generate, atomic)" $f "$a" "$b" "$rss"
	ms[proc_$f]=$a
done
"$ANNEXGEN" generate --type paas --kind annex --format docx -o "$work/annex.docx" >/dev/null ||
	die "annexgen generate failed"

# 2. pandoc on the same table and footnotes, as Markdown made from `annexgen list`.
"$ANNEXGEN" list --type paas >"$work/list.tsv" || die "annexgen list failed"
"$BENCH" notes paas >"$work/notes.tsv" || die "bench notes failed"
awk -F'\t' '
	FNR == NR { note[$1] = $2; next }
	FNR == 1 {
		print "# PaaS 服務類型需求項目\n"
		print "| 管理面向 | 管理類別 | 編號 | 要求項目 |"
		print "|---|---|---|---|"
	}
	{
		ref = ""
		if ($1 in note) { n++; ref = "[^" n "]"; text[n] = note[$1] }
		# Repeated domain and category cells stay empty, as merged cells read.
		print "| " ($2 == d ? "" : $2) " | " ($3 == c ? "" : $3) " | " $1 " | " $4 ref " |"
		d = $2; c = $3
	}
	END { print ""; for (i = 1; i <= n; i++) print "[^" i "]: " text[i] }
' "$work/notes.tsv" "$work/list.tsv" >"$work/paas.md"
if command -v pandoc >/dev/null; then
	for f in docx odt; do
		read -r a b rss < <("$BENCH" spawn "$NPANDOC" -- pandoc "$work/paas.md" -o "$work/pandoc-%d.$f") ||
			die "pandoc failed"
		row "pandoc $(pandoc --version | awk 'NR == 1 { print $2 }'): Markdown to $f, 1 process per file" $f "$a" "$b" "$rss"
		ms[pandoc_$f]=$a
	done
else
	skipped "pandoc: Markdown, 1 process per file" docx "pandoc is not installed"
	skipped "pandoc: Markdown, 1 process per file" odt "pandoc is not installed"
fi

# 3. docxtemplater in one warm Node.js process.
dt_why=""
if ! command -v node >/dev/null; then
	dt_why="node is not installed"
elif [ ! -d tests/bench/node_modules/docxtemplater ]; then
	if ! command -v npm >/dev/null; then
		dt_why="npm is not installed (docxtemplater comes from npm)"
	elif ! (cd tests/bench && npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1); then
		dt_why="npm ci failed in tests/bench: $(tail -1 "$work/npm.log")"
	fi
fi
if [ -z "$dt_why" ]; then
	mkdir -p "$work/dt"
	if { read -r a b rss; read -r c d rss2; } < <(node tests/bench/docxtemplater.js "$work/annex.docx" \
		"$work/list.tsv" "$work/notes.tsv" "$NDT" "$work/dt"); then
		v=$(node -p 'require("./tests/bench/node_modules/docxtemplater/package.json").version')
		row "docxtemplater $v, warm Node.js $(node --version): in memory" docx "$a" "$b" "$rss"
		row "docxtemplater $v, warm Node.js $(node --version): to files" docx "$c" "$d" "$rss2"
		ms[dt_mem]=$a ms[dt_files]=$c
	else
		dt_why="the docxtemplater run failed"
	fi
	rm -rf "$work/dt"
fi
[ -z "$dt_why" ] || skipped "docxtemplater, warm Node.js" docx "$dt_why"

# Ratios: how many times faster annexgen is, and how far above the floor.
echo
verdict() { # verdict VALUE OP LIMIT
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = op == ">=" ? v >= l : v <= l; printf "%s", ok ? "meets" : "MISSES" }'
}
ratio() { # ratio LABEL NUMERATOR DENOMINATOR OP LIMIT
	local r
	r=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", a / b }')
	printf '%-86s %8s×  (%s %s: %s)\n' "$1" "$r" "$4" "$5" "$(verdict "$r" "$4" "$5")"
}
info() { # info LABEL NUMERATOR DENOMINATOR
	printf '%-86s %8s×\n' "$1" "$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", a / b }')"
}
for f in docx odt; do
	[ -n "${ms[pandoc_$f]:-}" ] || continue
	ratio "pandoc ÷ annexgen $f (1 process to files, plain write, as pandoc writes)" "${ms[pandoc_$f]}" "${ms[plain_$f]}" ">=" 50
	info "pandoc ÷ annexgen $f (1 process to files, atomic with fsync)" "${ms[pandoc_$f]}" "${ms[atomic_$f]}"
	info "pandoc ÷ annexgen $f (both 1 process per file)" "${ms[pandoc_$f]}" "${ms[proc_$f]}"
done
if [ -n "${ms[dt_mem]:-}" ]; then
	ratio "docxtemplater ÷ annexgen docx (1 warm process, to files, plain write)" "${ms[dt_files]}" "${ms[plain_docx]}" ">=" 6
	info "docxtemplater ÷ annexgen docx (1 warm process, in memory)" "${ms[dt_mem]}" "${ms[new_docx]}"
fi
# annexgen ÷ floor: the median of the ratios of adjacent rounds (README).
for f in odt docx; do
	ratio "annexgen ÷ zlib floor $f (in memory, a new tender every file)" "${fr[new_$f]}" 1 "<=" 1.5
	info "annexgen ÷ zlib floor $f (in memory, same annex again)" "${fr[same_$f]}" 1
	info "annexgen ÷ zlib floor $f (in memory, nothing reused)" "${fr[none_$f]}" 1
done

# Start-up: one document against --version, alternating runs, output on
# tmpfs when there is one (an fsync is not start-up).
echo
sdir=$work
[ -d /dev/shm ] && [ -w /dev/shm ] && sdir=$(mktemp -d /dev/shm/annexgen-startup.XXXXXX)
if read -r vw vc ow oc dw dc < <("$BENCH" startup "$NSTART" "$sdir" "$ANNEXGEN"); then
	printf '%-58s %-5s %10s %10s\n' "start-up: 1 process, median of $NSTART alternating runs" "" "wall ms" "CPU ms"
	printf '%-58s %-5s %10.3f %10.3f\n' "annexgen --version" "" "$vw" "$vc"
	printf '%-58s %-5s %10.3f %10.3f\n' "annexgen generate --type paas --kind annex (quick mode)" odt "$ow" "$oc"
	printf '%-58s %-5s %10.3f %10.3f\n' "annexgen generate --type paas --kind annex (quick mode)" docx "$dw" "$dc"
	for f in odt docx; do
		[ $f = odt ] && w=$ow c=$oc || w=$dw c=$dc
		d=$(awk -v a="$w" -v b="$vw" 'BEGIN { printf "%.2f", a - b }')
		printf '%-86s %6s ms  (<= 2: %s)\n' "one $f document − annexgen --version, wall-clock" "$d" "$(verdict "$d" "<=" 2)"
		printf '%-86s %6s ms\n' "one $f document − annexgen --version, CPU" "$(awk -v a="$c" -v b="$vc" 'BEGIN { printf "%.2f", a - b }')"
	done
else
	echo "bench: the start-up runs failed" >&2
fi
[ "$sdir" = "$work" ] || rm -rf "$sdir"

# Batch: NTENDERS generated tenders, -j 1 and -j 2, on disk and in tmpfs.
. tests/make-tenders.sh   # the working folder is the repo root (see above)
echo
echo "batch of $NTENDERS tenders (annexgen batch -q; each tender 1-3 service types, so 6-14 files):"
make_tenders "$work/tenders" "$NTENDERS" 5
printf '%-36s %8s %6s %8s %7s %7s %16s %16s\n' "" seconds files "files/s" "CPU s" "others" "peak, all procs" "largest process"
declare -A bfps bother
batch_places="disk:$work"
[ -d /dev/shm ] && [ -w /dev/shm ] && batch_places="$batch_places tmpfs:/dev/shm"
for place in $batch_places; do
	kind=${place%%:*} base=${place#*:}
	for j in 1 2; do
		out=$(mktemp -d "$base/annexgen-batch.XXXXXX")
		if read -r wall pss rss cpu others < <("$BENCH" tree -- "$ANNEXGEN" batch -q -j $j -o "$out" "$work/tenders"); then
			files=$(find "$out" -name '*.odt' -o -name '*.docx' | wc -l)
			bfps[${kind}_$j]=$(awk -v f="$files" -v ms="$wall" 'BEGIN { printf "%.1f", f * 1000 / ms }')
			bother[${kind}_$j]=$others
			printf '%-36s %8.2f %6d %8s %7.1f %7.2f %12.1f MiB %12.1f MiB\n' \
				"-j $j, output on $kind ($( [ "$kind" = disk ] && echo "$fs, fsync" || echo "no fsync cost"))" \
				"$(awk -v ms="$wall" 'BEGIN { print ms / 1000 }')" "$files" "${bfps[${kind}_$j]}" "$cpu" "$others" \
				"$(awk -v k="$pss" 'BEGIN { print k / 1024 }')" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
			peak_all=$(awk -v a="${peak_all:-0}" -v b="$pss" 'BEGIN { print (a > b ? a : b) }')
			rss_all=$(awk -v a="${rss_all:-0}" -v b="$rss" 'BEGIN { print (a > b ? a : b) }')
		else
			printf '%-36s %s\n' "-j $j, output on $kind" "FAILED"
		fi
		rm -rf "$out"
	done
done
echo "(CPU s: CPU time of annexgen and its workers; others: cores that other processes kept busy meanwhile)"
echo
if [ -n "${peak_all:-}" ]; then
	for what in "PSS of all its processes, sampled:$peak_all" "largest process, as /usr/bin/time -v:$rss_all"; do
		kib=${what##*:}
		mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
		printf '%-86s %8s MiB  (<= 16: %s)\n' "peak memory of a $NTENDERS-tender batch (${what%:*})" "$mib" \
			"$(verdict "$mib" "<=" 16)"
	done
fi
# The -j floor is about cores: it is judged where the batch is bound by the CPU
# (tmpfs); on disk the file system's own work decides (README: inode allocation).
judged=tmpfs
case " $batch_places " in *" tmpfs:"*) ;; *) judged=disk ;; esac
for place in $batch_places; do
	kind=${place%%:*}
	[ -n "${bfps[${kind}_1]:-}" ] && [ -n "${bfps[${kind}_2]:-}" ] || continue
	label="batch -j 2 ÷ -j 1, files per second, output on $kind"
	busy=$(awk -v a="${bother[${kind}_1]}" -v b="${bother[${kind}_2]}" 'BEGIN { print (a > b ? a : b) }')
	if [ "$kind" != "$judged" ]; then
		info "$label" "${bfps[${kind}_2]}" "${bfps[${kind}_1]}"
	elif awk -v b="$busy" 'BEGIN { exit !(b > 0.3) }'; then
		r=$(awk -v a="${bfps[${kind}_2]}" -v b="${bfps[${kind}_1]}" 'BEGIN { printf "%.2f", a / b }')
		printf '%-86s %8s×  (>= 1.8: not measured: other processes kept %s of the %s cores busy)\n' \
			"$label" "$r" "$busy" "$(nproc)"
	else
		ratio "$label" "${bfps[${kind}_2]}" "${bfps[${kind}_1]}" ">=" 1.8
	fi
done

# Scaling: catalogues with every item copied 10 and 100 times (new ids, each
# copy right after its item and its table row, so categories grow in place).
scale_catalog() { # scale_catalog FACTOR OUT
	awk -v k="$1" '
		function copies(block, attr,    i, out, pre, id) {
			printf "%s", block
			match(block, attr "=\"[^\"]*\"")
			id = substr(block, RSTART + length(attr) + 2, RLENGTH - length(attr) - 3)
			for (i = 2; i <= k; i++) {
				out = block
				sub(attr "=\"[^\"]*\"", attr "=\"" id ".x" i "\"", out)
				printf "%s", out
			}
		}
		/<item / { item = 1; buf = "" }
		item { buf = buf $0 "\n"; if ($0 ~ /<\/item>/) { item = 0; copies(buf, "id") } next }
		/<row / { if ($0 ~ /\/>/) { copies($0 "\n", "item"); next } row = 1; buf = "" }
		row { buf = buf $0 "\n"; if ($0 ~ /<\/row>/) { row = 0; copies(buf, "item") } next }
		{ print }
	' catalog/moda-public-cloud-v5.1.xml >"$2"
}
echo
echo "scaling (annex of type paas; load = read, schema-check and index the catalogue):"
printf '%-12s %7s %7s %10s %12s %12s %14s %14s %14s\n' catalogue items rows "load ms" "odt ms" "docx ms" "load µs/item" "odt µs/row" "docx µs/row"
for k in 1 10 100; do
	cat=$work/catalog-x$k.xml
	scale_catalog $k "$cat"
	if ! "$ANNEXGEN" validate "$cat" >/dev/null 2>"$work/validate.log"; then
		printf '%-12s %s\n' "${k}×" "INVALID: $(head -1 "$work/validate.log")"
		continue
	fi
	reps=$((900 / k)); [ $reps -ge 9 ] || reps=9
	if read -r items rows load odt docx pi po pd rss < <("$BENCH" scale "$cat" paas $reps); then
		printf '%-12s %7d %7d %10.1f %12.3f %12.3f %14.2f %14.2f %14.2f\n' "MODA ${k}×" "$items" "$rows" \
			"$load" "$odt" "$docx" "$pi" "$po" "$pd"
	else
		printf '%-12s %s\n' "${k}×" "FAILED"
	fi
done
# The web page (annexgen serve): a bounded loopback load, page and download time
# per request, and the server's RSS through the run (tests/bench/serve-load.py).
echo
NSERVE=${NSERVE:-200}
mkdir -p "$work/serve-tmp"
TMPDIR=$work/serve-tmp "$ANNEXGEN" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>&1 &
serve_pid=$!
serve_url=
for _ in $(seq 1 100); do
	serve_url=$(grep -o 'http://[^ ]*' "$work/serve.out")
	[ -n "$serve_url" ] && break
	sleep 0.1
done
if [ -z "$serve_url" ]; then
	echo "serve load: SKIPPED: the server did not start: $(head -1 "$work/serve.out")"
elif ! command -v python3 >/dev/null; then
	echo "serve load: SKIPPED: python3 is needed for the clients"
else
	python3 tests/bench/serve-load.py "$serve_url" "$serve_pid" 20 1 | sed -n 1,4p
	python3 tests/bench/serve-load.py "$serve_url" "$serve_pid" "$NSERVE" 8 || echo "serve load: FAILED (errors or RSS growth)"
fi
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null

echo
echo "bench: done in $(($(date +%s) - started)) s"
