/* Tests for arena: strings and zeroed memory owned by one arena, and the
 * growable array moved into it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"

#include "banned.h"

static void test_strings(void **state)
{
	arena a;
	char *s;

	(void)state;
	arena_init(&a);
	s = arena_strndup(&a, "OM-16 excluded", 5);
	assert_string_equal(s, "OM-16");
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_true(a.used >= 6);
	arena_release(&a);
	assert_int_equal(a.used, 0);
}

static void test_vec_grows_then_moves(void **state)
{
	arena a;
	arena_vec v = { 0 };
	size_t *x, i;
	int oom = 0;

	(void)state;
	arena_init(&a);
	for (i = 0; i < 1000; i++) {
		x = arena_vec_push(&v, sizeof(*x));
		assert_non_null(x);
		assert_int_equal(*x, 0);   /* every new element is zeroed */
		*x = i * 3;
	}
	assert_int_equal(v.n, 1000);
	x = arena_vec_finish(&a, &v, sizeof(*x), &oom);
	assert_non_null(x);
	assert_int_equal(oom, 0);
	assert_null(v.v);
	assert_int_equal(v.n, 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(x[i], i * 3);
	/* An empty array still gives room for one element. */
	assert_non_null(arena_vec_finish(&a, &v, sizeof(*x), &oom));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_vec_grows_then_moves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
