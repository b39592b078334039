/* Tests for tenders: the examples load and bind to the bundled catalogue, and
 * every rule of exclusions, agency items, languages and ids is enforced with
 * a message that names the file, the line and what is wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "tender.h"
#include "xmlload.h"

#include "testutil.h"

#include "banned.h"

enum { IAAS, PAAS, SAAS };

static size_t item(const char *id)
{
	long i = catalog_item(cat, id);

	if (i < 0)
		fail_msg("no item %s", id);
	return (size_t)i;
}

/* A tender file: fields not given take the defaults below. */
struct spec {
	const char *id, *version, *language, *types, *extra, *title, *numbers;
};

static char doc[8192];

static const char *tender_xml(const struct spec *s)
{
	int n = snprintf(doc, sizeof(doc),
			 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<tender xmlns=\"urn:annexgen:tender:1\" format=\"1\" id=\"%s\">\n"
			 "%s"
			 "  <agency xml:lang=\"zh-TW\">範例機關</agency>\n"
			 "  <agency xml:lang=\"en\">Example Agency</agency>\n"
			 "  <case-number>X-115-1</case-number>\n"
			 "  <date>2026-01-02</date>\n"
			 "  <catalog id=\"moda-public-cloud\" version=\"%s\"/>\n"
			 "%s"
			 "  <language>%s</language>\n"
			 "%s"
			 "%s"
			 "</tender>\n",
			 s->id ? s->id : "t-2026",
			 s->title ? s->title : "  <title xml:lang=\"zh-TW\">標題</title>\n"
					       "  <title xml:lang=\"en\">Title</title>\n",
			 s->version ? s->version : "V5.1",
			 s->numbers ? s->numbers : "  <annex-number xml:lang=\"zh-TW\">附件一</annex-number>\n"
						   "  <annex-number xml:lang=\"en\">Annex 1</annex-number>\n",
			 s->language ? s->language : "zh-TW",
			 s->types ? s->types : "  <service-type id=\"iaas\"/>\n  <service-type id=\"paas\"/>\n",
			 s->extra ? s->extra : "");

	assert_true(n > 0 && (size_t)n < sizeof(doc));
	return doc;
}

/* Loads and binds s; NULL with err filled on failure. */
static tender *load_bind(const struct spec *s, ag_error *err)
{
	const char *xml = tender_xml(s);
	tender *t = tender_load_mem(xml, strlen(xml), "t.xml", err);

	if (t && tender_bind(t, cat, err)) {
		tender_free(t);
		return NULL;
	}
	return t;
}

static tender *must_bind(const struct spec *s)
{
	ag_error err = { 0 };
	tender *t = load_bind(s, &err);

	if (!t)
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	return t;
}

/* s must fail with key in the message, at the line of the nth marker. */
static void must_fail(const struct spec *s, const char *key, const char *marker, int nth)
{
	ag_error err = { 0 };
	tender *t = load_bind(s, &err);
	long line;

	if (t) {
		tender_free(t);
		fail_msg("tender bound; expected an error with '%s'", key);
	}
	if (!strstr(err.msg, key))
		fail_msg("message '%s' lacks '%s'", err.msg, key);
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_string_equal(err.file, "t.xml");
	line = marker ? line_of(doc, marker, nth) : 0;
	if (marker && err.line != line)
		fail_msg("'%s' reported at line %ld, expected %ld", err.msg, err.line, line);
}

/* ---- the examples ---- */

static tender *load_example(const char *name)
{
	char path[256];
	ag_error err = { 0 };
	tender *t;

	snprintf(path, sizeof(path), "catalog/examples/%s", name);
	t = tender_load(path, &err);
	if (!t)
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	assert_null(t->catalog_href);   /* the examples use the bundled catalogue */
	if (tender_bind(t, cat, &err))
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	assert_string_equal(t->path, path);
	assert_int_equal(strlen(t->sha256), 64);
	return t;
}

