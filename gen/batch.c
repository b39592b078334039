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
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "elapsed.h"
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
	sb path;

	sb_init(&path);
	for (i = 0; i < n; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;
		size_t first = cnt, dl;

		if (stat(args[i], &st) != 0) {
			batch_free_list(list, cnt);
			sb_release(&path);
			return ag_fail(err, AG_ERR_NOINPUT, args[i], 0, "%s", strerror(errno));
		}
		if (!S_ISDIR(st.st_mode)) {
			if (push(&list, &cnt, &cap, args[i]) < 0)
				goto oom;
			continue;
		}
		d = opendir(args[i]);
		if (!d) {
			batch_free_list(list, cnt);
			sb_release(&path);
			return ag_fail(err, AG_ERR_NOINPUT, args[i], 0, "%s", strerror(errno));
		}
		/* "tenders/" names its files "tenders/x.xml", not "tenders//x.xml". */
		dl = strlen(args[i]);
		while (dl > 1 && args[i][dl - 1] == '/')
			dl--;
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);

			if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".xml"))
				continue;
			if (!sb_setf(&path, "%.*s/%s", (int)dl, args[i], de->d_name) ||
			    push(&list, &cnt, &cap, path.buf) < 0) {
				closedir(d);
				goto oom;
			}
		}
		closedir(d);
		/* qsort(NULL, 0, ...) is undefined: an empty folder gives no list. */
		if (cnt - first > 1)
			qsort(list + first, cnt - first, sizeof(*list), cmp_str);
	}
	sb_release(&path);
	*out = list;
	*nout = cnt;
	return AG_OK;
oom:
	sb_release(&path);
	batch_free_list(list, cnt);
	return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
}

/* A worker keeps the last catalogue a tender named, so a batch of tenders
 * that share one loads it once, and one package cache for all its files. */
struct worker_state {
	char *cat_path;            /* malloc'd */
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
			free(ws->cat_path);
			ws->cat = tender_load_catalog(t, &r->err);
			ws->cat_path = strdup(t->catalog_href);
			if (!ws->cat)
				goto fail;
			if (!ws->cat_path) {
				ag_fail(&r->err, AG_ERR_NOMEM, NULL, 0, "out of memory");
				goto fail;
			}
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
	struct worker_state ws = { NULL, NULL, pkg_cache_new() };
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
	free(ws.cat_path);
	_exit(0);
}

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct id_of {
	char id[80];
	long line;
	size_t index;
};

