/* Tests for the catalogue loader: the bundled MODA V5.1 catalogue against the
 * independently derived tables in tests/data/tables/, and every refusal (with
 * its message, code and line) on minimal catalogues that break one rule each. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iconv.h>

#include "catalog.h"
#include "xmlload.h"

#include "testutil.h"

#include "banned.h"

/* ---- helpers ---- */

/* s with the first occurrence of old replaced by new (malloc'd). */
static char *subst(const char *s, const char *old, const char *new)
{
	const char *at = strstr(s, old);
	size_t a, o = strlen(old), n = strlen(new), rest;
	char *p;

	if (!at)
		fail_msg("fixture lacks '%s'", old);
	a = (size_t)(at - s);
	rest = strlen(at + o);
	p = malloc(a + n + rest + 1);
	assert_non_null(p);
	memcpy(p, s, a);
	memcpy(p + a, new, n);
	memcpy(p + a + n, at + o, rest + 1);
	return p;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s (run the tests from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Drops whitespace and folds （）； to ASCII: the fixture's PDF extraction
 * spaces and renders those characters inconsistently (see its README). */
static void normalise(const char *s, char *out, size_t size)
{
	size_t k = 0;

	while (*s && k + 1 < size) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			s++;
		} else if (!strncmp(s, "\xe3\x80\x80", 3)) {        /* U+3000 */
			s += 3;
		} else if (!strncmp(s, "（", 3)) {
			out[k++] = '(';
			s += 3;
		} else if (!strncmp(s, "）", 3)) {
			out[k++] = ')';
			s += 3;
		} else if (!strncmp(s, "；", 3)) {
			out[k++] = ';';
			s += 3;
		} else {
			out[k++] = *s++;
		}
	}
	out[k] = '\0';
}

static void assert_same_text(const char *what, const char *got, const char *want)
{
	static char a[8192], b[8192];

	normalise(got, a, sizeof(a));
	normalise(want, b, sizeof(b));
	if (strcmp(a, b))
		fail_msg("%s differs:\n  catalogue: %s\n  fixture:   %s", what, got, want);
}

/* Loads an inline catalogue that must fail, and checks code, key words, line.
 * owned (may be NULL) is freed before any check, so a failure leaks nothing. */
static void expect_fail(const char *xml, size_t len, void *owned, ag_code code, const char *key,
			long line)
{
	ag_error err = { 0 };
	catalog *c = catalog_load_mem(xml, len, "bad.xml", &err);
	int loaded = c != NULL;

	catalog_free(c);
	free(owned);
	if (loaded)
		fail_msg("catalogue loaded; expected an error with '%s'", key);
	if (!strstr(err.msg, key))
		fail_msg("message '%s' lacks '%s'", err.msg, key);
	assert_int_equal(err.code, code);
	assert_string_equal(err.file, "bad.xml");
	if (err.line != line)
		fail_msg("'%s' reported at line %ld, expected %ld", err.msg, err.line, line);
}

static void expect_fail_str(const char *xml, void *owned, ag_code code, const char *key, long line)
{
	expect_fail(xml, strlen(xml), owned, code, key, line);
}

/* ---- the minimal valid catalogue every bad case is derived from ---- */