static void test_example_iaas(void **state)
{
	tender *t = load_example("iaas-2026.xml");
	const tender_exclude *e;

	(void)state;
	assert_string_equal(t->id, "iaas-2026");
	assert_int_equal(t->nlangs, 1);
	assert_int_equal(t->langs[0], cat->official);
	assert_true(t->buys[IAAS]);
	assert_false(t->buys[PAAS]);
	e = tender_excluded(t, IAAS, item("SP-9"));
	assert_non_null(e);
	assert_non_null(strstr(tender_text_get(t, &e->reason, cat->official), "入侵偵測"));
	assert_null(tender_excluded(t, IAAS, item("SP-8")));
	tender_free(t);
}

static void test_example_paas_saas(void **state)
{
	tender *t = load_example("paas-saas-2026.xml");

	(void)state;
	assert_string_equal(t->id, "paas-saas-2026");
	assert_false(t->buys[IAAS]);
	assert_true(t->buys[PAAS] && t->buys[SAAS]);
	/* An exclusion without a type applies to every bought type, without a reason. */
	assert_non_null(tender_excluded(t, PAAS, item("OM-16")));
	assert_non_null(tender_excluded(t, SAAS, item("OM-16")));
	assert_int_equal(tender_excluded(t, PAAS, item("OM-16"))->reason.n, 0);
	assert_int_equal(t->nitems, 1);
	assert_string_equal(t->items[0].id, "AG-1");
	assert_int_equal(t->items[0].category, catalog_category(cat, "access"));
	assert_int_equal(t->items[0].agency_category, -1);
	assert_true(t->items[0].applies[PAAS] && t->items[0].applies[SAAS]);
	assert_false(t->items[0].applies[IAAS]);
	tender_free(t);
}

static void test_example_all_types(void **state)
{
	tender *t = load_example("all-types-bilingual.xml");
	const tender_exclude *e;
	size_t en = (size_t)catalog_lang(cat, "en");

	(void)state;
	assert_int_equal(t->nlangs, 2);
	assert_int_equal(t->langs[0], cat->official);
	assert_int_equal(t->langs[1], en);
	assert_true(t->buys[IAAS] && t->buys[PAAS] && t->buys[SAAS]);
	assert_null(tender_excluded(t, IAAS, item("OM-16")));
	assert_non_null(tender_excluded(t, PAAS, item("OM-16")));
	assert_null(tender_excluded(t, SAAS, item("OM-16")));
	e = tender_excluded(t, SAAS, item("OM-21"));
	assert_non_null(e);
	assert_ptr_equal(e, tender_excluded(t, IAAS, item("OM-21")));
	assert_non_null(strstr(tender_text_get(t, &e->reason, en), "budgeted"));
	assert_int_equal(t->ncategories, 1);
	assert_int_equal(t->items[0].agency_category, 0);
	assert_int_equal(t->items[0].category, -1);
	assert_string_equal(cat->domains[t->items[0].domain].id, "security");
	assert_false(t->items[0].applies[IAAS]);
	assert_true(t->items[0].applies[SAAS]);
	tender_free(t);
}

/* ---- exclusions ---- */

static void test_exclude_excludable_without_reason(void **state)
{
	struct spec s = { .extra = "  <exclude item=\"OM-16\" type=\"paas\"/>\n" };
	tender *t = must_bind(&s);
	const tender_exclude *e = tender_excluded(t, PAAS, item("OM-16"));

	(void)state;
	assert_non_null(e);
	assert_string_equal(e->item_id, "OM-16");
	assert_string_equal(e->type_id, "paas");
	assert_string_equal(e->where, "t.xml");
	assert_int_equal(e->line, line_of(doc, "<exclude", 1));
	assert_null(tender_excluded(t, IAAS, item("OM-16")));
	tender_free(t);
}

static void test_exclude_needs_reason(void **state)
{
	struct spec s = { .extra = "  <exclude item=\"OM-16\" type=\"iaas\"/>\n" };

	(void)state;
	must_fail(&s, "excluding item 'OM-16' from 'iaas' needs a reason", "<exclude", 1);
	/* Without a type it applies to iaas too, where a reason is needed. */
	s.extra = "  <exclude item=\"OM-16\"/>\n";
	must_fail(&s, "excluding item 'OM-16' from 'iaas' needs a reason", "<exclude", 1);
	/* With a reason it is fine everywhere. */
	s.extra = "  <exclude item=\"OM-16\">\n"
		  "    <reason xml:lang=\"zh-TW\">本案無須</reason>\n"
		  "  </exclude>\n";
	tender_free(must_bind(&s));
}

