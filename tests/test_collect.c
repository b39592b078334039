/* Tests for collect: the row/column reader on hand-written ODT and DOCX XML as
 * LibreOffice and Word store fields, damaged packages, diffs, our own forms. */
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
#include "textcmp.h"
#include "embedded.h"
#include "generate.h"
#include "package.h"
#include "template.h"
#include "tender.h"
#include "xmlload.h"

#include "banned.h"

#define ODF_NS \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
	" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"" \
	" xmlns:loext=\"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0\""
#define W_NS " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char odt_content[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<office:document-content" ODF_NS "><office:body><office:text>"
	"<text:p>before the table</text:p>"
	"<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"6\"/>"
	"<table:table-header-rows><table:table-row>"
	"<table:table-cell><text:p>編號</text:p></table:table-cell>"
	"</table:table-row></table:table-header-rows>"
	"<table:table-row>"
	"<table:table-cell><text:p> OM-1 </text:p></table:table-cell>"
	"<table:table-cell><text:p>CSP  須<text:s text:c=\"2\"/>提供"
	"<text:note text:id=\"n1\"><text:note-citation>1</text:note-citation>"
	"<text:note-body><text:p>a footnote</text:p></text:note-body></text:note></text:p>"
	"<text:p>second<text:line-break/>line</text:p></table:table-cell>"
	"<table:table-cell><text:p><text:drop-down text:name=\"OM-1.compliance\">"
	"<text:label text:value=\"請選擇\"/><text:label text:value=\"符合\" text:current-selected=\"true\"/>"
	"符合</text:drop-down></text:p></table:table-cell>"
	"<table:table-cell><text:p><text:text-input text:description=\"OM-1.explanation\">說明<text:tab/>文字"
	"</text:text-input></text:p></table:table-cell>"
	"<table:table-cell table:number-columns-repeated=\"2\"><text:p/></table:table-cell>"
	"</table:table-row>"
	"<table:table-rows><table:table-row>"
	"<table:table-cell><text:p>OM-2</text:p></table:table-cell>"
	"<table:covered-table-cell/>"
	"<table:table-cell><text:p><text:drop-down text:name=\"x\"><text:label text:value=\"請選擇\"/>"
	"<text:label text:value=\"不符合\" text:current-selected=\"true\"/></text:drop-down></text:p></table:table-cell>"
	"<table:table-cell><text:p><loext:content-control><loext:list-item loext:display-text=\"部分符合\""
	" loext:value=\"部分符合\"/>部分符合</loext:content-control></text:p></table:table-cell>"
	"<table:table-cell><text:p><loext:content-control loext:showing-place-holder=\"true\">Click here"
	"</loext:content-control></text:p></table:table-cell>"
	"<table:table-cell><text:p>kept<office:annotation><text:p>a comment</text:p></office:annotation>"
	"</text:p></table:table-cell>"
	"</table:table-row></table:table-rows>"
	"</table:table></office:text></office:body></office:document-content>";

