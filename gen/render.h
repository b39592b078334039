/* The renderers: one table of the formats a document model can be written
 * in, which the generator, the collector and the command line consult. */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "package.h"
#include "template.h"

/* Renders d with template tpl into a malloc'd file (*out, *len; caller
 * frees), deflating through cache (NULL: none, see pkg_writer_new). */
typedef ag_code (*render_fn)(const md_doc *d, const template *tpl, pkg_cache *cache,
			     unsigned char **out, size_t *len, ag_error *err);

typedef struct {
	const char *name;        /* as --format and manifests name it: "odt" */
	const char *extension;   /* of its files, without the dot */
	render_fn render;
} render_format;

/* Every renderer, in the order a tender's files are made; renderer i is bit
 * (1u << i) of a set of formats (gen_opts.formats). */
extern const render_format render_formats[];
extern const size_t render_nformats;

/* Every renderer as a set. */
#define RENDER_ALL ((1u << render_nformats) - 1)

/* The renderer called name, or NULL; its index in *index when not NULL. */
const render_format *render_find(const char *name, size_t *index);

#endif
