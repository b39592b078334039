/* Tests for template loading: small DOCX and ODT packages built here, each
 * with one trait of documents Word and LibreOffice write (split runs, missing
 * styles, relationship targets), read through template_load. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "package.h"
#include "template.h"
#include "xmlload.h"

#include "banned.h"

#define NS_W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define NS_R "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static char dir[256];

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/annexgen-tmpl.XXXXXX", tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rmdir(dir);
	return 0;
}

struct entry {
	const char *name, *data;
};

/* Writes the entries as package dir/name and returns its path (static). */
static const char *package(const char *name, const struct entry *e, size_t n)
{
	static char path[512];
	pkg_writer *w = pkg_writer_new(NULL);
	ag_error err = { 0 };
	unsigned char *out;
	size_t len, i;
	FILE *fp;

	assert_non_null(w);
	for (i = 0; i < n; i++)
		assert_int_equal(pkg_add(w, e[i].name, e[i].data, strlen(e[i].data),
					 !strcmp(e[i].name, "mimetype"), &err), AG_OK);
	assert_int_equal(pkg_finish(w, &out, &len, &err), AG_OK);
	pkg_writer_free(w);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(out, 1, len, fp), len);
	fclose(fp);
	free(out);
	return path;
}

static const char content_types[] =
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Default Extension=\"png\" ContentType=\"image/png\"/></Types>";

/* A Word document whose main part is not word/document.xml, found through
 * _rels/.rels; its header is named by an absolute target, its styles by a
 * relative one with a dot segment. */
static const struct entry docx[] = {
	{ "[Content_Types].xml", content_types },
	{ "_rels/.rels", RELS "<Relationship Id=\"r1\" Type=\"" REL "officeDocument\" Target=\"/doc/main.xml\"/>"
			 "</Relationships>" },
	{ "doc/_rels/main.xml.rels",
	  RELS "<Relationship Id=\"s\" Type=\"" REL "styles\" Target=\"./parts/../st.xml\"/>"
	  "<Relationship Id=\"h\" Type=\"" REL "header\" Target=\"/doc/hdr.xml\"/></Relationships>" },
	{ "doc/main.xml", "<w:document " NS_W " " NS_R "><w:body><w:p/><w:sectPr>"
			  "<w:headerReference w:type=\"default\" r:id=\"h\"/>"
			  "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/></w:sectPr></w:body></w:document>" },
	{ "doc/st.xml", "<w:styles " NS_W "><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Base\">"
			"<w:name w:val=\"Normal\"/><w:rPr><w:rFonts w:ascii=\"Agency Sans\"/></w:rPr></w:style>"
			"<w:style w:type=\"paragraph\" w:styleId=\"Big\"><w:name w:val=\"Title\"/>"
			"<w:basedOn w:val=\"Missing\"/></w:style></w:styles>" },
	/* Split by a spelling mark and a revision, as Word saves a typed placeholder. */
	{ "doc/hdr.xml", "<w:hdr " NS_W "><w:p><w:r><w:t>Agency @HEADER_</w:t></w:r>"
			 "<w:proofErr w:type=\"spellStart\"/><w:ins w:id=\"1\" w:author=\"a\"><w:r><w:t>TE</w:t></w:r></w:ins>"
			 "<w:r><w:t>XT@ end</w:t></w:r></w:p></w:hdr>" },
};

static void test_docx_relationships_and_styles(void **state)
{
	ag_error err = { 0 };
	const char *path = package("agency.docx", docx, sizeof(docx) / sizeof(docx[0]));
	template *t = template_load(path, &err);
	const char *p;
	size_t len;

	(void)state;
	if (!t)
		fail_msg("%s", err.msg);
	p = template_part(t, "docx/header.xml", &len);
	assert_non_null(strstr(p, "<w:t>Agency @HEADER_TEXT@</w:t>"));
	assert_null(strstr(p, "XT@ end"));
	assert_non_null(strstr(p, "<w:t> end</w:t>"));
	p = template_part(t, "docx/section.xml", &len);
	assert_non_null(strstr(p, "w:orient=\"landscape\""));
	assert_non_null(strstr(p, "r:id=\"rIdHeader\""));
	p = template_part(t, "docx/styles.xml", &len);
	/* The agency's styles stay; the broken link to a missing style goes. */
	assert_non_null(strstr(p, "Agency Sans"));
	assert_null(strstr(p, "Missing"));
	/* annexgen's styles are added: the title as an alias of the document's
	 * Title, the body on its default style. */
	assert_non_null(strstr(p, "w:styleId=\"AGTitle\""));
	assert_non_null(strstr(p, "<w:basedOn w:val=\"Big\"/>"));
	assert_non_null(strstr(p, "w:styleId=\"AGBody\""));
	assert_non_null(strstr(p, "<w:basedOn w:val=\"Base\"/>"));
	template_free(t);
	unlink(path);
}

