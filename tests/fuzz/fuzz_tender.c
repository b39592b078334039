/* libFuzzer harness for the tender loader and binder: any bytes, loaded as a
 * tender and bound to the bundled catalogue (loaded once), must give a bound
 * tender or an error value, never a crash, a leak or undefined behaviour.
 * Built and run by tests/fuzz/run.sh (`make fuzz`). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "catalog.h"
#include "tender.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static catalog *cat;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ag_error err = { 0 };

	(void)argc;
	(void)argv;
	if (!(cat = catalog_load_bundled(&err)))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ag_error err = { 0 };
	tender *t = tender_load_mem((const char *)data, size, "fuzz.xml", &err);

	if (!t) {
		if (err.code == AG_OK || !err.msg[0])
			__builtin_trap();   /* a failure must say why */
		return 0;
	}
	if (tender_bind(t, cat, &err) == AG_OK) {
		size_t ty, i;

		/* Read back what binding built, as the documents do. */
		for (ty = 0; ty < cat->ntypes; ty++)
			for (i = 0; t->buys[ty] && i < cat->nitems; i++)
				(void)tender_excluded(t, ty, i);
		for (i = 0; i < t->nlangs; i++)
			(void)tender_text_get(t, &t->title, t->langs[i]);
	} else if (!err.msg[0]) {
		__builtin_trap();
	}
	tender_free(t);
	return 0;
}