static int cmp_id(const void *a, const void *b)
{
	const struct id_of *x = a, *y = b;
	int c = strcasecmp(x->id, y->id);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Two tender files with one id would write one folder: the overview of
 * one beside the annexes of the other. Ids that differ only in case count
 * as one: they name one folder on Windows and macOS, where the outputs go.
 * Finds every such group before any worker starts; each file of a group
 * fails, naming another of the group. dup[i] is set for each; the outcomes
 * go to cb. Returns how many, or (size_t)-1 when out of memory. */
static size_t fail_duplicate_ids(char *const *paths, size_t n, unsigned char *dup, batch_cb cb,
				 void *ctx, batch_result *r)
{
	struct id_of *ids = n ? malloc(n * sizeof(*ids)) : NULL;
	size_t k = 0, i, j, g, failed = 0;

	if (!n)
		return 0;
	if (!ids)
		return (size_t)-1;
	for (i = 0; i < n; i++)
		if (tender_peek_id(paths[i], ids[k].id, sizeof(ids[k].id), &ids[k].line) == 0)
			ids[k++].index = i;
	if (k > 1)
		qsort(ids, k, sizeof(*ids), cmp_id);
	for (i = 0; i < k; i = j) {
		for (j = i + 1; j < k && !strcasecmp(ids[j].id, ids[i].id); j++)
			;
		if (j - i < 2)
			continue;
		for (g = i; g < j; g++) {
			const struct id_of *other = &ids[g == i ? i + 1 : i];

			memset(r, 0, sizeof(*r));
			r->index = ids[g].index;
			r->code = ag_fail(&r->err, AG_ERR_DATA, paths[ids[g].index], ids[g].line,
					  "tender id '%s' is also the id of '%s': each tender of a batch "
					  "needs its own id (its folder's name)",
					  ids[g].id, paths[other->index]);
			dup[ids[g].index] = 1;
			failed++;
			cb(ctx, r);
		}
	}
	free(ids);
	return failed;
}

struct worker {
	pid_t pid;
	int tasks, results;
	int busy;
	size_t task;               /* the tender in hand, while busy */
};

/* Starts worker slot i; the other slots' pipe ends are closed in the child. */
static int start_worker(struct worker *w, size_t i, size_t nw, char *const *paths,
			const batch_opts *o)
{
	int tp[2], rp[2];
	size_t j;

	if (pipe(tp) != 0)
		return -1;
	if (pipe(rp) != 0) {
		close(tp[0]);
		close(tp[1]);
		return -1;
	}
	fflush(NULL);
	w[i].pid = fork();
	if (w[i].pid == 0) {
		close(tp[1]);
		close(rp[0]);
		for (j = 0; j < nw; j++) {
			if (j == i || w[j].pid <= 0)
				continue;
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
		return -1;
	}
	w[i].tasks = tp[1];
	w[i].results = rp[0];
	w[i].busy = 0;
	return 0;
}

/* The next tender to hand out, skipping those already failed; n at the end. */
static size_t next_task(size_t next, size_t n, const unsigned char *dup)
{
	while (next < n && dup[next])
		next++;
	return next;
}

/* Closes slot i's pipes and waits for its process; its status in *status. */
static void reap(struct worker *w, size_t i, int *status)
{
	close(w[i].tasks);
	close(w[i].results);
	while (waitpid(w[i].pid, status, 0) < 0 && errno == EINTR)
		;
	w[i].pid = 0;
	w[i].tasks = w[i].results = -1;
	w[i].busy = 0;
}

/* Hands the next tender to slot i. A worker that died between two tenders
 * had nothing in hand: it is replaced and the tender goes to the new one.
 * -1 when the slot is gone for good (a new worker died too, or none could
 * be started); its tenders then go to the other slots. */
static int hand_out(struct worker *w, size_t i, size_t nw, size_t *next, size_t n,
		    const unsigned char *dup, char *const *paths, const batch_opts *o)
{
	int tries, status;

	for (tries = 0; tries < 2 && w[i].pid > 0; tries++) {
		if (write_full(w[i].tasks, next, sizeof(*next)) == 0) {
			w[i].busy = 1;
			w[i].task = *next;
			*next = next_task(*next + 1, n, dup);
			return 0;
		}
		reap(w, i, &status);
		if (start_worker(w, i, nw, paths, o) != 0)
			w[i].pid = 0;
	}
	if (w[i].pid > 0)
		reap(w, i, &status);
	return -1;
}

ag_code batch_run(char *const *paths, size_t n, const batch_opts *o, batch_cb cb, void *ctx,
		  int *interrupted, ag_error *err)
{
	struct worker w[MAX_JOBS];
	struct pollfd pfd[MAX_JOBS];
	struct sigaction sa, old_int, old_term;
	batch_result *r = malloc(sizeof(*r));
	unsigned char *dup = calloc(n + 1, 1);
	size_t next = 0, nw, i, ndup;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	double index_due = 0, index_cost = 0;
	ag_code rc = AG_OK;

	*interrupted = 0;
	if (!r || !dup) {
		free(r);
		free(dup);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	ndup = fail_duplicate_ids(paths, n, dup, cb, ctx, r);
	if (ndup == (size_t)-1) {
		free(r);
		free(dup);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	nw = o->jobs > 0 ? (size_t)o->jobs : cores > 0 ? (size_t)cores : 1;
	if (nw > MAX_JOBS)
		nw = MAX_JOBS;
	if (nw > n - ndup)
		nw = n - ndup;
	stop_requested = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	for (i = 0; i < nw; i++)
		w[i].pid = 0;
	for (i = 0; i < nw; i++) {
		if (start_worker(w, i, nw, paths, o) != 0) {
			rc = ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "cannot start a worker: %s", strerror(errno));
			nw = i;
			break;
		}
	}
	/* A worker whose pipe is gone would kill us with SIGPIPE on the next task. */
	signal(SIGPIPE, SIG_IGN);
	next = next_task(0, n, dup);
	for (i = 0; i < nw && next < n; i++)
		hand_out(w, i, nw, &next, n, dup, paths, o);
	for (;;) {
		int ready, any = 0;

		for (i = 0; i < nw; i++) {
			pfd[i].fd = w[i].busy ? w[i].results : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
			any |= w[i].busy;
		}
		if (!any)
			break;
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
				/* The worker died with a tender in hand (kill -9, the OOM
				 * killer, a crash): that tender fails, named; a new worker
				 * takes the slot for the rest. */
				int status = 0;

				reap(w, i, &status);
				memset(r, 0, sizeof(*r));
				r->index = w[i].task;
				if (WIFSIGNALED(status))
					r->code = ag_fail(&r->err, AG_ERR_INTERNAL, paths[w[i].task], 0,
							  "the worker generating this tender died (signal %d); "
							  "its files are each a complete old or new version: run the batch again",
							  WTERMSIG(status));
				else
					r->code = ag_fail(&r->err, AG_ERR_INTERNAL, paths[w[i].task], 0,
							  "the worker generating this tender exited with status %d; "
							  "run the batch again",
							  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
				cb(ctx, r);
				if (*interrupted || next >= n || start_worker(w, i, nw, paths, o) != 0) {
					/* The slot stays empty; its tenders go to the others. */
					w[i].pid = 0;
					continue;
				}
			} else {
				cb(ctx, r);
			}
			/* Keep index.tsv close to the manifests while the batch runs,
			 * at a cost bounded to a fifth of the time. */
			if (!o->gen.dry_run && elapsed_now() >= index_due) {
				double t0 = elapsed_now();
				ag_error ignored;

				batch_write_index(o->gen.outdir, &ignored);
				index_cost = elapsed_now() - t0;
				index_due = t0 + (index_cost * 5 > 1 ? index_cost * 5 : 1);
			}
			if (!*interrupted && next < n)
				hand_out(w, i, nw, &next, n, dup, paths, o);
		}
	}
	/* Every worker slot gone (none could be restarted): the tenders never
	 * handed out fail, not vanish, so the summary counts all. */
	for (; !*interrupted && next < n; next = next_task(next + 1, n, dup)) {
		memset(r, 0, sizeof(*r));
		r->index = next;
		r->code = ag_fail(&r->err, AG_ERR_INTERNAL, paths[next], 0,
				  "not generated: no worker process could be started");
		cb(ctx, r);
	}
	for (i = 0; i < nw; i++) {
		if (w[i].pid <= 0)
			continue;
		close(w[i].tasks);
		close(w[i].results);
	}
	for (i = 0; i < nw; i++)
		while (w[i].pid > 0 && waitpid(w[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(r);
	free(dup);
	return rc;
}

/* The sorted names of outdir's tender folders: those holding a manifest. */
static ag_code tender_dirs(const char *outdir, char ***dirs, size_t *nd, ag_error *err)
{
	size_t cap = 0;
	DIR *d = opendir(outdir);
	struct dirent *de;
	sb path;

	*dirs = NULL;
	*nd = 0;
	if (!d)
		return ag_fail(err, AG_ERR_NOINPUT, outdir, 0, "%s", strerror(errno));
	sb_init(&path);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (!sb_setf(&path, "%s/%s/%s", outdir, de->d_name, GEN_MANIFEST) ||
		    (access(path.buf, F_OK) == 0 && push(dirs, nd, &cap, de->d_name) < 0)) {
			closedir(d);
			sb_release(&path);
			batch_free_list(*dirs, *nd);
			*dirs = NULL;
			*nd = 0;
			return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		}
	}
	closedir(d);
	sb_release(&path);
	if (*nd > 1)
		qsort(*dirs, *nd, sizeof(**dirs), cmp_str);
	return AG_OK;
}

/* Removes the temporaries of index.tsv a killed run left in outdir: only
 * names of fileio_write_atomic's making, under the folder's lock. */
static void remove_index_temps(const char *outdir, sb *path)
{
	DIR *d = opendir(outdir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL)
		if (fileio_is_temp(de->d_name, BATCH_INDEX) && sb_setf(path, "%s/%s", outdir, de->d_name))
			unlink(path->buf);
	closedir(d);
}

ag_code batch_write_index(const char *outdir, ag_error *err)
{
	char **dirs;
	size_t nd, i, j;
	sb w, path;
	ag_code rc = tender_dirs(outdir, &dirs, &nd, err);

	if (rc)
		return rc;
	sb_init(&w);
	sb_init(&path);
	remove_index_temps(outdir, &path);
	sb_add(&w, "# tender\ttype\tkind\tformat\tpath\tsha256\n");
	for (i = 0; !rc && i < nd; i++) {
		gen_manifest m;

		if (!sb_setf(&path, "%s/%s", outdir, dirs[i]))
			break;
		rc = gen_manifest_read(path.buf, &m, err);
		for (j = 0; !rc && j < m.n; j++)
			sb_addf(&w, "%s\t%s\t%s\t%s\t%s/%s\t%s\n", dirs[i], m.e[j].type, m.e[j].kind,
				m.e[j].format, dirs[i], m.e[j].name, m.e[j].sha);
		gen_manifest_release(&m);
	}
	if (!rc && (w.oom || !sb_setf(&path, "%s/%s", outdir, BATCH_INDEX)))
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	if (!rc)
		rc = fileio_write_atomic(path.buf, w.buf, w.len, err);
	sb_release(&w);
	sb_release(&path);
	batch_free_list(dirs, nd);
	return rc;
}

/* Is what is on disk a version the tender's manifest names (its current
 * hash, or the previous one of a run that was interrupted)? */
static int manifest_knows(const gen_manifest *m, const char *name, const char *sha)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].name, name))
			return !strcmp(m->e[i].sha, sha) || !strcmp(m->e[i].prev, sha);
	return 0;
}

