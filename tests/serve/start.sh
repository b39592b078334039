# Sourced by the web page's suites (serve.sh, serve-threads.sh). serve_start
# NAME BINARY WORK: starts BINARY serve on a free loopback port with its
# temporary files in WORK/tmp (stdout WORK/out, stderr WORK/err), sets pid and
# url; prints "FAIL NAME start: ..." and returns 1 when no address comes in
# 20 s. Environment for the server (TSAN_OPTIONS) is the caller's.
serve_start() {
	local name=$1 bin=$2 work=$3
	mkdir -p "$work/tmp"
	TMPDIR=$work/tmp "$bin" serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/err" &
	pid=$!
	url=
	for _ in $(seq 1 200); do
		url=$(grep -o 'http://[^ ]*' "$work/out" 2>/dev/null)
		[ -n "$url" ] && return 0
		sleep 0.1
	done
	echo "FAIL $name start: no address printed: $(tr '\n' '|' <"$work/err")"
	return 1
}