static const char odt_meta[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<office:document-meta" ODF_NS "><office:meta>"
	"<meta:user-defined meta:name=\"Tender\">t-1</meta:user-defined>"
	"<meta:user-defined meta:name=\"Service type\" meta:value-type=\"string\">paas</meta:user-defined>"
	"</office:meta></office:document-meta>";

static const char docx_document[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<w:document" W_NS "><w:body>"
	"<w:p><w:r><w:t>intro</w:t></w:r></w:p>"
	"<w:tbl><w:tblPr/><w:tblGrid/>"
	"<w:tr>"
	"<w:tc><w:tcPr/><w:p><w:r><w:t>OM-1</w:t></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:r><w:t xml:space=\"preserve\">CSP </w:t></w:r><w:r><w:t>須</w:t></w:r>"
	"<w:del><w:r><w:delText>刪除</w:delText></w:r></w:del><w:ins><w:r><w:t>提供</w:t></w:r></w:ins>"
	"<w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:sdt><w:sdtPr><w:alias w:val=\"Alias\"/><w:tag w:val=\"OM-1.compliance\"/>"
	"<w:dropDownList><w:listItem w:displayText=\"請選擇\" w:value=\"請選擇\"/></w:dropDownList></w:sdtPr>"
	"<w:sdtContent><w:r><w:t>符合</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc>"
	/* LibreOffice's FILLIN, with the bookmark it misplaces into the next cell. */
	"<w:tc><w:p><w:r><w:fldChar w:fldCharType=\"begin\"></w:fldChar></w:r>"
	"<w:r><w:instrText xml:space=\"preserve\"> FILLIN &quot;OM-1.explanation&quot;</w:instrText></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:bookmarkStart w:id=\"0\" w:name=\"OM-1.compliance\"/>"
	"<w:r><w:t>說明</w:t></w:r><w:r><w:br/><w:t>第二行</w:t></w:r><w:bookmarkEnd w:id=\"0\"/>"
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:tc>"
	"<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:sdt><w:sdtPr><w:alias w:val=\"OM-1.evidence\"/>"
	"<w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>按一下以輸入文字</w:t></w:r>"
	"</w:sdtContent></w:sdt></w:p></w:tc>"
	"</w:tr>"
	"<w:sdt><w:sdtContent><w:tr>"
	"<w:tc><w:p><w:r><w:t>OM-2</w:t></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p></w:tc>"
	"<w:tc><w:p><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Dropdown1\"/>"
	"<w:ddList><w:result w:val=\"2\"/><w:listEntry w:val=\"請選擇\"/><w:listEntry w:val=\"符合\"/>"
	"<w:listEntry w:val=\"部分符合\"/></w:ddList></w:ffData></w:fldChar></w:r>"
	"<w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	"<w:r><w:t>ignored</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Text1\"/><w:textInput/>"
	"</w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>typed</w:t></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
	"</w:tr></w:sdtContent></w:sdt>"
	"</w:tbl><w:sectPr/></w:body></w:document>";

static const char docx_custom[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\""
	" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
	"<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"Catalogue version\">"
	"<vt:lpwstr>V5.1</vt:lpwstr></property></Properties>";

static const docread_cell *cell(const docread_form *f, size_t t, size_t r, size_t c)
{
	assert_true(t < f->ntables);
	assert_true(r < f->tables[t].nrows);
	assert_true(c < f->tables[t].rows[r].ncells);
	return &f->tables[t].rows[r].cells[c];
}

static void assert_tag(const docread_cell *c, const char *tag)
{
	if (!tag) {
		assert_null(c->tag);
		return;
	}
	assert_non_null(c->tag);
	assert_string_equal(c->tag, tag);
}

static void test_odt_rows_and_columns(void **state)
{
	ag_error err = { 0 };
	docread_form *f;

	(void)state;
	f = docread_parse(0, odt_content, sizeof(odt_content) - 1, odt_meta, sizeof(odt_meta) - 1, NULL, 0, "t.odt", &err);
	assert_non_null(f);
	assert_string_equal(f->format, "odt");
	assert_int_equal(f->ntables, 1);
	assert_int_equal(f->tables[0].nrows, 3);
	/* Header rows count as rows; a repeated cell as several. */
	assert_int_equal(f->tables[0].rows[1].ncells, 6);
	assert_string_equal(cell(f, 0, 1, 0)->text, "OM-1");
	assert_string_equal(cell(f, 0, 1, 1)->text, "CSP 須  提供\nsecond\nline");
	assert_int_equal(cell(f, 0, 1, 1)->nfields, 0);
	assert_string_equal(cell(f, 0, 1, 2)->text, "符合");
	assert_tag(cell(f, 0, 1, 2), "OM-1.compliance");
	assert_string_equal(cell(f, 0, 1, 3)->text, "說明\t文字");
	assert_tag(cell(f, 0, 1, 3), "OM-1.explanation");
	assert_string_equal(cell(f, 0, 1, 5)->text, "");
	/* A covered cell keeps its column; an empty drop-down shows its selected label. */
	assert_int_equal(f->tables[0].rows[2].ncells, 6);
	assert_string_equal(cell(f, 0, 2, 1)->text, "");
	assert_string_equal(cell(f, 0, 2, 2)->text, "不符合");
	assert_string_equal(cell(f, 0, 2, 3)->text, "部分符合");
	assert_tag(cell(f, 0, 2, 3), NULL);
	assert_int_equal(cell(f, 0, 2, 3)->nfields, 1);
	assert_string_equal(cell(f, 0, 2, 4)->text, "");
	assert_string_equal(cell(f, 0, 2, 5)->text, "kept");
	assert_string_equal(docread_prop(f, "Tender"), "t-1");
	assert_string_equal(docread_prop(f, "Service type"), "paas");
	assert_null(docread_prop(f, "Catalogue version"));
	docread_free(f);
}

static void test_docx_rows_and_columns(void **state)
{
	ag_error err = { 0 };
	docread_form *f;

	(void)state;
	f = docread_parse(1, docx_document, sizeof(docx_document) - 1, docx_custom,
			       sizeof(docx_custom) - 1, NULL, 0, "t.docx", &err);
	assert_non_null(f);
	assert_string_equal(f->format, "docx");
	assert_int_equal(f->ntables, 1);
	assert_int_equal(f->tables[0].nrows, 2);
	/* A cell spanning two grid columns is followed by an empty one. */
	assert_int_equal(f->tables[0].rows[0].ncells, 6);
	assert_string_equal(cell(f, 0, 0, 1)->text, "CSP 須提供");
	assert_string_equal(cell(f, 0, 0, 2)->text, "符合");
	assert_tag(cell(f, 0, 0, 2), "OM-1.compliance");
	/* The FILLIN's prompt is its tag; the misplaced bookmark is not. */
	assert_string_equal(cell(f, 0, 0, 3)->text, "說明\n第二行");
	assert_tag(cell(f, 0, 0, 3), "OM-1.explanation");
	/* A control showing its placeholder is empty; its alias stands in for a tag. */
	assert_string_equal(cell(f, 0, 0, 4)->text, "");
	assert_tag(cell(f, 0, 0, 4), "OM-1.evidence");
	/* The row inside a row-level content control is read too. */
	assert_string_equal(cell(f, 0, 1, 0)->text, "OM-2");
	assert_string_equal(cell(f, 0, 1, 1)->text, "3");
	assert_int_equal(cell(f, 0, 1, 1)->nfields, 0);
	assert_string_equal(cell(f, 0, 1, 2)->text, "部分符合");
	assert_tag(cell(f, 0, 1, 2), "Dropdown1");
	assert_string_equal(cell(f, 0, 1, 3)->text, "typed");
	assert_tag(cell(f, 0, 1, 3), "Text1");
	assert_string_equal(cell(f, 0, 1, 4)->text, "a\n\nb");
	assert_string_equal(docread_prop(f, "Catalogue version"), "V5.1");
	docread_free(f);
}

static void test_not_a_text_document(void **state)
{
	static const char sheet[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content" ODF_NS ">"
		"<office:body><office:spreadsheet/></office:body></office:document-content>";
	static const char other[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root/>";
	ag_error err = { 0 };

	(void)state;
	assert_null(docread_parse(0, sheet, sizeof(sheet) - 1, NULL, 0, NULL, 0, "s.ods", &err));
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "not a text document"));
	assert_null(docread_parse(1, other, sizeof(other) - 1, NULL, 0, NULL, 0, "o.docx", &err));
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_null(docread_parse(0, "<a>", 3, NULL, 0, NULL, 0, "bad.odt", &err));
	assert_int_equal(err.code, AG_ERR_DATA);
}

static unsigned char *zip_of(const char *const *names, const char *const *data, size_t n, size_t *len)
{
	pkg_writer *w = pkg_writer_new();
	unsigned char *out = NULL;
	ag_error err = { 0 };
	size_t i;

	assert_non_null(w);
	for (i = 0; i < n; i++)
		assert_int_equal(pkg_add(w, names[i], data[i], strlen(data[i]), !strcmp(names[i], "mimetype"),
					 &err), AG_OK);
	assert_int_equal(pkg_finish(w, &out, len, &err), AG_OK);
	pkg_writer_free(w);
	return out;
}

static void test_damaged_packages(void **state)
{
	static const char *const odt_names[] = { "mimetype", "content.xml" };
	static const char *const odt_data[] = { "application/vnd.oasis.opendocument.text", odt_content };
	static const char *const ods_data[] = { "application/vnd.oasis.opendocument.spreadsheet", odt_content };
	static const char *const other_names[] = { "readme.txt" };
	static const char *const other_data[] = { "hello" };
	ag_error err = { 0 };
	unsigned char *zip;
	size_t len;
	docread_form *f;

	(void)state;
	assert_null(docread_mem("not a zip at all", 16, "x.docx", &err));
	assert_int_equal(err.code, AG_ERR_DATA);

	zip = zip_of(odt_names, odt_data, 2, &len);
	f = docread_mem(zip, len, "ok.odt", &err);
	assert_non_null(f);
	assert_int_equal(f->ntables, 1);
	docread_free(f);
	/* Cut short: the central directory is gone. */
	assert_null(docread_mem(zip, len / 2, "cut.odt", &err));
	assert_int_equal(err.code, AG_ERR_DATA);
	free(zip);

	zip = zip_of(odt_names, ods_data, 2, &len);
	assert_null(docread_mem(zip, len, "sheet.ods", &err));
	assert_non_null(strstr(err.msg, "not a text document"));
	free(zip);

	zip = zip_of(other_names, other_data, 1, &len);
	assert_null(docread_mem(zip, len, "other.zip", &err));
	assert_non_null(strstr(err.msg, "neither an ODT nor a DOCX"));
	free(zip);
}

static void test_text_diff(void **state)
{
	char buf[512];

	(void)state;
	assert_int_equal(textcmp_diff("CSP 須 提供", "CSP須提供 ", buf, sizeof(buf)), 0);
	assert_int_equal(textcmp_diff("ABCDEF", "ABXDEF", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "AB〔C〕DEF\tAB〔X〕DEF");
	/* An insertion shows an empty span on the tender's side. */
	assert_int_equal(textcmp_diff("abc", "abXc", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "ab〔〕c\tab〔X〕c");
	/* Context is cut to eight characters either side. */
	assert_int_equal(textcmp_diff("0123456789一二三四五六七八九十", "0123456789一二三改五六七八九十",
					   buf, sizeof(buf)), 1);
	assert_string_equal(buf, "…56789一二三〔四〕五六七八九十\t…56789一二三〔改〕五六七八九十");
	/* A small buffer is cut between characters, never inside one. */
	assert_int_equal(textcmp_diff("一二三", "一二四", buf, 8), 1);
	assert_string_equal(buf, "一二\t");
}

/* Our own forms, read back: every item is found, unanswered, text unchanged. */
static void test_own_forms_read_back(void **state)
{
	const embedded_file *ef = embedded_find("catalog/moda-public-cloud-v5.1.xml");
	ag_error err = { 0 };
	catalog *cat;
	tender *t;
	collect *c;
	int format;
	size_t i, v;

	(void)state;
	assert_non_null(ef);
	cat = catalog_load_mem(ef->data, ef->len, "builtin", &err);
	assert_non_null(cat);
	t = tender_load("catalog/examples/paas-saas-2026.xml", &err);
	assert_non_null(t);
	assert_int_equal(tender_bind(t, cat, &err), AG_OK);
	assert_null(collect_new(t, (size_t)catalog_type(cat, "iaas"), &err));
	assert_int_equal(err.code, AG_ERR_USAGE);
	c = collect_new(t, (size_t)catalog_type(cat, "paas"), &err);
	assert_non_null(c);
	assert_int_equal(c->nchoices, 3);
	assert_string_equal(c->placeholder, "請選擇");
	for (format = GEN_ODT; format <= GEN_DOCX; format++) {
		unsigned char *data;
		size_t len;
		docread_form *f;

		assert_int_equal(generate_render(t, COMPOSE_RESPONSE, c->type, format, template_builtin(),
						 &data, &len, &err), AG_OK);
		f = docread_mem(data, len, format == GEN_ODT ? "own.odt" : "own.docx", &err);
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
	collect_free(c);
	tender_free(t);
	catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_odt_rows_and_columns),
		cmocka_unit_test(test_docx_rows_and_columns),
		cmocka_unit_test(test_not_a_text_document),
		cmocka_unit_test(test_damaged_packages),
		cmocka_unit_test(test_text_diff),
		cmocka_unit_test(test_own_forms_read_back),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlload_cleanup();
	return rc;
}
