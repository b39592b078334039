/* Tests for compose: the document models of the bundled catalogue's annexes
 * and response forms, checked node by node (rows, merges, footnotes, fields,
 * glossary) rather than through a renderer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "compose.h"
#include "model.h"
#include "tender.h"
#include "xmlload.h"

#include "testutil.h"

#include "banned.h"

enum { IAAS, PAAS, SAAS };
enum { COL_DOMAIN, COL_CATEGORY, COL_ID, COL_TEXT, COL_REMARK };

/* ---- walking the model ---- */

/* Appends the text of n's subtree to buf; footnotes only when notes. */
static void collect(const md_node *n, char *buf, size_t size, int notes)
{
	const md_node *k;

	if (n->type == MD_NOTE && !notes)
		return;
	if (n->type == MD_TEXT && n->u.text.s) {
		size_t used = strlen(buf);

		snprintf(buf + used, size - used, "%s", n->u.text.s);
	}
	for (k = n->first; k; k = k->next)
		collect(k, buf, size, notes);
}

/* The text of n without its footnotes, in a static buffer. */
static const char *text(const md_node *n)
{
	static char buf[8192];

	buf[0] = '\0';
	collect(n, buf, sizeof(buf), 0);
	return buf;
}

static size_t count(const md_node *n, md_type type)
{
	const md_node *k;
	size_t c = n->type == type;

	for (k = n->first; k; k = k->next)
		c += count(k, type);
	return c;
}

static size_t count_doc(const md_doc *d, md_type type)
{
	const md_node *n;
	size_t c = 0;

	for (n = d->first; n; n = n->next)
		c += count(n, type);
	return c;
}

static const md_node *first_of(const md_node *n, md_type type)
{
	const md_node *k, *f;

	if (n->type == type)
		return n;
	for (k = n->first; k; k = k->next)
		if ((f = first_of(k, type)))
			return f;
	return NULL;
}

/* The nth (from 0) top-level table with ncols columns. */
static const md_node *table(const md_doc *d, size_t ncols, int nth)
{
	const md_node *n;

	for (n = d->first; n; n = n->next)
		if (n->type == MD_TABLE && n->u.table.ncols == ncols && nth-- == 0)
			return n;
	fail_msg("no table of %zu columns", ncols);
	return NULL;
}

static size_t nchildren(const md_node *n)
{
	const md_node *k;
	size_t c = 0;

	for (k = n->first; k; k = k->next)
		c++;
	return c;
}

static const md_node *child(const md_node *n, size_t i)
{
	const md_node *k = n->first;
	size_t j;

	for (j = 0; k && j < i; j++)
		k = k->next;
	if (!k)
		fail_msg("no child %zu", i);
	return k;
}

/* Index of the row whose column col reads id. */
static size_t row_index(const md_node *tab, size_t col, const char *id)
{
	const md_node *r;
	size_t i = 0;

	for (r = tab->first; r; r = r->next, i++)
		if (!strcmp(text(child(r, col)), id))
			return i;
	fail_msg("no row %s", id);
	return 0;
}

/* Appends the footnote texts of n's subtree to buf, in order, each after a '|'. */
static void notes_into(const md_node *n, char *buf, size_t size)
{
	const md_node *k;

	if (n->type == MD_NOTE) {
		size_t used = strlen(buf);

		snprintf(buf + used, size - used, "|");
		collect(n, buf, size, 1);
		return;
	}
	for (k = n->first; k; k = k->next)
		notes_into(k, buf, size);
}

/* The footnotes of n as "|note|note", in a static buffer. */
static const char *notes(const md_node *n)
{
	static char buf[8192];

	buf[0] = '\0';
	notes_into(n, buf, sizeof(buf));
	return buf;
}

/* ---- tenders ---- */

static tender *quick(const catalog *c, const char *type, const char *const *excludes)
{
	ag_error err = { 0 };
	tender *t = tender_quick(c, type, &err);

	assert_non_null(t);
	for (; excludes && *excludes; excludes++)
		assert_int_equal(tender_add_exclude_arg(t, *excludes, &err), AG_OK);
	if (tender_bind(t, c, &err))
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	return t;
}

static tender *from_file(const char *path)
{
	ag_error err = { 0 };
	tender *t = tender_load(path, &err);

	if (!t || tender_bind(t, cat, &err))
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	return t;
}

static md_doc *make(const tender *t, compose_kind kind, size_t type)
{
	ag_error err = { 0 };
	md_doc *d = compose(t, kind, type, &err);

	if (!d)
		fail_msg("compose: %s", err.msg);
	assert_false(md_doc_failed(d));
	return d;
}

static const char *const om16[] = { "OM-16", NULL };

/* ---- the annex ---- */

