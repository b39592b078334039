/* Writes a tender's documents and manifest.tsv: all files are rendered before
 * any is written, each goes through a temporary file and a rename. */
#include "generate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docx.h"
#include "fileio.h"
#include "odt.h"
#include "sha256.h"
#include "version.h"
#include "xmlw.h"

#include "banned.h"

#define MANIFEST "manifest.tsv"
#define MANIFEST_MAX (1u << 20)

ag_code generate_render(const tender *t, compose_kind kind, size_t type, int format,
			const template *tpl, unsigned char **out, size_t *len, ag_error *err)
{
	md_doc *d = compose(t, kind, type, err);
	ag_code rc;

	if (!d)
		return err ? err->code : AG_ERR_NOMEM;
	d->meta.generator = "annexgen " AG_VERSION;
	rc = format == GEN_ODT ? odt_render(d, tpl, out, len, err) : docx_render(d, tpl, out, len, err);
	md_doc_free(d);
	return rc;
}

struct file {
	char name[160];          /* relative to the tender's folder */
	unsigned char *data;
	size_t len;
	char sha[65];
};

/* The hash the manifest records for name, or NULL. manifest is modified. */
static const char *recorded_hash(char *manifest, const char *name)
{
	char *line = manifest;

	while (line && *line) {
		char *next = strchr(line, '\n');
		char *tab = strchr(line, '\t');

		if (next)
			*next = '\0';
		if (line[0] != '#' && tab && (size_t)(tab - line) == strlen(name) &&
		    !strncmp(line, name, (size_t)(tab - line))) {
			char *sha = tab + 1;

			sha[strcspn(sha, "\t")] = '\0';
			return strlen(sha) == 64 ? sha : NULL;
		}
		line = next ? next + 1 : NULL;
	}
	return NULL;
}

/* Decides for one file: 0 write, 1 unchanged, 2 edited by a person. */
static int disposition(const char *dir, const struct file *f, const char *manifest, ag_error *err)
{
	char path[4400], sha[65], *copy, *old = NULL;
	const char *recorded;
	size_t len;
	int result;
	ag_error ignored;

	snprintf(path, sizeof(path), "%s/%s", dir, f->name);
	if (access(path, F_OK) != 0)
		return 0;
	if (fileio_read(path, (size_t)1 << 30, &old, &len, &ignored))
		return 2;
	sha256_hex(old, len, sha);
	free(old);
	if (!strcmp(sha, f->sha))
		return 1;
	copy = manifest ? strdup(manifest) : NULL;
	recorded = copy ? recorded_hash(copy, f->name) : NULL;
	result = recorded && !strcmp(recorded, sha) ? 0 : 2;
	free(copy);
	(void)err;
	return result;
}

static void append_edited(gen_stats *st, const char *path)
{
	size_t used = strlen(st->edited);

	snprintf(st->edited + used, sizeof(st->edited) - used, "%s'%s'", used ? " " : "", path);
	st->nedited++;
}

static ag_code write_manifest(const char *dir, const tender *t, struct file *files, size_t n,
			      const char *old_manifest, const int *keep_old, ag_error *err)
{
	char path[4200];
	xmlw w;
	size_t i;
	ag_code rc;

	xmlw_init(&w);
	xmlw_raw(&w, "# file\tsha256\tcatalogue\tgenerator\n");
	for (i = 0; i < n; i++) {
		const char *sha = files[i].sha;
		char *copy = NULL;

		/* An edited file keeps its generated hash, so it stays flagged as edited. */
		if (keep_old[i] && old_manifest && (copy = strdup(old_manifest)) != NULL) {
			const char *old = recorded_hash(copy, files[i].name);

			if (old)
				sha = old;
		}
		xmlw_printf(&w, "%s\t%s\t%s %s\tannexgen %s\n", files[i].name, sha, t->cat->id,
			    t->cat->version, AG_VERSION);
		free(copy);
	}
	if (w.oom) {
		xmlw_release(&w);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	snprintf(path, sizeof(path), "%s/%s", dir, MANIFEST);
	rc = fileio_write_atomic(path, w.buf, w.len, err);
	xmlw_release(&w);
	return rc;
}

ag_code generate_tender(const tender *t, const gen_opts *o, gen_stats *st, ag_error *err)
{
	static const char *const ext[] = { [GEN_ODT] = "odt", [GEN_DOCX] = "docx" };
	const catalog *c = t->cat;
	struct file *files = NULL;
	int *keep_old = NULL;
	char dir[4096], mpath[4200], *manifest = NULL;
	size_t n = 0, cap = (2 * c->ntypes + 1) * 2, i, mlen, ty;
	ag_code rc = AG_OK;
	int fmt, kind;

	memset(st, 0, sizeof(*st));
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", o->outdir, t->id) >= sizeof(dir))
		return ag_fail(err, AG_ERR_USAGE, o->outdir, 0, "output folder name is too long");
	files = calloc(cap, sizeof(*files));
	keep_old = calloc(cap, sizeof(*keep_old));
	if (!files || !keep_old) {
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto done;
	}
	for (fmt = GEN_ODT; fmt <= GEN_DOCX; fmt++) {
		if (!(o->formats & fmt))
			continue;
		for (ty = 0; ty <= c->ntypes; ty++) {
			for (kind = 0; kind < COMPOSE_KIND_COUNT; kind++) {
				struct file *f;

				/* The overview once per tender (ty == ntypes), the others per bought type. */
				if ((kind == COMPOSE_OVERVIEW) != (ty == c->ntypes) || (ty < c->ntypes && !t->buys[ty]))
					continue;
				f = &files[n++];
				if (kind == COMPOSE_OVERVIEW)
					snprintf(f->name, sizeof(f->name), "%s-overview.%s", t->id, ext[fmt]);
				else
					snprintf(f->name, sizeof(f->name), "%s-%s-%s.%s", t->id, c->types[ty].id,
						 compose_kind_name((compose_kind)kind), ext[fmt]);
				rc = generate_render(t, (compose_kind)kind, ty, fmt, o->tpl, &f->data, &f->len, err);
				if (rc)
					goto done;
				sha256_hex(f->data, f->len, f->sha);
			}
		}
	}
	rc = fileio_mkdirs(dir, err);
	if (rc)
		goto done;
	snprintf(mpath, sizeof(mpath), "%s/%s", dir, MANIFEST);
	if (access(mpath, F_OK) == 0 && fileio_read(mpath, MANIFEST_MAX, &manifest, &mlen, err)) {
		rc = err->code;
		goto done;
	}
	for (i = 0; i < n; i++) {
		char path[4400];
		int what = disposition(dir, &files[i], manifest, err);

		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		if (what == 1) {
			st->unchanged++;
			continue;
		}
		if (what == 2 && !o->force) {
			keep_old[i] = 1;
			append_edited(st, path);
			continue;
		}
		rc = fileio_write_atomic(path, files[i].data, files[i].len, err);
		if (rc)
			goto done;
		st->written++;
	}
	rc = write_manifest(dir, t, files, n, manifest, keep_old, err);
	if (!rc && st->nedited)
		rc = ag_fail(err, AG_ERR_EDITED, NULL, 0,
			     "%zu file%s edited since generation left alone (use --force to overwrite): %s",
			     st->nedited, st->nedited > 1 ? "s" : "", st->edited);
done:
	for (i = 0; files && i < n; i++)
		free(files[i].data);
	free(files);
	free(keep_old);
	free(manifest);
	return rc;
}
