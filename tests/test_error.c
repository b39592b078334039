/* Tests for error: every character that could end a message line or drive a
 * terminal is escaped where messages are formatted, and nothing else is. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "error.h"

#include "banned.h"

static void expect_escaped(const char *in, const char *want)
{
	char buf[256];

	ag_escape(in, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_line_breaks_and_c0(void **state)
{
	(void)state;
	expect_escaped("x\nannexgen: forged", "x\\nannexgen: forged");
	expect_escaped("a\tb\rc", "a\\tb\\rc");
	expect_escaped("\x1b[31mred", "\\x1B[31mred");
	expect_escaped("del\x7f", "del\\x7F");
}

static void test_c1_and_bidi(void **state)
{
	(void)state;
	/* CSI, NEL: C1 controls as UTF-8. */
	expect_escaped("V5.1\xc2\x9b" "2J\xc2\x85", "V5.1\\u009B2J\\u0085");
	/* RLO ... PDF, and the isolates; LRM/RLM, ALM; line separators. */
	expect_escaped("a\xe2\x80\xae" "gpj.exe\xe2\x80\xac", "a\\u202Egpj.exe\\u202C");
	expect_escaped("\xe2\x81\xa6\xe2\x81\xa9", "\\u2066\\u2069");
	expect_escaped("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200E\\u200F\\u061C");
	expect_escaped("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
}

static void test_text_kept(void **state)
{
	(void)state;
	expect_escaped("附件三：需求 'OM-1' «x» C:\\dir", "附件三：需求 'OM-1' «x» C:\\dir");
	/* Neighbours of the escaped ranges stay as they are. */
	expect_escaped("\xc2\xa0\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",
		       "\xc2\xa0\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

static void test_not_utf8(void **state)
{
	(void)state;
	expect_escaped("a\xff" "b", "a\\xFFb");
	/* Overlong, surrogate, cut short. */
	expect_escaped("\xc0\xaf", "\\xC0\\xAF");
	expect_escaped("\xed\xa0\x80", "\\xED\\xA0\\x80");
	expect_escaped("\xe6\xa9", "\\xE6\\xA9");
}

static void test_cut_at_a_boundary(void **state)
{
	char buf[8];

	(void)state;
	/* "ab" + "\n" (2) + "中" (3) = 7 bytes and the NUL: fits exactly. */
	ag_escape("ab\n中x", buf, sizeof(buf));
	assert_string_equal(buf, "ab\\n中");
	/* Never half an escape or half a character. */
	ag_escape("abcdef\n", buf, sizeof(buf));
	assert_string_equal(buf, "abcdef");
	ag_escape("abcde中", buf, sizeof(buf));
	assert_string_equal(buf, "abcde");
}

static void test_format_escapes_file_and_message(void **state)
{
	ag_error err = { 0 };
	char buf[512];

	(void)state;
	ag_fail(&err, AG_ERR_DATA, "in/a\nb.xml", 7, "tender wants catalogue '%s'", "x\nannexgen: ok");
	ag_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "in/a\\nb.xml:7: tender wants catalogue 'x\\nannexgen: ok'");
	assert_null(strchr(buf, '\n'));
	/* Escaping twice changes nothing: a message built from a formatted one. */
	ag_fail(&err, AG_ERR_DATA, NULL, 0, "%s", buf);
	ag_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "in/a\\nb.xml:7: tender wants catalogue 'x\\nannexgen: ok'");
}

static void test_locked_status(void **state)
{
	(void)state;
	assert_int_equal(ag_exit_status(AG_ERR_LOCKED), 75);
	assert_int_equal(ag_exit_status(AG_ERR_EDITED), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_breaks_and_c0),
		cmocka_unit_test(test_c1_and_bidi),
		cmocka_unit_test(test_text_kept),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_cut_at_a_boundary),
		cmocka_unit_test(test_format_escapes_file_and_message),
		cmocka_unit_test(test_locked_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