static const char mini[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<catalog xmlns=\"urn:annexgen:catalog:1\" format=\"1\" id=\"mini\" version=\"V1\" date=\"2024-01\">\n"
	"  <meta>\n"
	"    <publisher xml:lang=\"zh-TW\">部</publisher>\n"
	"    <publisher xml:lang=\"en\">Ministry</publisher>\n"
	"    <title xml:lang=\"zh-TW\">指引</title>\n"
	"    <title xml:lang=\"en\">Guide</title>\n"
	"  </meta>\n"
	"  <languages>\n"
	"    <language tag=\"zh-TW\" official=\"true\"/>\n"
	"    <language tag=\"en\"/>\n"
	"  </languages>\n"
	"  <service-types>\n"
	"    <service-type id=\"t1\"><name xml:lang=\"zh-TW\">甲</name><name xml:lang=\"en\">One</name></service-type>\n"
	"    <service-type id=\"t2\"><name xml:lang=\"zh-TW\">乙</name><name xml:lang=\"en\">Two</name></service-type>\n"
	"  </service-types>\n"
	"  <domain id=\"d1\">\n"
	"    <name xml:lang=\"zh-TW\">面向</name>\n"
	"    <name xml:lang=\"en\">Domain</name>\n"
	"    <category id=\"c1\">\n"
	"      <name xml:lang=\"zh-TW\">類別</name>\n"
	"      <name xml:lang=\"en\">Category</name>\n"
	"      <item id=\"AB-1\">\n"
	"        <text xml:lang=\"zh-TW\">要求一</text>\n"
	"        <text xml:lang=\"en\">Requirement one</text>\n"
	"      </item>\n"
	"      <item id=\"AB-2\">\n"
	"        <text xml:lang=\"zh-TW\">要求二</text>\n"
	"        <text xml:lang=\"en\">Requirement two</text>\n"
	"      </item>\n"
	"    </category>\n"
	"  </domain>\n"
	"  <notes>\n"
	"    <note id=\"n1\"><text xml:lang=\"zh-TW\">附註</text><text xml:lang=\"en\">Note</text></note>\n"
	"  </notes>\n"
	"  <table type=\"t1\">\n"
	"    <row item=\"AB-1\"/>\n"
	"    <row item=\"AB-2\" excludable=\"true\" note=\"n1\"/>\n"
	"  </table>\n"
	"  <table type=\"t2\">\n"
	"    <row item=\"AB-1\"/>\n"
	"  </table>\n"
	"</catalog>\n";

/* Derives a variant of mini with one replacement, checks that it fails with
 * code and key at the line where marker occurs in the variant. */
static void bad_variant(const char *old, const char *new, ag_code code, const char *key,
			const char *marker, int nth)
{
	char *xml = subst(mini, old, new);

	expect_fail_str(xml, xml, code, key, line_of(xml, marker, nth));
}

/* ---- the bundled catalogue ---- */

static int setup_bundled(void **state)
{
	ag_error err = { 0 };
	catalog *c = catalog_load(BUNDLED, &err);

	if (!c) {
		fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
		return -1;
	}
	*state = c;
	return 0;
}

static int teardown_bundled(void **state)
{
	catalog_free(*state);
	return 0;
}

/* Field by field, the compiled-in catalogue against the file loaded now:
 * what gen/catgen writes must be all the loader read. */
static void assert_text(const cat_text *a, const cat_text *b)
{
	size_t i;

	for (i = 0; i < CAT_MAX_LANGS; i++) {
		if (!a->s[i] || !b->s[i])
			assert_ptr_equal(a->s[i], b->s[i]);
		else
			assert_string_equal(a->s[i], b->s[i]);
	}
}

static void assert_named(const cat_named *a, const cat_named *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		assert_string_equal(a[i].id, b[i].id);
		assert_text(&a[i].name, &b[i].name);
	}
}

static void assert_sizes(const size_t *a, const size_t *b, size_t n)
{
	assert_true(n == 0 || memcmp(a, b, n * sizeof(*a)) == 0);
}

static void test_bundled_compiled_in(void **state)
{
	const catalog *c = *state;
	ag_error err = { 0 };
	catalog *b = catalog_load_bundled(&err);
	size_t i, k;

	assert_non_null(b);
	assert_string_equal(b->path, "(built-in) " CAT_BUNDLED);
	assert_string_equal(b->sha256, c->sha256);
	assert_string_equal(b->id, c->id);
	assert_string_equal(b->version, c->version);
	assert_string_equal(b->date, c->date);
	assert_int_equal(b->nlangs, c->nlangs);
	assert_int_equal(b->official, c->official);
	for (i = 0; i < CAT_MAX_LANGS; i++) {
		if (i < c->nlangs)
			assert_string_equal(b->langs[i], c->langs[i]);
		else
			assert_null(b->langs[i]);
		assert_text(&b->notice[i], &c->notice[i]);
	}
	assert_text(&b->publisher, &c->publisher);
	assert_text(&b->title, &c->title);
	assert_text(&b->date_text, &c->date_text);
	assert_text(&b->adjustment, &c->adjustment);
	assert_string_equal(b->adjustment_section, c->adjustment_section);

	assert_int_equal(b->ntypes, c->ntypes);
	assert_named(b->types, c->types, c->ntypes);
	assert_int_equal(b->ndomains, c->ndomains);
	assert_named(b->domains, c->domains, c->ndomains);
	assert_int_equal(b->nnotes, c->nnotes);
	assert_named(b->notes, c->notes, c->nnotes);
	assert_int_equal(b->ncategories, c->ncategories);
	for (i = 0; i < c->ncategories; i++) {
		assert_string_equal(b->categories[i].id, c->categories[i].id);
		assert_text(&b->categories[i].name, &c->categories[i].name);
		assert_int_equal(b->categories[i].domain, c->categories[i].domain);
	}
	assert_int_equal(b->nitems, c->nitems);
	for (i = 0; i < c->nitems; i++) {
		const cat_item *x = &b->items[i], *y = &c->items[i];

		assert_string_equal(x->id, y->id);
		assert_string_equal(x->section, y->section);
		assert_text(&x->text, &y->text);
		assert_int_equal(x->category, y->category);
		assert_int_equal(x->nrefs, y->nrefs);
		assert_sizes(x->refs, y->refs, y->nrefs);
		assert_int_equal(x->line, y->line);
	}
	assert_int_equal(b->nrefs, c->nrefs);
	for (i = 0; i < c->nrefs; i++) {
		assert_string_equal(b->refs[i].id, c->refs[i].id);
		assert_string_equal(b->refs[i].href, c->refs[i].href);
		assert_string_equal(b->refs[i].section, c->refs[i].section);
		assert_text(&b->refs[i].label, &c->refs[i].label);
	}
	assert_int_equal(b->nterms, c->nterms);
	for (i = 0; i < c->nterms; i++) {
		const cat_term *x = &b->terms[i], *y = &c->terms[i];

		assert_string_equal(x->id, y->id);
		assert_string_equal(x->abbr, y->abbr);
		assert_string_equal(x->section, y->section);
		assert_text(&x->name, &y->name);
		assert_text(&x->definition, &y->definition);
		assert_int_equal(x->nremarks, y->nremarks);
		for (k = 0; k < y->nremarks; k++) {
			assert_string_equal(x->remarks[k].section, y->remarks[k].section);
			assert_text(&x->remarks[k].text, &y->remarks[k].text);
		}
	}
	for (i = 0; i < c->ntypes; i++) {
		const cat_table *x = &b->tables[i], *y = &c->tables[i];

		assert_int_equal(x->type, y->type);
		assert_string_equal(x->label, y->label);
		assert_int_equal(x->nrows, y->nrows);
		for (k = 0; k < y->nrows; k++) {
			assert_int_equal(x->rows[k].item, y->rows[k].item);
			assert_int_equal(x->rows[k].excludable, y->rows[k].excludable);
			assert_int_equal(x->rows[k].note, y->rows[k].note);
			assert_text(&x->rows[k].text, &y->rows[k].text);
		}
		assert_sizes(x->row_of, y->row_of, c->nitems);
	}
	assert_int_equal(b->item_mask, c->item_mask);
	assert_sizes(b->item_slots, c->item_slots, c->item_mask + 1);
	for (i = 0; i < c->nitems; i++)
		assert_int_equal(catalog_item(b, c->items[i].id), (long)i);
	catalog_free(b);
}

