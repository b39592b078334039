/* Looks up template parts; the built-in set is the templates/ folder that the
 * build compiled into the binary. */
#include "template.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "sha256.h"

#include "banned.h"

/* The parts a renderer asks for; their hash identifies the template. */
static const char *const part_names[] = {
	"odt/styles.xml", "odt/content-styles.xml", "docx/styles.xml", "docx/settings.xml",
	"docx/fontTable.xml", "docx/header.xml", "docx/footer.xml", "docx/section.xml",
};

struct template {
	int builtin;
	char hash[65];
};

const template *template_builtin(void)
{
	static template builtin = { 1, "" };

	return &builtin;
}

const char *template_hash(const template *t)
{
	template *mut = (template *)t;
	sha256_ctx ctx;
	unsigned char digest[32];
	size_t i, len;

	if (t->hash[0])
		return t->hash;
	sha256_init(&ctx);
	for (i = 0; i < sizeof(part_names) / sizeof(part_names[0]); i++) {
		const char *p = template_part(t, part_names[i], &len);

		sha256_update(&ctx, part_names[i], strlen(part_names[i]) + 1);
		if (p)
			sha256_update(&ctx, p, len);
	}
	sha256_final(&ctx, digest);
	for (i = 0; i < 32; i++)
		snprintf(mut->hash + 2 * i, 3, "%02x", digest[i]);
	return t->hash;
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
