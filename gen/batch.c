/* Runs many tenders through generate_tender in worker processes (fork: each
 * has its own libxml2 state and a crash stays contained), and keeps the
 * batch-wide index.tsv that `annexgen verify` checks. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "sha256.h"
#include "tender.h"
#include "xmlw.h"

#include "banned.h"

#define MAX_JOBS 64

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(char ***list, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 64;
		char **p = realloc(*list, ncap * sizeof(*p));

		if (!p)
			return -1;
		*list = p;
		*cap = ncap;
	}
	(*list)[*n] = strdup(s);
	return (*list)[*n] ? (int)++*n : -1;
}

void batch_free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}

ag_code batch_collect(const char *const *args, size_t n, char ***out, size_t *nout, ag_error *err)
{
	char **list = NULL;
	size_t cnt = 0, cap = 0, i;

	for (i = 0; i < n; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *de;
		size_t first = cnt;

		if (stat(args[i], &sb) != 0) {
			batch_free_list(list, cnt);
			return ag_fail(err, AG_ERR_NOINPUT, args[i], 0, "%s", strerror(errno));
		}
		if (!S_ISDIR(sb.st_mode)) {
			if (push(&list, &cnt, &cap, args[i]) < 0)
				goto oom;
			continue;
		}
		d = opendir(args[i]);
		if (!d) {
			batch_free_list(list, cnt);
			return ag_fail(err, AG_ERR_NOINPUT, args[i], 0, "%s", strerror(errno));
		}
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);
			char path[4096];

			if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".xml"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", args[i], de->d_name);
			if (push(&list, &cnt, &cap, path) < 0) {
				closedir(d);
				goto oom;
			}
		}
		closedir(d);
		qsort(list + first, cnt - first, sizeof(*list), cmp_str);
	}
	*out = list;
	*nout = cnt;
	return AG_OK;
oom:
	batch_free_list(list, cnt);
	return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
}

/* A worker keeps the last catalogue a tender named, so a batch of tenders
 * that share one loads it once, and one package cache for all its files. */
struct worker_state {
	char cat_path[4096];
	catalog *cat;
	pkg_cache *cache;
};

static void run_one(const char *path, const batch_opts *o, struct worker_state *ws, batch_result *r)
{
	const catalog *c = o->cat;
	gen_opts g = o->gen;
	tender *t = tender_load(path, &r->err);

	if (!t)
		goto fail;
	if (t->catalog_href) {
		if (!ws->cat || strcmp(ws->cat_path, t->catalog_href)) {
			catalog_free(ws->cat);
			ws->cat = tender_load_catalog(t, &r->err);
			snprintf(ws->cat_path, sizeof(ws->cat_path), "%s", t->catalog_href);
			if (!ws->cat)
				goto fail;
		}
		c = ws->cat;
	}
	if (tender_bind(t, c, &r->err))
		goto fail;
	g.cache = ws->cache;
	r->code = generate_tender(t, &g, &r->st, &r->err);
	tender_free(t);
	return;
fail:
	r->code = r->err.code ? r->err.code : AG_ERR_INTERNAL;
	tender_free(t);
}

/* Moves exactly len bytes through a pipe, in either direction, across short
 * transfers and signals; -1 when the other end is gone or fails. */