static void test_bundled_shape(void **state)
{
	const catalog *c = *state;

	assert_string_equal(c->id, "moda-public-cloud");
	assert_string_equal(c->version, "V5.1");
	assert_int_equal(c->nitems, 65);
	assert_int_equal(c->ntypes, 3);
	assert_string_equal(c->types[0].id, "iaas");
	assert_string_equal(c->types[1].id, "paas");
	assert_string_equal(c->types[2].id, "saas");
	assert_int_equal(c->tables[0].nrows, 53);
	assert_int_equal(c->tables[1].nrows, 60);
	assert_int_equal(c->tables[2].nrows, 54);
	assert_int_equal(c->nlangs, 2);
	assert_string_equal(c->langs[c->official], "zh-TW");
	assert_int_equal(catalog_lang(c, "en"), c->official == 0 ? 1 : 0);
	assert_int_equal(catalog_lang(c, "fr"), -1);
	assert_int_equal(catalog_type(c, "paas"), 1);
	assert_int_equal(catalog_type(c, "xaas"), -1);
	assert_true(catalog_category(c, "access") >= 0);
	assert_int_equal(catalog_category(c, "nope"), -1);
	assert_string_equal(c->items[catalog_item(c, "OM-16")].id, "OM-16");
	assert_int_equal(catalog_item(c, "om-16"), -1);
	assert_int_equal(catalog_item(c, "OM-66"), -1);
	assert_int_equal(strlen(c->sha256), 64);
	/* Each table knows its own type. */
	assert_int_equal(c->tables[2].type, 2);
}

/* The ids, domains, categories and texts of type's table equal the fixture's. */
static void check_table(const catalog *c, const char *type)
{
	char path[128], *tsv, *line, *next;
	long ti = catalog_type(c, type);
	size_t i = 0, zh = c->official;
	const cat_table *tab;

	assert_true(ti >= 0);
	tab = &c->tables[ti];
	snprintf(path, sizeof(path), "tests/data/tables/%s.tsv", type);
	tsv = read_file(path);
	for (line = tsv; *line; line = next) {
		char *f[4], *p = line, what[96];
		const cat_row *row;
		const cat_item *it;
		const cat_category *cat;
		int k;

		next = strchr(line, '\n');
		next = next ? (*next = '\0', next + 1) : line + strlen(line);
		for (k = 0; k < 4; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (k < 3) {
				if (!p)
					fail_msg("%s:%zu: fewer than 4 fields", path, i + 1);
				*p++ = '\0';
			}
		}
		if (i >= tab->nrows)
			fail_msg("%s has more rows than table '%s' (%zu)", path, type, tab->nrows);
		row = &tab->rows[i];
		it = &c->items[row->item];
		cat = &c->categories[it->category];
		if (strcmp(it->id, f[0]))
			fail_msg("%s row %zu: catalogue has %s, fixture %s", type, i + 1, it->id, f[0]);
		snprintf(what, sizeof(what), "%s %s domain", type, f[0]);
		assert_same_text(what, cat_text_get(c, &c->domains[cat->domain].name, zh), f[1]);
		snprintf(what, sizeof(what), "%s %s category", type, f[0]);
		assert_same_text(what, cat_text_get(c, &cat->name, zh), f[2]);
		snprintf(what, sizeof(what), "%s %s text", type, f[0]);
		assert_same_text(what, catalog_row_text(c, row, zh), f[3]);
		/* The row lookup agrees with the order. */
		assert_ptr_equal(catalog_row(c, (size_t)ti, row->item), row);
		i++;
	}
	assert_int_equal(i, tab->nrows);
	free(tsv);
}