/* Checks one tender folder: the files the index names for it (rows[0..nr),
 * fields split), its manifest's, and what else is there. */
static ag_code verify_dir(const char *outdir, const char *dir, char *(*rows)[6], size_t nr,
			  void (*report)(void *ctx, const char *what, const char *path), void *ctx,
			  batch_verify_stats *st, ag_error *err)
{
	gen_manifest m;
	char sha[65];
	size_t i, j;
	sb path;
	DIR *d;
	struct dirent *de;
	ag_code rc;

	sb_init(&path);
	if (!sb_setf(&path, "%s/%s", outdir, dir))
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	rc = gen_manifest_read(path.buf, &m, err);
	if (rc) {
		sb_release(&path);
		return rc;
	}
	/* Every file the index or the manifest names. */
	for (i = 0; i < nr + m.n; i++) {
		const char *name = i < nr ? rows[i][4] + strlen(dir) + 1 : m.e[i - nr].name;
		const char *want = i < nr ? rows[i][5] : m.e[i - nr].sha;
		char *data;
		size_t len;
		ag_error ignored;

		if (i >= nr) {
			for (j = 0; j < nr && strcmp(rows[j][4] + strlen(dir) + 1, name); j++)
				;
			if (j < nr)
				continue;   /* checked with the index's row */
		}
		if (!sb_setf(&path, "%s/%s/%s", outdir, dir, name)) {
			rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			break;
		}
		if (access(path.buf, F_OK) != 0) {
			st->missing++;
			report(ctx, "missing", path.buf);
			continue;
		}
		if (fileio_read(path.buf, (size_t)1 << 30, &data, &len, &ignored)) {
			st->unreadable++;
			report(ctx, "unreadable", path.buf);
			continue;
		}
		sha256_hex(data, len, sha);
		free(data);
		if (i < nr && !strcmp(sha, want)) {
			st->ok++;
		} else if (manifest_knows(&m, name, sha)) {
			/* A run replaced it after the index was last written (it was
			 * killed, or a generate ran): generated, not edited. */
			st->ok++;
			st->stale++;
		} else {
			st->edited++;
			report(ctx, "edited", path.buf);
		}
	}
	/* Files in the folder that neither names; annexgen's own temporaries of
	 * an interrupted run are not a person's files (the next run removes them). */
	if (!rc && sb_setf(&path, "%s/%s", outdir, dir) && (d = opendir(path.buf)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			int known = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
				    fileio_is_temp(de->d_name, GEN_MANIFEST) || !strcmp(de->d_name, GEN_MANIFEST);

			for (j = 0; !known && j < nr; j++)
				known = !strcmp(rows[j][4] + strlen(dir) + 1, de->d_name) ||
					fileio_is_temp(de->d_name, rows[j][4] + strlen(dir) + 1);
			for (j = 0; !known && j < m.n; j++)
				known = !strcmp(m.e[j].name, de->d_name) || fileio_is_temp(de->d_name, m.e[j].name);
			if (known)
				continue;
			st->unknown++;
			if (sb_setf(&path, "%s/%s/%s", outdir, dir, de->d_name))
				report(ctx, "unknown", path.buf);
		}
		closedir(d);
	}
	gen_manifest_release(&m);
	sb_release(&path);
	return rc;
}

