/* Unit tests for label.c: every label has words in every language, a format
 * takes the same printf arguments in each, and which tags read Chinese. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "label.h"

#include "banned.h"

static const label_lang langs[] = { LABEL_ZH, LABEL_EN };
#define NLANGS (sizeof(langs) / sizeof(langs[0]))

/* The printf conversions of fmt as "s,zu," ("%%" is none); NULL when fmt has
 * a conversion this project's formats do not use, so a typo fails too. */
static const char *conversions(const char *fmt, char *buf, size_t size)
{
	size_t n = 0;
	const char *p;

	buf[0] = '\0';
	if (!fmt)          /* test_every_label_has_words reports it */
		return buf;
	for (p = fmt; (p = strchr(p, '%')); ) {
		const char *start;

		if (p[1] == '%') {
			p += 2;
			continue;
		}
		p++;
		p += strspn(p, "-+ #0");
		p += strspn(p, "0123456789*");
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789*");
		start = p;
		p += strspn(p, "hljztL");
		if (!*p || !strchr("sdiuxXcfgp", *p))
			return NULL;
		p++;
		if (n + (size_t)(p - start) + 2 > size)
			return NULL;
		memcpy(buf + n, start, (size_t)(p - start));
		n += (size_t)(p - start);
		buf[n++] = ',';
		buf[n] = '\0';
	}
	return buf;
}

static void test_conversions_parse(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(conversions("共 %zu 項", buf, sizeof(buf)), "zu,");
	assert_string_equal(conversions("%s「%s」100%%", buf, sizeof(buf)), "s,s,");
	assert_string_equal(conversions("no format", buf, sizeof(buf)), "");
	assert_string_equal(conversions("%-10.*s|%5lu", buf, sizeof(buf)), "s,lu,");
	assert_null(conversions("%q", buf, sizeof(buf)));
	assert_null(conversions("trailing %", buf, sizeof(buf)));
}

/* A label may be "" in one language (L_SEP in Chinese, L_PAGE_AFTER in
 * English), never NULL, and never "" in every language: that is a word
 * forgotten, not one a language does without. */
static void test_every_label_has_words(void **state)
{
	int l;
	size_t i;

	(void)state;
	for (l = 0; l < L_COUNT; l++) {
		size_t empty = 0;

		for (i = 0; i < NLANGS; i++) {
			const char *s = label_get(langs[i], (enum label)l);

			if (!s)
				fail_msg("label %d has no words in language %zu (in the other: \"%s\")", l, i,
					 label_get(langs[!i], (enum label)l));
			empty += !*s;
		}
		if (empty == NLANGS)
			fail_msg("label %d is empty in every language", l);
	}
}

/* The same arguments go to a format in every language: "%s" in one and "%zu"
 * in another, or a missing "%s", reads the wrong argument. */
static void test_formats_agree(void **state)
{
	char zh[256], other[256];
	const char *a, *b;
	int l;
	size_t i;

	(void)state;
	for (l = 0; l < L_COUNT; l++) {
		a = conversions(label_get(LABEL_ZH, (enum label)l), zh, sizeof(zh));
		if (!a)
			fail_msg("label %d: bad conversion in \"%s\"", l, label_get(LABEL_ZH, (enum label)l));
		for (i = 1; i < NLANGS; i++) {
			b = conversions(label_get(langs[i], (enum label)l), other, sizeof(other));
			if (!b)
				fail_msg("label %d: bad conversion in \"%s\"", l, label_get(langs[i], (enum label)l));
			if (strcmp(a, b))
				fail_msg("label %d: conversions %s in \"%s\" but %s in \"%s\"", l, a,
					 label_get(LABEL_ZH, (enum label)l), b, label_get(langs[i], (enum label)l));
		}
	}
}

static void test_lang_of(void **state)
{
	(void)state;
	assert_int_equal(label_lang_of("zh"), LABEL_ZH);
	assert_int_equal(label_lang_of("zh-TW"), LABEL_ZH);
	assert_int_equal(label_lang_of("ZH-hant"), LABEL_ZH);
	assert_int_equal(label_lang_of("zh_TW"), LABEL_ZH);
	assert_int_equal(label_lang_of("en"), LABEL_EN);
	assert_int_equal(label_lang_of("en-US"), LABEL_EN);
	assert_int_equal(label_lang_of("ja"), LABEL_EN);
	assert_int_equal(label_lang_of("zha"), LABEL_EN);      /* Zhuang, not Chinese */
	assert_int_equal(label_lang_of("z"), LABEL_EN);
	assert_int_equal(label_lang_of(""), LABEL_EN);
	assert_int_equal(label_lang_of(NULL), LABEL_EN);
}

/* One word per meaning across the parts: the web page's item table uses the
 * guide's words, as the documents do (管理面向, not 構面). */
static void test_shared_words(void **state)
{
	(void)state;
	assert_string_equal(label_get(LABEL_ZH, L_DOMAIN), "管理面向");
	assert_string_equal(label_get(LABEL_ZH, L_CATEGORY), "管理類別");
	assert_string_equal(label_get(LABEL_EN, L_DOMAIN), "Domain");
	assert_string_equal(label_get(LABEL_ZH, L_COLON), "：");
	assert_string_equal(label_get(LABEL_EN, L_COLON), ": ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions_parse),
		cmocka_unit_test(test_every_label_has_words),
		cmocka_unit_test(test_formats_agree),
		cmocka_unit_test(test_lang_of),
		cmocka_unit_test(test_shared_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