static void test_exclude_unknown_item(void **state)
{
	struct spec s = { .extra = "\n  <exclude item=\"OM-166\" type=\"paas\"/>\n" };

	(void)state;
	must_fail(&s, "unknown item 'OM-166' (did you mean 'OM-16'?)", "<exclude", 1);
	s.extra = "  <exclude item=\"QQQQQQQQ\"/>\n";
	must_fail(&s, "unknown item 'QQQQQQQQ'", "<exclude", 1);
}

static void test_exclude_not_applicable(void **state)
{
	struct spec s = {
		.extra = "  <exclude item=\"SP-5\" type=\"iaas\">\n"
			 "    <reason xml:lang=\"zh-TW\">理由</reason>\n"
			 "  </exclude>\n",
	};

	(void)state;
	must_fail(&s, "item 'SP-5' does not apply to service type 'iaas'", "<exclude", 1);
	/* Without a type, an item in none of the bought tables. */
	s.types = "  <service-type id=\"iaas\"/>\n";
	s.extra = "  <exclude item=\"SP-5\"><reason xml:lang=\"zh-TW\">理由</reason></exclude>\n";
	must_fail(&s, "item 'SP-5' applies to none of the service types bought", "<exclude", 1);
}

static void test_exclude_type_not_bought(void **state)
{
	struct spec s = { .extra = "  <exclude item=\"OM-16\" type=\"saas\"/>\n" };

	(void)state;
	must_fail(&s, "exclusion of 'OM-16' names service type 'saas', which the tender does not buy",
		  "<exclude", 1);
	s.extra = "  <exclude item=\"OM-16\" type=\"xaas\"/>\n";
	must_fail(&s, "names service type 'xaas'", "<exclude", 1);
}

static void test_exclude_twice(void **state)
{
	struct spec s = {
		.extra = "  <exclude item=\"OM-16\" type=\"paas\"/>\n"
			 "  <exclude item=\"OM-16\" type=\"paas\"/>\n",
	};
	char key[128];

	(void)state;
	tender_xml(&s);
	snprintf(key, sizeof(key), "item 'OM-16' is excluded twice for service type 'paas' (first at line %ld)",
		 line_of(doc, "<exclude", 1));
	must_fail(&s, key, "<exclude", 2);
	/* A typeless exclusion and a typed one overlap in paas. */
	s.types = "  <service-type id=\"paas\"/>\n";
	s.extra = "  <exclude item=\"OM-16\"/>\n  <exclude item=\"OM-16\" type=\"paas\"/>\n";
	must_fail(&s, "excluded twice", "<exclude", 2);
}

static void test_exclude_reason_in_every_language(void **state)
{
	struct spec s = {
		.language = "both",
		.extra = "  <exclude item=\"SP-9\" type=\"iaas\">\n"
			 "    <reason xml:lang=\"zh-TW\">理由</reason>\n"
			 "  </exclude>\n",
	};

	(void)state;
	must_fail(&s, "the exclusion reason has no 'en' text", "<exclude", 1);
}

/* ---- catalogue, service types, languages ---- */

/* ---- annex numbers ---- */

static void assert_numbers(const tender *t, const char *const *want, size_t lang)
{
	assert_string_equal(tender_annex_number(t, TENDER_DOC_ANNEX, IAAS, lang), want[0]);
	assert_string_equal(tender_annex_number(t, TENDER_DOC_ANNEX, PAAS, lang), want[1]);
	assert_string_equal(tender_annex_number(t, TENDER_DOC_RESPONSE, IAAS, lang), want[2]);
	assert_string_equal(tender_annex_number(t, TENDER_DOC_RESPONSE, PAAS, lang), want[3]);
	assert_string_equal(tender_annex_number(t, TENDER_DOC_OVERVIEW, 0, lang), want[4]);
}

