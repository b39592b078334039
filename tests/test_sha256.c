/* Tests for sha256: the FIPS 180-4 example vectors, padding boundaries and
 * chunked feeding, so fingerprints never depend on how data arrives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

#include "banned.h"

static void hex_of_ctx(sha256_ctx *ctx, char out[SHA256_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[SHA256_DIGEST_SIZE];
	int i;

	sha256_final(ctx, md);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 0xf];
	}
	out[64] = '\0';
}

static void test_empty(void **state)
{
	char hex[SHA256_HEX_SIZE];

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
	char hex[SHA256_HEX_SIZE];

	(void)state;
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_448_bits(void **state)
{
	static const char msg[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[SHA256_HEX_SIZE];

	(void)state;
	assert_int_equal(strlen(msg) * 8, 448);
	sha256_hex(msg, strlen(msg), hex);
	assert_string_equal(hex,
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state)
{
	static const char msg[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[SHA256_HEX_SIZE];

	(void)state;
	sha256_hex(msg, strlen(msg), hex);
	assert_string_equal(hex,
		"cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a_chunked(void **state)
{
	/* Odd, varying chunk sizes cross every block boundary position. */
	static const size_t chunks[] = { 1, 3, 7, 63, 64, 65, 127, 1000, 4093 };
	char buf[4096], hex[SHA256_HEX_SIZE];
	size_t left = 1000000, i = 0;
	sha256_ctx ctx;

	(void)state;
	memset(buf, 'a', sizeof(buf));
	sha256_init(&ctx);
	while (left) {
		size_t n = chunks[i++ % (sizeof(chunks) / sizeof(chunks[0]))];

		if (n > left)
			n = left;
		sha256_update(&ctx, buf, n);
		left -= n;
	}
	hex_of_ctx(&ctx, hex);
	assert_string_equal(hex,
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_padding_boundaries(void **state)
{
	/* Lengths around 55/56 and 64 bytes take the other padding branch;
	 * expected values from coreutils sha256sum. */
	static const struct {
		size_t len;
		const char *hex;
	} cases[] = {
		{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
		{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
		{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
		{ 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
		{ 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
		{ 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
	};
	char buf[128], hex[SHA256_HEX_SIZE];
	size_t i, j;

	(void)state;
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sha256_ctx ctx;

		sha256_hex(buf, cases[i].len, hex);
		assert_string_equal(hex, cases[i].hex);

		/* Byte at a time must agree with one shot. */
		sha256_init(&ctx);
		for (j = 0; j < cases[i].len; j++)
			sha256_update(&ctx, buf + j, 1);
		hex_of_ctx(&ctx, hex);
		assert_string_equal(hex, cases[i].hex);
	}
}

static void test_zero_length_updates(void **state)
{
	char hex[SHA256_HEX_SIZE];
	sha256_ctx ctx;

	(void)state;
	sha256_init(&ctx);
	sha256_update(&ctx, "", 0);
	sha256_update(&ctx, "ab", 2);
	sha256_update(&ctx, NULL, 0);
	sha256_update(&ctx, "c", 1);
	hex_of_ctx(&ctx, hex);
	assert_string_equal(hex,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_448_bits),
		cmocka_unit_test(test_896_bits),
		cmocka_unit_test(test_million_a_chunked),
		cmocka_unit_test(test_padding_boundaries),
		cmocka_unit_test(test_zero_length_updates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
