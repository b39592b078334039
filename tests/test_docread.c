/* Tests for docread: tables, fields and properties read as a reader sees them,
 * on hand-written ODT and DOCX XML as LibreOffice and Word store them, and packages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docread.h"
#include "package.h"
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
	pkg_writer *w = pkg_writer_new(NULL);
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

/* Parses a DOCX body made of one table row of cells (cells given as XML). */
static docread_form *docx_row(const char *cells, const char *styles)
{
	static char doc[16384];
	ag_error err = { 0 };
	docread_form *f;

	snprintf(doc, sizeof(doc),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document" W_NS
		 " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""
		 " xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\""
		 " xmlns:x=\"urn:example:unknown\"><w:body><w:tbl><w:tr>%s</w:tr></w:tbl></w:body></w:document>",
		 cells);
	f = docread_parse(1, doc, strlen(doc), NULL, 0, styles, styles ? strlen(styles) : 0, "t.docx", &err);
	assert_non_null(f);
	return f;
}

static void test_dropdown_selected_entry_wins(void **state)
{
	static const char content[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content" ODF_NS
		"><office:body><office:text><table:table><table:table-row>"
		"<table:table-cell><text:p><text:drop-down text:name=\"OM-1.compliance\">"
		"<text:label text:value=\"符合\"/><text:label text:value=\"不符合\" text:current-selected=\"true\"/>"
		"符合</text:drop-down></text:p></table:table-cell>"
		"<table:table-cell><text:p><text:drop-down><text:label text:value=\"符合\"/>請選擇</text:drop-down>"
		"</text:p></table:table-cell>"
		"</table:table-row></table:table></office:text></office:body></office:document-content>";
	ag_error err = { 0 };
	docread_form *f = docread_parse(0, content, sizeof(content) - 1, NULL, 0, NULL, 0, "t.odt", &err);

	(void)state;
	assert_non_null(f);
	/* LibreOffice shows the selected entry; the stale text is a disagreeing copy. */
	assert_string_equal(cell(f, 0, 0, 0)->text, "不符合");
	assert_int_equal(cell(f, 0, 0, 0)->ncopies, 2);
	assert_string_equal(cell(f, 0, 0, 0)->copies[0].text, "不符合");
	assert_int_equal(cell(f, 0, 0, 0)->copies[0].kind, DOCREAD_COPY_FIELD);
	assert_string_equal(cell(f, 0, 0, 0)->copies[1].text, "符合");
	assert_int_equal(cell(f, 0, 0, 0)->copies[1].kind, DOCREAD_COPY_STORED);
	/* Nothing selected: the text it holds. */
	assert_string_equal(cell(f, 0, 0, 1)->text, "請選擇");
	assert_int_equal(cell(f, 0, 0, 1)->ncopies, 0);
	docread_free(f);
}

static void test_alternate_content_as_word_reads_it(void **state)
{
	docread_form *f = docx_row(
		/* Word understands w14: the Choice. */
		"<w:tc><w:p><mc:AlternateContent><mc:Choice Requires=\"w14\"><w:r><w:t>不</w:t></w:r></mc:Choice>"
		"<mc:Fallback><w:r><w:t>X</w:t></w:r></mc:Fallback></mc:AlternateContent>"
		"<w:r><w:t>符合</w:t></w:r></w:p></w:tc>"
		/* An unknown namespace, or an undeclared prefix: the Fallback. */
		"<w:tc><w:p><mc:AlternateContent><mc:Choice Requires=\"x\"><w:r><w:t>不</w:t></w:r></mc:Choice>"
		"<mc:Choice Requires=\"w14 nope\"><w:r><w:t>部分</w:t></w:r></mc:Choice>"
		"<mc:Fallback><w:r><w:t>符合</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p></w:tc>"
		/* No branch Word can read. */
		"<w:tc><w:p><mc:AlternateContent><mc:Choice Requires=\"x\"><w:r><w:t>A</w:t></w:r></mc:Choice>"
		"</mc:AlternateContent><w:r><w:t>B</w:t></w:r></w:p></w:tc>",
		NULL);

	(void)state;
	assert_string_equal(cell(f, 0, 0, 0)->text, "不符合");
	assert_string_equal(cell(f, 0, 0, 1)->text, "符合");
	assert_string_equal(cell(f, 0, 0, 2)->text, "B");
	docread_free(f);
}

static void test_hidden_text_is_not_read(void **state)
{
	static const char styles[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles" W_NS ">"
		"<w:style w:type=\"character\" w:styleId=\"Secret\"><w:rPr><w:vanish/></w:rPr></w:style>"
		"<w:style w:type=\"character\" w:styleId=\"Child\"><w:basedOn w:val=\"Secret\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"HiddenPara\"><w:rPr><w:vanish/></w:rPr></w:style>"
		"</w:styles>";
	static const char odt[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content" ODF_NS
		" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"><office:automatic-styles>"
		"<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties text:display=\"none\"/>"
		"</style:style></office:automatic-styles><office:body><office:text><table:table><table:table-row>"
		"<table:table-cell><text:p><text:span text:style-name=\"T1\">不</text:span>符合</text:p>"
		"<text:section text:name=\"s\" text:display=\"none\"><text:p>hidden</text:p></text:section>"
		"</table:table-cell></table:table-row></table:table></office:text></office:body></office:document-content>";
	ag_error err = { 0 };
	docread_form *f = docx_row(
		"<w:tc><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>不</w:t></w:r><w:r><w:t>符合</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>shown</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:rPr><w:rStyle w:val=\"Child\"/></w:rPr><w:t>不</w:t></w:r>"
		"<w:r><w:t>符合</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:pPr><w:pStyle w:val=\"HiddenPara\"/></w:pPr><w:r><w:t>gone</w:t></w:r>"
		"<w:r><w:rPr><w:vanish w:val=\"false\"/></w:rPr><w:t>kept</w:t></w:r></w:p></w:tc>",
		styles);

	(void)state;
	assert_string_equal(cell(f, 0, 0, 0)->text, "符合");
	assert_string_equal(cell(f, 0, 0, 1)->text, "shown");
	assert_string_equal(cell(f, 0, 0, 2)->text, "符合");
	assert_string_equal(cell(f, 0, 0, 3)->text, "kept");
	docread_free(f);
	f = docread_parse(0, odt, sizeof(odt) - 1, NULL, 0, NULL, 0, "t.odt", &err);
	assert_non_null(f);
	assert_string_equal(cell(f, 0, 0, 0)->text, "符合");
	docread_free(f);
}

#define FILLIN(v) \
	"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> FILLIN &quot;x&quot;</w:instrText></w:r>" \
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>" v "</w:t></w:r>" \
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
#define SDT(v) "<w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r>" v "</w:r></w:sdtContent></w:sdt>"

static void test_one_value_per_field(void **state)
{
	docread_form *f = docx_row(
		/* LibreOffice's DOCX from an ODT form: copies with fragments between. */
		"<w:tc><w:p>" FILLIN("附件5") "<w:r><w:t>附件</w:t></w:r>" FILLIN("附件5")
		"<w:r><w:t>5</w:t></w:r>" FILLIN("附件5") "</w:p></w:tc>"
		/* ... from a DOCX form: each copy a fragment and then the text. */
		"<w:tc><w:p>" SDT("<w:t>115年3月20日</w:t>") SDT("<w:t>年</w:t><w:t>115年3月20日</w:t>")
		SDT("<w:t>20</w:t><w:t>115年3月20日</w:t>") "</w:p></w:tc>"
		/* Copies that disagree, and text beside a field that is not part of it. */
		"<w:tc><w:p>" FILLIN("符合") FILLIN("不符合") "</w:p></w:tc>"
		"<w:tc><w:p>" FILLIN("甲公司") "<w:r><w:t>另見附件</w:t></w:r></w:p></w:tc>"
		/* An empty field and text typed beside it: the text. */
		"<w:tc><w:p>" FILLIN("") "<w:r><w:t>typed</w:t></w:r></w:p></w:tc>"
		/* A control showing its placeholder. */
		"<w:tc><w:p><w:sdt><w:sdtPr><w:showingPlcHdr/><w:dropDownList/></w:sdtPr><w:sdtContent>"
		"<w:r><w:t>請選擇</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc>",
		NULL);

	(void)state;
	assert_string_equal(cell(f, 0, 0, 0)->text, "附件5");
	assert_int_equal(cell(f, 0, 0, 0)->ncopies, 0);
	assert_string_equal(cell(f, 0, 0, 1)->text, "115年3月20日");
	assert_int_equal(cell(f, 0, 0, 1)->ncopies, 0);
	assert_int_equal(cell(f, 0, 0, 2)->ncopies, 2);
	assert_string_equal(cell(f, 0, 0, 2)->copies[0].text, "符合");
	assert_string_equal(cell(f, 0, 0, 2)->copies[1].text, "不符合");
	assert_string_equal(cell(f, 0, 0, 3)->text, "甲公司");
	assert_int_equal(cell(f, 0, 0, 3)->ncopies, 2);
	assert_string_equal(cell(f, 0, 0, 3)->copies[1].text, "另見附件");
	assert_int_equal(cell(f, 0, 0, 3)->copies[1].kind, DOCREAD_COPY_OUTSIDE);
	assert_string_equal(cell(f, 0, 0, 4)->text, "typed");
	assert_int_equal(cell(f, 0, 0, 4)->ncopies, 0);
	assert_string_equal(cell(f, 0, 0, 5)->text, "");
	assert_int_equal(cell(f, 0, 0, 5)->placeholder, 1);
	docread_free(f);
}

static void test_nested_tables_walked_once(void **state)
{
	enum { DEPTH = 80 };
	static char cells[DEPTH * 128 + 256];
	size_t i, o = 0;
	docread_form *f;

	(void)state;
	o += (size_t)snprintf(cells + o, sizeof(cells) - o, "<w:tc><w:p><w:r><w:t>outer</w:t></w:r></w:p>");
	for (i = 0; i < DEPTH; i++)
		o += (size_t)snprintf(cells + o, sizeof(cells) - o, "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>%zu</w:t></w:r></w:p>", i);
	for (i = 0; i < DEPTH; i++)
		o += (size_t)snprintf(cells + o, sizeof(cells) - o, "</w:tc></w:tr></w:tbl>");
	snprintf(cells + o, sizeof(cells) - o, "</w:tc>");
	f = docx_row(cells, NULL);
	/* The parent first, each nested table after it, none read into its parent's cell. */
	assert_int_equal(f->ntables, DEPTH + 1);
	assert_string_equal(cell(f, 0, 0, 0)->text, "outer");
	assert_string_equal(cell(f, 1, 0, 0)->text, "0");
	assert_string_equal(cell(f, DEPTH, 0, 0)->text, "79");
	docread_free(f);
}

static const char ct_word[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>";
#define REL(t) "<Relationship Id=\"r%d\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"" t "\"/>"
#define RELS(body) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" body "</Relationships>"

static void test_package_type_as_the_applications_decide(void **state)
{
	static const char word_doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document" W_NS "><w:body><w:tbl><w:tr><w:tc><w:p><w:r>"
		"<w:t>docx</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>";
	const char *names[] = { "mimetype", "content.xml", "[Content_Types].xml", "_rels/.rels", "word/document.xml" };
	const char *data[] = { "application/vnd.oasis.opendocument.text", odt_content, ct_word,
			       RELS("<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"),
			       word_doc };
	ag_error err = { 0 };
	unsigned char *zip;
	size_t len;
	docread_form *f;

	(void)state;
	/* Both an ODT and a DOCX: Word reads the DOCX; LibreOffice goes by the name. */
	zip = zip_of(names, data, 5, &len);
	f = docread_mem(zip, len, "both.docx", &err);
	assert_non_null(f);
	assert_string_equal(f->format, "docx");
	assert_string_equal(cell(f, 0, 0, 0)->text, "docx");
	assert_int_equal(f->both_formats, 1);
	docread_free(f);
	f = docread_mem(zip, len, "both.odt", &err);
	assert_non_null(f);
	assert_string_equal(f->format, "odt");
	assert_int_equal(f->both_formats, 1);
	docread_free(f);
	free(zip);
	/* Two main documents: unreadable. */
	data[3] = RELS("<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
		       "<Relationship Id=\"r2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/word/document.xml\"/>");
	zip = zip_of(names + 2, data + 2, 3, &len);
	assert_null(docread_mem(zip, len, "two.docx", &err));
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "2 main documents"));
	free(zip);
	/* The main document a spreadsheet; a main document the package lacks. */
	data[3] = RELS("<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>");
	names[4] = "xl/workbook.xml";
	zip = zip_of(names + 2, data + 2, 3, &len);
	assert_null(docread_mem(zip, len, "sheet.docx", &err));
	assert_non_null(strstr(err.msg, "not a word-processing document"));
	free(zip);
	names[4] = "word/other.xml";
	zip = zip_of(names + 2, data + 2, 3, &len);
	assert_null(docread_mem(zip, len, "lost.docx", &err));
	assert_non_null(strstr(err.msg, "that it does not hold"));
	free(zip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_odt_rows_and_columns),
		cmocka_unit_test(test_docx_rows_and_columns),
		cmocka_unit_test(test_not_a_text_document),
		cmocka_unit_test(test_damaged_packages),
		cmocka_unit_test(test_dropdown_selected_entry_wins),
		cmocka_unit_test(test_alternate_content_as_word_reads_it),
		cmocka_unit_test(test_hidden_text_is_not_read),
		cmocka_unit_test(test_one_value_per_field),
		cmocka_unit_test(test_nested_tables_walked_once),
		cmocka_unit_test(test_package_type_as_the_applications_decide),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlload_cleanup();
	return rc;
}