/* One number for all: sub-numbers, annexes then forms then the overview. */
static void test_annex_numbers_derived(void **state)
{
	static const char *const zh[] = { "附件一之一", "附件一之二", "附件一之三", "附件一之四", "附件一之五" };
	static const char *const en[] = { "Annex 1-1", "Annex 1-2", "Annex 1-3", "Annex 1-4", "Annex 1-5" };
	struct spec s = { .language = "both" };
	tender *t;

	(void)state;
	t = must_bind(&s);
	assert_numbers(t, zh, cat->official);
	assert_numbers(t, en, t->langs[1]);
	tender_free(t);
	/* The tender's order of service types does not change the numbers. */
	s.types = "  <service-type id=\"paas\"/>\n  <service-type id=\"iaas\"/>\n";
	t = must_bind(&s);
	assert_numbers(t, zh, cat->official);
	tender_free(t);
}

/* Documents numbered on their own keep their number and take no sub-number. */
static void test_annex_numbers_own(void **state)
{
	static const char *const zh[] = { "附件一之一", "附件二", "附件一之二", "附件一之三", "附件九" };
	struct spec s = {
		.numbers = "  <annex-number xml:lang=\"zh-TW\">附件一</annex-number>\n"
			   "  <annex-number kind=\"annex\" type=\"paas\" xml:lang=\"zh-TW\">附件二</annex-number>\n"
			   "  <annex-number kind=\"overview\" xml:lang=\"zh-TW\">附件九</annex-number>\n",
	};
	tender *t;

	(void)state;
	t = must_bind(&s);
	assert_numbers(t, zh, cat->official);
	tender_free(t);
}

static void test_annex_numbers_errors(void **state)
{
	struct spec s = { 0 };
	ag_error err = { 0 };
	const char *xml;

	(void)state;
	s.numbers = "  <annex-number xml:lang=\"zh-TW\">附件一</annex-number>\n"
		    "  <annex-number kind=\"annex\" type=\"saas\" xml:lang=\"zh-TW\">附件二</annex-number>\n";
	must_fail(&s, "annex number names service type 'saas', which the tender does not buy", "type=\"saas\"", 1);
	s.numbers = "  <annex-number xml:lang=\"zh-TW\">附件一</annex-number>\n"
		    "  <annex-number kind=\"annex\" type=\"paas\" xml:lang=\"zh-TW\">附件一之一</annex-number>\n";
	must_fail(&s, "annex number '附件一之一' is given to both the iaas annex and the paas annex", "附件一之一", 1);
	s.numbers = "  <annex-number kind=\"annex\" type=\"iaas\" xml:lang=\"zh-TW\">附件一</annex-number>\n"
		    "  <annex-number kind=\"annex\" type=\"paas\" xml:lang=\"zh-TW\">附件二</annex-number>\n";
	must_fail(&s, "the iaas response form has no annex number", "kind=", 1);
	s.numbers = "  <annex-number xml:lang=\"zh-TW\">附件一</annex-number>\n"
		    "  <annex-number kind=\"overview\" xml:lang=\"zh-TW\">附件八</annex-number>\n"
		    "  <annex-number kind=\"overview\" xml:lang=\"zh-TW\">附件八</annex-number>\n";
	must_fail(&s, "has two 'zh-TW' texts", "kind=", 2);
	s.numbers = "  <annex-number xml:lang=\"zh-TW\">附件一</annex-number>\n"
		    "  <annex-number kind=\"overview\" xml:lang=\"zh-TW\">附件八</annex-number>\n";
	s.language = "both";
	must_fail(&s, "the annex number has no 'en' text", "kind=", 1);
	/* The schema: a form or an annex names its type; the overview has none. */
	s.language = NULL;
	s.numbers = "  <annex-number kind=\"annex\" xml:lang=\"zh-TW\">附件一</annex-number>\n";
	xml = tender_xml(&s);
	assert_null(tender_load_mem(xml, strlen(xml), "t.xml", &err));
	s.numbers = "  <annex-number kind=\"overview\" type=\"iaas\" xml:lang=\"zh-TW\">附件一</annex-number>\n";
	xml = tender_xml(&s);
	assert_null(tender_load_mem(xml, strlen(xml), "t.xml", &err));
}

