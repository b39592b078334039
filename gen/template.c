/* Looks up template parts; the built-in set is the templates/ folder that the
 * build compiled into the binary. */
#include "template.h"

#include <stddef.h>

#include "embedded.h"

#include "banned.h"

struct template {
	int builtin;
};

const template *template_builtin(void)
{
	static const template builtin = { 1 };

	return &builtin;
}

const char *template_part(const template *t, const char *name, size_t *len)
{
	const embedded_file *f = t->builtin ? embedded_find(name) : NULL;

	if (!f)
		return NULL;
	if (len)
		*len = f->len;
	return f->data;
}
