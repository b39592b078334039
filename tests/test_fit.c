/* Unit tests for fit.c: column widths at which names and headings break well,
 * and where they break. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fit.h"

#include "banned.h"

/* The lines of text broken at breaks, joined with '/'. */
static const char *lines(const char *text, unsigned width, int heading)
{
	static char buf[512];
	size_t b[FIT_MAX_BREAKS], n = fit_breaks(text, width, heading, b), i, from = 0, len = 0;

	for (i = 0; i <= n; i++) {
		size_t to = i < n ? b[i] : strlen(text);

		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%.*s", i ? "/" : "", (int)(to - from),
					text + from);
		from = to;
	}
	return buf;
}

static void test_even_lines(void **state)
{
	(void)state;
	/* 24 mm holds five characters: 7 break 4 + 3, never 6 + 1. */
	assert_string_equal(lines("資安技術面要求", 2400, 0), "資安技術/面要求");
	assert_string_equal(lines("資安與隱私稽核", 2400, 0), "資安與隱/私稽核");
	assert_string_equal(lines("存取控制", 2400, 0), "存取控制");
}

static void test_heading_words(void **state)
{
	(void)state;
	/* Breaks fall next to punctuation only, never inside 文件名稱 or 頁碼. */
	assert_string_equal(lines("佐證資料（文件名稱／頁碼）", 3000, 1), "佐證資料/（文件名稱／/頁碼）");
	assert_string_equal(lines("本案採購", 2000, 1), "本案採購");
}

static void test_width(void **state)
{
	const char *bought[] = { "本案採購", "未採購", "IaaS 服務類型" };
	const char *latin[] = { "Communications management" };

	(void)state;
	/* 「本案採購」 as one heading word needs four characters' width. */
	assert_true(fit_width(bought, 3, 1, 1800, 3000) >= 4 * 388 + 320);
	assert_true(fit_width(bought, 3, 0, 1800, 3000) == 1800);
	/* The longest Latin word fits; the limit is kept when nothing fits. */
	assert_true(fit_width(latin, 1, 0, 1800, 5000) > 2900);
	assert_int_equal(fit_width(latin, 1, 0, 1800, 2000), 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_even_lines),
		cmocka_unit_test(test_heading_words),
		cmocka_unit_test(test_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