static void test_catalog_version_mismatch(void **state)
{
	struct spec s = { .version = "V5.0" };

	(void)state;
	must_fail(&s, "tender wants catalogue 'moda-public-cloud' version 'V5.0'", "<catalog ", 1);
}

static void test_unknown_service_type(void **state)
{
	struct spec s = { .types = "  <service-type id=\"iaas\"/>\n  <service-type id=\"xaas\"/>\n" };

	(void)state;
	must_fail(&s, "unknown service type 'xaas'", "<service-type id=\"xaas\"", 1);
	s.types = "  <service-type id=\"paas\"/>\n  <service-type id=\"paas\"/>\n";
	must_fail(&s, "service type 'paas' is listed twice", "<service-type", 2);
}

static void test_language(void **state)
{
	struct spec s = { .language = "en" };
	tender *t = must_bind(&s);

	(void)state;
	assert_int_equal(t->nlangs, 1);
	assert_int_equal(t->langs[0], (size_t)catalog_lang(cat, "en"));
	tender_free(t);
	s.language = "fr";
	must_fail(&s, "language 'fr' is not one of the catalogue's", "<language>", 1);
}

static void test_both_needs_english_texts(void **state)
{
	struct spec s = {
		.language = "both",
		.title = "  <title xml:lang=\"zh-TW\">標題</title>\n",
	};

	(void)state;
	/* Errors of tender_bind name the file and line (tender.h): here the title's. */
	must_fail(&s, "the tender title has no 'en' text", "<title", 1);
}

static void test_both_binds_with_english(void **state)
{
	struct spec s = { .language = "both" };
	tender *t = must_bind(&s);
	size_t en = (size_t)catalog_lang(cat, "en");

	(void)state;
	assert_int_equal(t->nlangs, 2);
	assert_string_equal(tender_text_get(t, &t->title, en), "Title");
	assert_string_equal(tender_text_get(t, &t->title, cat->official), "標題");
	tender_free(t);
}

/* ---- agency items ---- */

static void test_agency_item_catalogue_id(void **state)
{
	struct spec s = {
		.extra = "  <agency-item id=\"OM-1\" category=\"access\">\n"
			 "    <text xml:lang=\"zh-TW\">文字</text>\n"
			 "  </agency-item>\n",
	};

	(void)state;
	must_fail(&s, "agency item 'OM-1' has the id of a catalogue item", "<agency-item", 1);
}

static void test_agency_item_unknown_category(void **state)
{
	struct spec s = {
		.extra = "  <agency-item id=\"AG-1\" category=\"nope\">\n"
			 "    <text xml:lang=\"zh-TW\">文字</text>\n"
			 "  </agency-item>\n",
	};

	(void)state;
	must_fail(&s, "agency item 'AG-1' names unknown category 'nope'", "<agency-item", 1);
}

static void test_agency_rules(void **state)
{
	struct spec s = {
		.extra = "  <agency-category id=\"dg\" domain=\"nowhere\">\n"
			 "    <name xml:lang=\"zh-TW\">資料治理</name>\n"
			 "  </agency-category>\n",
	};

	(void)state;
	must_fail(&s, "agency category 'dg' names unknown domain 'nowhere'", "<agency-category", 1);
	s.extra = "  <agency-category id=\"access\" domain=\"security\">\n"
		  "    <name xml:lang=\"zh-TW\">存取</name>\n"
		  "  </agency-category>\n";
	must_fail(&s, "agency category 'access' has the id of a catalogue category", "<agency-category", 1);
	s.extra = "  <agency-item id=\"AG-1\" category=\"access\"><text xml:lang=\"zh-TW\">一</text></agency-item>\n"
		  "  <agency-item id=\"AG-1\" category=\"access\"><text xml:lang=\"zh-TW\">二</text></agency-item>\n";
	must_fail(&s, "duplicate agency item id 'AG-1'", "<agency-item", 2);
	s.extra = "  <agency-item id=\"AG-1\" category=\"access\" types=\"saas\">\n"
		  "    <text xml:lang=\"zh-TW\">一</text>\n"
		  "  </agency-item>\n";
	must_fail(&s, "agency item 'AG-1' names service type 'saas', which the tender does not buy",
		  "<agency-item", 1);
	s.language = "both";
	s.extra = "  <agency-item id=\"AG-1\" category=\"access\"><text xml:lang=\"zh-TW\">一</text></agency-item>\n";
	must_fail(&s, "the agency item has no 'en' text", "<agency-item", 1);
}