static void test_annex_paas_rows_and_merges(void **state)
{
	tender *t = quick(cat, "paas", om16);
	md_doc *d = make(t, COMPOSE_ANNEX, PAAS);
	const md_node *tab = table(d, 5, 0), *r;
	const cat_table *ct = &cat->tables[PAAS];
	size_t i;

	(void)state;
	assert_int_equal(tab->u.table.header_rows, 1);
	assert_int_equal(nchildren(tab), 61);
	assert_true(tab->first->u.row.header);
	assert_string_equal(text(child(tab->first, COL_ID)), "編號");
	/* Rows in the guide's order, each with five cells. */
	for (r = tab->first->next, i = 0; r; r = r->next, i++) {
		assert_false(r->u.row.header);
		assert_int_equal(nchildren(r), 5);
		assert_string_equal(text(child(r, COL_ID)), cat->items[ct->rows[i].item].id);
	}
	/* 服務管理 spans CC (8) + IS (5) + PS (6) rows; 營運管理 OM-1..OM-25. */
	r = child(tab, 1);
	assert_string_equal(text(child(r, COL_DOMAIN)), "服務管理");
	assert_int_equal(child(r, COL_DOMAIN)->u.cell.rowspan, 19);
	for (i = 2; i <= 19; i++) {
		assert_true(child(child(tab, i), COL_DOMAIN)->u.cell.covered);
		assert_int_equal(child(child(tab, i), COL_DOMAIN)->u.cell.rowspan, 1);
	}
	/* The category, as in the guide, is named on every row (so on every page). */
	for (r = tab->first->next, i = 0; r; r = r->next, i++) {
		const cat_item *it = &cat->items[ct->rows[i].item];
		char want[256];
		size_t k, n = 0;
		const char *name = cat_text_get(cat, &cat->categories[it->category].name, cat->official);
		char got[256];
		size_t m = 0;
		const char *cell = text(child(r, COL_CATEGORY));

		assert_false(child(r, COL_CATEGORY)->u.cell.covered);
		assert_int_equal(child(r, COL_CATEGORY)->u.cell.rowspan, 1);
		/* the name, perhaps in even lines: compared without white space */
		for (k = 0; cell[k] && n + 1 < sizeof(got); k++)
			if (cell[k] != '\n' && cell[k] != ' ')
				got[n++] = cell[k];
		got[n] = '\0';
		for (k = 0; name[k] && m + 1 < sizeof(want); k++)
			if (name[k] != ' ')
				want[m++] = name[k];
		want[m] = '\0';
		assert_string_equal(got, want);
	}
	r = child(tab, 20);
	assert_string_equal(text(child(r, COL_ID)), "OM-1");
	assert_false(child(r, COL_DOMAIN)->u.cell.covered);
	assert_int_equal(child(r, COL_DOMAIN)->u.cell.rowspan, 25);
	/* ID, text and remark cells never merge. */
	for (r = tab->first; r; r = r->next)
		for (i = COL_ID; i <= COL_REMARK; i++)
			assert_int_equal(child(r, i)->u.cell.rowspan, 1);
	md_doc_free(d);
	tender_free(t);
}

static void test_annex_paas_om16_excluded(void **state)
{
	tender *t = quick(cat, "paas", om16);
	md_doc *d = make(t, COMPOSE_ANNEX, PAAS);
	const md_node *tab = table(d, 5, 0);
	const md_node *r = child(tab, row_index(tab, COL_ID, "OM-16"));
	const char *n;

	(void)state;
	assert_string_equal(text(child(r, COL_REMARK)), "不適用");
	/* The requirement stays, without the note that it may be excluded. */
	assert_string_equal(text(child(r, COL_TEXT)), "CSP 須協助機關在存取控制方面設置 GCB 之技術支援");
	assert_int_equal(count(child(r, COL_TEXT), MD_NOTE), 0);
	assert_int_equal(count(r, MD_NOTE), 1);
	n = notes(child(r, COL_REMARK));
	assert_non_null(strstr(n, "本案不適用"));
	assert_non_null(strstr(n, "依據"));
	assert_non_null(strstr(n, "機關若無實際需求可排除"));
	assert_non_null(strstr(n, "表 2"));
	/* No other row of the PaaS annex has a footnote. */
	assert_int_equal(count(tab, MD_NOTE), 1);
	assert_int_equal(first_of(r, MD_NOTE)->u.note.number, 1);
	assert_int_equal(d->nnotes, 1);
	md_doc_free(d);
	tender_free(t);
}

