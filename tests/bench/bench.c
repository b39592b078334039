/* Benchmark harness for tests/bench/run.sh: renders an annex many times in one
 * process (to memory, to files), its zlib floor, and times other processes. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "catalog.h"
#include "compose.h"
#include "error.h"
#include "fileio.h"
#include "generate.h"
#include "package.h"
#include "template.h"
#include "tender.h"

/* A benchmark times: it reads the monotonic clock (gen/elapsed.c). */
#define BANNED_ALLOW_CLOCKS
#include "banned.h"

extern char **environ;

#define ROUNDS 15               /* timed rounds; the median round is reported */
#define MAX_PARTS 64

static const char usage[] =
	"usage: bench inproc odt|docx N [CATALOG TYPE]   annexgen in memory and its zlib floor\n"
	"       bench render odt|docx N [new]               annexgen in memory only (for perf)\n"
	"       bench floor odt|docx N                      the zlib floor only (for perf)\n"
	"       bench files odt|docx N DIR plain|atomic     annexgen writing N files into DIR\n"
	"       bench scale CATALOG TYPE N                  load + render cost per catalogue item\n"
	"       bench notes TYPE                            ID<TAB>footnote of each row with a note\n"
	"       bench spawn N -- CMD ARG...                 run CMD N times (%d in ARG: run number)\n"
	"       bench tree -- CMD ARG...                    run CMD once: peak PSS of its process tree\n"
	"       bench startup N DIR ANNEXGEN                --version and one document, N times each\n"
	"Each timing command prints one line: ms-per-file files-per-second peak-RSS-KiB [...]\n";

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static long peak_rss_kib(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return ru.ru_maxrss;
}

