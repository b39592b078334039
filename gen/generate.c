/* Writes a tender's documents and manifest.tsv. Every file is rendered before
 * any is written; the manifest names each file's new and previous hash while
 * files are replaced, so an interrupted run never leaves it lying. */
#include "generate.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "sha256.h"
#include "version.h"
#include "xmlw.h"

#include "banned.h"

#define MANIFEST_MAX (4u << 20)
#define FILE_MAX ((size_t)1 << 30)

ag_code generate_render(const tender *t, compose_kind kind, size_t type, const render_format *fmt,
			const template *tpl, pkg_cache *cache, unsigned char **out, size_t *len,
			ag_error *err)
{
	md_doc *d = compose(t, kind, type, err);
	ag_code rc;

	if (!d)
		return err ? err->code : AG_ERR_NOMEM;
	d->meta.generator = "annexgen " AG_VERSION;
	rc = fmt->render(d, tpl, cache, out, len, err);
	md_doc_free(d);
	return rc;
}

void gen_manifest_release(gen_manifest *m)
{
	free(m->e);
	m->e = NULL;
	m->n = 0;
	m->inputs[0] = '\0';
}

static gen_entry *find_entry(const gen_manifest *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].name, name))
			return &m->e[i];
	return NULL;
}

/* Copies the next tab-separated field of *p into dst, advancing *p. */
static void field(char **p, char *dst, size_t size)
{
	size_t n = strcspn(*p, "\t");

	snprintf(dst, size, "%.*s", (int)n, *p);
	*p += n + ((*p)[n] == '\t');
}

ag_code gen_manifest_read(const char *dir, gen_manifest *m, ag_error *err)
{
	char *data, *line, *next;
	size_t len, cap = 0;
	sb path;
	ag_code rc = AG_OK;

	memset(m, 0, sizeof(*m));
	sb_init(&path);
	if (!sb_setf(&path, "%s/%s", dir, GEN_MANIFEST))
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	else if (access(path.buf, F_OK) == 0)
		rc = fileio_read(path.buf, MANIFEST_MAX, &data, &len, err);
	else
		data = NULL;
	sb_release(&path);
	if (rc || !data)
		return rc;
	for (line = data; line && *line; line = next) {
		char name[160];
		gen_entry *e;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "# inputs\t", 9)) {
			snprintf(m->inputs, sizeof(m->inputs), "%s", line + 9);
			continue;
		}
		if (!strncmp(line, "# previous\t", 11)) {
			char *p = line + 11;

			field(&p, name, sizeof(name));
			e = find_entry(m, name);
			if (e)
				field(&p, e->prev, sizeof(e->prev));
			continue;
		}
		if (line[0] == '#' || !line[0])
			continue;
		if (m->n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			gen_entry *ne = realloc(m->e, ncap * sizeof(*ne));

			if (!ne) {
				free(data);
				gen_manifest_release(m);
				return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			}
			m->e = ne;
			cap = ncap;
		}
		e = &m->e[m->n++];
		memset(e, 0, sizeof(*e));
		field(&line, e->name, sizeof(e->name));
		field(&line, e->sha, sizeof(e->sha));
		field(&line, e->type, sizeof(e->type));
		field(&line, e->kind, sizeof(e->kind));
		field(&line, e->format, sizeof(e->format));
	}
	free(data);
	return AG_OK;
}

/* What is at an output path. */
enum { ABSENT, HASHED, UNREADABLE, NOT_FILE };

/* Hashes the file at path into sha. A file annexgen cannot read (over the
 * read limit, no permission, an I/O error) or something that is not a
 * regular file is never taken for an absent one: either may be a person's. */
static int probe(const char *path, char sha[65])
{
	struct stat info;
	ag_error ignored;
	char *data;
	size_t len;

	if (lstat(path, &info) != 0)
		return errno == ENOENT ? ABSENT : UNREADABLE;
	if (!S_ISREG(info.st_mode))
		return NOT_FILE;
	if (fileio_read(path, FILE_MAX, &data, &len, &ignored))
		return UNREADABLE;
	sha256_hex(data, len, sha);
	free(data);
	return HASHED;
}

