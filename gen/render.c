/* The table of renderers: adding a format (an HTML preview, PDF) is one
 * entry here, and every command and the manifest pick it up. */
#include "render.h"

#include <string.h>

#include "docx.h"
#include "odt.h"

#include "banned.h"

/* The order fixes the bits of a format set, which tender manifests hash:
 * add new renderers at the end. */
const render_format render_formats[] = {
	{ "odt", "odt", odt_render },
	{ "docx", "docx", docx_render },
};

const size_t render_nformats = sizeof(render_formats) / sizeof(render_formats[0]);

const render_format *render_find(const char *name, size_t *index)
{
	size_t i;

	for (i = 0; i < render_nformats; i++)
		if (!strcmp(render_formats[i].name, name)) {
			if (index)
				*index = i;
			return &render_formats[i];
		}
	return NULL;
}