static void die(const char *what, const ag_error *err)
{
	char buf[2048];

	if (err) {
		ag_error_format(err, buf, sizeof(buf));
		fprintf(stderr, "bench: %s: %s\n", what, buf);
	} else {
		fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	}
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* What every timing command works on: a catalogue and a quick-mode tender. */
struct setup {
	catalog *cat;
	tender *t;
	size_t type;
	const render_format *format;
	pkg_cache *cache;        /* NULL: each file deflates without one */
};

static void setup_load(struct setup *s, const char *catalog_path, const char *type,
		       const char *format)
{
	ag_error err = { 0 };
	long ty;

	s->format = render_find(format, NULL);
	if (!s->format)
		die("format must be odt or docx", NULL);
	s->cache = pkg_cache_new();
	if (!s->cache)
		die("pkg_cache_new", NULL);
	s->cat = catalog_path ? catalog_load(catalog_path, &err) : catalog_load_bundled(&err);
	if (!s->cat)
		die("loading the catalogue", &err);
	ty = catalog_type(s->cat, type);
	if (ty < 0)
		die("unknown service type", NULL);
	s->type = (size_t)ty;
	s->t = tender_quick(s->cat, type, &err);
	if (!s->t || tender_bind(s->t, s->cat, &err))
		die("making the tender", &err);
}

static void setup_free(struct setup *s)
{
	tender_free(s->t);
	catalog_free(s->cat);
	pkg_cache_free(s->cache);
}

/* One file, exactly as `annexgen generate --kind annex` makes it. */
static unsigned char *render(const struct setup *s, size_t *len)
{
	ag_error err = { 0 };
	unsigned char *out;

	if (generate_render(s->t, COMPOSE_ANNEX, s->type, s->format, template_builtin(), s->cache,
			    &out, len, &err))
		die("rendering", &err);
	return out;
}

/* Makes the tender another one, as in a batch: its id and case number (in
 * the subtitle, the page header and the properties) become number i. */
static void another_tender(struct setup *s, size_t i)
{
	static char id[32], case_number[32];

	snprintf(id, sizeof(id), "bench-%06zu", i);
	snprintf(case_number, sizeof(case_number), "B-%06zu", i);
	s->t->id = id;
	s->t->case_number = case_number;
}

/* The parts annexgen deflates into one file, read back from that file. */
struct parts {
	char *data[MAX_PARTS];
	size_t len[MAX_PARTS];
	size_t n, total;
};

static void parts_of(const unsigned char *zip, size_t len, struct parts *p)
{
	ag_error err = { 0 };
	pkg_reader *r = pkg_reader_open_mem(zip, len, "annex", NULL, &err);
	size_t i;

	if (!r)
		die("reading back the package", &err);
	memset(p, 0, sizeof(*p));
	for (i = 0; i < pkg_reader_count(r) && p->n < MAX_PARTS; i++) {
		const char *name = pkg_reader_name(r, i);

		/* ODF's mimetype is stored, never deflated: not part of the floor. */
		if (!strcmp(name, "mimetype"))
			continue;
		if (pkg_read(r, name, &p->data[p->n], &p->len[p->n], &err))
			die("reading back a part", &err);
		p->total += p->len[p->n];
		p->n++;
	}
	pkg_reader_free(r);
}

/* The floor of one file: each part deflated (raw, as in a zip) with the
 * packager's level and memory level, on one reused stream. */
static size_t floor_once(z_stream *z, const struct parts *p, unsigned char *out, size_t cap)
{
	size_t i, total = 0;

	for (i = 0; i < p->n; i++) {
		deflateReset(z);
		z->next_in = (unsigned char *)p->data[i];
		z->avail_in = (uInt)p->len[i];
		z->next_out = out;
		z->avail_out = (uInt)cap;
		if (deflate(z, Z_FINISH) != Z_STREAM_END)
			die("deflate", NULL);
		total += cap - z->avail_out;
	}
	return total;
}

/* annexgen in memory and the floor, in alternating rounds of n files so
 * that noise from the rest of the machine falls on all alike. annexgen runs
 * three ways: the same annex again and again (what does not change between
 * files is deflated once); a new tender every file (only the template parts
 * stay the same, as in a batch); nothing reused at all. A new tender's file
 * is a little larger (its case number is in the subtitle and the page
 * header), so it has its own floor. */
static int cmd_inproc(int argc, char **argv)
{
	enum { SAME, DISTINCT, NONE, FLOOR, FLOOR_NEW, WAYS };
	struct setup s;
	struct parts p, pn;
	double t[WAYS][ROUNDS], med[WAYS], ratio[3][ROUNDS], t0;
	size_t n, per, i, r, len, zlen = 0, zlen_new = 0, cap, serial = 0;
	const char *id, *case_number;
	unsigned char *zip, *out;
	z_stream z;
	int way;

	if (argc != 2 && argc != 4) {
		fputs(usage, stderr);
		return 64;
	}
	n = (size_t)atol(argv[1]);
	setup_load(&s, argc == 4 ? argv[2] : NULL, argc == 4 ? argv[3] : "paas", argv[0]);
	id = s.t->id;
	case_number = s.t->case_number;
	per = n / ROUNDS ? n / ROUNDS : 1;
	another_tender(&s, 0);
	zip = render(&s, &len);
	parts_of(zip, len, &pn);
	free(zip);
	s.t->id = id;
	s.t->case_number = case_number;
	zip = render(&s, &len);
	parts_of(zip, len, &p);
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, PKG_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, PKG_DEFLATE_MEMLEVEL,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2", NULL);
	cap = deflateBound(&z, p.total > pn.total ? p.total : pn.total) + 64;
	out = malloc(cap);
	if (!out)
		die("malloc", NULL);
	for (i = 0; i < 3; i++) {       /* warm caches and the allocator */
		free(zip);
		zip = render(&s, &len);
		floor_once(&z, &p, out, cap);
		floor_once(&z, &pn, out, cap);
	}
	for (r = 0; r < ROUNDS; r++) {
		for (way = 0; way < WAYS; way++) {
			pkg_cache *cache = s.cache;

			if (way == NONE)
				s.cache = NULL;
			t0 = now_ms();
			for (i = 0; i < per; i++) {
				if (way == FLOOR) {
					zlen = floor_once(&z, &p, out, cap);
					continue;
				}
				if (way == FLOOR_NEW) {
					zlen_new = floor_once(&z, &pn, out, cap);
					continue;
				}
				if (way == DISTINCT)
					another_tender(&s, ++serial);
				free(zip);
				zip = render(&s, &len);
			}
			t[way][r] = (now_ms() - t0) / (double)per;
			s.cache = cache;
			s.t->id = id;
			s.t->case_number = case_number;
		}
	}
	/* Ratios round by round: each compares runs a few milliseconds apart,
	 * so a machine that slows down or speeds up between rounds cancels out. */
	for (r = 0; r < ROUNDS; r++) {
		ratio[0][r] = t[SAME][r] / t[FLOOR][r];
		ratio[1][r] = t[DISTINCT][r] / t[FLOOR_NEW][r];
		ratio[2][r] = t[NONE][r] / t[FLOOR][r];
	}
	for (way = 0; way < WAYS; way++)
		med[way] = median(t[way], ROUNDS);
	/* ms and files/s of: same annex, new tenders, no reuse, floor, floor of
	 * a new tender's file; then peak RSS KiB, file bytes, parts, floor
	 * bytes in and out, the same for a new tender's file; then the median
	 * ratios to the floor of: same annex, new tenders, no reuse */
	for (way = 0; way < WAYS; way++)
		printf("%.4f %.1f ", med[way], 1e3 / med[way]);
	printf("%ld %zu %zu %zu %zu %zu %zu", peak_rss_kib(RUSAGE_SELF), len, p.n, p.total, zlen,
	       pn.total, zlen_new);
	for (r = 0; r < 3; r++)
		printf(" %.3f", median(ratio[r], ROUNDS));
	printf("\n");
	deflateEnd(&z);
	free(out);
	free(zip);
	for (i = 0; i < p.n; i++)
		free(p.data[i]);
	for (i = 0; i < pn.n; i++)
		free(pn.data[i]);
	setup_free(&s);
	return 0;
}

/* Only annexgen in memory, for a profiler: perf record bench render odt 2000;
 * with "new", a new tender every file. */
static int cmd_render(int argc, char **argv)
{
	struct setup s;
	size_t n, i, len;
	double t0, ms;
	int fresh;

	if (argc != 2 && (argc != 3 || strcmp(argv[2], "new"))) {
		fputs(usage, stderr);
		return 64;
	}
	n = (size_t)atol(argv[1]);
	fresh = argc == 3;
	setup_load(&s, NULL, "paas", argv[0]);
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		if (fresh)
			another_tender(&s, i);
		free(render(&s, &len));
	}
	ms = (now_ms() - t0) / (double)n;
	printf("%.4f %.1f %ld\n", ms, 1e3 / ms, peak_rss_kib(RUSAGE_SELF));
	if (fresh) {
		s.t->id = "annex";
		s.t->case_number = "";
	}
	setup_free(&s);
	return 0;
}