struct file {
	gen_entry e;             /* name, new sha, type, kind, format; prev = on disk */
	unsigned char *data;     /* NULL for a file this run does not make (KEEP) */
	size_t len;
	int action;
};

/* WRITE, SAME: this run's files; LEFT_*: left alone and named; KEEP: an
 * entry of the manifest this run does not make (another --format, a type
 * no longer bought) whose file is still there: the manifest keeps it, so it
 * goes on describing the disk. */
enum { WRITE, SAME, LEFT_EDITED, LEFT_UNREADABLE, LEFT_NOT_FILE, KEEP };

static void append_path(char *list, size_t size, const char *path, const char *why)
{
	size_t used = strlen(list);

	if (used + strlen(path) + strlen(why) + 4 < size)
		snprintf(list + used, size - used, "%s'%s'%s", used ? " " : "", path, why);
	else if (used + 5 < size && strcmp(list + used - 3, "..."))
		snprintf(list + used, size - used, " ...");
}

static void inputs_hash(const tender *t, const gen_opts *o, char out[65])
{
	sha256_ctx ctx;
	unsigned char d[32];
	char fmt[8];
	size_t i;

	snprintf(fmt, sizeof(fmt), "%u", o->formats);
	sha256_init(&ctx);
	sha256_update(&ctx, t->sha256, strlen(t->sha256));
	sha256_update(&ctx, t->cat->sha256, strlen(t->cat->sha256));
	sha256_update(&ctx, template_hash(o->tpl), 64);
	sha256_update(&ctx, AG_VERSION, sizeof(AG_VERSION));
	sha256_update(&ctx, fmt, strlen(fmt));
	sha256_final(&ctx, d);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Is every file of the manifest on disk as recorded, with no run pending? */
static int up_to_date(const char *dir, const gen_manifest *m, const char *inputs)
{
	char sha[65];
	size_t i;
	sb path;
	int ok = m->n && !strcmp(m->inputs, inputs);

	sb_init(&path);
	for (i = 0; ok && i < m->n; i++)
		ok = !m->e[i].prev[0] && sb_setf(&path, "%s/%s", dir, m->e[i].name) &&
		     probe(path.buf, sha) == HASHED && !strcmp(sha, m->e[i].sha);
	sb_release(&path);
	return ok;
}

/* Removes the temporary files a killed run left in dir for the files of f
 * and the manifest: only names fileio_write_atomic makes, never a person's
 * dotfile that merely looks alike. The caller holds the folder's lock, so
 * no live run owns them. */
static void remove_stale_temps(const char *dir, const struct file *f, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	sb path;
	size_t i;

	if (!d)
		return;
	sb_init(&path);
	while ((de = readdir(d)) != NULL) {
		int ours = fileio_is_temp(de->d_name, GEN_MANIFEST);

		for (i = 0; !ours && i < n; i++)
			ours = fileio_is_temp(de->d_name, f[i].e.name);
		if (ours && sb_setf(&path, "%s/%s", dir, de->d_name))
			unlink(path.buf);
	}
	sb_release(&path);
	closedir(d);
}

static ag_code write_manifest(const catalog *cat, const char *dir, const char *inputs,
			      const struct file *f, size_t n, int journal, ag_error *err)
{
	sb w, path;
	size_t i;
	ag_code rc;

	sb_init(&w);
	sb_init(&path);
	/* Byte-identical output holds per zlib build: say which one made these. */
	sb_addf(&w, "# annexgen manifest 1 (annexgen %s, zlib %s)\n# inputs\t%s\n"
		    "# file\tsha256\ttype\tkind\tformat\tcatalogue\tgenerator\n",
		AG_VERSION, pkg_deflate_version(), inputs);
	for (i = 0; i < n; i++)
		sb_addf(&w, "%s\t%s\t%s\t%s\t%s\t%s %s\tannexgen %s\n", f[i].e.name, f[i].e.sha,
			f[i].e.type, f[i].e.kind, f[i].e.format, cat->id, cat->version, AG_VERSION);
	/* While files are replaced, each may be either version: name both. */
	for (i = 0; journal && i < n; i++)
		if (f[i].action == WRITE && f[i].e.prev[0])
			sb_addf(&w, "# previous\t%s\t%s\n", f[i].e.name, f[i].e.prev);
	if (w.oom || !sb_setf(&path, "%s/%s", dir, GEN_MANIFEST))
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	else
		rc = fileio_write_atomic(path.buf, w.buf, w.len, err);
	sb_release(&w);
	sb_release(&path);
	return rc;
}

/* Renders every file of the tender into f (n of them). */
static ag_code render_all(const tender *t, const gen_opts *o, pkg_cache *cache, struct file *f,
			  size_t *n, ag_error *err)
{
	const catalog *c = t->cat;
	size_t ty, fi;
	int kind;
	ag_code rc;

	*n = 0;
	for (fi = 0; fi < render_nformats; fi++) {
		const render_format *fmt = &render_formats[fi];

		if (!(o->formats & (1u << fi)))
			continue;
		for (ty = 0; ty <= c->ntypes; ty++) {
			for (kind = 0; kind < COMPOSE_KIND_COUNT; kind++) {
				struct file *x;

				/* The overview once per tender (ty == ntypes), the others per bought type. */
				if ((kind == COMPOSE_OVERVIEW) != (ty == c->ntypes) || (ty < c->ntypes && !t->buys[ty]))
					continue;
				x = &f[(*n)++];
				snprintf(x->e.kind, sizeof(x->e.kind), "%s", compose_kind_name((compose_kind)kind));
				snprintf(x->e.format, sizeof(x->e.format), "%s", fmt->name);
				snprintf(x->e.type, sizeof(x->e.type), "%s", ty < c->ntypes ? c->types[ty].id : "all");
				if (kind == COMPOSE_OVERVIEW)
					snprintf(x->e.name, sizeof(x->e.name), "%s-overview.%s", t->id, fmt->extension);
				else
					snprintf(x->e.name, sizeof(x->e.name), "%s-%s-%s.%s", t->id, c->types[ty].id,
						 x->e.kind, fmt->extension);
				rc = generate_render(t, (compose_kind)kind, ty, fmt, o->tpl, cache, &x->data,
						     &x->len, err);
				if (rc)
					return rc;
				sha256_hex(x->data, x->len, x->e.sha);
			}
		}
	}
	return AG_OK;
}

/* Decides what to do with each file, comparing disk, manifest and new bytes;
 * then appends the manifest's other entries whose files are still there
 * (KEEP), so f ends up naming every file the folder holds for this tender.
 * f has room for n + m->n entries; returns the new count, or (size_t)-1
 * when out of memory. */
static size_t decide(const char *dir, struct file *f, size_t n, const gen_manifest *m, int force)
{
	char sha[65];
	size_t i, total = n;
	sb path;

	sb_init(&path);
	for (i = 0; i < n; i++) {
		const gen_entry *old = find_entry(m, f[i].e.name);
		int what;

		if (!sb_setf(&path, "%s/%s", dir, f[i].e.name))
			goto nomem;
		what = probe(path.buf, sha);
		f[i].action = WRITE;
		if (what == NOT_FILE) {
			/* Even --force never replaces a FIFO, a folder, a link. */
			f[i].action = LEFT_NOT_FILE;
		} else if (what == UNREADABLE) {
			/* Something is there: never "created" by this run (undo_first_run). */
			snprintf(f[i].e.prev, sizeof(f[i].e.prev), "-");
			if (!force)
				f[i].action = LEFT_UNREADABLE;
		} else if (what == HASHED) {
			snprintf(f[i].e.prev, sizeof(f[i].e.prev), "%s", sha);
			if (!strcmp(sha, f[i].e.sha))
				f[i].action = SAME;
			else if (!force && !(old && (!strcmp(sha, old->sha) || !strcmp(sha, old->prev))))
				f[i].action = LEFT_EDITED;
		}
	}
	for (i = 0; i < m->n; i++) {
		const gen_entry *old = &m->e[i];
		struct file *k;
		size_t j;
		int what;

		for (j = 0; j < n && strcmp(f[j].e.name, old->name); j++)
			;
		if (j < n)
			continue;
		if (!sb_setf(&path, "%s/%s", dir, old->name))
			goto nomem;
		what = probe(path.buf, sha);
		if (what == ABSENT)
			continue;
		k = &f[total++];
		memset(k, 0, sizeof(*k));
		k->e = *old;
		k->e.prev[0] = '\0';
		k->action = KEEP;
		/* A complete version a killed run left is what the folder holds;
		 * anything else keeps the hash we made, so the edit stays visible. */
		if (what == HASHED && old->prev[0] && !strcmp(sha, old->prev))
			snprintf(k->e.sha, sizeof(k->e.sha), "%s", sha);
	}
	sb_release(&path);
	return total;
nomem:
	sb_release(&path);
	return (size_t)-1;
}

/* A first run into a folder failed (a full disk, say): remove the files it
 * created and its manifest, so that nothing partial is left; the folder too
 * when it is empty. Only files that did not exist before are removed. */
static void undo_first_run(const char *dir, const struct file *f, size_t n)
{
	sb path;
	size_t i;

	sb_init(&path);
	for (i = 0; i < n; i++)
		if (f[i].action == WRITE && !f[i].e.prev[0] && sb_setf(&path, "%s/%s", dir, f[i].e.name))
			unlink(path.buf);
	if (sb_setf(&path, "%s/%s", dir, GEN_MANIFEST))
		unlink(path.buf);
	sb_release(&path);
	rmdir(dir);
}

/* Writes the n files of f (room for n + m->n) into dir, m being the
 * folder's manifest: decides each file's fate, then writes the journal
 * manifest, the files, and the final manifest recording inputs; a failed
 * first run leaves nothing. f's data stays the caller's. */
static ag_code write_files(const char *dir, const gen_manifest *m, struct file *f, size_t n, const char *inputs,
			   const catalog *cat, int force, int dry_run, gen_stats *st, ag_error *err)
{
	static const char *const why[] = {
		[LEFT_EDITED] = "", [LEFT_UNREADABLE] = " (cannot be read)",
		[LEFT_NOT_FILE] = " (not a regular file)",
	};
	size_t total = decide(dir, f, n, m, force), i;
	ag_code rc = AG_OK;
	sb path;

	if (total == (size_t)-1)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	sb_init(&path);
	for (i = 0; i < n; i++) {
		if (!sb_setf(&path, "%s/%s", dir, f[i].e.name)) {
			rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
			goto done;
		}
		if (f[i].action >= LEFT_EDITED && f[i].action <= LEFT_NOT_FILE) {
			/* Keep what the manifest says we made, so the edit stays visible. */
			const gen_entry *old = find_entry(m, f[i].e.name);

			snprintf(f[i].e.sha, sizeof(f[i].e.sha), "%s", old ? old->sha : "-");
			st->nedited++;
			append_path(st->edited, sizeof(st->edited), path.buf, why[f[i].action]);
		} else if (f[i].action == SAME) {
			st->unchanged++;
		} else if (dry_run) {
			append_path(st->planned, sizeof(st->planned), path.buf, "");
			st->nplanned++;
		}
	}
	if (dry_run)
		goto done;
	rc = fileio_mkdirs(dir, err);
	if (rc)
		goto done;
	remove_stale_temps(dir, f, total);
	rc = write_manifest(cat, dir, "", f, total, 1, err);
	for (i = 0; !rc && i < n; i++) {
		if (f[i].action != WRITE)
			continue;
		if (!sb_setf(&path, "%s/%s", dir, f[i].e.name))
			rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		else
			rc = fileio_write_atomic(path.buf, f[i].data, f[i].len, err);
		st->written += !rc;
	}
	if (!rc)
		rc = write_manifest(cat, dir, inputs, f, total, 0, err);
	/* A failed first run, even at its last step, leaves nothing behind. */
	if (rc && !m->n)
		undo_first_run(dir, f, n);
	if (!rc && st->nedited)
		rc = ag_fail(err, AG_ERR_EDITED, NULL, 0,
			     "%zu file%s left alone, edited since annexgen wrote %s or unreadable "
			     "(use --force to overwrite an edit): %s",
			     st->nedited, st->nedited > 1 ? "s" : "", st->nedited > 1 ? "them" : "it", st->edited);
done:
	sb_release(&path);
	return rc;
}

ag_code generate_tender(const tender *t, const gen_opts *o, gen_stats *st, ag_error *err)
{
	gen_manifest m = { "", NULL, 0 };
	struct file *f = NULL;
	pkg_cache *cache = NULL;
	char inputs[65];
	size_t n = 0, i, cap = (2 * t->cat->ntypes + 1) * render_nformats;
	sb dir;
	ag_code rc = AG_OK;

	memset(st, 0, sizeof(*st));
	sb_init(&dir);
	if (!sb_setf(&dir, "%s/%s", o->outdir, t->id)) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto done;
	}
	inputs_hash(t, o, inputs);
	rc = gen_manifest_read(dir.buf, &m, err);
	if (rc)
		goto done;
	if (!o->force && up_to_date(dir.buf, &m, inputs)) {
		st->up_to_date = 1;
		st->unchanged = m.n;
		goto done;
	}
	f = calloc(cap + m.n, sizeof(*f));
	if (!f) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto done;
	}
	if (!o->cache && !(cache = pkg_cache_new())) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto done;
	}
	rc = render_all(t, o, cache ? cache : o->cache, f, &n, err);
	pkg_cache_free(cache);
	if (!rc)
		rc = write_files(dir.buf, &m, f, n, inputs, t->cat, o->force, o->dry_run, st, err);
