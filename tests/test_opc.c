/* Tests for opc: relationships resolved to part names as ECMA-376 Part 2
 * resolves them, and content types by override and by extension. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "opc.h"
#include "package.h"

#include "banned.h"

#define RELS(body) "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships " \
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" body "</Relationships>"

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Default Extension=\"PNG\" ContentType=\"image/png\"/>"
	"<Override PartName=\"/Word/Document.xml\" ContentType=\"application/vnd.openxmlformats-"
	"officedocument.wordprocessingml.document.main+xml\"/></Types>";

static pkg_reader *package(const char *const *names, const char *const *data, size_t n,
			   unsigned char **zip)
{
	pkg_writer *w = pkg_writer_new(NULL);
	ag_error err = { 0 };
	pkg_reader *r;
	size_t i, len;

	assert_non_null(w);
	for (i = 0; i < n; i++)
		assert_int_equal(pkg_add(w, names[i], data[i], strlen(data[i]), 0, &err), AG_OK);
	assert_int_equal(pkg_finish(w, zip, &len, &err), AG_OK);
	pkg_writer_free(w);
	r = pkg_reader_open_mem(*zip, len, "r.docx", NULL, &err);
	assert_non_null(r);
	return r;
}

static void test_targets_resolved(void **state)
{
	static const char *const names[] = { "[Content_Types].xml", "word/_rels/document.xml.rels" };
	static const char *const data[] = {
		content_types,
		RELS("<Relationship Id=\"a\" Type=\"t/header\" Target=\"header1.xml\"/>"
		     "<Relationship Id=\"b\" Type=\"t/x\" Target=\"../customXml/./item1.xml\"/>"
		     "<Relationship Id=\"c\" Type=\"t/image\" Target=\"/word/media/i%20j.png\"/>"
		     "<Relationship Id=\"d\" Type=\"t/link\" Target=\"https://example.org/\" TargetMode=\"External\"/>"
		     "<Relationship Id=\"e\" Type=\"t/y\" Target=\"../../etc/passwd\"/>"
		     "<Relationship Id=\"f\" Type=\"t/z\" Target=\"file:///etc/passwd\"/>"),
	};
	ag_error err = { 0 };
	unsigned char *zip;
	pkg_reader *r = package(names, data, 2, &zip);
	opc_rel *rels;
	size_t n;

	(void)state;
	assert_int_equal(opc_rels_read(r, "r.docx", "word/document.xml", &rels, &n, &err), AG_OK);
	assert_int_equal(n, 6);
	assert_string_equal(rels[0].target, "word/header1.xml");
	assert_int_equal(rels[0].external, 0);
	assert_string_equal(rels[1].target, "customXml/item1.xml");
	assert_string_equal(rels[2].target, "word/media/i j.png");
	assert_int_equal(rels[3].external, 1);
	assert_string_equal(rels[3].target, "https://example.org/");
	/* Leaving the package, or a scheme, is never a part of it. */
	assert_int_equal(rels[4].external, 1);
	assert_int_equal(rels[5].external, 1);
	assert_ptr_equal(opc_rels_find(rels, n, "c"), &rels[2]);
	assert_null(opc_rels_find(rels, n, "zz"));
	assert_ptr_equal(opc_rels_by_type(rels, n, "image"), &rels[2]);
	assert_null(opc_rels_by_type(rels, n, "age"));
	opc_rels_free(rels, n);
	/* A part without a .rels part has no relationships. */
	assert_int_equal(opc_rels_read(r, "r.docx", "", &rels, &n, &err), AG_OK);
	assert_int_equal(n, 0);
	opc_rels_free(rels, n);
	pkg_reader_free(r);
	free(zip);
}

static void test_content_types(void **state)
{
	static const char *const names[] = { "[Content_Types].xml" };
	static const char *const data[] = { content_types };
	ag_error err = { 0 };
	unsigned char *zip;
	pkg_reader *r = package(names, data, 1, &zip);
	char ct[128];

	(void)state;
	/* Part names and extensions compare case-insensitively (§9.1.1.1). */
	assert_int_equal(opc_content_type(r, "r.docx", "word/document.xml", ct, sizeof(ct), &err), AG_OK);
	assert_non_null(strstr(ct, "wordprocessingml.document.main"));
	assert_int_equal(opc_content_type(r, "r.docx", "word/media/a.png", ct, sizeof(ct), &err), AG_OK);
	assert_string_equal(ct, "image/png");
	assert_int_equal(opc_content_type(r, "r.docx", "word/styles.xml", ct, sizeof(ct), &err), AG_OK);
	assert_string_equal(ct, "application/xml");
	assert_int_equal(opc_content_type(r, "r.docx", "word/media/a.emf", ct, sizeof(ct), &err), AG_OK);
	assert_string_equal(ct, "");
	pkg_reader_free(r);
	free(zip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets_resolved),
		cmocka_unit_test(test_content_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