/* Only the floor, for a profiler: valgrind --tool=callgrind bench floor odt 100. */
static int cmd_floor(int argc, char **argv)
{
	struct setup s;
	struct parts p;
	size_t n, i, len, cap;
	unsigned char *zip, *out;
	double t0, ms;
	z_stream z;

	if (argc != 2) {
		fputs(usage, stderr);
		return 64;
	}
	n = (size_t)atol(argv[1]);
	setup_load(&s, NULL, "paas", argv[0]);
	zip = render(&s, &len);
	parts_of(zip, len, &p);
	free(zip);
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, PKG_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, PKG_DEFLATE_MEMLEVEL,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2", NULL);
	cap = deflateBound(&z, p.total) + 64;
	out = malloc(cap);
	if (!out)
		die("malloc", NULL);
	t0 = now_ms();
	for (i = 0; i < n; i++)
		floor_once(&z, &p, out, cap);
	ms = (now_ms() - t0) / (double)n;
	printf("%.4f %.1f %ld\n", ms, 1e3 / ms, peak_rss_kib(RUSAGE_SELF));
	deflateEnd(&z);
	free(out);
	for (i = 0; i < p.n; i++)
		free(p.data[i]);
	setup_free(&s);
	return 0;
}

/* A plain write, as pandoc and docxtemplater do: no fsync, no rename. */
static void write_plain(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const unsigned char *q = data;

	if (fd < 0)
		die(path, NULL);
	while (len) {
		ssize_t k = write(fd, q, len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die(path, NULL);
		q += k;
		len -= (size_t)k;
	}
	if (close(fd))
		die(path, NULL);
}

static int cmd_files(int argc, char **argv)
{
	struct setup s;
	ag_error err = { 0 };
	char path[4200];
	size_t n, i, len;
	int atomic;
	double t0, ms;

	if (argc != 4 || (strcmp(argv[3], "plain") && strcmp(argv[3], "atomic"))) {
		fputs(usage, stderr);
		return 64;
	}
	n = (size_t)atol(argv[1]);
	atomic = !strcmp(argv[3], "atomic");
	setup_load(&s, NULL, "paas", argv[0]);
	free(render(&s, &len));
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		unsigned char *zip = render(&s, &len);

		snprintf(path, sizeof(path), "%s/annex-%05zu.%s", argv[2], i, argv[0]);
		if (atomic) {
			if (fileio_write_atomic(path, zip, len, &err))
				die("writing", &err);
		} else {
			write_plain(path, zip, len);
		}
		free(zip);
	}
	ms = (now_ms() - t0) / (double)n;
	printf("%.4f %.1f %ld\n", ms, 1e3 / ms, peak_rss_kib(RUSAGE_SELF));
	setup_free(&s);
	return 0;
}

/* Per-item cost of a catalogue: loading it (schema and checks) and
 * rendering the annex of one type, both formats. */