static void test_annex_paas_om16_note_without_exclusion(void **state)
{
	tender *t = quick(cat, "paas", NULL);
	md_doc *d = make(t, COMPOSE_ANNEX, PAAS);
	const md_node *tab = table(d, 5, 0);
	const md_node *r = child(tab, row_index(tab, COL_ID, "OM-16"));

	(void)state;
	assert_int_equal(count(child(r, COL_TEXT), MD_NOTE), 1);
	assert_string_equal(notes(child(r, COL_TEXT)), "|機關若無實際需求可排除");
	assert_string_equal(text(child(r, COL_REMARK)), "");
	assert_int_equal(count(r, MD_NOTE), 1);
	/* IaaS marks no row: no footnote at all. */
	{
		tender *ti = quick(cat, "iaas", NULL);
		md_doc *di = make(ti, COMPOSE_ANNEX, IAAS);

		assert_int_equal(count_doc(di, MD_NOTE), 0);
		assert_int_equal(nchildren(table(di, 5, 0)), 54);
		md_doc_free(di);
		tender_free(ti);
	}
	md_doc_free(d);
	tender_free(t);
}

static void test_annex_exclusion_with_reason(void **state)
{
	static const char *const sp9[] = { "SP-9:本機關已自建入侵偵測系統", NULL };
	tender *t = quick(cat, "iaas", sp9);
	md_doc *d = make(t, COMPOSE_ANNEX, IAAS);
	const md_node *tab = table(d, 5, 0);
	const md_node *r = child(tab, row_index(tab, COL_ID, "SP-9"));
	const char *n;

	(void)state;
	assert_string_equal(text(child(r, COL_REMARK)), "不適用");
	assert_int_equal(count(r, MD_NOTE), 1);
	n = notes(r);
	assert_non_null(strstr(n, "本案不適用：本機關決定排除本項，理由為本機關已自建入侵偵測系統。"));
	/* Not excludable by the guide: the basis is the publisher's general allowance. */
	assert_non_null(strstr(n, "貳、二"));
	assert_non_null(strstr(n, "各機關可依業務需求選用或調整適用之要求項目"));
	md_doc_free(d);
	tender_free(t);
}

