/* Tests for xmlw: what reaches an output part is always well-formed XML 1.0,
 * whatever bytes a catalogue, tender or command line hands the writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "xmlw.h"

#include "banned.h"

#define FFFD "\xef\xbf\xbd"

/* What xmlw_text makes of s. */
static char *text_of(const char *s, size_t n)
{
	xmlw w;
	char *out;

	xmlw_init(&w);
	xmlw_textn(&w, s, n);
	xmlw_raw(&w, "");   /* so an empty result is still a string */
	assert_false(w.oom);
	out = xmlw_detach(&w, NULL);
	assert_non_null(out);
	return out;
}

static char *attr_of(const char *value)
{
	xmlw w;
	char *out;

	xmlw_init(&w);
	xmlw_attr(&w, "a", value);
	out = xmlw_detach(&w, NULL);
	assert_non_null(out);
	return out;
}

static void expect_text(const char *in, size_t n, const char *want)
{
	char *got = text_of(in, n);

	assert_string_equal(got, want);
	free(got);
}

static void test_text_escapes_markup(void **state)
{
	(void)state;
	expect_text("a & b < c > d", 13, "a &amp; b &lt; c &gt; d");
	/* Quotes need no escaping in character data; a second pass must not re-escape. */
	expect_text("\"q\" 'a'", 7, "\"q\" 'a'");
	expect_text("&amp;", 5, "&amp;amp;");
	expect_text("]]>", 3, "]]&gt;");
	expect_text("", 0, "");
}

static void test_text_keeps_valid_characters(void **state)
{
	static const char s[] = "機關 CSP\t須\n提供\r（如：IAM）😀 \xc2\x85 \x7f";

	(void)state;
	/* Tab, newline, CR, CJK, astral and C1/DEL characters are all XML 1.0 Chars. */
	expect_text(s, sizeof(s) - 1, s);
}

static void test_attr_escapes_quotes_and_whitespace(void **state)
{
	char *got;

	(void)state;
	got = attr_of("a\"b&c<d>e'f");
	assert_string_equal(got, " a=\"a&quot;b&amp;c&lt;d&gt;e'f\"");
	free(got);
	/* A parser would normalise raw tab and newline in an attribute to spaces. */
	got = attr_of("1\t2\n3\r4");
	assert_string_equal(got, " a=\"1&#9;2&#10;3&#13;4\"");
	free(got);
	got = attr_of("x\x01y");
	assert_string_equal(got, " a=\"x" FFFD "y\"");
	free(got);
}

static void test_forbidden_controls_become_fffd(void **state)
{
	(void)state;
	expect_text("a\x01" "b\x08" "c\x0b" "d\x0c" "e\x1f" "f", 11,
		    "a" FFFD "b" FFFD "c" FFFD "d" FFFD "e" FFFD "f");
	/* An embedded NUL passed with an explicit length is forbidden too. */
	expect_text("a\0b", 3, "a" FFFD "b");
}