static void test_docx_refusals(void **state)
{
	struct entry e[sizeof(docx) / sizeof(docx[0])];
	ag_error err = { 0 };
	const char *path;

	(void)state;
	memcpy(e, docx, sizeof(e));
	/* A header relationship pointing at the main part. */
	e[2].data = RELS "<Relationship Id=\"s\" Type=\"" REL "styles\" Target=\"st.xml\"/>"
		    "<Relationship Id=\"h\" Type=\"" REL "header\" Target=\"main.xml\"/></Relationships>";
	path = package("loop.docx", e, sizeof(e) / sizeof(e[0]));
	assert_null(template_load(path, &err));
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "points at 'doc/main.xml', which is not a header part"));

	memcpy(e, docx, sizeof(e));
	e[4].data = "<w:styles " NS_W "><w:style w:type=\"paragraph\" w:styleId=\"A\"><w:basedOn w:val=\"B\"/></w:style>"
		    "<w:style w:type=\"paragraph\" w:styleId=\"B\"><w:basedOn w:val=\"A\"/></w:style></w:styles>";
	path = package("loop.docx", e, sizeof(e) / sizeof(e[0]));
	assert_null(template_load(path, &err));
	assert_non_null(strstr(err.msg, "template style 'A' is based on itself (through 'B')"));

	memcpy(e, docx, sizeof(e));
	e[5].data = "<w:hdr " NS_W "><w:p><w:r><w:t>@HEADER_</w:t></w:r></w:p><w:p><w:r><w:t>TEXT@</w:t></w:r></w:p></w:hdr>";
	path = package("loop.docx", e, sizeof(e) / sizeof(e[0]));
	assert_null(template_load(path, &err));
	assert_non_null(strstr(err.msg, "placeholder '@HEADER_' cut short"));
	unlink(path);
}

#define NS_ODF "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""

/* LibreOffice's style names, a header split into spans, no footer. */
static const struct entry odt[] = {
	{ "mimetype", "application/vnd.oasis.opendocument.text" },
	{ "styles.xml", "<office:document-styles " NS_ODF " office:version=\"1.3\"><office:styles>"
			"<style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
			"<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\""
			" style:parent-style-name=\"Standard\"/></office:styles>"
			"<office:master-styles><style:master-page style:name=\"Standard\"><style:header>"
			"<text:p>@HEAD<text:span>ER_TE</text:span>XT@</text:p></style:header></style:master-page>"
			"</office:master-styles></office:document-styles>" },
};

static void test_odt_styles_and_spans(void **state)
{
	ag_error err = { 0 };
	const char *path = package("agency.odt", odt, sizeof(odt) / sizeof(odt[0]));
	template *t = template_load(path, &err);
	const char *p;
	size_t len;

	(void)state;
	if (!t)
		fail_msg("%s", err.msg);
	p = template_part(t, "odt/styles.xml", &len);
	assert_non_null(strstr(p, "<text:p>@HEADER_TEXT@<text:span"));
	assert_null(strstr(p, "@HEAD<"));
	assert_non_null(strstr(p, "style:name=\"AGHeading\""));
	assert_non_null(strstr(p, "style:parent-style-name=\"Heading_20_1\""));
	/* No footer of its own: annexgen's, with the page numbers. */
	assert_non_null(strstr(p, "<text:page-count>"));
	template_free(t);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docx_relationships_and_styles),
		cmocka_unit_test(test_docx_refusals),
		cmocka_unit_test(test_odt_styles_and_spans),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);

	xmlload_cleanup();
	return rc;
}
