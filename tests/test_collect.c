/* Tests for collect: matching filled forms against the tender (our own forms
 * read back, disagreeing copies, vendor text escaped) and the 統一編號 check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "collect.h"
#include "docread.h"
#include "fit.h"
#include "generate.h"
#include "render.h"
#include "template.h"
#include "tender.h"
#include "xmlload.h"

#include "banned.h"

/* The example PaaS + SaaS tender bound to the bundled catalogue, shared by
 * the tests (group state). */
struct fixture {
	catalog *cat;
	tender *t;
};

static int setup(void **state)
{
	static struct fixture fx;
	ag_error err = { 0 };

	fx.cat = catalog_load_bundled(&err);
	fx.t = fx.cat ? tender_load("catalog/examples/paas-saas-2026.xml", &err) : NULL;
	if (!fx.t || tender_bind(fx.t, fx.cat, &err)) {
		fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
		return -1;
	}
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	tender_free(fx->t);
	catalog_free(fx->cat);
	return 0;
}

/* A collection of the fixture's PaaS forms. */
static collect *paas(const struct fixture *fx)
{
	ag_error err = { 0 };
	collect *c = collect_new(fx->t, (size_t)catalog_type(fx->cat, "paas"), &err);

	assert_non_null(c);
	return c;
}

/* Adds the form part xml (a DOCX document.xml when docx, else an ODT
 * content.xml) to c as file name. */
static void add_part(collect *c, int docx, const char *xml, size_t len, const char *name)
{
	ag_error err = { 0 };
	docread_form *f = docread_parse(docx, xml, len, NULL, 0, NULL, 0, name, &err);

	assert_non_null(f);
	assert_int_equal(collect_add_form(c, name, f, NULL, &err), AG_OK);
	docread_free(f);
}

/* The matrix's totals table (its first) fills the text width, and every
 * heading fits its column on unbroken words (統一編號, 部分符合, 不符合). */
static void assert_summary_fits(const collect *c)
{
	ag_error err = { 0 };
	md_doc *d = collect_matrix(c, &err);
	const md_node *n, *tab = NULL, *cell;
	unsigned total = 0;
	size_t i;

	assert_non_null(d);
	for (n = d->first; n && !tab; n = n->next)
		if (n->type == MD_TABLE)
			tab = n;
	assert_non_null(tab);
	for (i = 0; i < tab->u.table.ncols; i++)
		total += tab->u.table.widths[i];
	assert_int_equal(total, 17000);
	for (i = 0, cell = tab->first->first; cell; cell = cell->next, i++) {
		const char *h = cell->first->first->u.text.s;
		unsigned w = tab->u.table.widths[i];

		if (fit_width(&h, 1, 1, w, w + 50) != w)
			fail_msg("heading '%s' does not fit its %u column", h, w);
	}
	md_doc_free(d);
}

/* Our own forms, read back: every item is found, unanswered, text unchanged. */
static void test_own_forms_read_back(void **state)
{
	const struct fixture *fx = *state;
	ag_error err = { 0 };
	tender *t = fx->t;
	collect *c;
	size_t i, v, fi;

	assert_null(collect_new(t, (size_t)catalog_type(fx->cat, "iaas"), &err));
	assert_int_equal(err.code, AG_ERR_USAGE);
	c = paas(fx);
	assert_int_equal(c->nchoices, 3);
	assert_string_equal(c->placeholder, "請選擇");
	for (fi = 0; fi < render_nformats; fi++) {
		unsigned char *data;
		size_t len;
		docread_form *f;
		char name[32];

		assert_int_equal(generate_render(t, COMPOSE_RESPONSE, c->type, &render_formats[fi],
						 template_builtin(), NULL, &data, &len, &err), AG_OK);
		snprintf(name, sizeof(name), "own.%s", render_formats[fi].extension);
		f = docread_mem(data, len, name, &err);
		assert_non_null(f);
		assert_int_equal(collect_add_form(c, "own", f, NULL, &err), AG_OK);
		docread_free(f);
		free(data);
	}
	assert_int_equal(collect_add_form(c, "broken", NULL, "why", &err), AG_OK);
	assert_int_equal(c->nvendors, 3);
	assert_int_equal(c->nread, 2);
	assert_int_equal(c->nunreadable, 1);
	for (v = 0; v < 2; v++) {
		size_t excluded = 0;

		assert_int_equal(c->vendors[v].state, COLLECT_READ);
		for (i = 0; i < c->nitems; i++) {
			const collect_answer *a = &c->vendors[v].answers[i];

			if (c->items[i].excluded) {
				excluded++;
				assert_int_equal(a->status, COLLECT_EXCLUDED);
			} else {
				assert_int_equal(a->status, COLLECT_UNANSWERED);
			}
		}
		assert_int_equal(excluded, 1);   /* OM-16 */
		/* Three empty vendor fields and every answerable item unanswered: nothing else. */
		assert_int_equal(c->vendors[v].nproblems, 3 + c->nitems - 1);
	}
	for (i = 0; i < c->nproblems; i++)
		assert_null(strstr(c->problems[i].text, "要求項目文字"));
	assert_summary_fits(c);
	collect_free(c);
}

/* The 統一編號 check digit: numbers valid by the old rule (divisible by 10)
 * stay valid; numbers only the April 2023 rule (divisible by 5) accepts are
 * accepted; the seventh-digit-7 exception; malformed ones refused. */