static int transfer(int fd, void *buf, size_t len, int writing)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t k = writing ? write(fd, p, len) : read(fd, p, len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

static int read_full(int fd, void *buf, size_t len)
{
	return transfer(fd, buf, len, 0);
}

static int write_full(int fd, const void *buf, size_t len)
{
	return transfer(fd, (void *)buf, len, 1);
}

/* A worker: reads tender indices until its task pipe closes, answers each. */
static void worker(int tasks, int results, char *const *paths, const batch_opts *o)
{
	struct worker_state ws = { "", NULL, pkg_cache_new() };
	batch_result *r = malloc(sizeof(*r));
	size_t idx;

	/* Ctrl-C reaches the whole process group: let the parent decide, and
	 * finish the tender in hand so no file is left half-replaced. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	while (r && read_full(tasks, &idx, sizeof(idx)) == 0) {
		memset(r, 0, sizeof(*r));
		r->index = idx;
		run_one(paths[idx], o, &ws, r);
		if (write_full(results, r, sizeof(*r)) != 0)
			break;
	}
	free(r);
	catalog_free(ws.cat);
	pkg_cache_free(ws.cache);
	_exit(0);
}

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

ag_code batch_run(char *const *paths, size_t n, const batch_opts *o, batch_cb cb, void *ctx,
		  int *interrupted, ag_error *err)
{
	struct {
		pid_t pid;
		int tasks, results;
		int busy;
	} w[MAX_JOBS];
	struct pollfd pfd[MAX_JOBS];
	struct sigaction sa, old_int, old_term;
	batch_result *r = malloc(sizeof(*r));
	size_t next = 0, done = 0, nw, i;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	ag_code rc = AG_OK;

	*interrupted = 0;
	if (!r)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	nw = o->jobs > 0 ? (size_t)o->jobs : cores > 0 ? (size_t)cores : 1;
	if (nw > MAX_JOBS)
		nw = MAX_JOBS;
	if (nw > n)
		nw = n;
	stop_requested = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	fflush(NULL);
	for (i = 0; i < nw; i++) {
		int tp[2], rp[2];

		if (pipe(tp) != 0 || pipe(rp) != 0) {
			rc = ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "cannot create a pipe: %s", strerror(errno));
			nw = i;
			break;
		}
		w[i].pid = fork();
		if (w[i].pid == 0) {
			size_t j;

			close(tp[1]);
			close(rp[0]);
			for (j = 0; j < i; j++) {
				close(w[j].tasks);
				close(w[j].results);
			}
			worker(tp[0], rp[1], paths, o);
		}
		close(tp[0]);
		close(rp[1]);
		if (w[i].pid < 0) {
			close(tp[1]);
			close(rp[0]);
			rc = ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "cannot start a worker: %s", strerror(errno));
			nw = i;
			break;
		}
		w[i].tasks = tp[1];
		w[i].results = rp[0];
		w[i].busy = 0;
	}
	/* A worker whose pipe is gone would kill us with SIGPIPE on the next task. */
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < nw && next < n; i++)
		if (write_full(w[i].tasks, &next, sizeof(next)) == 0) {
			next++;
			w[i].busy = 1;
		}
	while (done < next) {
		int ready;

		for (i = 0; i < nw; i++) {
			pfd[i].fd = w[i].busy ? w[i].results : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		ready = poll(pfd, nw, -1);
		if (ready < 0 && errno != EINTR)
			break;
		if (stop_requested)
			*interrupted = 1;
		for (i = 0; ready > 0 && i < nw; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			w[i].busy = 0;
			if (read_full(w[i].results, r, sizeof(*r)) != 0) {
				/* The worker died in the middle of a tender. */
				memset(r, 0, sizeof(*r));
				r->index = (size_t)-1;
				r->code = AG_ERR_INTERNAL;
				ag_fail(&r->err, AG_ERR_INTERNAL, NULL, 0, "a worker process died");
				done++;
				cb(ctx, r);
				continue;
			}
			done++;
			cb(ctx, r);
			if (!*interrupted && next < n && write_full(w[i].tasks, &next, sizeof(next)) == 0) {
				next++;
				w[i].busy = 1;
			}
		}
	}
	for (i = 0; i < nw; i++) {
		close(w[i].tasks);
		close(w[i].results);
	}
	for (i = 0; i < nw; i++)
		while (waitpid(w[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(r);
	return rc;
}

ag_code batch_write_index(const char *outdir, ag_error *err)
{
	char path[4200], **dirs = NULL;
	size_t nd = 0, cap = 0, i, j;
	xmlw w;
	DIR *d = opendir(outdir);
	struct dirent *de;
	ag_code rc = AG_OK;

	if (!d)
		return ag_fail(err, AG_ERR_NOINPUT, outdir, 0, "%s", strerror(errno));
	while ((de = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s/%s", outdir, de->d_name, GEN_MANIFEST);
		if (de->d_name[0] != '.' && access(path, F_OK) == 0 && push(&dirs, &nd, &cap, de->d_name) < 0) {
			closedir(d);
			batch_free_list(dirs, nd);
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
	}
	closedir(d);
	qsort(dirs, nd, sizeof(*dirs), cmp_str);
	xmlw_init(&w);
	xmlw_raw(&w, "# tender\ttype\tkind\tformat\tpath\tsha256\n");
	for (i = 0; !rc && i < nd; i++) {
		gen_manifest m;

		snprintf(path, sizeof(path), "%s/%s", outdir, dirs[i]);
		rc = gen_manifest_read(path, &m, err);
		for (j = 0; !rc && j < m.n; j++)
			xmlw_printf(&w, "%s\t%s\t%s\t%s\t%s/%s\t%s\n", dirs[i], m.e[j].type, m.e[j].kind,
				    m.e[j].format, dirs[i], m.e[j].name, m.e[j].sha);
		gen_manifest_release(&m);
	}
	if (!rc && w.oom)
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	snprintf(path, sizeof(path), "%s/%s", outdir, BATCH_INDEX);
	if (!rc)
		rc = fileio_write_atomic(path, w.buf ? w.buf : "", w.len, err);
	xmlw_release(&w);
	batch_free_list(dirs, nd);
	return rc;
}

ag_code batch_verify(const char *outdir, void (*report)(void *ctx, const char *what, const char *path),
		     void *ctx, batch_verify_stats *st, ag_error *err)
{
	char path[4200], *data, *line, *next, **known = NULL, **dirs = NULL;
	size_t len, nk = 0, kcap = 0, ndirs = 0, dcap = 0, i;
	ag_code rc;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "%s/%s", outdir, BATCH_INDEX);
	rc = fileio_read(path, (size_t)64 << 20, &data, &len, err);
	if (rc)
		return rc;
	for (line = data; line && *line; line = next) {
		char *f[6], *p = line, sha[65], full[4400];
		int k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#')
			continue;
		for (k = 0; k < 6; k++) {
			f[k] = p;
			p += strcspn(p, "\t");
			if (*p)
				*p++ = '\0';
		}
		/* The index is grouped by tender: a new folder starts where the name changes. */
		if (push(&known, &nk, &kcap, f[4]) < 0 ||
		    ((!ndirs || strcmp(dirs[ndirs - 1], f[0])) && push(&dirs, &ndirs, &dcap, f[0]) < 0)) {
			rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			goto done;
		}
		snprintf(full, sizeof(full), "%s/%s", outdir, f[4]);
		if (access(full, F_OK) != 0) {
			st->missing++;
			report(ctx, "missing", full);
			continue;
		}
		{
			char *fd;
			size_t fl;
			ag_error ignored;

			if (fileio_read(full, (size_t)1 << 30, &fd, &fl, &ignored)) {
				st->missing++;
				report(ctx, "unreadable", full);
				continue;
			}
			sha256_hex(fd, fl, sha);
			free(fd);
		}
		if (strcmp(sha, f[5])) {
			st->edited++;
			report(ctx, "edited", full);
		} else {
			st->ok++;
		}
	}
	/* Files in the tenders' folders that the index does not name. */
	if (nk)
		qsort(known, nk, sizeof(*known), cmp_str);
	for (i = 0; i < ndirs; i++) {
		DIR *d;
		struct dirent *de;

		snprintf(path, sizeof(path), "%s/%s", outdir, dirs[i]);
		d = opendir(path);
		if (!d)
			continue;
		while ((de = readdir(d)) != NULL) {
			char rel[4200];
			const char *key = rel;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
			    !strcmp(de->d_name, GEN_MANIFEST))
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[i], de->d_name);
			if (!nk || !bsearch(&key, known, nk, sizeof(*known), cmp_str)) {
				char full[8500];

				snprintf(full, sizeof(full), "%s/%s", outdir, rel);
				st->unknown++;
				report(ctx, "unknown", full);
			}
		}
		closedir(d);
	}
done:
	free(data);
	batch_free_list(known, nk);
	batch_free_list(dirs, ndirs);
	return rc;
}
