/* Generating a tender's documents into its output folder: render every file
 * in memory, refuse to overwrite what a person edited, write atomically, and
 * keep the folder's manifest consistent with what is on disk at every moment. */
#ifndef GENERATE_H
#define GENERATE_H

#include <stddef.h>

#include "compose.h"
#include "error.h"
#include "render.h"
#include "template.h"
#include "tender.h"

#define GEN_MANIFEST "manifest.tsv"

typedef struct {
	const char *outdir;      /* the tender's files go to outdir/<tender id>/ */
	unsigned formats;        /* bit i: render_formats[i]; RENDER_ALL */
	int force;               /* regenerate, and overwrite files a person edited */
	int dry_run;             /* decide and report, write nothing */
	const template *tpl;
	pkg_cache *cache;        /* reused across calls; NULL: one for this call */
} gen_opts;

typedef struct {
	size_t written, unchanged, nedited;
	size_t nplanned;         /* dry run: files that would be written */
	int up_to_date;          /* inputs unchanged since the last run: nothing rendered */
	char edited[2048];       /* quoted paths left alone, each with why when not an
				  * edit, space-separated (may be cut with "...") */
	char planned[2048];      /* dry run: quoted paths that would be written */
} gen_stats;

/* One line of a manifest. */
typedef struct {
	char name[160], sha[65], type[32], kind[16], format[8];
	char prev[65];           /* set while a run replaces the file: its previous hash */
} gen_entry;

typedef struct {
	char inputs[65];         /* hash of everything the files were made from; "" mid-run */
	gen_entry *e;
	size_t n;
} gen_manifest;

/* Renders one document of a bound tender in format fmt into a malloc'd
 * buffer (caller frees), deflating through cache (may be NULL). */
ag_code generate_render(const tender *t, compose_kind kind, size_t type, const render_format *fmt,
			const template *tpl, pkg_cache *cache, unsigned char **out, size_t *len,
			ag_error *err);

/* Writes every document of bound tender t (see gen_opts). Files a person
 * edited are left alone (listed in st) unless o->force; so are files that
 * cannot be read ("(cannot be read)"), and anything at an output path that
 * is not a regular file is never replaced, even with o->force ("(not a
 * regular file)"); the return is then AG_ERR_EDITED. The manifest keeps the
 * entries of files this run does not make (another format) while they are
 * on disk. Temporary files of a killed run are removed, only those of
 * fileio_write_atomic's naming. The caller holds the output folder's lock
 * (fileio_lock), so that no other run writes the folder meanwhile. */
ag_code generate_tender(const tender *t, const gen_opts *o, gen_stats *st, ag_error *err);

/* One file for gen_write_files: its name in the folder, its bytes (the
 * caller's) and the manifest's columns (service type, kind, format). */
typedef struct {
	const char *name, *type, *kind, *format;
	const void *data;
	size_t len;
} gen_file;

/* Writes n files into dir (created when missing) with generate_tender's
 * care and manifest (README "Regenerating"): a file a person edited, one
 * that cannot be read, and anything that is not a regular file are left
 * alone and named in st unless force (never the last), returning
 * AG_ERR_EDITED; the manifest is written before the files (naming both
 * versions of each replaced one) and after; a failed first run leaves
 * nothing. cat names the catalogue column. For outputs other than a
 * tender's documents (collect's matrix); the caller holds dir's lock. */
ag_code gen_write_files(const char *dir, const gen_file *files, size_t n, const catalog *cat, int force,
			gen_stats *st, ag_error *err);

/* Reads dir/manifest.tsv into m (empty when there is none); release with
 * gen_manifest_release. */
ag_code gen_manifest_read(const char *dir, gen_manifest *m, ag_error *err);
void gen_manifest_release(gen_manifest *m);

#endif