static void test_invalid_utf8_becomes_fffd(void **state)
{
	(void)state;
	expect_text("a\xff" "b", 3, "a" FFFD "b");
	expect_text("\x80", 1, FFFD);                       /* lone continuation byte */
	expect_text("\xc0\xaf", 2, FFFD FFFD);              /* overlong '/' */
	expect_text("\xe0\x80\xaf", 3, FFFD FFFD FFFD);     /* overlong, 3 bytes */
	expect_text("\xed\xa0\x80", 3, FFFD FFFD FFFD);     /* surrogate U+D800 */
	expect_text("\xef\xbf\xbe", 3, FFFD FFFD FFFD);     /* U+FFFE */
	expect_text("\xef\xbf\xbf", 3, FFFD FFFD FFFD);     /* U+FFFF */
	expect_text("\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD);   /* beyond U+10FFFF */
	expect_text("\xf5\x80\x80\x80", 4, FFFD FFFD FFFD FFFD);
	/* A character cut short by the length: its bytes are not read past n. */
	expect_text("\xe6\xa9\x9f", 2, FFFD FFFD);
	/* Markup after a bad byte is still escaped. */
	expect_text("\xfe<", 2, FFFD "&lt;");
}

static void test_valid_prefix(void **state)
{
	static const char good[] = "CSP 須提供\t😀\n";

	(void)state;
	assert_int_equal(xmlw_valid_prefix(good, sizeof(good) - 1), sizeof(good) - 1);
	assert_int_equal(xmlw_valid_prefix("", 0), 0);
	assert_int_equal(xmlw_valid_prefix("ab\x01" "cd", 5), 2);
	assert_int_equal(xmlw_valid_prefix("ab\0cd", 5), 2);
	assert_int_equal(xmlw_valid_prefix("機\xff", 4), 3);
	assert_int_equal(xmlw_valid_prefix("x\xed\xa0\x80", 4), 1);
	assert_int_equal(xmlw_valid_prefix("x\xef\xbf\xbe", 4), 1);
	/* A truncated character at the end is not part of the prefix. */
	assert_int_equal(xmlw_valid_prefix("ab\xe6\xa9", 4), 2);
	/* n bounds the scan: bytes past it are never looked at. */
	assert_int_equal(xmlw_valid_prefix("ab\x01", 2), 2);
}

static char *expand(const char *tpl, const char *const *names, const char *const *values,
		    size_t n)
{
	xmlw w;
	char *out;

	xmlw_init(&w);
	xmlw_expand(&w, tpl, strlen(tpl), names, values, n);
	xmlw_raw(&w, "");
	out = xmlw_detach(&w, NULL);
	assert_non_null(out);
	return out;
}

static void test_expand_placeholders(void **state)
{
	static const char *const names[] = { "TITLE", "TITLE_EN", "LANG" };
	static const char *const values[] = { "A & B <x>", "\"en\"", "zh-TW" };
	char *got;

	(void)state;
	got = expand("<t>@TITLE@</t><e a=\"@TITLE_EN@\"/>@LANG@", names, values, 3);
	/* Values are escaped as text: '&' and '<' are, '"' is not. */
	assert_string_equal(got, "<t>A &amp; B &lt;x&gt;</t><e a=\"\"en\"\"/>zh-TW");
	free(got);
	/* '@' that opens no known name is copied, and scanning resumes after it. */
	got = expand("mail@example.org @NOPE@ @@ @LANG@@ @LANG", names, values, 3);
	assert_string_equal(got, "mail@example.org @NOPE@ @@ zh-TW@ @LANG");
	free(got);
	/* A value is not expanded again. */
	{
		static const char *const v2[] = { "@LANG@", "", "x" };

		got = expand("@TITLE@|@TITLE_EN@|", names, v2, 3);
		assert_string_equal(got, "@LANG@||");
		free(got);
	}
	/* Only len bytes of the template are used. */
	{
		xmlw w;
		char *out;

		xmlw_init(&w);
		xmlw_expand(&w, "@LANG@@LANG@", 6, names, values, 3);
		out = xmlw_detach(&w, NULL);
		assert_string_equal(out, "zh-TW");
		free(out);
	}
}

static void test_elements_and_reset(void **state)
{
	xmlw w;
	size_t len;
	char *out;

	(void)state;
	xmlw_init(&w);
	xmlw_open(&w, "p");
	xmlw_attr_int(&w, "n", -3);
	xmlw_gt(&w);
	xmlw_elem_text(&w, "b", "1<2");
	xmlw_open(&w, "br");
	xmlw_empty(&w);
	xmlw_close(&w, "p");
	assert_string_equal(w.buf, "<p n=\"-3\"><b>1&lt;2</b><br/></p>");
	xmlw_reset(&w);
	assert_int_equal(w.len, 0);
	assert_string_equal(w.buf, "");
	xmlw_printf(&w, "%s=%d", "x", 42);
	out = xmlw_detach(&w, &len);
	assert_int_equal(len, 4);
	assert_string_equal(out, "x=42");
	assert_null(w.buf);
	assert_int_equal(w.len, 0);
	free(out);
	xmlw_release(&w);
}

/* Growth across the initial capacity keeps every byte. */
static void test_large_output(void **state)
{
	xmlw w;
	size_t i;

	(void)state;
	xmlw_init(&w);
	for (i = 0; i < 5000; i++)
		xmlw_text(&w, "&");
	assert_false(w.oom);
	assert_int_equal(w.len, 5000 * 5);
	assert_int_equal(strlen(w.buf), w.len);
	assert_memory_equal(w.buf + w.len - 5, "&amp;", 5);
	xmlw_release(&w);
}


/* A source of n bytes of 'x', handed out at most chunk bytes a read. */
struct src {
	size_t left, chunk, calls;
	int fail_at;               /* the call that fails, or 0 */
};

static long src_read(void *p, char *buf, size_t n)
{
	struct src *s = p;

	if (++s->calls == (size_t)s->fail_at)
		return -1;
	if (n > s->chunk)
		n = s->chunk;
	if (n > s->left)
		n = s->left;
	memset(buf, 'x', n);
	s->left -= n;
	return (long)n;
}

static void test_sb_grows_and_formats(void **state)
{
	sb b;
	size_t i, len;
	char *s;

	(void)state;
	sb_init(&b);
	assert_string_equal(b.buf, "");
	for (i = 0; i < 2000; i++)
		sb_addf(&b, "%s/%zu", i ? "" : "dir", i);
	assert_false(b.oom);
	assert_int_equal(b.len, strlen(b.buf));
	assert_memory_equal(b.buf, "dir/0/1/2", 9);
	/* Longer than any fixed path buffer the code used to have. */
	assert_true(b.len > 4400);
	assert_string_equal(sb_setf(&b, "%s/%s", "a", "b"), "a/b");
	assert_int_equal(b.len, 3);
	sb_add(&b, "/c");
	sb_addn(&b, "dxyz", 1);
	s = sb_detach(&b, &len);
	assert_string_equal(s, "a/b/cd");
	assert_int_equal(len, 6);
	assert_string_equal(b.buf, "");
	free(s);
	assert_null(sb_detach(&b, &len));
	sb_release(&b);
	sb_release(NULL);
}

static void test_sb_read_bounded(void **state)
{
	struct src s = { 10000, 7, 0, 0 };
	sb b;

	(void)state;
	/* Exactly at the limit: read whole, whatever the hint says. */
	sb_init(&b);
	assert_int_equal(sb_read(&b, 10000, 3, src_read, &s), SB_READ_OK);
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.buf[10000], '\0');
	sb_release(&b);
	/* One byte past: refused after reading at most one byte more. */
	s.left = 10001;
	s.calls = 0;
	assert_int_equal(sb_read(&b, 10000, 0, src_read, &s), SB_READ_LIMIT);
	assert_int_equal(b.len, 10001);
	sb_release(&b);
	/* A lying hint (a zip header, a stat that grew) is not trusted. */
	s.left = 1u << 20;
	s.chunk = 1u << 20;
	assert_int_equal(sb_read(&b, 100, 50, src_read, &s), SB_READ_LIMIT);
	assert_true(b.len <= 101);
	sb_release(&b);
	/* An error of the source is reported as such. */
	s.left = 100;
	s.calls = 0;
	s.fail_at = 2;
	s.chunk = 10;
	assert_int_equal(sb_read(&b, 1000, 0, src_read, &s), SB_READ_ERROR);
	sb_release(&b);
	/* Empty source: OK, empty string. */
	s.left = 0;
	s.calls = 0;
	s.fail_at = 0;
	assert_int_equal(sb_read(&b, 0, 0, src_read, &s), SB_READ_OK);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.buf, "");
	sb_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes_markup),
		cmocka_unit_test(test_text_keeps_valid_characters),
		cmocka_unit_test(test_attr_escapes_quotes_and_whitespace),
		cmocka_unit_test(test_forbidden_controls_become_fffd),
		cmocka_unit_test(test_invalid_utf8_becomes_fffd),
		cmocka_unit_test(test_valid_prefix),
		cmocka_unit_test(test_expand_placeholders),
		cmocka_unit_test(test_elements_and_reset),
		cmocka_unit_test(test_large_output),
		cmocka_unit_test(test_sb_grows_and_formats),
		cmocka_unit_test(test_sb_read_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
