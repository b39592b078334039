/* Generating a tender's documents into its output folder: render every file
 * in memory, refuse to overwrite what a person edited, write atomically,
 * and record each file's hash in the folder's manifest. */
#ifndef GENERATE_H
#define GENERATE_H

#include <stddef.h>

#include "compose.h"
#include "error.h"
#include "template.h"
#include "tender.h"

enum { GEN_ODT = 1, GEN_DOCX = 2 };

typedef struct {
	const char *outdir;      /* the tender's files go to outdir/<tender id>/ */
	int formats;             /* GEN_ODT | GEN_DOCX */
	int force;               /* overwrite files a person edited */
	const template *tpl;
} gen_opts;

typedef struct {
	size_t written, unchanged;
	char edited[4096];       /* space-separated paths left alone because a person edited them */
	size_t nedited;
} gen_stats;

/* Renders one document of a bound tender in one format (GEN_ODT or GEN_DOCX)
 * into a malloc'd buffer (caller frees). */
ag_code generate_render(const tender *t, compose_kind kind, size_t type, int format,
			const template *tpl, unsigned char **out, size_t *len, ag_error *err);

/* Writes every document of bound tender t. Files a person edited are left
 * alone (listed in st) unless o->force; the return is then AG_ERR_EDITED. */
ag_code generate_tender(const tender *t, const gen_opts *o, gen_stats *st, ag_error *err);

#endif
