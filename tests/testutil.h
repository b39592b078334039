/* Helpers shared by the cmocka tests: the bundled catalogue loaded once per
 * group, and the line of a marker in a fixture string. Include after cmocka.h. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdio.h>
#include <string.h>

#include "catalog.h"

#define BUNDLED "catalog/moda-public-cloud-v5.1.xml"

/* The bundled catalogue, set by bundled_setup for the tests of a group. */
static const catalog *cat;

static inline int bundled_setup(void **state)
{
	ag_error err = { 0 };

	(void)state;
	cat = catalog_load(BUNDLED, &err);
	if (!cat) {
		fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
		return -1;
	}
	return 0;
}

static inline int bundled_teardown(void **state)
{
	(void)state;
	catalog_free((catalog *)cat);
	cat = NULL;
	return 0;
}

/* 1-based line of the nth (1-based) occurrence of needle in s. */
static inline long line_of(const char *s, const char *needle, int nth)
{
	const char *at = s, *p;
	long line = 1;

	for (; nth > 0; nth--) {
		at = strstr(at, needle);
		if (!at)
			fail_msg("'%s' does not occur that often", needle);
		if (nth > 1)
			at++;
	}
	for (p = s; p < at; p++)
		line += *p == '\n';
	return line;
}

#endif
