/* Tests for the web page's pure parts: form bodies (urlencoded, multipart,
 * malformed), Content-Disposition names, the Host check, the HTML renderer's
 * escaping, and the tender form as a tender file the CLI's loader accepts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "html.h"
#include "serve.h"
#include "tender.h"
#include "webform.h"
#include "xmlload.h"

#include "testutil.h"

#include "banned.h"

static void urlencoded(void **state)
{
	serve_form f = { 0 };
	const char body[] = "a=1&title=%E6%B8%AC+x&empty=&flag&r%3Apaas%3ASP-9=%3Cscript%3E";

	(void)state;
	assert_int_equal(serve_parse_urlencoded(body, strlen(body), &f), SERVE_OK);
	assert_int_equal(f.n, 5);
	assert_string_equal(serve_form_get(&f, "title")->data, "測 x");
	assert_string_equal(serve_form_get(&f, "empty")->data, "");
	assert_string_equal(serve_form_get(&f, "flag")->data, "");
	assert_string_equal(serve_form_get(&f, "r:paas:SP-9")->data, "<script>");
	serve_form_release(&f);
	assert_int_equal(serve_parse_urlencoded("a=%zz", 5, &f), SERVE_BAD);
	serve_form_release(&f);
	assert_int_equal(serve_parse_urlencoded("a=%4", 4, &f), SERVE_BAD);
	serve_form_release(&f);
}

#define CT "multipart/form-data; boundary=XyZ"

static void multipart(void **state)
{
	serve_form f = { 0 };
	const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"forms\"; filename=\"廠商A.odt\"\r\n"
		"Content-Type: application/octet-stream\r\n\r\nPK\0\1bytes\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"forms\"; filename=\"\"\r\n\r\n\r\n"
		"--XyZ--\r\n";
	const serve_field *file;

	(void)state;
	assert_int_equal(serve_parse_multipart(CT, body, sizeof(body) - 1, &f), SERVE_OK);
	assert_int_equal(f.n, 2);     /* the empty file input is no upload */
	assert_string_equal(serve_form_get(&f, "csrf")->data, "abc");
	file = serve_form_get(&f, "forms");
	assert_string_equal(file->filename, "廠商A.odt");
	assert_int_equal(file->len, 9);
	assert_memory_equal(file->data, "PK\0\1bytes", 9);
	serve_form_release(&f);
}

static void multipart_malformed(void **state)
{
	static const char *const bad[] = {
		"garbage",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing delimiter",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nno blank line",
		"--XyZ\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nunclosed quote\r\n--XyZ--",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		serve_form f = { 0 };

		assert_int_equal(serve_parse_multipart(CT, bad[i], strlen(bad[i]), &f), SERVE_BAD);
		serve_form_release(&f);
	}
	{
		serve_form f = { 0 };
		const char ok[] = "--XyZ--";

		assert_int_equal(serve_parse_multipart("multipart/form-data", ok, 7, &f), SERVE_BAD);
		serve_form_release(&f);
	}
}

