/* Tests for textcmp: white space, comparison ignoring it, differences, and
 * vendor text escaped for a report line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "textcmp.h"

#include "banned.h"

static void test_ws_len(void **state)
{
	(void)state;
	assert_int_equal(textcmp_ws_len(" x"), 1);
	assert_int_equal(textcmp_ws_len("\n"), 1);
	assert_int_equal(textcmp_ws_len("\xc2\xa0"), 2);       /* NBSP */
	assert_int_equal(textcmp_ws_len("\xe3\x80\x80"), 3);   /* ideographic space */
	assert_int_equal(textcmp_ws_len("\xe2\x80\x8b"), 3);   /* zero-width space */
	assert_int_equal(textcmp_ws_len("符"), 0);
	assert_int_equal(textcmp_ws_len(""), 0);
}

static void test_cp_len(void **state)
{
	(void)state;
	assert_int_equal(textcmp_cp_len("a"), 1);
	assert_int_equal(textcmp_cp_len("é"), 2);
	assert_int_equal(textcmp_cp_len("符"), 3);
	assert_int_equal(textcmp_cp_len("\xf0\x9f\x98\x80"), 4);
	/* A sequence cut by the end of the string stops there. */
	assert_int_equal(textcmp_cp_len("\xe7\xac"), 2);
	assert_int_equal(textcmp_cp_len("\x80"), 1);
}

static void test_collapse(void **state)
{
	arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(textcmp_collapse(&a, "  CSP \n\t 須\xe3\x80\x80提供  "), "CSP 須 提供");
	assert_string_equal(textcmp_collapse(&a, " \n "), "");
	arena_release(&a);
}

static void test_same(void **state)
{
	(void)state;
	assert_true(textcmp_same("CSP 須 提供", "CSP須提供\n"));
	assert_true(textcmp_same("", " "));
	assert_false(textcmp_same("符合", "不符合"));
	assert_false(textcmp_same("符合", "符合。"));
}

static void test_within(void **state)
{
	(void)state;
	assert_int_equal(textcmp_within("附件", "附件5"), 1);
	assert_int_equal(textcmp_within("5", "附件 5"), 1);
	assert_int_equal(textcmp_within("件 5", "附件5"), 1);
	assert_int_equal(textcmp_within("", "x"), 1);
	assert_int_equal(textcmp_within("另見", "附件5"), 0);
	assert_int_equal(textcmp_within("附件55", "附件5"), 0);
}

static void test_diff(void **state)
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

static void test_escape(void **state)
{
	arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(textcmp_escape(&a, "甲公司", 200), "甲公司");
	/* A line break cannot start a forged report line. */
	assert_string_equal(textcmp_escape(&a, "a\nb\r\tc", 200), "a\\nb\\r\\tc");
	/* C0 and C1 controls (ESC, CSI U+009B) and DEL never reach a terminal. */
	assert_string_equal(textcmp_escape(&a, "x\x1b[2Jy\xc2\x9b" "3J\x7f", 200), "x\\x1b[2Jy\\u009b3J\\x7f");
	/* Bidirectional overrides, isolates and marks are shown, not obeyed. */
	assert_string_equal(textcmp_escape(&a, "\xe2\x80\xae" "abc\xe2\x81\xa6\xe2\x80\x8f\xd8\x9c", 200),
			    "\\u202eabc\\u2066\\u200f\\u061c");
	assert_string_equal(textcmp_escape(&a, "\xe2\x80\xa8", 200), "\\u2028");
	/* Bytes that are not UTF-8, overlong forms included. */
	assert_string_equal(textcmp_escape(&a, "a\xff" "b\xc0\xaf", 200), "a\\xffb\\xc0\\xaf");
	/* Bounded: max characters, then an ellipsis. */
	assert_string_equal(textcmp_escape(&a, "一二三四五", 3), "一二三…");
	assert_string_equal(textcmp_escape(&a, "一二三", 3), "一二三");
	assert_string_equal(textcmp_escape(&a, "\n\n\n\n", 2), "\\n\\n…");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ws_len),   cmocka_unit_test(test_cp_len), cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_same),     cmocka_unit_test(test_within), cmocka_unit_test(test_diff),
		cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