static void test_business_number_check(void **state)
{
	(void)state;
	/* Old and new rule: 2+4+0+9+9+2+3+1 = 30. */
	assert_true(collect_ubn_valid("22099131"));
	/* Old and new rule: 0+8+5+9+5+4+2+7 = 40. */
	assert_true(collect_ubn_valid("04595257"));
	/* New rule only: sums 35 and 45, divisible by 5 but not by 10. */
	assert_true(collect_ubn_valid("87654327"));
	assert_true(collect_ubn_valid("24681353"));
	/* Seventh digit 7, new rule only through the exception: 12345675 (sum 29 or 30). */
	assert_true(collect_ubn_valid("12345675"));
	/* Wrong check digits. */
	assert_false(collect_ubn_valid("12345678"));
	assert_false(collect_ubn_valid("87654321"));
	assert_false(collect_ubn_valid("22099132"));
	/* Not 8 digits. */
	assert_false(collect_ubn_valid("2209913"));
	assert_false(collect_ubn_valid("220991310"));
	assert_false(collect_ubn_valid("2209913A"));
	assert_false(collect_ubn_valid("２２０９９１３１"));
	assert_false(collect_ubn_valid(""));
}

/* A form's disagreeing copies and its vendor text, in the report: one line
 * per problem, controls and line breaks escaped. */
static void test_copies_and_escaping(void **state)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document"
		" xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>廠商名稱</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>甲\xc2\x9b" "2J\nfake：line\xe2\x80\xae</w:t></w:r></w:p></w:tc></w:tr>"
		"<w:tr><w:tc><w:p><w:r><w:t>統一編號</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>12345678</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>CC-1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc>"
		"<w:tc><w:p><w:sdt><w:sdtContent><w:r><w:t>符合</w:t></w:r></w:sdtContent></w:sdt>"
		"<w:sdt><w:sdtContent><w:r><w:t>不符合</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc>"
		"<w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>";
	ag_error err = { 0 };
	collect *c = paas(*state);
	char *report;
	size_t len;

	add_part(c, 1, doc, sizeof(doc) - 1, "v\n.docx");
	assert_int_equal(c->vendors[0].state, COLLECT_READ);
	/* The first copy is read, and the disagreement is a problem. */
	assert_string_equal(c->vendors[0].answers[0].compliance, "符合");
	assert_int_equal(collect_report(c, &report, &len, &err), AG_OK);
	assert_non_null(strstr(report, "CC-1：「符合情形」欄之欄位有多份內容且不一致，採用第一份：「符合」（欄位內容）、「不符合」（欄位內容）\n"));
	assert_non_null(strstr(report, "v\\n.docx：甲\\u009b2J fake：line\\u202e（12345678）："));
	assert_non_null(strstr(report, "統一編號「12345678」不符"));
	assert_null(strstr(report, "\xc2\x9b"));
	assert_null(strstr(report, "\xe2\x80\xae"));
	free(report);
	collect_free(c);
}

/* The response form as it may come (issue 10): 請選擇 a placeholder (Word's
 * w:showingPlcHdr, ODF's text:placeholder) instead of a list entry. Shown, it
 * is no answer; a chosen entry is. */
static void test_placeholder_form(void **state)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document"
		" xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl>"
		"<w:tr><w:tc><w:p><w:r><w:t>CC-1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc>"
		"<w:tc><w:p><w:sdt><w:sdtPr><w:alias w:val=\"符合情形\"/><w:tag w:val=\"CC-1.compliance\"/>"
		"<w:showingPlcHdr/><w:dropDownList><w:listItem w:displayText=\"符合\" w:value=\"符合\"/>"
		"</w:dropDownList></w:sdtPr><w:sdtContent><w:r><w:t>請選擇</w:t></w:r></w:sdtContent></w:sdt>"
		"</w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
		"<w:tr><w:tc><w:p><w:r><w:t>CC-2</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc>"
		"<w:tc><w:p><w:sdt><w:sdtPr><w:tag w:val=\"CC-2.compliance\"/><w:dropDownList>"
		"<w:listItem w:displayText=\"符合\" w:value=\"符合\"/></w:dropDownList></w:sdtPr>"
		"<w:sdtContent><w:r><w:t>符合</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc>"
		"<w:tc><w:p><w:sdt><w:sdtPr><w:tag w:val=\"CC-2.explanation\"/><w:showingPlcHdr/><w:text w:multiLine=\"1\"/>"
		"</w:sdtPr><w:sdtContent><w:r><w:t>請輸入說明</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc>"
		"<w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>";
	static const char odt[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
		" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
		" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
		" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><office:text>"
		"<table:table><table:table-row><table:table-cell><text:p>CC-1</text:p></table:table-cell>"
		"<table:table-cell/><table:table-cell><text:p><text:placeholder text:placeholder-type=\"text\">"
		"請選擇</text:placeholder></text:p></table:table-cell><table:table-cell/><table:table-cell/>"
		"</table:table-row></table:table></office:text></office:body></office:document-content>";
	collect *c = paas(*state);

	add_part(c, 1, doc, sizeof(doc) - 1, "p.docx");
	add_part(c, 0, odt, sizeof(odt) - 1, "p.odt");
	assert_int_equal(c->vendors[0].answers[0].status, COLLECT_UNANSWERED);
	assert_int_equal(c->vendors[0].answers[1].status, COLLECT_ANSWERED);
	assert_string_equal(c->vendors[0].answers[1].explanation, "");
	assert_int_equal(c->vendors[0].count[COLLECT_COUNT_INVALID], 0);
	assert_int_equal(c->vendors[1].answers[0].status, COLLECT_UNANSWERED);
	collect_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_forms_read_back),
		cmocka_unit_test(test_business_number_check),
		cmocka_unit_test(test_copies_and_escaping),
		cmocka_unit_test(test_placeholder_form),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);

	xmlload_cleanup();
	return rc;
}
