/* Tests for docx: a hand-built model rendered to DOCX, part by part, against
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
	return golden_render("docx", &zip, &zip_len);
}

static int release(void **state)
{
	(void)state;
	free(zip);
	return 0;
}

static void check(const char *golden, const char *part)
{
	char *got = golden_part(zip, zip_len, part, NULL, NULL);

	golden_check(golden, got);
	free(got);
}

/* The body: table with a merged column (vMerge), the footnote reference, the
 * drop-down (content control) and text field, runs in another language. */
static void test_document(void **state)
{
	(void)state;
	check("docx-document.xml", "word/document.xml");
}

static void test_footnotes(void **state)
{
	(void)state;
	check("docx-footnotes.xml", "word/footnotes.xml");
}

/* The page header, and the page number fields of the footer. */
static void test_header_footer(void **state)
{
	(void)state;
	check("docx-header1.xml", "word/header1.xml");
	check("docx-footer1.xml", "word/footer1.xml");
}

static void test_properties(void **state)
{
	(void)state;
	check("docx-core.xml", "docProps/core.xml");
	check("docx-custom.xml", "docProps/custom.xml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_header_footer),
		cmocka_unit_test(test_properties),
	};

	return cmocka_run_group_tests(tests, render, release);
}