static int cmd_scale(int argc, char **argv)
{
	struct setup s;
	ag_error err = { 0 };
	double t0, load, ms[2][ROUNDS], med[2];
	size_t n, per, i, r, len, rows;
	int f;
	catalog *c;

	if (argc != 3) {
		fputs(usage, stderr);
		return 64;
	}
	n = (size_t)atol(argv[2]);
	per = n / ROUNDS ? n / ROUNDS : 1;
	/* Loading is timed like rendering: the median of several. */
	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ms();
		c = catalog_load(argv[0], &err);
		ms[0][r] = now_ms() - t0;
		if (!c)
			die("loading the catalogue", &err);
		catalog_free(c);
	}
	load = median(ms[0], ROUNDS);
	setup_load(&s, argv[0], argv[1], "odt");
	rows = s.cat->tables[s.type].nrows;
	for (f = 0; f < 2; f++) {
		s.format = render_find(f ? "docx" : "odt", NULL);
		free(render(&s, &len));
		for (r = 0; r < ROUNDS; r++) {
			t0 = now_ms();
			for (i = 0; i < per; i++)
				free(render(&s, &len));
			ms[f][r] = (now_ms() - t0) / (double)per;
		}
		med[f] = median(ms[f], ROUNDS);
	}
	/* items rows load-ms odt-ms docx-ms, then microseconds per table row */
	printf("%zu %zu %.3f %.4f %.4f %.2f %.2f %.2f %ld\n", s.cat->nitems, rows, load, med[0], med[1],
	       load * 1e3 / (double)s.cat->nitems, med[0] * 1e3 / (double)rows,
	       med[1] * 1e3 / (double)rows, peak_rss_kib(RUSAGE_SELF));
	setup_free(&s);
	return 0;
}

static int cmd_notes(int argc, char **argv)
{
	struct setup s;
	const cat_table *t;
	size_t i;

	if (argc != 1) {
		fputs(usage, stderr);
		return 64;
	}
	setup_load(&s, NULL, argv[0], "odt");
	t = &s.cat->tables[s.type];
	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].note >= 0)
			printf("%s\t%s\n", s.cat->items[t->rows[i].item].id,
			       cat_text_get(s.cat, &s.cat->notes[t->rows[i].note].name, s.cat->official));
	setup_free(&s);
	return 0;
}

/* argv with each "%d" replaced by run; the strings are static. */
static char **subst(char **argv, int argc, size_t run)
{
	static char *out[256];
	static char buf[256][1024];
	int i;

	for (i = 0; i < argc && i < 255; i++) {
		const char *p = strstr(argv[i], "%d");

		if (!p) {
			out[i] = argv[i];
			continue;
		}
		snprintf(buf[i], sizeof(buf[i]), "%.*s%zu%s", (int)(p - argv[i]), argv[i], run, p + 2);
		out[i] = buf[i];
	}
	out[i] = NULL;
	return out;
}

static pid_t start(char **argv, int quiet)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		errno = rc;
		die(argv[0], NULL);
	}
	return pid;
}

static void finish(pid_t pid, const char *name)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid", NULL);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "bench: %s failed (status %d)\n", name,
			WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		exit(1);
	}
}

static int cmd_spawn(int argc, char **argv)
{
	size_t n, i;
	double t0, ms;

	if (argc < 3 || strcmp(argv[1], "--")) {
		fputs(usage, stderr);
		return 64;
	}
	n = (size_t)atol(argv[0]);
	t0 = now_ms();
	for (i = 0; i < n; i++)
		finish(start(subst(argv + 2, argc - 2, i), 1), argv[2]);
	ms = (now_ms() - t0) / (double)n;
	/* RUSAGE_CHILDREN: the largest of the runs (and of their own children). */
	printf("%.3f %.2f %ld\n", ms, 1e3 / ms, peak_rss_kib(RUSAGE_CHILDREN));
	return 0;
}

/* Start-up: `ANNEXGEN --version` and one quick-mode document (the PaaS
 * annex, ODT, then DOCX, into DIR) in alternating runs, so that the load of
 * the machine falls on all alike; the median wall-clock and CPU time
 * (user + system, from wait4) of each. */
