/* libFuzzer harness for the catalogue loader: any bytes must give a catalogue
 * or an error value, never a crash, a leak or undefined behaviour. Built and
 * run by tests/fuzz/run.sh (`make fuzz`). */
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ag_error err = { 0 };
	catalog *c = catalog_load_mem((const char *)data, size, "fuzz.xml", &err);

	if (c) {
		/* Touch what the loader built: lookups a tender bind makes. */
		size_t i;

		for (i = 0; i < c->nitems; i++)
			if (catalog_item(c, c->items[i].id) != (long)i)
				__builtin_trap();
		if (c->nitems)
			(void)catalog_nearest_item(c, "XX-0");
		catalog_free(c);
	} else if (err.code == AG_OK || !err.msg[0]) {
		__builtin_trap();   /* a failure must say why */
	}
	return 0;
}