ag_code batch_verify(const char *outdir, void (*report)(void *ctx, const char *what, const char *path),
		     void *ctx, batch_verify_stats *st, ag_error *err)
{
	char *data, *line, *next, *(*rows)[6] = NULL, **dirs = NULL, **listed = NULL;
	size_t len, nrows = 0, rcap = 0, ndirs = 0, nlisted = 0, i, j, k;
	sb path;
	ag_code rc;

	memset(st, 0, sizeof(*st));
	sb_init(&path);
	if (!sb_setf(&path, "%s/%s", outdir, BATCH_INDEX))
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	rc = fileio_read(path.buf, (size_t)64 << 20, &data, &len, err);
	sb_release(&path);
	if (rc)
		return rc;
	for (line = data; line && *line; line = next) {
		char *p = line;
		int f;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#')
			continue;
		if (nrows == rcap) {
			size_t ncap = rcap ? 2 * rcap : 256;
			char *(*nr)[6] = realloc(rows, ncap * sizeof(*rows));

			if (!nr) {
				rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
				goto done;
			}
			rows = nr;
			rcap = ncap;
		}
		for (f = 0; f < 6; f++) {
			rows[nrows][f] = p;
			p += strcspn(p, "\t");
			if (*p)
				*p++ = '\0';
		}
		/* A row whose path is not "<tender>/<file>" is not ours to check. */
		if (strncmp(rows[nrows][4], rows[nrows][0], strlen(rows[nrows][0])) ||
		    rows[nrows][4][strlen(rows[nrows][0])] != '/')
			continue;
		nrows++;
	}
	/* The tender folders: the index's (grouped by tender), and any folder
	 * with a manifest the index does not list yet (a run was interrupted
	 * before it rewrote the index). */
	rc = tender_dirs(outdir, &dirs, &ndirs, err);
	listed = rc ? NULL : malloc((nrows + 1) * sizeof(*listed));
	if (!rc && !listed)
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	for (i = 0; !rc && i < nrows; i = j) {
		for (j = i + 1; j < nrows && !strcmp(rows[j][0], rows[i][0]); j++)
			;
		listed[nlisted++] = rows[i][0];
		rc = verify_dir(outdir, rows[i][0], rows + i, j - i, report, ctx, st, err);
	}
	if (nlisted > 1)
		qsort(listed, nlisted, sizeof(*listed), cmp_str);
	for (k = 0; !rc && k < ndirs; k++)
		if (!nlisted || !bsearch(&dirs[k], listed, nlisted, sizeof(*listed), cmp_str))
			rc = verify_dir(outdir, dirs[k], NULL, 0, report, ctx, st, err);
done:
	free(data);
	free(rows);
	free(listed);
	batch_free_list(dirs, ndirs);
	return rc;
}
