/* The ODF 1.3 text renderer: a document model in, an .odt package out. */
#ifndef ODT_H
#define ODT_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "package.h"
#include "template.h"

/* Renders d with template tpl into a malloc'd .odt (caller frees *out),
 * deflating through cache (NULL: none; see pkg_writer_new). */
ag_code odt_render(const md_doc *d, const template *tpl, pkg_cache *cache, unsigned char **out,
		   size_t *len, ag_error *err);

#endif