static const char agency_tender[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<tender xmlns=\"urn:annexgen:tender:1\" format=\"1\" id=\"ag-2026\">\n"
	"  <title xml:lang=\"zh-TW\">標題</title>\n"
	"  <agency xml:lang=\"zh-TW\">範例機關</agency>\n"
	"  <case-number>X-1</case-number>\n"
	"  <date>2026-01-02</date>\n"
	"  <catalog id=\"moda-public-cloud\" version=\"V5.1\"/>\n"
	"  <annex-number xml:lang=\"zh-TW\">附件一</annex-number>\n"
	"  <language>zh-TW</language>\n"
	"  <service-type id=\"paas\"/>\n"
	"  <service-type id=\"saas\"/>\n"
	"  <agency-category id=\"dg\" domain=\"security\">\n"
	"    <name xml:lang=\"zh-TW\">資料治理</name>\n"
	"  </agency-category>\n"
	"  <agency-item id=\"AG-2\" category=\"dg\" types=\"paas\">\n"
	"    <text xml:lang=\"zh-TW\">CSP 須提供資料分類標籤功能</text>\n"
	"  </agency-item>\n"
	"  <agency-item id=\"AG-1\" category=\"access\">\n"
	"    <text xml:lang=\"zh-TW\">CSP 須支援機關既有之單一簽入服務</text>\n"
	"  </agency-item>\n"
	"  <agency-item id=\"AG-3\" category=\"resources\">\n"
	"    <text xml:lang=\"zh-TW\">CSP 須提供資源配額設定</text>\n"
	"  </agency-item>\n"
	"</tender>\n";

static tender *agency(void)
{
	ag_error err = { 0 };
	tender *t = tender_load_mem(agency_tender, sizeof(agency_tender) - 1, "ag.xml", &err);

	if (!t || tender_bind(t, cat, &err))
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	return t;
}

static void test_annex_agency_items(void **state)
{
	tender *t = agency();
	md_doc *d = make(t, COMPOSE_ANNEX, PAAS);
	const md_node *tab = table(d, 5, 0), *r;
	size_t ag1 = row_index(tab, COL_ID, "AG-1"), om11 = row_index(tab, COL_ID, "OM-11");

	(void)state;
	assert_int_equal(nchildren(tab), 1 + 60 + 3);
	/* After the last row of its category (access: OM-11..OM-16), before the next. */
	assert_int_equal(ag1, row_index(tab, COL_ID, "OM-16") + 1);
	assert_string_equal(text(child(child(tab, ag1 + 1), COL_ID)), "OM-17");
	r = child(tab, ag1);
	assert_string_equal(text(child(r, COL_TEXT)), "CSP 須支援機關既有之單一簽入服務");
	assert_string_equal(text(child(r, COL_REMARK)), "機關自訂項目");
	assert_false(child(r, COL_CATEGORY)->u.cell.covered);
	assert_string_equal(text(child(r, COL_CATEGORY)), text(child(child(tab, om11), COL_CATEGORY)));
	assert_true(child(r, COL_DOMAIN)->u.cell.covered);
	/* OM-1 is the only PaaS row of 資源需求: AG-3 follows it, naming it again. */
	assert_int_equal(row_index(tab, COL_ID, "AG-3"), row_index(tab, COL_ID, "OM-1") + 1);
	assert_string_equal(text(child(child(tab, row_index(tab, COL_ID, "AG-3")), COL_CATEGORY)),
			    text(child(child(tab, row_index(tab, COL_ID, "OM-1")), COL_CATEGORY)));
	/* An agency category goes after the last row of its domain (security: SP-13 last). */
	r = tab->last;
	assert_string_equal(text(child(r, COL_ID)), "AG-2");
	assert_string_equal(text(child(r, COL_CATEGORY)), "資料治理");
	assert_int_equal(child(r, COL_CATEGORY)->u.cell.rowspan, 1);
	assert_false(child(r, COL_CATEGORY)->u.cell.covered);
	assert_true(child(r, COL_DOMAIN)->u.cell.covered);
	assert_int_equal(child(child(tab, row_index(tab, COL_ID, "SP-1")), COL_DOMAIN)->u.cell.rowspan, 14);
	md_doc_free(d);
	/* SaaS: AG-2 is PaaS only; 資源需求 has no SaaS row, so AG-3 follows the
	 * last row of its domain (營運管理 ends with OM-25). */
	d = make(t, COMPOSE_ANNEX, SAAS);
	tab = table(d, 5, 0);
	assert_int_equal(nchildren(tab), 1 + 54 + 2);
	assert_int_equal(row_index(tab, COL_ID, "AG-1"), row_index(tab, COL_ID, "OM-16") + 1);
	assert_int_equal(row_index(tab, COL_ID, "AG-3"), row_index(tab, COL_ID, "OM-25") + 1);
	md_doc_free(d);
	tender_free(t);
}

/* ---- the response form ---- */

static void check_dropdowns(const md_node *tab, size_t *ndrop)
{
	const md_node *r;

	for (r = tab->first->next; r; r = r->next) {
		const char *id = text(child(r, 0));
		const md_node *dd = first_of(r, MD_DROPDOWN);
		char tag[64];

		if (!strcmp(id, "OM-16")) {
			assert_null(dd);
			assert_string_equal(text(child(r, 2)), "不適用");
			assert_int_equal(count(r, MD_INPUT), 0);
			continue;
		}
		assert_non_null(dd);
		assert_int_equal(count(r, MD_DROPDOWN), 1);
		snprintf(tag, sizeof(tag), "%s.compliance", id);
		assert_string_equal(dd->u.field.tag, tag);
		assert_int_equal(dd->u.field.nchoices, 3);
		assert_string_equal(dd->u.field.choices[0], "符合");
		assert_string_equal(dd->u.field.choices[1], "部分符合");
		assert_string_equal(dd->u.field.choices[2], "不符合");
		assert_string_equal(dd->u.field.placeholder, "請選擇");
		assert_int_equal(count(r, MD_INPUT), 2);
		(*ndrop)++;
	}
}

static void test_response_dropdowns(void **state)
{
	tender *t = quick(cat, "paas", om16);
	md_doc *d = make(t, COMPOSE_RESPONSE, PAAS);
	const md_node *tab = table(d, 5, 0);
	size_t n = 0, nchoices;
	const char *const *choices = compose_choices(&d->mem, t, &nchoices);

	(void)state;
	assert_int_equal(nchoices, 3);
	assert_string_equal(choices[1], "部分符合");
	assert_int_equal(nchildren(tab), 61);
	check_dropdowns(tab, &n);
	assert_int_equal(n, 59);
	assert_int_equal(count_doc(d, MD_DROPDOWN), 59);
	/* Vendor name, business id, date: text fields. */
	assert_int_equal(count_doc(d, MD_INPUT), 2 * 59 + 3);
	md_doc_free(d);
	tender_free(t);
}

static void test_response_agency_items(void **state)
{
	tender *t = agency();
	md_doc *d = make(t, COMPOSE_RESPONSE, PAAS);
	const md_node *tab = table(d, 5, 0), *r;

	(void)state;
	r = child(tab, row_index(tab, 0, "AG-2"));
	assert_string_equal(first_of(r, MD_DROPDOWN)->u.field.tag, "AG-2.compliance");
	assert_int_equal(count_doc(d, MD_DROPDOWN), 63);
	md_doc_free(d);
	tender_free(t);
}

static void test_response_both_languages(void **state)
{
	tender *t = from_file("catalog/examples/all-types-bilingual.xml");
	md_doc *d = make(t, COMPOSE_RESPONSE, SAAS);
	const md_node *dd = first_of(table(d, 5, 0), MD_DROPDOWN);

	(void)state;
	assert_non_null(dd);
	assert_string_equal(dd->u.field.choices[0], "符合 / Complies");
	assert_string_equal(dd->u.field.choices[2], "不符合 / Does not comply");
	/* OM-21 is excluded in every type of that tender; OM-16 only in PaaS. */
	assert_int_equal(count_doc(d, MD_DROPDOWN), 54 + 1 - 1);
	md_doc_free(d);
	tender_free(t);
}

/* ---- the glossary ---- */

/* The abbreviations of the annex's glossary, joined by '|'. */
static const char *glossary(const md_doc *d)
{
	static char buf[1024];
	const md_node *tab = table(d, 3, 0), *r;

	buf[0] = '\0';
	for (r = tab->first->next; r; r = r->next) {
		size_t used = strlen(buf);

		snprintf(buf + used, sizeof(buf) - used, "|%s", text(child(r, 0)));
	}
	return buf;
}

static int has_abbr(const char *list, const char *abbr)
{
	char key[64];
	size_t n;

	snprintf(key, sizeof(key), "|%s", abbr);
	n = strlen(key);
	for (; (list = strstr(list, key)); list += n)
		if (list[n] == '|' || !list[n])
			return 1;
	return 0;
}

static void test_glossary(void **state)
{
	tender *tp = quick(cat, "paas", NULL), *ts = quick(cat, "saas", NULL);
	md_doc *dp = make(tp, COMPOSE_ANNEX, PAAS), *ds = make(ts, COMPOSE_ANNEX, SAAS);
	const char *g;
	size_t i;

	(void)state;
	/* Precondition: no SaaS row mentions IAM (OM-1 is not in Table 3). */
	for (i = 0; i < cat->tables[SAAS].nrows; i++)
		assert_null(strstr(catalog_row_text(cat, &cat->tables[SAAS].rows[i], cat->official), "IAM"));
	g = glossary(dp);
	assert_true(has_abbr(g, "IAM"));
	assert_true(has_abbr(g, "CSP"));
	assert_true(has_abbr(g, "GCB"));
	assert_false(has_abbr(g, "SSDLC"));   /* SS-2 is SaaS only */
	{
		const md_node *tab = table(dp, 3, 0);
		const md_node *r = child(tab, row_index(tab, 0, "IAM"));

		assert_string_equal(text(child(r, 1)), "身分與存取管理服務");
		/* No definition in the catalogue: the guide's section instead. */
		assert_string_equal(text(child(r, 2)), "見指引伍、二、1");
	}
	g = glossary(ds);
	assert_false(has_abbr(g, "IAM"));
	assert_true(has_abbr(g, "CSP"));
	assert_true(has_abbr(g, "SSDLC"));
	assert_true(has_abbr(g, "SaaS"));
	md_doc_free(dp);
	md_doc_free(ds);
	tender_free(tp);
	tender_free(ts);
}

/* Every abbreviation a printed definition uses is defined too: SaaS's
 * definition speaks of the CSC, which no SaaS row names. */
static void test_glossary_closed(void **state)
{
	tender *t = quick(cat, "saas", NULL);
	md_doc *d = make(t, COMPOSE_ANNEX, SAAS);
	const md_node *tab = table(d, 3, 0), *r;
	size_t i, k;

	(void)state;
	for (i = 0; i < cat->tables[SAAS].nrows; i++)
		assert_null(strstr(catalog_row_text(cat, &cat->tables[SAAS].rows[i], cat->official), "CSC"));
	assert_true(has_abbr(glossary(d), "CSC"));
	for (r = tab->first->next; r; r = r->next)
		for (k = 0; k < cat->nterms; k++)
			if (*cat->terms[k].abbr && strstr(text(child(r, 2)), cat->terms[k].abbr))
				assert_true(has_abbr(glossary(d), cat->terms[k].abbr));
	md_doc_free(d);
	tender_free(t);
}

/* Each document its number; the form names its annex's. */
static void test_titles_and_dates(void **state)
{
	tender *t = from_file("catalog/examples/paas-saas-2026.xml");
	md_doc *d;

	(void)state;
	d = make(t, COMPOSE_ANNEX, SAAS);
	assert_string_equal(text(d->first), "附件三之二　SaaS 服務類型需求項目");
	assert_non_null(strstr(text(d->first->next), "日期：中華民國115年3月2日"));
	md_doc_free(d);
	d = make(t, COMPOSE_RESPONSE, PAAS);
	assert_string_equal(text(d->first), "附件三之三　PaaS 服務類型廠商規格回應表");
	assert_string_equal(text(d->first->next->next), "本表回應附件三之一「PaaS 服務類型需求項目」。");
	md_doc_free(d);
	d = make(t, COMPOSE_OVERVIEW, 0);
	assert_string_equal(text(d->first), "附件三之五　服務類型適用項目總覽");
	md_doc_free(d);
	tender_free(t);
}

/* The declaration: one unsplittable table after the items, whose last row
 * keeps with it; one date line; seal rows. */
static void test_response_declaration(void **state)
{
	tender *t = from_file("catalog/examples/paas-saas-2026.xml");
	md_doc *d = make(t, COMPOSE_RESPONSE, SAAS);
	const md_node *items = table(d, 5, 0), *decl = table(d, 2, 0);

	(void)state;
	assert_true(items->u.table.keep & MD_KEEP_NEXT);
	assert_true(decl->u.table.keep & MD_KEEP_TOGETHER);
	assert_int_equal(nchildren(decl), 6);
	assert_non_null(strstr(text(child(child(decl, 0), 1)), "均屬真實"));
	assert_non_null(strstr(text(child(child(decl, 0), 1)), "此致"));
	assert_non_null(strstr(text(child(child(decl, 0), 1)), "範例市政府資訊中心"));
	assert_string_equal(text(child(child(decl, 3), 0)), "填表日期");
	assert_string_equal(text(child(child(decl, 4), 0)), "廠商印章（大章）");
	assert_string_equal(text(child(child(decl, 5), 0)), "負責人印章（小章）");
	assert_int_equal(count(decl, MD_INPUT), 3);
	md_doc_free(d);
	tender_free(t);
}

/* The overview: one note for OM-21 excluded in three types; the agency
 * item where the annexes put it (after its category's last item). */
static void test_overview(void **state)
{
	tender *t = from_file("catalog/examples/all-types-bilingual.xml");
	md_doc *d = make(t, COMPOSE_OVERVIEW, 0);
	const md_node *tab = table(d, 6, 0);
	const md_node *r = child(tab, row_index(tab, 0, "OM-21"));
	size_t ag;

	(void)state;
	assert_int_equal(count(r, MD_NOTE), 1);
	ag = row_index(tab, 0, "AG-DG-1");
	/* data-governance is an agency category of the security domain: after its last item. */
	assert_string_equal(text(child(child(tab, ag - 1), 0)), cat->items[cat->nitems - 1].id);
	md_doc_free(d);
	tender_free(t);
	t = from_file("catalog/examples/paas-saas-2026.xml");
	d = make(t, COMPOSE_OVERVIEW, 0);
	tab = table(d, 6, 0);
	/* OM-16, excluded from PaaS and SaaS on the notes of Tables 2 and 3: one note naming both. */
	r = child(tab, row_index(tab, 0, "OM-16"));
	assert_int_equal(count(r, MD_NOTE), 1);
	assert_non_null(strstr(notes(r), "表 2：PaaS 服務類型管理項目表、表 3：SaaS 服務類型管理項目表之附註"));
	ag = row_index(tab, 0, "AG-1");
	assert_int_not_equal(ag, nchildren(tab) - 1);
	r = child(tab, ag - 1);
	assert_int_equal(cat->items[catalog_item(cat, text(child(r, 0)))].category,
			 (size_t)catalog_category(cat, "access"));
	assert_int_not_equal(cat->items[catalog_item(cat, text(child(child(tab, ag + 1), 0)))].category,
			     (size_t)catalog_category(cat, "access"));
	md_doc_free(d);
	tender_free(t);
}

/* ---- notes, languages, metadata ---- */

/* Appends the note numbers of n's subtree in document order. */
static void note_numbers(const md_node *n, unsigned *v, size_t *k, size_t max)
{
	const md_node *c;

	if (n->type == MD_NOTE && *k < max)
		v[(*k)++] = n->u.note.number;
	for (c = n->first; c; c = c->next)
		note_numbers(c, v, k, max);
}

static void assert_notes_in_order(const md_doc *d, size_t expected)
{
	unsigned v[64];
	size_t k = 0, i;
	const md_node *n;

	for (n = d->first; n; n = n->next)
		note_numbers(n, v, &k, 64);
	assert_int_equal(k, expected);
	assert_int_equal(d->nnotes, expected);
	for (i = 0; i < k; i++)
		assert_int_equal(v[i], i + 1);
}

static void test_note_numbers_across_document(void **state)
{
	tender *t = from_file("catalog/examples/all-types-bilingual.xml");
	md_doc *d;

	(void)state;
	/* PaaS annex: OM-16 and OM-21 excluded. */
	d = make(t, COMPOSE_ANNEX, PAAS);
	assert_notes_in_order(d, 2);
	md_doc_free(d);
	/* SaaS annex: OM-16's table note, then OM-21's exclusion. */
	d = make(t, COMPOSE_ANNEX, SAAS);
	assert_notes_in_order(d, 2);
	md_doc_free(d);
	/* The overview: OM-16 in PaaS, OM-21 once for the three types. */
	d = make(t, COMPOSE_OVERVIEW, 0);
	assert_notes_in_order(d, 2);
	md_doc_free(d);
	tender_free(t);
}

static void test_annex_both_languages(void **state)
{
	tender *t = from_file("catalog/examples/all-types-bilingual.xml");
	md_doc *d = make(t, COMPOSE_ANNEX, PAAS);
	const md_node *tab = table(d, 6, 0), *r;
	const md_node *note;

	(void)state;
	assert_string_equal(text(child(tab->first, 3)), "要求項目");
	assert_string_equal(text(child(tab->first, 4)), "Requirement");
	assert_int_equal(nchildren(tab), 1 + 60 + 1);
	r = child(tab, row_index(tab, 2, "CC-1"));
	assert_string_equal(text(child(r, 3)), "CSP 須提供機關管理平臺服務介面/網站");
	assert_string_equal(text(child(r, 4)),
			    "The CSP shall provide the agency with a management platform service interface/website.");
	/* The exclusion note has one paragraph, a line per language, so that
	 * the English keeps the note's indent. */
	r = child(tab, row_index(tab, 2, "OM-21"));
	note = first_of(r, MD_NOTE);
	assert_non_null(note);
	assert_int_equal(nchildren(note), 1);
	assert_non_null(strstr(text(child(note, 0)), "無延遲付款之虞"));
	assert_non_null(strstr(text(child(note, 0)), "no payment delay is expected"));
	assert_int_equal(child(child(note, 0), 1)->type, MD_BREAK);
	assert_string_equal(child(child(note, 0), 2)->u.text.lang, "en");
	md_doc_free(d);
	tender_free(t);
}

/* A quoted sentence keeps its own full stop and gets no second one: the
 * English note ends "…need for it.”", the Chinese one, whose quotation
 * has no stop, ends 「…可排除」。 */
static void test_exclusion_note_quotation_stop(void **state)
{
	tender *t = from_file("catalog/examples/all-types-bilingual.xml");
	md_doc *d = make(t, COMPOSE_ANNEX, PAAS);
	const md_node *tab = table(d, 6, 0);
	const md_node *note = first_of(child(tab, row_index(tab, 2, "OM-16")), MD_NOTE);
	const char *zh, *en;

	(void)state;
	assert_non_null(note);
	zh = child(child(note, 0), 0)->u.text.s;
	en = child(child(note, 0), 2)->u.text.s;
	assert_true(strlen(zh) > 30 && !strcmp(zh + strlen(zh) - strlen("可排除」。"), "可排除」。"));
	assert_true(strlen(en) > 30 && !strcmp(en + strlen(en) - strlen("for it.\u201d"), "for it.\u201d"));
	md_doc_free(d);
	tender_free(t);
}

static void test_meta(void **state)
{
	tender *t = quick(cat, "paas", NULL);
	md_doc *d = make(t, COMPOSE_RESPONSE, PAAS);

	(void)state;
	assert_string_equal(d->meta.lang, "zh-TW");
	assert_string_equal(d->meta.kind, "response");
	assert_string_equal(d->meta.service_type, "paas");
	assert_string_equal(d->meta.tender_id, "annex");
	assert_string_equal(d->meta.catalog_version, "V5.1");
	assert_string_equal(d->meta.title, "PaaS 服務類型廠商規格回應表");
	md_doc_free(d);
	assert_string_equal(compose_kind_name(COMPOSE_OVERVIEW), "overview");
	assert_int_equal(compose_kind_parse("annex"), COMPOSE_ANNEX);
	assert_int_equal(compose_kind_parse("response"), COMPOSE_RESPONSE);
	assert_int_equal(compose_kind_parse("Annex"), -1);
	tender_free(t);
}

/* ---- a catalogue without an adjustment clause ---- */

static const char mini[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<catalog xmlns=\"urn:annexgen:catalog:1\" format=\"1\" id=\"mini\" version=\"V1\" date=\"2024-01\">\n"
	"  <meta>\n"
	"    <publisher xml:lang=\"zh-TW\">部</publisher>\n"
	"    <title xml:lang=\"zh-TW\">指引</title>\n"
	"  </meta>\n"
	"  <languages><language tag=\"zh-TW\" official=\"true\"/></languages>\n"
	"  <service-types>\n"
	"    <service-type id=\"t1\"><name xml:lang=\"zh-TW\">甲</name></service-type>\n"
	"  </service-types>\n"
	"  <domain id=\"d1\">\n"
	"    <name xml:lang=\"zh-TW\">面向</name>\n"
	"    <category id=\"c1\">\n"
	"      <name xml:lang=\"zh-TW\">類別</name>\n"
	"      <item id=\"AB-1\"><text xml:lang=\"zh-TW\">要求一</text></item>\n"
	"    </category>\n"
	"  </domain>\n"
	"  <table type=\"t1\"><row item=\"AB-1\"/></table>\n"
	"</catalog>\n";

/* With no basis to quote, the footnote is the reason alone: no separator
 * dangling at its end. */
static void test_exclusion_note_without_basis(void **state)
{
	static const char *const ab1[] = { "AB-1:本案無須", NULL };
	ag_error err = { 0 };
	catalog *c = catalog_load_mem(mini, sizeof(mini) - 1, "mini.xml", &err);
	tender *t;
	md_doc *d;
	char got[8192];

	(void)state;
	if (!c)
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	t = quick(c, "t1", ab1);
	d = make(t, COMPOSE_ANNEX, 0);
	snprintf(got, sizeof(got), "%s", notes(table(d, 5, 0)));
	md_doc_free(d);
	tender_free(t);
	catalog_free(c);
	assert_string_equal(got, "|本案不適用：本機關決定排除本項，理由為本案無須。");
}

/* ---- allocation failures ----
 * This test links with -Wl,--wrap=malloc,calloc,realloc (Makefile): every
 * allocation of annexgen's code goes through these, which fail the one
 * numbered fail_at and pass the others on. */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);

static long fail_at = -1;     /* allocations left before the one that fails; -1 none */

static int fails(void)
{
	return fail_at >= 0 && fail_at-- == 0;
}

void *__wrap_malloc(size_t size)
{
	return fails() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return fails() ? NULL : __real_realloc(p, size);
}

/* Nodes of each type in d, and its text, as one comparable string. */
static char *shape(const md_doc *d)
{
	size_t size = 1 << 20, used, ty;
	char *buf = __real_calloc(1, size);
	const md_node *n;

	assert_non_null(buf);
	for (ty = MD_PARA; ty <= MD_BREAK; ty++) {
		used = strlen(buf);
		snprintf(buf + used, size - used, "%zu ", count_doc(d, (md_type)ty));
	}
	for (n = d->first; n; n = n->next)
		collect(n, buf, size, 1);
	return buf;
}

/* Whichever allocation fails, compose gives the whole document or none
 * (AG_ERR_NOMEM): never one without its table, its drop-downs or a note. */
static void test_allocation_failures(void **state)
{
	static const char *const tenders[] = { NULL, "catalog/examples/all-types-bilingual.xml" };
	size_t i;
	int kind;

	(void)state;
	for (i = 0; i < sizeof(tenders) / sizeof(tenders[0]); i++) {
		tender *t = tenders[i] ? from_file(tenders[i]) : quick(cat, "paas", om16);

		for (kind = 0; kind < COMPOSE_KIND_COUNT; kind++) {
			md_doc *whole = make(t, (compose_kind)kind, PAAS);
			char *want = shape(whole);
			long k;

			md_doc_free(whole);
			for (k = 0;; k++) {
				ag_error err = { 0 };
				md_doc *d;
				int failed;

				fail_at = k;
				d = compose(t, (compose_kind)kind, PAAS, &err);
				failed = fail_at < 0;
				fail_at = -1;
				if (d) {
					char *got = shape(d);

					if (strcmp(got, want))
						fail_msg("%s of '%s': allocation %ld failed, yet compose gave a "
							 "document without part of it", compose_kind_name((compose_kind)kind),
							 t->id, k);
					free(got);
					md_doc_free(d);
				} else {
					assert_true(failed);
					assert_int_equal(err.code, AG_ERR_NOMEM);
				}
				if (!failed)
					break;      /* every allocation has failed once */
			}
			free(want);
		}
		tender_free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_annex_paas_rows_and_merges),
		cmocka_unit_test(test_glossary_closed),
		cmocka_unit_test(test_titles_and_dates),
		cmocka_unit_test(test_response_declaration),
		cmocka_unit_test(test_overview),
		cmocka_unit_test(test_annex_paas_om16_excluded),
		cmocka_unit_test(test_annex_paas_om16_note_without_exclusion),
		cmocka_unit_test(test_annex_exclusion_with_reason),
		cmocka_unit_test(test_annex_agency_items),
		cmocka_unit_test(test_response_dropdowns),
		cmocka_unit_test(test_response_agency_items),
		cmocka_unit_test(test_response_both_languages),
		cmocka_unit_test(test_glossary),
		cmocka_unit_test(test_note_numbers_across_document),
		cmocka_unit_test(test_annex_both_languages),
		cmocka_unit_test(test_exclusion_note_quotation_stop),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_exclusion_note_without_basis),
		cmocka_unit_test(test_allocation_failures),
	};
	int failed = cmocka_run_group_tests(tests, bundled_setup, bundled_teardown);

	xmlload_cleanup();
	return failed;
}
