/* The OOXML (transitional WordprocessingML) renderer: a document model in,
 * a .docx package out. */
#ifndef DOCX_H
#define DOCX_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "package.h"
#include "template.h"

/* Renders d with template tpl into a malloc'd .docx (caller frees *out),
 * deflating through cache (NULL: none; see pkg_writer_new). */
ag_code docx_render(const md_doc *d, const template *tpl, pkg_cache *cache, unsigned char **out,
		    size_t *len, ag_error *err);

#endif