static void test_table_iaas(void **state)
{
	check_table(*state, "iaas");
}

static void test_table_paas(void **state)
{
	check_table(*state, "paas");
}

static void test_table_saas(void **state)
{
	check_table(*state, "saas");
}

/* The rows with notes are exactly those of notes.tsv, with its note text. */
static void test_notes_match_fixture(void **state)
{
	const catalog *c = *state;
	char *tsv = read_file("tests/data/tables/notes.tsv");
	size_t ty, i, with_note = 0, lines = 0;
	char *p;

	for (p = tsv; *p; p++)
		lines += *p == '\n';
	for (ty = 0; ty < c->ntypes; ty++) {
		for (i = 0; i < c->tables[ty].nrows; i++) {
			const cat_row *r = &c->tables[ty].rows[i];
			char want[256];

			if (r->note < 0)
				continue;
			with_note++;
			snprintf(want, sizeof(want), "%s\t%s\t%s\n", c->types[ty].id, c->items[r->item].id,
				 cat_text_get(c, &c->notes[r->note].name, c->official));
			if (!strstr(tsv, want))
				fail_msg("note of %s in %s is not in notes.tsv", c->items[r->item].id,
					 c->types[ty].id);
		}
	}
	assert_int_equal(with_note, lines);
	free(tsv);
}

static void test_om16_excludable(void **state)
{
	const catalog *c = *state;
	long om16 = catalog_item(c, "OM-16");
	const cat_row *r;

	assert_true(om16 >= 0);
	r = catalog_row(c, 1, (size_t)om16);
	assert_non_null(r);
	assert_true(r->excludable);
	assert_true(r->note >= 0);
	assert_string_equal(cat_text_get(c, &c->notes[r->note].name, c->official),
			    "機關若無實際需求可排除");
	r = catalog_row(c, 2, (size_t)om16);
	assert_non_null(r);
	assert_true(r->excludable);
	assert_true(r->note >= 0);
	r = catalog_row(c, 0, (size_t)om16);
	assert_non_null(r);
	assert_false(r->excludable);
	assert_int_equal(r->note, -1);
	/* OM-16 is the only excludable row of the guide. */
	{
		size_t ty, i, n = 0;

		for (ty = 0; ty < c->ntypes; ty++)
			for (i = 0; i < c->tables[ty].nrows; i++)
				n += c->tables[ty].rows[i].excludable != 0;
		assert_int_equal(n, 2);
	}
}

static void test_saas_cc5_wording(void **state)
{
	const catalog *c = *state;
	size_t cc5 = (size_t)catalog_item(c, "CC-5"), en = (size_t)catalog_lang(c, "en");
	const char *saas = catalog_row_text(c, catalog_row(c, 2, cc5), c->official);
	const char *paas = catalog_row_text(c, catalog_row(c, 1, cc5), c->official);

	assert_non_null(strstr(saas, "使用資源"));
	assert_null(strstr(saas, "使用者資源"));
	assert_non_null(strstr(paas, "使用者資源"));
	assert_non_null(strstr(cat_text_get(c, &c->items[cc5].text, c->official), "使用者資源"));
	/* The table's own wording exists in English too, and differs from the item's. */
	assert_string_not_equal(catalog_row_text(c, catalog_row(c, 2, cc5), en),
				catalog_row_text(c, catalog_row(c, 1, cc5), en));
	/* Rows without their own text use the item's. */
	assert_ptr_equal(paas, cat_text_get(c, &c->items[cc5].text, c->official));
}

static void test_not_applicable_rows(void **state)
{
	const catalog *c = *state;

	/* SP-5 is not in Table 1, SS-1 only in Table 3, PS-1 only in Table 2, OM-1 not in Table 3. */
	assert_null(catalog_row(c, 0, (size_t)catalog_item(c, "SP-5")));
	assert_non_null(catalog_row(c, 1, (size_t)catalog_item(c, "SP-5")));
	assert_null(catalog_row(c, 0, (size_t)catalog_item(c, "SS-1")));
	assert_null(catalog_row(c, 1, (size_t)catalog_item(c, "SS-1")));
	assert_non_null(catalog_row(c, 2, (size_t)catalog_item(c, "SS-1")));
	assert_null(catalog_row(c, 2, (size_t)catalog_item(c, "OM-1")));
}

