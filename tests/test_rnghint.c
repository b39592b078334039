/* Tests for rnghint: each kind of schema error a person makes in a tender file
 * gets its plain sentence at the right line, through xmlload_validate as the
 * loaders call it; what it cannot tell keeps libxml2's words. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rnghint.h"
#include "xmlload.h"

#include "banned.h"

/* A valid tender; each case replaces one piece of it. */
static const char valid[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<tender xmlns=\"urn:annexgen:tender:1\" format=\"1\" id=\"t-2026\">\n"
	"  <title xml:lang=\"en\">T</title>\n"
	"  <agency xml:lang=\"en\">A</agency>\n"
	"  <case-number>C-1</case-number>\n"
	"  <date>2026-05-20</date>\n"
	"  <catalog id=\"moda-public-cloud\" version=\"V5.1\"/>\n"
	"  <annex-number xml:lang=\"en\">Annex 3</annex-number>\n"
	"  <annex-number kind=\"annex\" type=\"saas\" xml:lang=\"en\">Annex 9</annex-number>\n"
	"  <language>en</language>\n"
	"  <service-type id=\"saas\"/>\n"
	"  <agency-item id=\"AG-1\" category=\"access\">\n"
	"    <text xml:lang=\"en\">X</text>\n"
	"  </agency-item>\n"
	"</tender>\n";

/* Validates valid with old replaced by new; the message and line it gives. */
static ag_code check(const char *old, const char *new, ag_error *err)
{
	char doc[4096];
	const char *at = strstr(valid, old);
	xmlDocPtr d;
	ag_code rc;

	assert_non_null(at);
	snprintf(doc, sizeof(doc), "%.*s%s%s", (int)(at - valid), valid, new, at + strlen(old));
	d = xmlload_parse(doc, strlen(doc), "t.xml", err);
	assert_non_null(d);
	rc = xmlload_validate(d, "tender.rng", "t.xml", err);
	xmlFreeDoc(d);
	return rc;
}

static void expect(const char *old, const char *new, const char *msg, long line)
{
	ag_error err = { 0 };

	assert_int_equal(check(old, new, &err), AG_ERR_DATA);
	if (strcmp(err.msg, msg))
		fail_msg("said '%s', expected '%s'", err.msg, msg);
	assert_int_equal(err.line, line);
}

static void test_valid(void **state)
{
	ag_error err = { 0 };

	(void)state;
	assert_int_equal(check("T", "T", &err), AG_OK);
}

static void test_attributes(void **state)
{
	(void)state;
	expect("category=", "categroy=", "<agency-item> has no attribute 'categroy' (did you mean 'category'?)", 12);
	expect("category=\"access\"", "", "<agency-item> needs the attribute 'category'", 12);
	expect("<title xml:lang=\"en\">", "<title>", "<title> needs the attribute 'xml:lang'", 3);
	expect("id=\"t-2026\"", "id=\"t 2026\"",
	       "attribute 'id' of <tender> cannot be 't 2026': it must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}", 2);
	expect("format=\"1\"", "format=\"2\"", "attribute 'format' of <tender> cannot be '2': it must be '1'", 2);
	expect("kind=\"annex\"", "kind=\"annexe\"",
	       "attribute 'kind' of <annex-number> cannot be 'annexe': it must be 'overview' or one of 'annex', "
	       "'response'", 9);
}

static void test_values(void **state)
{
	(void)state;
	expect("2026-05-20", "2026-02-30", "<date> cannot be '2026-02-30': it must be a date, YYYY-MM-DD", 6);
	expect("<case-number>C-1", "<case-number>", "<case-number> cannot be '': it must not be empty", 5);
}

static void test_elements(void **state)
{
	(void)state;
	expect("  <date>2026-05-20</date>\n", "", "<tender> lacks <date>, which comes before <catalog>", 6);
	expect("<case-number>C-1</case-number>", "<case-nunber>C-1</case-nunber>",
	       "<case-nunber> is not an element of <tender> (did you mean <case-number>?)", 5);
	expect("<language>en</language>\n  <service-type id=\"saas\"/>",
	       "<service-type id=\"saas\"/>\n  <language>en</language>",
	       "<service-type> is out of order: the elements of <tender> come in the order title, agency, "
	       "case-number, date, catalog, annex-number, language, service-type, exclude, agency-category, "
	       "agency-item", 10);
	expect("urn:annexgen:tender:1", "urn:example",
	       "<tender> is not in the namespace urn:annexgen:tender:1: write xmlns=\"urn:annexgen:tender:1\"", 2);
}

/* Without a schema tree or an element, rnghint cannot tell: 0, out empty. */
static void test_cannot_tell(void **state)
{
	char out[64] = "x";

	(void)state;
	assert_int_equal(rnghint_explain(NULL, NULL, "anything", out, sizeof(out)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_elements),
		cmocka_unit_test(test_cannot_tell),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlload_cleanup();
	return rc;
}