static void test_agency_item_types(void **state)
{
	struct spec s = {
		.extra = "  <agency-item id=\"AG-1\" category=\"access\" types=\" paas \">\n"
			 "    <text xml:lang=\"zh-TW\">一</text>\n"
			 "  </agency-item>\n",
	};
	tender *t = must_bind(&s);

	(void)state;
	assert_true(t->items[0].applies[PAAS]);
	assert_false(t->items[0].applies[IAAS]);
	assert_false(t->items[0].applies[SAAS]);
	assert_string_equal(cat->domains[t->items[0].domain].id, "operation");
	tender_free(t);
}

/* ---- tender ids ---- */

static void expect_bad_id(const char *id)
{
	ag_error err = { 0 };
	struct spec s = { .id = id };
	const char *xml = tender_xml(&s);
	tender *t = tender_load_mem(xml, strlen(xml), "t.xml", &err);

	if (t) {
		tender_free(t);
		fail_msg("tender id '%s' was accepted", id);
	}
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_int_equal(err.line, line_of(xml, "<tender ", 1));
	memset(&err, 0, sizeof(err));
	/* The check itself refuses it too, whatever the schema lets through. */
	assert_int_equal(tender_check_id(id, "here", 7, &err), AG_ERR_DATA);
	assert_string_equal(err.file, "here");
	assert_int_equal(err.line, 7);
	assert_non_null(strstr(err.msg, id));
}

static void test_tender_ids(void **state)
{
	ag_error err = { 0 };

	(void)state;
	expect_bad_id("../x");
	expect_bad_id("a/b");
	expect_bad_id("CON");
	expect_bad_id("con.txt");
	expect_bad_id("LPT1");
	expect_bad_id("com9.docx");
	expect_bad_id("Nul");
	assert_int_equal(tender_check_id("", "here", 1, &err), AG_ERR_DATA);
	assert_int_equal(tender_check_id(".hidden", "here", 1, &err), AG_ERR_DATA);
	assert_int_equal(tender_check_id("a\\b", "here", 1, &err), AG_ERR_DATA);
	assert_int_equal(tender_check_id("a:b", "here", 1, &err), AG_ERR_DATA);
	assert_int_equal(tender_check_id("a\tb", "here", 1, &err), AG_ERR_DATA);
	assert_int_equal(tender_check_id("案號", "here", 1, &err), AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "cannot be used in a file name"));
	/* Names that merely start like a device name are fine. */
	assert_int_equal(tender_check_id("paas-2026", "here", 1, &err), AG_OK);
	assert_int_equal(tender_check_id("console", "here", 1, &err), AG_OK);
	assert_int_equal(tender_check_id("LPT10", "here", 1, &err), AG_OK);
	assert_int_equal(tender_check_id("aux-2026", "here", 1, &err), AG_OK);
	assert_int_equal(tender_check_id("v1.2_final", "here", 1, &err), AG_OK);
	{
		struct spec s = { .id = "paas-2026" };
		tender *t = must_bind(&s);

		assert_string_equal(t->id, "paas-2026");
		tender_free(t);
	}
}

/* Windows drops a trailing dot from a file or folder name, so "abc." would
 * name the folder "abc": not usable as a file name on every system. */
static void test_tender_id_trailing_dot(void **state)
{
	ag_error err = { 0 };

	(void)state;
	assert_int_equal(tender_check_id("abc.", "here", 1, &err), AG_ERR_DATA);
}

/* ---- quick mode ---- */

static tender *quick(const char *type)
{
	ag_error err = { 0 };
	tender *t = tender_quick(cat, type, &err);

	assert_non_null(t);
	assert_string_equal(t->path, "");
	return t;
}