static void test_nearest_item(void **state)
{
	const catalog *c = *state;

	assert_string_equal(catalog_nearest_item(c, "OM-3x"), "OM-3");
	assert_string_equal(catalog_nearest_item(c, "OM-166"), "OM-16");
	assert_string_equal(catalog_nearest_item(c, "om-16"), "OM-16");
	assert_string_equal(catalog_nearest_item(c, "CC1"), "CC-1");
	assert_string_equal(catalog_nearest_item(c, "SP-13"), "SP-13");
	assert_null(catalog_nearest_item(c, "QQQQQQQQ"));
	assert_null(catalog_nearest_item(c, ""));
	/* Longer than the distance table: no hint, and no overflow. */
	assert_null(catalog_nearest_item(c, "OM-1666666666666666666666666666666666666666666666666666666666666666666"));
}

static void test_text_fallback(void **state)
{
	const catalog *c = *state;
	const cat_item *it = &c->items[catalog_item(c, "CC-1")];

	assert_string_equal(cat_text_get(c, &it->text, c->official), "CSP 須提供機關管理平臺服務介面/網站");
	/* An index past the languages falls back to the official text. */
	assert_string_equal(cat_text_get(c, &it->text, 7), "CSP 須提供機關管理平臺服務介面/網站");
}

/* ---- the minimal catalogue and its bad variants ---- */

static void test_minimal_loads(void **state)
{
	ag_error err = { 0 };
	catalog *c = catalog_load_mem(mini, strlen(mini), "mini.xml", &err);

	(void)state;
	if (!c)
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	assert_string_equal(c->path, "mini.xml");
	assert_int_equal(c->nitems, 2);
	assert_int_equal(c->ntypes, 2);
	assert_int_equal(c->tables[0].nrows, 2);
	assert_int_equal(c->tables[1].nrows, 1);
	assert_null(catalog_row(c, 1, 1));
	assert_int_equal(c->items[1].line, line_of(mini, "<item id=\"AB-2\"", 1));
	assert_int_equal(c->nnotes, 1);
	/* Absent optional parts are empty, not NULL. */
	assert_string_equal(c->items[0].section, "");
	assert_string_equal(c->tables[0].label, "");
	catalog_free(c);
	catalog_free(NULL);
}

static void test_bad_malformed(void **state)
{
	(void)state;
	bad_variant("</category>", "</categry>", AG_ERR_DATA, "mismatch", "</categry>", 1);
}

static void test_bad_duplicate_item(void **state)
{
	char *xml = subst(mini, "<item id=\"AB-2\">", "<item id=\"AB-1\">");
	char key[64];

	(void)state;
	snprintf(key, sizeof(key), "duplicate item id 'AB-1' (first at line %ld)",
		 line_of(xml, "<item id=\"AB-1\"", 1));
	expect_fail_str(xml, xml, AG_ERR_DATA, key, line_of(xml, "<item id=\"AB-1\"", 2));
}

static void test_bad_table_unknown_type(void **state)
{
	(void)state;
	bad_variant("<table type=\"t2\">", "<table type=\"t3\">", AG_ERR_DATA,
		    "table for unknown service type 't3'", "<table type=\"t3\"", 1);
}

static void test_bad_table_twice_or_missing(void **state)
{
	(void)state;
	bad_variant("<table type=\"t2\">", "<table type=\"t1\">", AG_ERR_DATA,
		    "second table for service type 't1'", "<table type=\"t1\"", 2);
	/* Dropping t2's table leaves the service type without one (reported at the root). */
	bad_variant("  <table type=\"t2\">\n    <row item=\"AB-1\"/>\n  </table>\n", "", AG_ERR_DATA,
		    "service type 't2' has no table", "<catalog ", 1);
}

static void test_bad_empty_text(void **state)
{
	(void)state;
	bad_variant(">Requirement two<", "><", AG_ERR_DATA, "item 'AB-2' has an empty 'en' text",
		    "<text xml:lang=\"en\"><", 1);
	/* Whitespace only is empty too. */
	bad_variant(">Requirement two<", "> \n\t <", AG_ERR_DATA, "item 'AB-2' has an empty 'en' text",
		    "<text xml:lang=\"en\"> ", 1);
}

static void test_bad_undeclared_language(void **state)
{
	(void)state;
	bad_variant("<text xml:lang=\"en\">Requirement two", "<text xml:lang=\"fr\">Requirement two",
		    AG_ERR_DATA, "item 'AB-2' is in language 'fr', which the catalogue does not declare",
		    "xml:lang=\"fr\"", 1);
}

