/* The catalogue compiled into the binary: gen/catgen validated it (schema and
 * loader rules) at build time and wrote it as C data, which this hands out. */
#include <stdlib.h>

#include "catalog.h"

#include "banned.h"

/* Written by gen/catgen into .build/catalog_data.c. */
extern const catalog catalog_bundled_data;

catalog *catalog_load_bundled(ag_error *err)
{
	catalog *c = malloc(sizeof(*c));

	if (!c) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	*c = catalog_bundled_data;
	arena_init(&c->mem);
	return c;
}