static void test_quick_exclude_excludable(void **state)
{
	tender *t = quick("paas");
	ag_error err = { 0 };
	const tender_exclude *e;

	(void)state;
	assert_int_equal(tender_add_exclude_arg(t, "OM-16", &err), AG_OK);
	assert_int_equal(tender_bind(t, cat, &err), AG_OK);
	e = tender_excluded(t, PAAS, item("OM-16"));
	assert_non_null(e);
	assert_int_equal(e->reason.n, 0);
	assert_string_equal(e->where, "--exclude");
	assert_int_equal(t->nlangs, 1);
	assert_int_equal(t->langs[0], cat->official);
	tender_free(t);
}

static void test_quick_exclude_with_reason(void **state)
{
	tender *t = quick("iaas");
	ag_error err = { 0 };
	const tender_exclude *e;
	size_t en = (size_t)catalog_lang(cat, "en");

	(void)state;
	assert_int_equal(tender_add_exclude_arg(t, "SP-9:reason: in-house IDS", &err), AG_OK);
	assert_int_equal(tender_bind(t, cat, &err), AG_OK);
	e = tender_excluded(t, IAAS, item("SP-9"));
	assert_non_null(e);
	assert_string_equal(e->item_id, "SP-9");
	/* Only the first colon splits; the reason serves every language. */
	assert_string_equal(tender_text_get(t, &e->reason, cat->official), "reason: in-house IDS");
	assert_string_equal(tender_text_get(t, &e->reason, en), "reason: in-house IDS");
	tender_free(t);
}

static void test_quick_exclude_errors(void **state)
{
	tender *t = quick("iaas");
	ag_error err = { 0 };

	(void)state;
	assert_int_equal(tender_add_exclude_arg(t, "OM-16", &err), AG_OK);
	assert_int_equal(tender_bind(t, cat, &err), AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "'OM-16'"));
	assert_non_null(strstr(err.msg, "'iaas'"));
	assert_non_null(strstr(err.msg, "needs a reason"));
	assert_string_equal(err.file, "--exclude");
	tender_free(t);

	/* "ID:" with nothing after the colon has no reason. */
	t = quick("iaas");
	assert_int_equal(tender_add_exclude_arg(t, "SP-9:", &err), AG_OK);
	assert_int_equal(tender_bind(t, cat, &err), AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "needs a reason"));
	tender_free(t);

	t = quick("iaas");
	assert_int_equal(tender_add_exclude_arg(t, "SP-99:x", &err), AG_OK);
	assert_int_equal(tender_bind(t, cat, &err), AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "unknown item 'SP-99' (did you mean"));
	tender_free(t);

	t = quick("iaas");
	assert_int_equal(tender_add_exclude_arg(t, "SP-9:\xff\xfe", &err), AG_ERR_USAGE);
	assert_non_null(strstr(err.msg, "UTF-8"));
	tender_free(t);

	t = quick("xaas");
	assert_int_equal(tender_bind(t, cat, &err), AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "unknown service type 'xaas'"));
	tender_free(t);
}

/* A command-line exclusion has no line: the message must not cite "line 0". */
static void test_quick_exclude_twice(void **state)
{
	tender *t = quick("paas");
	ag_error err = { 0 };
	ag_code rc;

	(void)state;
	assert_int_equal(tender_add_exclude_arg(t, "OM-16", &err), AG_OK);
	assert_int_equal(tender_add_exclude_arg(t, "OM-16:again", &err), AG_OK);
	rc = tender_bind(t, cat, &err);
	tender_free(t);
	assert_int_equal(rc, AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "item 'OM-16' is excluded twice for service type 'paas'"));
	if (strstr(err.msg, "line 0"))
		fail_msg("message cites a line the command line does not have: '%s'", err.msg);
}

/* The tender owns everything it holds ("arena mem; owns everything below"):
 * the caller's argument may be gone by the time the documents are made. */
static void test_quick_exclude_copies_reason(void **state)
{
	tender *t = quick("iaas");
	ag_error err = { 0 };
	char arg[] = "SP-9:in-house IDS", item_id[32] = "", reason[64] = "";
	const tender_exclude *e;

	(void)state;
	assert_int_equal(tender_add_exclude_arg(t, arg, &err), AG_OK);
	memset(arg, 'x', sizeof(arg) - 1);
	assert_int_equal(tender_bind(t, cat, &err), AG_OK);
	e = tender_excluded(t, IAAS, item("SP-9"));
	if (e) {
		snprintf(item_id, sizeof(item_id), "%s", e->item_id);
		snprintf(reason, sizeof(reason), "%s", tender_text_get(t, &e->reason, cat->official));
	}
	tender_free(t);
	assert_non_null(e);
	assert_string_equal(item_id, "SP-9");
	assert_string_equal(reason, "in-house IDS");
}