static void test_bad_missing_en(void **state)
{
	(void)state;
	bad_variant("        <text xml:lang=\"en\">Requirement two</text>\n", "", AG_ERR_DATA,
		    "item 'AB-2' has no 'en' text", "<item id=\"AB-2\"", 1);
	/* Names, notes and the meta texts are held to the same rule. */
	bad_variant("<name xml:lang=\"en\">Two</name>", "", AG_ERR_DATA,
		    "service type 't2' has no 'en' text", "<service-type id=\"t2\"", 1);
	bad_variant("<text xml:lang=\"en\">Note</text>", "", AG_ERR_DATA,
		    "note 'n1' has no 'en' text", "<note id=\"n1\"", 1);
	bad_variant("    <title xml:lang=\"en\">Guide</title>\n", "", AG_ERR_DATA,
		    "the title has no 'en' text", "<meta>", 1);
}

static void test_bad_two_texts_same_language(void **state)
{
	(void)state;
	bad_variant("<text xml:lang=\"en\">Requirement two", "<text xml:lang=\"zh-TW\">Requirement two",
		    AG_ERR_DATA, "item 'AB-2' has two 'zh-TW' texts", "Requirement two", 1);
}

static void test_bad_unknown_row_item(void **state)
{
	(void)state;
	bad_variant("<row item=\"AB-2\" ", "<row item=\"AB-22\" ", AG_ERR_DATA,
		    "table 't1' lists unknown item 'AB-22' (did you mean 'AB-2'?)", "<row item=\"AB-22\"", 1);
	/* Nothing near: no hint. */
	bad_variant("<row item=\"AB-2\" ", "<row item=\"ZZZZZZZZ\" ", AG_ERR_DATA,
		    "table 't1' lists unknown item 'ZZZZZZZZ'", "<row item=\"ZZZZZZZZ\"", 1);
}

static void test_bad_row_twice(void **state)
{
	(void)state;
	bad_variant("    <row item=\"AB-1\"/>\n  </table>\n</catalog>",
		    "    <row item=\"AB-1\"/>\n    <row item=\"AB-1\"/>\n  </table>\n</catalog>",
		    AG_ERR_DATA, "table 't2' lists item 'AB-1' twice", "<row item=\"AB-1\"", 3);
}

static void test_bad_item_in_no_table(void **state)
{
	(void)state;
	bad_variant("    <row item=\"AB-2\" excludable=\"true\" note=\"n1\"/>\n", "", AG_ERR_DATA,
		    "item 'AB-2' applies to no service type (it is in no table)", "<item id=\"AB-2\"", 1);
}

static void test_bad_unknown_note(void **state)
{
	(void)state;
	bad_variant("note=\"n1\"", "note=\"n9\"", AG_ERR_DATA,
		    "row of item 'AB-2' refers to unknown note 'n9'", "note=\"n9\"", 1);
}

static void test_bad_official_languages(void **state)
{
	(void)state;
	bad_variant("<language tag=\"en\"/>", "<language tag=\"en\" official=\"true\"/>", AG_ERR_DATA,
		    "exactly one language must be marked official", "<languages>", 1);
	bad_variant(" official=\"true\"/>", "/>", AG_ERR_DATA,
		    "exactly one language must be marked official", "<languages>", 1);
	bad_variant("<language tag=\"en\"/>", "<language tag=\"zh-TW\"/>", AG_ERR_DATA,
		    "language 'zh-TW' is declared twice", "<language tag=\"zh-TW\"", 2);
}

static void test_bad_unknown_reference(void **state)
{
	(void)state;
	bad_variant("<item id=\"AB-2\">", "<item id=\"AB-2\" refs=\"nowhere\">", AG_ERR_DATA,
		    "item 'AB-2' cites unknown reference 'nowhere'", "<item id=\"AB-2\"", 1);
}

static void test_bad_text_too_long(void **state)
{
	size_t n = CAT_MAX_TEXT + 1;
	char *big = malloc(n + 1), *xml;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	big[n] = '\0';
	xml = subst(mini, "Requirement two", big);
	free(big);
	expect_fail_str(xml, xml, AG_ERR_LIMIT, "longer than 65536 bytes", line_of(xml, "aaaa", 1));
}

static void test_bad_schema(void **state)
{
	(void)state;
	/* The schema is checked first; its errors carry a line too. */
	bad_variant("<row item=\"AB-1\"/>", "<row item=\"AB 1\"/>", AG_ERR_DATA, "", "<row item=\"AB 1\"", 1);
	bad_variant("format=\"1\"", "format=\"2\"", AG_ERR_DATA, "", "<catalog ", 1);
	bad_variant("<catalog xmlns=\"urn:annexgen:catalog:1\"", "<catalog xmlns=\"urn:other\"",
		    AG_ERR_DATA, "", "<catalog ", 1);
}