done:
	for (i = 0; f && i < n; i++)
		free(f[i].data);
	free(f);
	gen_manifest_release(&m);
	sb_release(&dir);
	return rc;
}

ag_code gen_write_files(const char *dir, const gen_file *files, size_t n, const catalog *cat, int force,
			gen_stats *st, ag_error *err)
{
	gen_manifest m = { "", NULL, 0 };
	struct file *f = NULL;
	size_t i;
	ag_code rc;

	memset(st, 0, sizeof(*st));
	rc = gen_manifest_read(dir, &m, err);
	if (rc)
		return rc;
	f = calloc(n + m.n, sizeof(*f));
	if (!f) {
		gen_manifest_release(&m);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	for (i = 0; i < n; i++) {
		snprintf(f[i].e.name, sizeof(f[i].e.name), "%s", files[i].name);
		snprintf(f[i].e.type, sizeof(f[i].e.type), "%s", files[i].type);
		snprintf(f[i].e.kind, sizeof(f[i].e.kind), "%s", files[i].kind);
		snprintf(f[i].e.format, sizeof(f[i].e.format), "%s", files[i].format);
		sha256_hex(files[i].data, files[i].len, f[i].e.sha);
		f[i].data = (unsigned char *)files[i].data;
		f[i].len = files[i].len;
	}
	rc = write_files(dir, &m, f, n, "", cat, force, 0, st, err);
	free(f);
	gen_manifest_release(&m);
	return rc;
}
