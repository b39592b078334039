/* Unit tests for lang.c: which script slot a language tag fills, and the
 * document's default slots (Western never CJK, East Asian always CJK). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lang.h"

#include "banned.h"

static void test_is_cjk(void **state)
{
	(void)state;
	assert_true(lang_is_cjk("zh-TW"));
	assert_true(lang_is_cjk("zh"));
	assert_true(lang_is_cjk("ZH-tw"));
	assert_true(lang_is_cjk("ja-JP"));
	assert_true(lang_is_cjk("ko"));
	assert_false(lang_is_cjk("en"));
	assert_false(lang_is_cjk("en-US"));
	assert_false(lang_is_cjk("zhx"));      /* another language, not Chinese */
	assert_false(lang_is_cjk("kok"));
	assert_false(lang_is_cjk(""));
	assert_false(lang_is_cjk(NULL));
}

static void test_split(void **state)
{
	char l[16], c[16];

	(void)state;
	lang_split("zh-TW", l, sizeof(l), c, sizeof(c));
	assert_string_equal(l, "zh");
	assert_string_equal(c, "TW");
	lang_split("en", l, sizeof(l), c, sizeof(c));
	assert_string_equal(l, "en");
	assert_string_equal(c, "");
}

static void test_slots(void **state)
{
	lang_slots s;

	(void)state;
	/* A Chinese document: English in the Western slot, so Latin words never break. */
	s = lang_slots_of("zh-TW");
	assert_string_equal(s.western, "en-US");
	assert_string_equal(s.asian, "zh-TW");
	s = lang_slots_of("en");
	assert_string_equal(s.western, "en-US");
	assert_string_equal(s.asian, "zh-TW");
	s = lang_slots_of("de-DE");
	assert_string_equal(s.western, "de-DE");
	assert_string_equal(s.asian, "zh-TW");
	s = lang_slots_of("ja-JP");
	assert_string_equal(s.western, "en-US");
	assert_string_equal(s.asian, "ja-JP");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_cjk),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