static void multipart_limits(void **state)
{
	size_t n = SERVE_MAX_FILE + 100, i, k = 0;
	char *big = malloc(n + 200);
	serve_form f = { 0 };
	char many[SERVE_MAX_FILES * 80 + 200];

	(void)state;
	assert_non_null(big);
	k = (size_t)snprintf(big, 200, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n");
	memset(big + k, 'x', SERVE_MAX_FILE + 1);
	k += SERVE_MAX_FILE + 1;
	memcpy(big + k, "\r\n--XyZ--", 9);
	assert_int_equal(serve_parse_multipart(CT, big, k + 9, &f), SERVE_TOO_LARGE);
	serve_form_release(&f);
	free(big);
	k = 0;
	for (i = 0; i <= SERVE_MAX_FILES; i++)
		k += (size_t)snprintf(many + k, sizeof(many) - k,
				      "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nx\r\n");
	k += (size_t)snprintf(many + k, sizeof(many) - k, "--XyZ--");
	assert_int_equal(serve_parse_multipart(CT, many, k, &f), SERVE_TOO_LARGE);
	serve_form_release(&f);
}

static void disposition(void **state)
{
	char buf[512];

	(void)state;
	assert_int_equal(serve_content_disposition("IC-1.zip", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "attachment; filename=\"IC-1.zip\"");
	assert_int_equal(serve_content_disposition("採購 \"a\";b/c%.zip", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "attachment; filename=\"__ _a__b_c_.zip\"; "
				 "filename*=UTF-8''%E6%8E%A1%E8%B3%BC%20%22a%22%3Bb%2Fc%25.zip");
	assert_int_equal(serve_content_disposition("a\r\nSet-Cookie: x", buf, sizeof(buf)), 0);
	assert_null(strchr(buf, '\r'));
	assert_null(strchr(buf, '\n'));
	assert_int_equal(serve_content_disposition("toolong", buf, 20), -1);
}

static void host(void **state)
{
	(void)state;
	assert_true(serve_host_allowed("127.0.0.1:8080", 8080, "pc1"));
	assert_true(serve_host_allowed("localhost:8080", 8080, "pc1"));
	assert_true(serve_host_allowed("[::1]:8080", 8080, "pc1"));
	assert_true(serve_host_allowed("PC1:8080", 8080, "pc1"));
	assert_true(serve_host_allowed("10.1.2.3:8080", 8080, "pc1"));
	assert_true(serve_host_allowed("localhost", 80, "pc1"));
	assert_false(serve_host_allowed("evil.example:8080", 8080, "pc1"));
	assert_false(serve_host_allowed("127.0.0.1.evil.example:8080", 8080, "pc1"));
	assert_false(serve_host_allowed("localhost:8081", 8080, "pc1"));
	assert_false(serve_host_allowed("localhost", 8080, "pc1"));
	assert_false(serve_host_allowed("localhost:", 8080, "pc1"));
	assert_false(serve_host_allowed("[::1", 8080, "pc1"));
	assert_false(serve_host_allowed("", 8080, "pc1"));
	assert_false(serve_host_allowed(NULL, 8080, "pc1"));
}

/* Every string of the model reaches the page as text, never as markup. */
static void html_escapes(void **state)
{
	md_doc *d = md_doc_new();
	md_node *t, *r, *p;
	static const unsigned w[2] = { 1000, 1000 };
	static const char *const ch[] = { "<b>符合</b>" };
	xmlw out;
	ag_error err = { 0 };

	(void)state;
	assert_non_null(d);
	d->meta.lang = "zh-TW";
	d->meta.header_text = "<i>header</i>";
	p = md_para(d, NULL, MD_S_TITLE);
	md_text(d, p, "<script>alert(1)</script>");
	md_text_lang(d, p, "a\"b", "en", 1);
	md_text(d, md_note(d, p), "note & <x>");
	t = md_table(d, w, 2, 1);
	r = md_row(d, t, 1);
	md_text(d, md_para(d, md_cell(d, r), MD_S_TABLE_HEADING), "ID");
	md_text(d, md_para(d, md_cell(d, r), MD_S_TABLE_HEADING), "T");
	r = md_row(d, t, 0);
	md_text(d, md_para(d, md_cell(d, r), MD_S_TABLE_TEXT), "OM-1");
	md_dropdown(d, md_para(d, md_cell(d, r), MD_S_TABLE_TEXT), "OM-1.c", ch, 1, "<請選擇>");
	r = md_row(d, t, 0);
	md_text(d, md_para(d, md_cell(d, r), MD_S_TABLE_TEXT), "OM-2");
	md_cell(d, r);
	assert_int_equal(md_merge_down(t, 1, 2, 0), 1);
	xmlw_init(&out);
	assert_int_equal(html_render(d, "p1", &out, &err), AG_OK);
	assert_non_null(strstr(out.buf, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(out.buf, "<script"));
	assert_null(strstr(out.buf, "<i>"));
	assert_non_null(strstr(out.buf, "<span lang=\"en\"><strong>a\"b</strong></span>"));
	assert_non_null(strstr(out.buf, "note &amp; &lt;x&gt;"));
	assert_non_null(strstr(out.buf, "&lt;請選擇&gt;"));
	assert_non_null(strstr(out.buf, "<td rowspan=\"2\">"));
	assert_non_null(strstr(out.buf, "<thead><tr><th scope=\"col\">"));
	assert_non_null(strstr(out.buf, "id=\"p1-n1\""));
	/* OM-2's first cell is covered by the merge: one cell fewer in that row. */
	assert_non_null(strstr(out.buf, "<tr><td></td></tr>"));
	xmlw_release(&out);
	md_doc_free(d);
}

static void add(serve_form *f, const char *name, const char *value)
{
	assert_int_equal(webform_set(f, name, value), 0);
}

/* The form becomes a tender file the loader accepts, with every value as
 * typed (a hostile reason included), and comes back from the tender. */
static void form_roundtrip(void **state)
{
	serve_form f = { 0 }, back = { 0 };
	webform_lines m = { 0 };
	xmlw w;
	ag_error err = { 0 };
	tender *t;

	(void)state;
	add(&f, "title", "採購案\n<b>");
	add(&f, "agency", "機關");
	add(&f, "case", "IC-115-9");
	add(&f, "date", "2026-03-02");
	add(&f, "annex", "附件一");
	add(&f, "language", "zh-TW");
	add(&f, "type", "paas");
	add(&f, "type", "saas");
	add(&f, "x:paas:OM-16", "1");
	add(&f, "x:saas:OM-16", "1");
	add(&f, "x:paas:SP-9", "1");
	add(&f, "r:paas:SP-9", "</reason><script>x</script>");
	add(&f, "agc:3", "access");
	add(&f, "agt:3", "單一簽入");
	add(&f, "acd:2", "security");
	add(&f, "acn:2", "資料治理");
	add(&f, "agi:7", "AG-DG-1");
	add(&f, "agc:7", "AC-1");
	add(&f, "agy:7", "saas");
	add(&f, "agt:7", "資料分類標籤");
	xmlw_init(&w);
	webform_build(cat, &f, &w, &m);
	assert_false(w.oom);
	t = tender_load_mem(w.buf, w.len, "form.xml", &err);
	if (!t)
		fail_msg("%s:%ld: %s\n%s", err.file, err.line, err.msg, w.buf);
	assert_int_equal(tender_bind(t, cat, &err), AG_OK);
	assert_string_equal(t->id, "IC-115-9");
	assert_string_equal(t->title.s[0], "採購案 <b>");
	assert_int_equal(t->nexcludes, 3);
	assert_int_equal(t->nitems, 2);
	assert_string_equal(t->items[0].id, "AG-1");
	assert_null(t->items[0].types);
	assert_int_equal(t->ncategories, 1);
	assert_string_equal(t->categories[0].id, "AC-1");
	assert_string_equal(t->items[1].id, "AG-DG-1");
	assert_string_equal(t->items[1].types, "saas");
	assert_int_equal(t->items[1].agency_category, 0);
	assert_int_equal(webform_from_tender(t, &back), 0);
	assert_string_equal(webform_val(&back, "r:paas:SP-9"), "</reason><script>x</script>");
	assert_true(webform_has(&back, "type", "saas"));
	assert_string_equal(webform_val(&back, "x:saas:OM-16"), "1");
	assert_string_equal(webform_val(&back, "agt:1"), "單一簽入");
	assert_string_equal(webform_val(&back, "agi:2"), "AG-DG-1");
	assert_string_equal(webform_val(&back, "agc:2"), "AC-1");
	assert_string_equal(webform_val(&back, "agy:2"), "saas");
	assert_false(webform_has(&back, "agy:1", "paas"));
	assert_string_equal(webform_val(&back, "acn:1"), "資料治理");
	assert_string_equal(webform_val(&back, "acd:1"), "security");
	/* An exclusion without a reason: the loader's error line names its row. */
	tender_free(t);
	xmlw_release(&w);
	webform_lines_release(&m);
	memset(&m, 0, sizeof(m));
	add(&f, "x:paas:SP-10", "1");
	xmlw_init(&w);
	webform_build(cat, &f, &w, &m);
	t = tender_load_mem(w.buf, w.len, "form.xml", &err);
	assert_non_null(t);
	assert_int_not_equal(tender_bind(t, cat, &err), AG_OK);
	assert_non_null(strstr(err.msg, "needs a reason"));
	assert_true(err.line > 0 && (size_t)err.line <= m.n);
	assert_string_equal(m.field[err.line - 1], "x:paas:SP-10");
	tender_free(t);
	xmlw_release(&w);
	webform_lines_release(&m);
	serve_form_release(&f);
	serve_form_release(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urlencoded),
		cmocka_unit_test(multipart),
		cmocka_unit_test(multipart_malformed),
		cmocka_unit_test(multipart_limits),
		cmocka_unit_test(disposition),
		cmocka_unit_test(host),
		cmocka_unit_test(html_escapes),
		cmocka_unit_test(form_roundtrip),
	};
	int rc = cmocka_run_group_tests(tests, bundled_setup, bundled_teardown);

	xmlload_cleanup();
	return rc;
}
