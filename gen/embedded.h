/* Files compiled into the binary by gen/embed (see the Makefile): schemas,
 * the default templates and the bundled catalogue. */
#ifndef EMBEDDED_H
#define EMBEDDED_H

#include <stddef.h>

typedef struct {
	const char *name;   /* e.g. "catalog.rng", "odt/styles.xml" */
	const char *data;   /* NUL-terminated; static */
	size_t len;
	const char *sha256; /* of data, hex: computed at build time */
} embedded_file;

/* The embedded file called name, or NULL. Static storage: never freed. */
const embedded_file *embedded_find(const char *name);

#endif
