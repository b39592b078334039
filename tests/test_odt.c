/* Tests for odt: a hand-built model rendered to ODT, part by part, against
 * the golden files in tests/data/golden (regenerate: make golden). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "golden.h"

#include "banned.h"

static unsigned char *zip;
static size_t zip_len;

static int render(void **state)
{
	(void)state;
	return golden_render("odt", &zip, &zip_len);
}

static int release(void **state)
{
	(void)state;
	free(zip);
	return 0;
}

static void check(const char *golden, const char *part, const char *from, const char *to)
{
	char *got = golden_part(zip, zip_len, part, from, to);

	golden_check(golden, got);
	free(got);
}

/* The body: table with a merged column (number-rows-spanned, covered cell),
 * the footnote, the drop-down and text field, spans in another language. */
static void test_content(void **state)
{
	(void)state;
	check("odt-content.xml", "content.xml", NULL, NULL);
}

/* The page header and the page number field of the footer. */
static void test_master_page(void **state)
{
	(void)state;
	check("odt-master-styles.xml", "styles.xml", "<office:master-styles", "</office:master-styles>");
}

static void test_meta(void **state)
{
	(void)state;
	check("odt-meta.xml", "meta.xml", NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content),
		cmocka_unit_test(test_master_page),
		cmocka_unit_test(test_meta),
	};

	return cmocka_run_group_tests(tests, render, release);
}