static int cmd_startup(int argc, char **argv)
{
	enum { VERSION, ODT, DOCX, KINDS, MAX_RUNS = 1000 };
	static double wall[KINDS][MAX_RUNS], cpu[KINDS][MAX_RUNS];
	char path[4200];
	size_t n, i;
	int k;

	if (argc != 3) {
		fputs(usage, stderr);
		return 64;
	}
	n = (size_t)atol(argv[0]);
	if (n < 1 || n > MAX_RUNS)
		die("startup runs must be 1 to 1000", NULL);
	for (i = 0; i < n; i++) {
		for (k = 0; k < KINDS; k++) {
			char *version[] = { argv[2], "--version", NULL };
			char *gen[] = { argv[2], "generate", "--type", "paas", "--kind", "annex", "--format",
					k == ODT ? "odt" : "docx", "--force", "-o", path, NULL };
			struct rusage ru;
			double t0;
			pid_t pid;
			int st;

			snprintf(path, sizeof(path), "%s/startup.%s", argv[1], k == ODT ? "odt" : "docx");
			t0 = now_ms();
			pid = start(k == VERSION ? version : gen, 1);
			while (wait4(pid, &st, 0, &ru) < 0)
				if (errno != EINTR)
					die("wait4", NULL);
			wall[k][i] = now_ms() - t0;
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				die("annexgen failed", NULL);
			cpu[k][i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
				    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		}
	}
	/* wall-ms cpu-ms of: --version, the ODT annex, the DOCX annex */
	for (k = 0; k < KINDS; k++)
		printf("%.3f %.3f%s", median(wall[k], n), median(cpu[k], n), k + 1 < KINDS ? " " : "\n");
	return 0;
}

/* Proportional set size of pid in KiB (shared pages split among sharers),
 * 0 when it is gone. */
static long pss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Pss:", 4)) {
			kib = atol(line + 4);
			break;
		}
	fclose(f);
	return kib;
}

/* Sum of the PSS of pid and its descendants (through /proc/PID/task/TID/children). */
static long tree_pss(pid_t pid)
{
	char path[96];
	long total = pss_kib(pid), child;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	f = fopen(path, "r");
	if (!f)
		return total;
	while (fscanf(f, "%ld", &child) == 1)
		total += tree_pss((pid_t)child);
	fclose(f);
	return total;
}

/* CPU seconds all processes of the machine have run (not idle, not
 * waiting for I/O), from /proc/stat; 0 when it cannot be read. */
static double machine_busy_s(void)
{
	unsigned long long v[10] = { 0 }, busy = 0;
	FILE *f = fopen("/proc/stat", "r");
	int i, n;

	if (!f)
		return 0;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		   &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	/* user nice system idle iowait irq softirq steal; guest is in user. */
	for (i = 0; i < n && i < 8; i++)
		if (i != 3 && i != 4)
			busy += v[i];
	return (double)busy / (double)sysconf(_SC_CLK_TCK);
}

static double children_cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int cmd_tree(int argc, char **argv)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };  /* light: the batch has the cores */
	long peak = 0, cur;
	double t0, ms, busy0, busy, mine;
	pid_t pid;
	int st;

	if (argc < 2 || strcmp(argv[0], "--")) {
		fputs(usage, stderr);
		return 64;
	}
	busy0 = machine_busy_s();
	t0 = now_ms();
	pid = start(argv + 1, 1);
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid)
			break;
		cur = tree_pss(pid);
		if (cur > peak)
			peak = cur;
		nanosleep(&tick, NULL);
	}
	ms = now_ms() - t0;
	busy = machine_busy_s() - busy0;
	mine = children_cpu_s();
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "bench: %s failed\n", argv[1]);
		return 1;
	}
	/* wall-ms peak-tree-PSS-KiB largest-process-RSS-KiB CPU-s-of-the-run
	 * cores-other-processes-kept-busy-meanwhile */
	printf("%.1f %ld %ld %.2f %.2f\n", ms, peak, peak_rss_kib(RUSAGE_CHILDREN), mine,
	       busy > mine ? (busy - mine) * 1e3 / ms : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return 64;
	}
	signal(SIGXFSZ, SIG_IGN);
	if (!strcmp(argv[1], "inproc"))
		return cmd_inproc(argc - 2, argv + 2);
	if (!strcmp(argv[1], "render"))
		return cmd_render(argc - 2, argv + 2);
	if (!strcmp(argv[1], "floor"))
		return cmd_floor(argc - 2, argv + 2);
	if (!strcmp(argv[1], "files"))
		return cmd_files(argc - 2, argv + 2);
	if (!strcmp(argv[1], "scale"))
		return cmd_scale(argc - 2, argv + 2);
	if (!strcmp(argv[1], "notes"))
		return cmd_notes(argc - 2, argv + 2);
	if (!strcmp(argv[1], "spawn"))
		return cmd_spawn(argc - 2, argv + 2);
	if (!strcmp(argv[1], "tree"))
		return cmd_tree(argc - 2, argv + 2);
	if (!strcmp(argv[1], "startup"))
		return cmd_startup(argc - 2, argv + 2);
	fputs(usage, stderr);
	return 64;
}