static void test_bad_doctype_external(void **state)
{
	(void)state;
	bad_variant("?>\n", "?>\n<!DOCTYPE catalog SYSTEM \"file:///etc/passwd\">\n", AG_ERR_DATA,
		    "document type declarations are not allowed", "<!DOCTYPE", 1);
	/* An external entity declared in an internal subset is refused just the same. */
	{
		char *a = subst(mini, "?>\n", "?>\n<!DOCTYPE catalog [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n");
		char *b = subst(a, "Requirement one", "&xxe;");

		free(a);
		expect_fail_str(b, b, AG_ERR_DATA, "document type declarations are not allowed",
				line_of(b, "<!DOCTYPE", 1));
	}
}

static void test_bad_billion_laughs(void **state)
{
	char *a = subst(mini, "?>\n",
			"?>\n<!DOCTYPE catalog [\n"
			" <!ENTITY lol \"lol\">\n"
			" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
			" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
			" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
			" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
			" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
			" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
			" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
			" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
			" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
			"]>\n");
	char *b = subst(a, "Requirement one", "&lol9;");

	(void)state;
	free(a);
	expect_fail_str(b, b, AG_ERR_DATA, "document type declarations are not allowed",
			line_of(b, "<!DOCTYPE", 1));
}

/* mini converted to Big5 (valid Big5 bytes throughout), declared as such. */
static void test_bad_encoding_big5(void **state)
{
	iconv_t cd = iconv_open("BIG5", "UTF-8");
	char *utf8, *big5, *in, *out;
	size_t inleft, outsize, outleft, conv;
	ag_error err = { 0 };
	catalog *c;
	int loaded;

	(void)state;
	if (cd == (iconv_t)-1)
		skip();   /* a C library without Big5 */
	utf8 = subst(mini, "encoding=\"UTF-8\"", "encoding=\"Big5\"");
	inleft = strlen(utf8);
	outsize = outleft = 2 * inleft + 1;
	big5 = malloc(outsize);
	assert_non_null(big5);
	in = utf8;
	out = big5;
	conv = iconv(cd, &in, &inleft, &out, &outleft);
	iconv_close(cd);
	free(utf8);
	assert_true(conv != (size_t)-1 && inleft == 0 && outleft > 0);
	*out = '\0';
	/* The conversion really changed the bytes: 部 is B3A1 in Big5. */
	assert_non_null(strstr(big5, "\xb3\xa1"));
	c = catalog_load_mem(big5, outsize - outleft, "bad.xml", &err);
	loaded = c != NULL;
	catalog_free(c);
	assert_false(loaded);
	assert_non_null(strstr(err.msg, "encoding 'Big5'"));
	expect_fail(big5, outsize - outleft, big5, AG_ERR_DATA, "not supported", 1);
}

