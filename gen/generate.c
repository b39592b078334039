/* Writes a tender's documents and manifest.tsv. Every file is rendered before
 * any is written; the manifest names each file's new and previous hash while
 * files are replaced, so an interrupted run never leaves it lying. */
#include "generate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	char path[4200], *data, *line, *next;
	size_t len, cap = 0;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "%s/%s", dir, GEN_MANIFEST);
	if (access(path, F_OK) != 0)
		return AG_OK;
	if (fileio_read(path, MANIFEST_MAX, &data, &len, err))
		return err->code;
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

/* Hash of a file on disk into sha; 0 when it does not exist or cannot be read. */
static int hash_file(const char *path, char sha[65])
{
	ag_error ignored;
	char *data;
	size_t len;

	if (access(path, F_OK) != 0 || fileio_read(path, FILE_MAX, &data, &len, &ignored))
		return 0;
	sha256_hex(data, len, sha);
	free(data);
	return 1;
}

struct file {
	gen_entry e;             /* name, new sha, type, kind, format; prev = on disk */
	unsigned char *data;
	size_t len;
	int action;              /* WRITE, SAME or EDITED */
};

enum { WRITE, SAME, EDITED };

static void append_path(char *list, size_t size, const char *path)
{
	size_t used = strlen(list);

	if (used + strlen(path) + 4 < size)
		snprintf(list + used, size - used, "%s'%s'", used ? " " : "", path);
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
	char path[4400], sha[65];
	size_t i;

	if (!m->n || strcmp(m->inputs, inputs))
		return 0;
	for (i = 0; i < m->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, m->e[i].name);
		if (m->e[i].prev[0] || !hash_file(path, sha) || strcmp(sha, m->e[i].sha))
			return 0;
	}
	return 1;
}

/* Removes temporary files a killed run left in dir (".NAME.tmpXXXXXX"). */
static void remove_stale_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4400];

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *t = strstr(de->d_name, ".tmp");

		if (de->d_name[0] == '.' && t && strlen(t) == 10) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	}
	closedir(d);
}

static ag_code write_manifest(const tender *t, const char *dir, const char *inputs,
			      const struct file *f, size_t n, int journal, ag_error *err)
{
	char path[4200];
	xmlw w;
	size_t i;
	ag_code rc;

	xmlw_init(&w);
	/* Byte-identical output holds per zlib build: say which one made these. */
	xmlw_printf(&w, "# annexgen manifest 1 (annexgen %s, zlib %s)\n# inputs\t%s\n"
			"# file\tsha256\ttype\tkind\tformat\tcatalogue\tgenerator\n",
		    AG_VERSION, pkg_deflate_version(), inputs);
	for (i = 0; i < n; i++)
		xmlw_printf(&w, "%s\t%s\t%s\t%s\t%s\t%s %s\tannexgen %s\n", f[i].e.name, f[i].e.sha,
			    f[i].e.type, f[i].e.kind, f[i].e.format, t->cat->id, t->cat->version,
			    AG_VERSION);
	/* While files are replaced, each may be either version: name both. */
	for (i = 0; journal && i < n; i++)
		if (f[i].action == WRITE && f[i].e.prev[0])
			xmlw_printf(&w, "# previous\t%s\t%s\n", f[i].e.name, f[i].e.prev);
	if (w.oom) {
		xmlw_release(&w);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	snprintf(path, sizeof(path), "%s/%s", dir, GEN_MANIFEST);
	rc = fileio_write_atomic(path, w.buf, w.len, err);
	xmlw_release(&w);
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

/* Decides what to do with each file, comparing disk, manifest and new bytes. */
static void decide(const char *dir, struct file *f, size_t n, const gen_manifest *m, int force)
{
	char path[4400], sha[65];
	size_t i;

	for (i = 0; i < n; i++) {
		const gen_entry *old = find_entry(m, f[i].e.name);

		snprintf(path, sizeof(path), "%s/%s", dir, f[i].e.name);
		f[i].action = WRITE;
		if (!hash_file(path, sha))
			continue;
		snprintf(f[i].e.prev, sizeof(f[i].e.prev), "%s", sha);
		if (!strcmp(sha, f[i].e.sha))
			f[i].action = SAME;
		else if (!force && !(old && (!strcmp(sha, old->sha) || !strcmp(sha, old->prev))))
			f[i].action = EDITED;
	}
}

/* A first run into a folder failed (a full disk, say): remove the n files it
 * wrote and its manifest, so that nothing partial is left; the folder too
 * when it is empty. No file it removes existed before: without a manifest,
 * an existing file is never written over. */
static void undo_first_run(const char *dir, const struct file *f, size_t n)
{
	char path[4400];
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].action != WRITE || f[i].e.prev[0])
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, f[i].e.name);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, GEN_MANIFEST);
	unlink(path);
	rmdir(dir);
}

ag_code generate_tender(const tender *t, const gen_opts *o, gen_stats *st, ag_error *err)
{
	const catalog *c = t->cat;
	gen_manifest m = { "", NULL, 0 };
	struct file *f = NULL;
	pkg_cache *cache = NULL;
	char dir[4096], inputs[65], path[4400];
	size_t n = 0, i, cap = (2 * c->ntypes + 1) * render_nformats;
	ag_code rc = AG_OK;

	memset(st, 0, sizeof(*st));
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", o->outdir, t->id) >= sizeof(dir))
		return ag_fail(err, AG_ERR_USAGE, o->outdir, 0, "output folder name is too long");
	inputs_hash(t, o, inputs);
	rc = gen_manifest_read(dir, &m, err);
	if (rc)
		return rc;
	if (!o->force && up_to_date(dir, &m, inputs)) {
		st->up_to_date = 1;
		st->unchanged = m.n;
		goto done;
	}
	f = calloc(cap, sizeof(*f));
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
	if (rc)
		goto done;
	decide(dir, f, n, &m, o->force);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, f[i].e.name);
		if (f[i].action == EDITED) {
			/* Keep what the manifest says we made, so the edit stays visible. */
			const gen_entry *old = find_entry(&m, f[i].e.name);

			snprintf(f[i].e.sha, sizeof(f[i].e.sha), "%s", old ? old->sha : "-");
			st->nedited++;
			append_path(st->edited, sizeof(st->edited), path);
		} else if (f[i].action == SAME) {
			st->unchanged++;
		} else if (o->dry_run) {
			append_path(st->planned, sizeof(st->planned), path);
		}
	}
	if (o->dry_run)
		goto done;
	rc = fileio_mkdirs(dir, err);
	if (rc)
		goto done;
	remove_stale_temps(dir);
	rc = write_manifest(t, dir, "", f, n, 1, err);
	for (i = 0; !rc && i < n; i++) {
		if (f[i].action != WRITE)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, f[i].e.name);
		rc = fileio_write_atomic(path, f[i].data, f[i].len, err);
		st->written += !rc;
	}
	if (!rc)
		rc = write_manifest(t, dir, inputs, f, n, 0, err);
	else if (!m.n)
		undo_first_run(dir, f, i);
	if (!rc && st->nedited)
		rc = ag_fail(err, AG_ERR_EDITED, NULL, 0,
			     "%zu file%s edited since generation left alone (use --force to overwrite): %s",
			     st->nedited, st->nedited > 1 ? "s" : "", st->edited);
done:
	for (i = 0; f && i < n; i++)
		free(f[i].data);
	free(f);
	gen_manifest_release(&m);
	return rc;
}