static void test_quick_many_excludes(void **state)
{
	static const char *const ids[] = {
		"CC-1", "CC-2", "CC-3", "CC-4", "CC-5", "CC-6", "CC-7", "CC-8", "IS-1", "IS-2",
		"IS-3", "IS-4", "IS-5", "PS-1", "PS-2", "PS-3", "PS-4", "PS-5", "PS-6", "OM-16",
	};
	tender *t = quick("paas");
	ag_error err = { 0 };
	size_t i;

	(void)state;
	/* More than the first allocation of 16: the array grows. */
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		char arg[32];

		snprintf(arg, sizeof(arg), "%s%s", ids[i], strcmp(ids[i], "OM-16") ? ":r" : "");
		assert_int_equal(tender_add_exclude_arg(t, arg, &err), AG_OK);
	}
	assert_int_equal(tender_bind(t, cat, &err), AG_OK);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_non_null(tender_excluded(t, PAAS, item(ids[i])));
	assert_null(tender_excluded(t, PAAS, item("OM-1")));
	tender_free(t);
}

static void test_load_errors(void **state)
{
	ag_error err = { 0 };
	static const char notxml[] = "<tender";

	(void)state;
	assert_null(tender_load("tests/data/tender/no-such-file.xml", &err));
	assert_int_equal(err.code, AG_ERR_NOINPUT);
	assert_null(tender_load_mem(notxml, sizeof(notxml) - 1, "n.xml", &err));
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_string_equal(err.file, "n.xml");
	/* A catalogue is not a tender. */
	{
		struct spec s = { 0 };
		const char *xml = tender_xml(&s);
		char *p = strstr(doc, "urn:annexgen:tender:1");

		memcpy(p, "urn:annexgen:tendex:1", 21);
		assert_null(tender_load_mem(xml, strlen(xml), "t.xml", &err));
		assert_int_equal(err.code, AG_ERR_DATA);
		assert_int_equal(err.line, 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_iaas),
		cmocka_unit_test(test_example_paas_saas),
		cmocka_unit_test(test_example_all_types),
		cmocka_unit_test(test_exclude_excludable_without_reason),
		cmocka_unit_test(test_exclude_needs_reason),
		cmocka_unit_test(test_exclude_unknown_item),
		cmocka_unit_test(test_exclude_not_applicable),
		cmocka_unit_test(test_exclude_type_not_bought),
		cmocka_unit_test(test_exclude_twice),
		cmocka_unit_test(test_exclude_reason_in_every_language),
		cmocka_unit_test(test_annex_numbers_derived),
		cmocka_unit_test(test_annex_numbers_own),
		cmocka_unit_test(test_annex_numbers_errors),
		cmocka_unit_test(test_catalog_version_mismatch),
		cmocka_unit_test(test_unknown_service_type),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_both_needs_english_texts),
		cmocka_unit_test(test_both_binds_with_english),
		cmocka_unit_test(test_agency_item_catalogue_id),
		cmocka_unit_test(test_agency_item_unknown_category),
		cmocka_unit_test(test_agency_rules),
		cmocka_unit_test(test_agency_item_types),
		cmocka_unit_test(test_tender_ids),
		cmocka_unit_test(test_tender_id_trailing_dot),
		cmocka_unit_test(test_quick_exclude_excludable),
		cmocka_unit_test(test_quick_exclude_with_reason),
		cmocka_unit_test(test_quick_exclude_errors),
		cmocka_unit_test(test_quick_exclude_twice),
		cmocka_unit_test(test_quick_exclude_copies_reason),
		cmocka_unit_test(test_quick_many_excludes),
		cmocka_unit_test(test_load_errors),
	};
	int failed = cmocka_run_group_tests(tests, bundled_setup, bundled_teardown);

	xmlload_cleanup();
	return failed;
}