static void test_bad_encoding_latin1(void **state)
{
	char *a = subst(mini, "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
	char *b = subst(a, "Requirement one", "Exig\xe9nce");
	ag_error err = { 0 };

	(void)state;
	free(a);
	assert_null(catalog_load_mem(b, strlen(b), "bad.xml", &err));
	assert_non_null(strstr(err.msg, "encoding 'ISO-8859-1'"));
	expect_fail_str(b, b, AG_ERR_DATA, "not supported", 1);
}

/* The same catalogue in UTF-16 (with a byte order mark, no declaration): a
 * parser detects it, but annexgen promises to read UTF-8 only. */
static void test_bad_encoding_utf16(void **state)
{
	const char *body = strchr(mini, '\n') + 1;   /* without the UTF-8 declaration */
	size_t n = strlen(body), i = 0, k = 2;
	unsigned char *u = malloc(2 * n + 2);
	unsigned long cp;

	(void)state;
	assert_non_null(u);
	u[0] = 0xff;
	u[1] = 0xfe;
	while (i < n) {   /* UTF-8 to UTF-16LE: mini is all in the BMP */
		unsigned char b = (unsigned char)body[i];

		if (b < 0x80) {
			cp = b;
			i += 1;
		} else if (b < 0xe0) {
			cp = (b & 0x1fUL) << 6 | (body[i + 1] & 0x3f);
			i += 2;
		} else {
			cp = (b & 0x0fUL) << 12 | (body[i + 1] & 0x3fUL) << 6 | (body[i + 2] & 0x3f);
			i += 3;
		}
		u[k++] = (unsigned char)(cp & 0xff);
		u[k++] = (unsigned char)(cp >> 8);
	}
	expect_fail((const char *)u, k, u, AG_ERR_DATA, "not supported", 1);
}

static void test_bad_invalid_utf8(void **state)
{
	(void)state;
	bad_variant("Requirement one", "Requ\xff\xfeirement", AG_ERR_DATA, "UTF-8",
		    "Requ\xff", 1);
	/* A lone continuation byte and a truncated sequence. */
	bad_variant(">要求一<", ">\x80<", AG_ERR_DATA, "UTF-8", ">\x80<", 1);
	bad_variant(">要求一<", ">\xe8\xa6<", AG_ERR_DATA, "UTF-8", ">\xe8\xa6<", 1);
}

/* One error is one line: main prints it as "annexgen: file:line: msg", and
 * scripts read the first line. libxml2's own messages must be kept to one. */
static void test_parser_messages_are_one_line(void **state)
{
	static const char *const bad[][2] = {
		{ "Requirement one", "Requ\xff\xfeirement" },
		{ "Requirement one", "Requirement &#1;one" },
		{ "</category>", "</categry>" },
		{ "<row item=\"AB-1\"/>", "<row item=\"AB 1\"/>" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *xml = subst(mini, bad[i][0], bad[i][1]);
		ag_error err = { 0 };
		catalog *c = catalog_load_mem(xml, strlen(xml), "bad.xml", &err);
		int loaded = c != NULL;

		catalog_free(c);
		free(xml);
		assert_false(loaded);
		if (strchr(err.msg, '\n'))
			fail_msg("message spans lines: '%s'", err.msg);
	}
}

static void test_bad_xml_version(void **state)
{
	(void)state;
	bad_variant("version=\"1.0\"", "version=\"1.1\"", AG_ERR_DATA,
		    "XML version '1.1' is not supported", "<?xml", 1);
}

static void test_bad_control_character(void **state)
{
	(void)state;
	bad_variant("Requirement one", "Requirement &#1;one", AG_ERR_DATA, "", "&#1;", 1);
	bad_variant("Requirement one", "Requirement \x01one", AG_ERR_DATA, "", "\x01", 1);
}

static void test_load_missing_file(void **state)
{
	ag_error err = { 0 };

	(void)state;
	assert_null(catalog_load("tests/data/catalog/no-such-file.xml", &err));
	assert_int_equal(err.code, AG_ERR_NOINPUT);
	assert_null(catalog_load("tests/data/catalog", &err));
	assert_int_equal(err.code, AG_ERR_NOINPUT);
}

int main(void)
{
	const struct CMUnitTest bundled[] = {
		cmocka_unit_test(test_bundled_shape),
		cmocka_unit_test(test_bundled_compiled_in),
		cmocka_unit_test(test_table_iaas),
		cmocka_unit_test(test_table_paas),
		cmocka_unit_test(test_table_saas),
		cmocka_unit_test(test_notes_match_fixture),
		cmocka_unit_test(test_om16_excludable),
		cmocka_unit_test(test_saas_cc5_wording),
		cmocka_unit_test(test_not_applicable_rows),
		cmocka_unit_test(test_nearest_item),
		cmocka_unit_test(test_text_fallback),
	};
	const struct CMUnitTest bad[] = {
		cmocka_unit_test(test_minimal_loads),
		cmocka_unit_test(test_bad_malformed),
		cmocka_unit_test(test_bad_duplicate_item),
		cmocka_unit_test(test_bad_table_unknown_type),
		cmocka_unit_test(test_bad_table_twice_or_missing),
		cmocka_unit_test(test_bad_empty_text),
		cmocka_unit_test(test_bad_undeclared_language),
		cmocka_unit_test(test_bad_missing_en),
		cmocka_unit_test(test_bad_two_texts_same_language),
		cmocka_unit_test(test_bad_unknown_row_item),
		cmocka_unit_test(test_bad_row_twice),
		cmocka_unit_test(test_bad_item_in_no_table),
		cmocka_unit_test(test_bad_unknown_note),
		cmocka_unit_test(test_bad_official_languages),
		cmocka_unit_test(test_bad_unknown_reference),
		cmocka_unit_test(test_bad_text_too_long),
		cmocka_unit_test(test_bad_schema),
		cmocka_unit_test(test_bad_doctype_external),
		cmocka_unit_test(test_bad_billion_laughs),
		cmocka_unit_test(test_bad_encoding_big5),
		cmocka_unit_test(test_bad_encoding_latin1),
		cmocka_unit_test(test_bad_encoding_utf16),
		cmocka_unit_test(test_bad_invalid_utf8),
		cmocka_unit_test(test_parser_messages_are_one_line),
		cmocka_unit_test(test_bad_xml_version),
		cmocka_unit_test(test_bad_control_character),
		cmocka_unit_test(test_load_missing_file),
	};
	int failed = cmocka_run_group_tests_name("bundled catalogue", bundled, setup_bundled,
						 teardown_bundled);

	failed += cmocka_run_group_tests_name("bad catalogues", bad, NULL, NULL);
	xmlload_cleanup();
	return failed;
}
