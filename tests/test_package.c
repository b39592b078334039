/* Tests for package: deterministic writing, the zip layout field by field,
 * reuse of deflated parts, and the reader's refusal of hostile packages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>
#include <zlib.h>

#include "package.h"

#include "banned.h"

static const char odt_mime[] = "application/vnd.oasis.opendocument.text";

/* Written by Python's zipfile to a pipe, so every entry has a data
 * descriptor and zero sizes in its local header, as LibreOffice and many
 * streaming writers produce: mimetype (stored), content.xml, Pictures/. */
static const unsigned char streamed_zip[] = {
	0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x6d, 0x69, 0x6d, 0x65, 0x74, 0x79,
	0x70, 0x65, 0x61, 0x70, 0x70, 0x6c, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6f,
	0x6e, 0x2f, 0x76, 0x6e, 0x64, 0x2e, 0x6f, 0x61, 0x73, 0x69, 0x73, 0x2e,
	0x6f, 0x70, 0x65, 0x6e, 0x64, 0x6f, 0x63, 0x75, 0x6d, 0x65, 0x6e, 0x74,
	0x2e, 0x74, 0x65, 0x78, 0x74, 0x50, 0x4b, 0x07, 0x08, 0x5e, 0xc6, 0x32,
	0x0c, 0x27, 0x00, 0x00, 0x00, 0x27, 0x00, 0x00, 0x00, 0x50, 0x4b, 0x03,
	0x04, 0x14, 0x00, 0x08, 0x00, 0x08, 0x00, 0xae, 0x42, 0x7a, 0x5d, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
	0x00, 0x00, 0x00, 0x63, 0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x2e, 0x78,
	0x6d, 0x6c, 0xb3, 0xc9, 0x4f, 0x4b, 0xcb, 0x4c, 0x4e, 0xb5, 0x4a, 0xc9,
	0x4f, 0x2e, 0xcd, 0x4d, 0xcd, 0x2b, 0xd1, 0x4d, 0xce, 0xcf, 0x2b, 0x01,
	0xd2, 0x76, 0x19, 0x99, 0x36, 0xfa, 0xb8, 0xe4, 0x00, 0x50, 0x4b, 0x07,
	0x08, 0x03, 0x00, 0x15, 0x3e, 0x1f, 0x00, 0x00, 0x00, 0x35, 0x00, 0x00,
	0x00, 0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0x08, 0x00, 0xae,
	0x42, 0x7a, 0x5d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x50, 0x69, 0x63, 0x74, 0x75,
	0x72, 0x65, 0x73, 0x2f, 0x03, 0x00, 0x50, 0x4b, 0x07, 0x08, 0x00, 0x00,
	0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x4b,
	0x01, 0x02, 0x14, 0x03, 0x14, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x21, 0x00, 0x5e, 0xc6, 0x32, 0x0c, 0x27, 0x00, 0x00, 0x00, 0x27, 0x00,
	0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6d, 0x69, 0x6d, 0x65,
	0x74, 0x79, 0x70, 0x65, 0x50, 0x4b, 0x01, 0x02, 0x14, 0x03, 0x14, 0x00,
	0x08, 0x00, 0x08, 0x00, 0xae, 0x42, 0x7a, 0x5d, 0x03, 0x00, 0x15, 0x3e,
	0x1f, 0x00, 0x00, 0x00, 0x35, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x01, 0x5d, 0x00,
	0x00, 0x00, 0x63, 0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x2e, 0x78, 0x6d,
	0x6c, 0x50, 0x4b, 0x01, 0x02, 0x14, 0x03, 0x14, 0x00, 0x08, 0x00, 0x08,
	0x00, 0xae, 0x42, 0x7a, 0x5d, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x00, 0xfd, 0x41, 0xb5, 0x00, 0x00, 0x00, 0x50,
	0x69, 0x63, 0x74, 0x75, 0x72, 0x65, 0x73, 0x2f, 0x50, 0x4b, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03, 0x00, 0xa6, 0x00, 0x00, 0x00,
	0xee, 0x00, 0x00, 0x00, 0x00, 0x00
};

/* A package with three entries, the first stored, as a generator makes. */
static unsigned char *build_odt(size_t *len)
{
	static const char content[] =
		"<office:document-content>hello hello hello hello</office:document-content>";
	static const char manifest[] = "<manifest:manifest/>";
	pkg_writer *w = pkg_writer_new(NULL);
	ag_error err = { 0 };
	unsigned char *out = NULL;

	assert_non_null(w);
	assert_int_equal(pkg_add(w, "mimetype", odt_mime, strlen(odt_mime), 1, &err), AG_OK);
	assert_int_equal(pkg_add(w, "content.xml", content, strlen(content), 0, &err), AG_OK);
	assert_int_equal(pkg_add(w, "META-INF/manifest.xml", manifest, strlen(manifest), 0,
				 &err), AG_OK);
	assert_int_equal(pkg_finish(w, &out, len, &err), AG_OK);
	pkg_writer_free(w);
	return out;
}

struct raw_entry {
	const char *name;
	const void *data;
	size_t len;
	int stored;
};

/* Builds a zip with libzip directly, bypassing pkg_add's name checks, to
 * play the part of a hostile package. */
static unsigned char *raw_zip(const struct raw_entry *e, size_t n, size_t *len)
{
	zip_source_t *src, *s;
	zip_stat_t st;
	zip_t *za;
	unsigned char *buf;
	size_t i, got = 0;

	src = zip_source_buffer_create(NULL, 0, 0, NULL);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	assert_non_null(za);
	zip_source_keep(src);
	for (i = 0; i < n; i++) {
		zip_int64_t idx;

		s = zip_source_buffer(za, e[i].data, e[i].len, 0);
		assert_non_null(s);
		/* Guessed encoding: libzip will not flag control bytes UTF-8. */
		idx = zip_file_add(za, e[i].name, s, 0);
		assert_true(idx >= 0);
		assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx,
			e[i].stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0), 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	buf = malloc(st.size);
	assert_non_null(buf);
	while (got < st.size) {
		zip_int64_t r = zip_source_read(src, buf + got, st.size - got);

		assert_true(r > 0);
		got += (size_t)r;
	}
	zip_source_close(src);
	zip_source_free(src);
	*len = got;
	return buf;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Offset of the first central directory header. */
static size_t central_dir(const unsigned char *zip, size_t len)
{
	size_t i;

	for (i = 0; i + 4 <= len; i++)
		if (!memcmp(zip + i, "PK\1\2", 4))
			return i;
	fail_msg("no central directory");
	return 0;
}

static pkg_reader *open_ok(const void *data, size_t len, const pkg_limits *lim)
{
	ag_error err = { 0 };
	pkg_reader *r = pkg_reader_open_mem(data, len, "test.odt", lim, &err);

	if (!r)
		fail_msg("open failed: %s", err.msg);
	return r;
}

static void expect_open_fails(const void *data, size_t len, const pkg_limits *lim,
			      ag_code code, const char *text)
{
	ag_error err = { 0 };
	pkg_reader *r = pkg_reader_open_mem(data, len, "test.odt", lim, &err);

	assert_null(r);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, text))
		fail_msg("message '%s' lacks '%s'", err.msg, text);
}

static void expect_entry(pkg_reader *r, const char *name, const char *want)
{
	ag_error err = { 0 };
	char *buf = NULL;
	size_t len = 0;

	if (pkg_read(r, name, &buf, &len, &err) != AG_OK)
		fail_msg("reading '%s' failed: %s", name, err.msg);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(buf, want, len);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

static void test_round_trip(void **state)
{
	pkg_reader *r;
	unsigned char *zip;
	zip_t *za;
	zip_stat_t st;
	size_t len;

	(void)state;
	zip = build_odt(&len);
	r = open_ok(zip, len, NULL);
	assert_int_equal(pkg_reader_count(r), 3);
	assert_string_equal(pkg_reader_name(r, 0), "mimetype");
	assert_string_equal(pkg_reader_name(r, 1), "content.xml");
	assert_string_equal(pkg_reader_name(r, 2), "META-INF/manifest.xml");
	assert_null(pkg_reader_name(r, 3));
	assert_true(pkg_has(r, "content.xml"));
	assert_false(pkg_has(r, "styles.xml"));
	expect_entry(r, "mimetype", odt_mime);
	expect_entry(r, "content.xml",
		     "<office:document-content>hello hello hello hello</office:document-content>");
	expect_entry(r, "META-INF/manifest.xml", "<manifest:manifest/>");
	/* Reading twice gives the same again. */
	expect_entry(r, "mimetype", odt_mime);
	pkg_reader_free(r);

	/* Methods as asked, seen by libzip itself. */
	{
		zip_source_t *src = zip_source_buffer_create(zip, len, 0, NULL);

		assert_non_null(src);
		za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
		assert_non_null(za);
		assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
		assert_int_equal(st.comp_method, ZIP_CM_STORE);
		assert_int_equal(zip_stat_index(za, 1, 0, &st), 0);
		assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
		assert_true(st.comp_size < st.size);
		zip_discard(za);
	}
	free(zip);
}

static void test_empty_and_utf8_entries(void **state)
{
	pkg_writer *w = pkg_writer_new(NULL);
	ag_error err = { 0 };
	unsigned char *zip;
	pkg_reader *r;
	size_t len;

	(void)state;
	assert_int_equal(pkg_add(w, "Configurations2/", NULL, 0, 1, &err), AG_OK);
	assert_int_equal(pkg_add(w, "empty.xml", "", 0, 0, &err), AG_OK);
	assert_int_equal(pkg_add(w, "Pictures/caf\xc3\xa9.txt", "\xc3\xa9", 2, 0, &err),
			 AG_OK);
	assert_int_equal(pkg_finish(w, &zip, &len, &err), AG_OK);
	pkg_writer_free(w);
	r = open_ok(zip, len, NULL);
	assert_int_equal(pkg_reader_count(r), 3);
	expect_entry(r, "Configurations2/", "");
	expect_entry(r, "empty.xml", "");
	expect_entry(r, "Pictures/caf\xc3\xa9.txt", "\xc3\xa9");
	pkg_reader_free(r);
	free(zip);
}

static void test_deterministic(void **state)
{
	unsigned char *a, *b, *c, *d;
	size_t alen, blen, clen, dlen;
	pkg_writer *w = pkg_writer_new(NULL);
	ag_error err = { 0 };
	char scratch[64];

	(void)state;
	a = build_odt(&alen);
	b = build_odt(&blen);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);

	/* pkg_add copies: scribbling over the caller's buffer afterwards
	 * changes nothing, and finishing twice gives the same bytes. */
	memcpy(scratch, odt_mime, sizeof(odt_mime));
	assert_int_equal(pkg_add(w, "mimetype", scratch, strlen(odt_mime), 1, &err), AG_OK);
	memset(scratch, 'x', sizeof(scratch));
	assert_int_equal(pkg_add(w, "content.xml",
		"<office:document-content>hello hello hello hello</office:document-content>",
		74, 0, &err), AG_OK);
	assert_int_equal(pkg_add(w, "META-INF/manifest.xml", "<manifest:manifest/>", 20, 0,
				 &err), AG_OK);
	assert_int_equal(pkg_finish(w, &c, &clen, &err), AG_OK);
	assert_int_equal(pkg_finish(w, &d, &dlen, &err), AG_OK);
	pkg_writer_free(w);
	assert_int_equal(clen, alen);
	assert_memory_equal(c, a, alen);
	assert_int_equal(dlen, alen);
	assert_memory_equal(d, a, alen);

	/* The clock does not enter: another time zone gives the same bytes. */
	setenv("TZ", "Australia/Sydney", 1);
	tzset();
	free(b);
	b = build_odt(&blen);
	unsetenv("TZ");
	tzset();
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);

	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_mimetype_layout(void **state)
{
	unsigned char *zip;
	size_t len, cd;

	(void)state;
	zip = build_odt(&len);
	assert_true(len > 38 + strlen(odt_mime));
	/* ODF 1.2 part 3, 3.3: "mimetype" first, stored, no extra field, so
	 * its content sits at offset 38 for magic-number sniffing. */
	assert_memory_equal(zip, "PK\3\4", 4);
	assert_int_equal(zip[8] | zip[9] << 8, 0);            /* stored */
	assert_int_equal(zip[26] | zip[27] << 8, 8);          /* name length */
	assert_int_equal(zip[28] | zip[29] << 8, 0);          /* extra length */
	assert_memory_equal(zip + 30, "mimetype", 8);
	assert_memory_equal(zip + 38, odt_mime, strlen(odt_mime));
	/* DOS time 00:00, date 1980-01-01. */
	assert_int_equal(zip[10] | zip[11] << 8, 0);
	assert_int_equal(zip[12] | zip[13] << 8, 0x21);

	/* Central entry: no extra field, Unix 0644 regular file. */
	cd = central_dir(zip, len);
	assert_int_equal(zip[cd + 30] | zip[cd + 31] << 8, 0);
	assert_int_equal(zip[cd + 5], 3);                     /* made by Unix */
	assert_int_equal((uint32_t)(zip[cd + 40] | zip[cd + 41] << 8), 0100644);
	/* No archive comment: the end record closes the file. */
	assert_memory_equal(zip + len - 22, "PK\5\6", 4);
	assert_int_equal(zip[len - 2] | zip[len - 1] << 8, 0);
	free(zip);
}

static void test_writer_refusals(void **state)
{
	static const char *bad[] = {
		"", "/abs", "../evil", "a/../../b", "..", "a\\b", "C:/x", "a\nb",
		"caf\xe9", "a\xc3", "\xff",
	};
	pkg_writer *w = pkg_writer_new(NULL);
	ag_error err = { 0 };
	unsigned char *out = (unsigned char *)1;
	size_t i, len = 1;

	(void)state;
	assert_int_equal(pkg_finish(w, &out, &len, &err), AG_ERR_INTERNAL);
	assert_null(out);
	assert_int_equal(len, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.code = AG_OK;
		assert_int_equal(pkg_add(w, bad[i], "x", 1, 0, &err), AG_ERR_DATA);
		assert_int_equal(err.code, AG_ERR_DATA);
	}
	/* "a..b" is a fine name: only a whole ".." component climbs. */
	assert_int_equal(pkg_add(w, "a..b", "x", 1, 0, &err), AG_OK);
	assert_int_equal(pkg_add(w, "caf\xc3\xa9.xml", "x", 1, 0, &err), AG_OK);
	assert_int_equal(pkg_add(w, "a..b", "y", 1, 0, &err), AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "'a..b'"));
	pkg_writer_free(w);
	pkg_writer_free(NULL);
}

static void test_not_a_zip(void **state)
{
	unsigned char junk[4096];
	size_t i;
	uint32_t x = 12345;

	(void)state;
	for (i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245 + 12345;
		junk[i] = (unsigned char)(x >> 16);
	}
	expect_open_fails(junk, sizeof(junk), NULL, AG_ERR_DATA,
			  "'test.odt' is not a zip package");
	expect_open_fails("", 0, NULL, AG_ERR_DATA, "is not a zip package");
	expect_open_fails("PK\5\6", 4, NULL, AG_ERR_DATA, "zip package");
}

static void test_hostile_names(void **state)
{
	static const struct {
		const char *name;
		const char *msg;
	} cases[] = {
		{ "../evil", "zip entry name '../evil' escapes the package" },
		{ "/abs", "zip entry name '/abs' escapes the package" },
		{ "a/../../b", "escapes the package" },
		{ "C:/windows", "escapes the package" },
		{ "a\\..\\b", "has a backslash" },
		{ "a\033[31mb", "zip entry name 'a\\x1B[31mb' has a control character" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct raw_entry e[2] = {
			{ "mimetype", odt_mime, strlen(odt_mime), 1 },
			{ cases[i].name, "x", 1, 0 },
		};
		ag_error err = { 0 };
		unsigned char *zip;
		size_t len;

		zip = raw_zip(e, 2, &len);
		assert_null(pkg_reader_open_mem(zip, len, "test.odt", NULL, &err));
		assert_int_equal(err.code, AG_ERR_DATA);
		assert_string_equal(err.file, "test.odt");
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("'%s': message '%s' lacks '%s'", cases[i].name, err.msg,
				 cases[i].msg);
		free(zip);
	}
}

static void test_duplicate_names(void **state)
{
	struct raw_entry e[2] = {
		{ "content.xml", "a", 1, 0 },
		{ "content.xmX", "b", 1, 0 },
	};
	unsigned char *zip;
	size_t len, cd;

	(void)state;
	/* libzip will not write two entries of one name: rename the second
	 * in both of its headers afterwards. */
	zip = raw_zip(e, 2, &len);
	cd = central_dir(zip, len);
	assert_memory_equal(zip + 30 + 11 + 3 + 30 + 10, "X", 1);
	zip[30 + 11 + 3 + 30 + 10] = 'l';
	cd = central_dir(zip + cd + 46, len - cd - 46) + cd + 46;
	assert_memory_equal(zip + cd + 46 + 10, "X", 1);
	zip[cd + 46 + 10] = 'l';
	expect_open_fails(zip, len, NULL, AG_ERR_DATA, "same name");
	free(zip);
}

static void test_encrypted(void **state)
{
	zip_source_t *src, *s;
	zip_stat_t st;
	zip_t *za;
	unsigned char *buf;
	size_t got = 0;

	(void)state;
	if (!zip_encryption_method_supported(ZIP_EM_TRAD_PKWARE, 1))
		skip();
	src = zip_source_buffer_create(NULL, 0, 0, NULL);
	za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	assert_non_null(za);
	zip_source_keep(src);
	s = zip_source_buffer(za, "secret", 6, 0);
	assert_int_equal(zip_file_add(za, "content.xml", s, 0), 0);
	assert_int_equal(zip_file_set_encryption(za, 0, ZIP_EM_TRAD_PKWARE, "pw"), 0);
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	buf = malloc(st.size);
	assert_non_null(buf);
	while (got < st.size)
		got += (size_t)zip_source_read(src, buf + got, st.size - got);
	zip_source_close(src);
	zip_source_free(src);

	expect_open_fails(buf, got, NULL, AG_ERR_DATA,
			  "zip entry 'content.xml' is encrypted");
	free(buf);
}

static void test_too_many_entries(void **state)
{
	unsigned char *zip;
	size_t len;
	pkg_limits lim = { 2, 0, 0 };

	(void)state;
	zip = build_odt(&len);
	expect_open_fails(zip, len, &lim, AG_ERR_LIMIT,
			  "'test.odt' has more than the limit of 2 entries");
	lim.max_entries = 3;
	pkg_reader_free(open_ok(zip, len, &lim));
	free(zip);
}

static void test_zip_bomb(void **state)
{
	size_t big = (size_t)10 << 20, len, outlen = 99;
	char *zeros = calloc(1, big), *out = (char *)1;
	struct raw_entry e = { "content.xml", zeros, big, 0 };
	pkg_limits lim = { 0, (size_t)1 << 20, 0 };
	ag_error err = { 0 };
	unsigned char *zip;
	pkg_reader *r;

	(void)state;
	assert_non_null(zeros);
	zip = raw_zip(&e, 1, &len);
	free(zeros);
	assert_true(len < 100000);

	r = open_ok(zip, len, &lim);
	assert_int_equal(pkg_read(r, "content.xml", &out, &outlen, &err), AG_ERR_LIMIT);
	assert_null(out);
	assert_int_equal(outlen, 0);
	assert_string_equal(err.msg, "entry 'content.xml' of 'test.odt' inflates past "
			    "the limit of 1048576 bytes");
	pkg_reader_free(r);

	/* Exactly at the limit is fine. */
	lim.max_entry_size = big;
	r = open_ok(zip, len, &lim);
	assert_int_equal(pkg_read(r, "content.xml", &out, &outlen, &err), AG_OK);
	assert_int_equal(outlen, big);
	free(out);
	pkg_reader_free(r);
	free(zip);
}

static void test_lying_size(void **state)
{
	size_t big = (size_t)2 << 20, len, cd, outlen;
	char *zeros = calloc(1, big), *out;
	struct raw_entry e = { "content.xml", zeros, big, 0 };
	pkg_limits lim = { 0, (size_t)1 << 20, 0 };
	ag_error err = { 0 };
	unsigned char *zip;
	pkg_reader *r;

	(void)state;
	assert_non_null(zeros);
	zip = raw_zip(&e, 1, &len);
	free(zeros);
	/* Both headers claim 100 bytes; the deflate stream holds 2 MiB. */
	put_le32(zip + 22, 100);
	cd = central_dir(zip, len);
	put_le32(zip + cd + 24, 100);

	r = open_ok(zip, len, &lim);
	assert_int_equal(pkg_read(r, "content.xml", &out, &outlen, &err), AG_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "inflates past the limit"));
	pkg_reader_free(r);

	/* Under the limit the lie is still caught: libzip itself does not
	 * compare what it inflates with the header. */
	r = open_ok(zip, len, NULL);
	assert_int_equal(pkg_read(r, "content.xml", &out, &outlen, &err), AG_ERR_DATA);
	assert_string_equal(err.msg, "entry 'content.xml' of 'test.odt' is damaged: "
			    "2097152 bytes where its header says 100");
	assert_null(out);
	pkg_reader_free(r);
	free(zip);
}

static void test_total_limit(void **state)
{
	size_t n = 600 << 10, len, outlen;
	char *zeros = calloc(1, n), *out;
	struct raw_entry e[2] = {
		{ "a.xml", zeros, n, 0 },
		{ "b.xml", zeros, n, 0 },
	};
	pkg_limits lim = { 0, 0, (size_t)1 << 20 };
	ag_error err = { 0 };
	unsigned char *zip;
	pkg_reader *r;

	(void)state;
	assert_non_null(zeros);
	zip = raw_zip(e, 2, &len);
	free(zeros);
	r = open_ok(zip, len, &lim);
	assert_int_equal(pkg_read(r, "a.xml", &out, &outlen, &err), AG_OK);
	free(out);
	assert_int_equal(pkg_read(r, "b.xml", &out, &outlen, &err), AG_ERR_LIMIT);
	assert_string_equal(err.msg,
			    "'test.odt' inflates past the limit of 1048576 bytes in all");
	pkg_reader_free(r);
	free(zip);
}

static void test_damaged_entry(void **state)
{
	unsigned char *zip;
	pkg_reader *r;
	ag_error err = { 0 };
	char *out;
	size_t len, outlen;

	(void)state;
	zip = build_odt(&len);
	/* One flipped byte of the stored mimetype: only the CRC can tell. */
	zip[38] ^= 1;
	r = open_ok(zip, len, NULL);
	assert_int_equal(pkg_read(r, "mimetype", &out, &outlen, &err), AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "entry 'mimetype' of 'test.odt' is damaged"));
	assert_null(out);
	pkg_reader_free(r);
	free(zip);
}

static void test_missing_entry(void **state)
{
	unsigned char *zip;
	pkg_reader *r;
	ag_error err = { 0 };
	char *out = (char *)1;
	size_t len, outlen = 1;

	(void)state;
	zip = build_odt(&len);
	r = open_ok(zip, len, NULL);
	assert_int_equal(pkg_read(r, "styles.xml", &out, &outlen, &err), AG_ERR_DATA);
	assert_string_equal(err.msg, "'test.odt' has no entry 'styles.xml'");
	assert_null(out);
	assert_int_equal(outlen, 0);
	pkg_reader_free(r);
	pkg_reader_free(NULL);
	free(zip);
}

static void test_streamed_package(void **state)
{
	pkg_reader *r;

	(void)state;
	r = open_ok(streamed_zip, sizeof(streamed_zip), NULL);
	assert_int_equal(pkg_reader_count(r), 3);
	expect_entry(r, "mimetype", odt_mime);
	expect_entry(r, "content.xml",
		     "<office:document-content>hi</office:document-content>");
	expect_entry(r, "Pictures/", "");
	pkg_reader_free(r);
}

/* Version needed and time differ between the local and central headers:
 * APPNOTE allows it and Word, LibreOffice and unzip open such packages;
 * libzip's ZIP_CHECKCONS does not. */
static void relax_first_header(unsigned char *zip)
{
	zip[4] = 45;      /* version needed: 4.5 (Zip64-ready writers) */
	zip[10] = 0x21;   /* modification time */
}

static void test_relaxed_headers(void **state)
{
	unsigned char *zip;
	size_t len;
	pkg_reader *r;

	(void)state;
	zip = build_odt(&len);
	relax_first_header(zip);
	r = open_ok(zip, len, NULL);
	assert_int_equal(pkg_reader_count(r), 3);
	expect_entry(r, "mimetype", odt_mime);
	pkg_reader_free(r);
	free(zip);
}

/* What a crafted zip shows two readers stays refused past the relaxed check. */
static void test_relaxed_still_strict(void **state)
{
	unsigned char *zip;
	size_t len, cd;

	(void)state;
	zip = build_odt(&len);
	relax_first_header(zip);
	zip[30 + 7] = 'X';   /* local name "mimetypX", central "mimetype" */
	expect_open_fails(zip, len, NULL, AG_ERR_DATA, "damaged zip package");
	free(zip);

	zip = build_odt(&len);
	relax_first_header(zip);
	cd = central_dir(zip, len);
	zip[cd + 20] += 7;   /* central compressed size runs into the next entry */
	expect_open_fails(zip, len, NULL, AG_ERR_DATA, "damaged zip package");
	free(zip);

	zip = build_odt(&len);
	relax_first_header(zip);
	cd = central_dir(zip, len);
	cd = central_dir(zip + cd + 46, len - cd - 46) + cd + 46;
	memset(zip + cd + 42, 0, 4);   /* the second entry's data is the first's */
	expect_open_fails(zip, len, NULL, AG_ERR_DATA, "damaged zip package");
	free(zip);
}

static void test_open_file(void **state)
{
	const char *tmpdir = getenv("TMPDIR");
	char dir[256], path[300];
	unsigned char *zip;
	ag_error err = { 0 };
	pkg_reader *r;
	size_t len;
	FILE *f;

	(void)state;
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	snprintf(dir, sizeof(dir), "%s/test_package.XXXXXX", tmpdir);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/doc.odt", dir);

	zip = build_odt(&len);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(zip, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(zip);

	r = pkg_reader_open_file(path, NULL, &err);
	assert_non_null(r);
	assert_int_equal(pkg_reader_count(r), 3);
	expect_entry(r, "mimetype", odt_mime);
	pkg_reader_free(r);

	assert_null(pkg_reader_open_file(dir, NULL, &err));
	assert_int_equal(err.code, AG_ERR_NOINPUT);
	assert_non_null(strstr(err.msg, "is not a regular file"));

	assert_int_equal(unlink(path), 0);
	assert_null(pkg_reader_open_file(path, NULL, &err));
	assert_int_equal(err.code, AG_ERR_NOINPUT);
	assert_non_null(strstr(err.msg, "cannot open"));

	/* Not a zip, from a file. */
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("hello, world\n", f);
	assert_int_equal(fclose(f), 0);
	assert_null(pkg_reader_open_file(path, NULL, &err));
	assert_int_equal(err.code, AG_ERR_DATA);
	assert_non_null(strstr(err.msg, "is not a zip package"));

	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct want_entry {
	const char *name;
	const void *data;
	size_t len;
	int stored;
};

/* Walks the whole zip as a strict reader would: every local header is
 * followed by its data and the next header, agrees with its central entry
 * field by field, the data inflates to what was added with the CRC the
 * headers give, and the end record closes the file. */
static void check_layout(const unsigned char *zip, size_t len, const struct want_entry *e, size_t n)
{
	size_t i, off = 0, cd;
	const unsigned char *c;

	for (i = 0; i < n; i++) {
		const unsigned char *h = zip + off;
		size_t nlen = strlen(e[i].name), csize, usize;
		unsigned char *plain;
		int dir = nlen && e[i].name[nlen - 1] == '/';
		int ascii = 1;
		size_t k;

		for (k = 0; k < nlen; k++)
			ascii &= (unsigned char)e[i].name[k] < 0x80;
		assert_true(off + 30 <= len);
		assert_memory_equal(h, "PK\3\4", 4);
		assert_int_equal(get16(h + 4), e[i].stored && !dir ? 10 : 20);
		assert_int_equal(get16(h + 6), ascii ? 0 : 0x800);   /* no data descriptor */
		assert_int_equal(get16(h + 8), e[i].stored ? 0 : 8);
		assert_int_equal(get16(h + 10), 0);                 /* 00:00 */
		assert_int_equal(get16(h + 12), 0x21);              /* 1980-01-01 */
		assert_int_equal(get32(h + 14), (uint32_t)crc32(0, e[i].data, (uInt)e[i].len));
		csize = get32(h + 18);
		usize = get32(h + 22);
		assert_int_equal(usize, e[i].len);
		assert_int_equal(get16(h + 26), nlen);
		assert_int_equal(get16(h + 28), 0);                 /* no extra field */
		assert_memory_equal(h + 30, e[i].name, nlen);
		assert_true(off + 30 + nlen + csize <= len);
		plain = malloc(usize + 1);
		assert_non_null(plain);
		if (e[i].stored) {
			assert_int_equal(csize, usize);
			memcpy(plain, h + 30 + nlen, usize);
		} else {
			z_stream z;

			memset(&z, 0, sizeof(z));
			assert_int_equal(inflateInit2(&z, -MAX_WBITS), Z_OK);
			z.next_in = (unsigned char *)(uintptr_t)(h + 30 + nlen);
			z.avail_in = (uInt)csize;
			z.next_out = plain;
			z.avail_out = (uInt)usize + 1;
			assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
			assert_int_equal(z.total_out, usize);
			assert_int_equal(z.avail_in, 0);            /* the stream fills the data */
			inflateEnd(&z);
		}
		if (usize)
			assert_memory_equal(plain, e[i].data, usize);
		free(plain);
		off += 30 + nlen + csize;
	}
	cd = off;
	c = zip + cd;
	off = 0;
	for (i = 0; i < n; i++) {
		const unsigned char *h = zip + off;
		size_t nlen = strlen(e[i].name);

		assert_memory_equal(c, "PK\1\2", 4);
		assert_int_equal(get16(c + 4), 0x033f);             /* Unix, APPNOTE 6.3 */
		/* Needed version, flags, method, time, date, CRC and sizes as local. */
		assert_memory_equal(c + 6, h + 4, 26);
		assert_int_equal(get16(c + 30), 0);                 /* extra field */
		assert_int_equal(get16(c + 32), 0);                 /* comment */
		assert_int_equal(get16(c + 34), 0);
		assert_int_equal(get16(c + 36), 0);
		assert_int_equal(get32(c + 38), (uint32_t)0100644 << 16);
		assert_int_equal(get32(c + 42), off);
		assert_memory_equal(c + 46, e[i].name, nlen);
		off += 30 + nlen + get32(h + 18);
		c += 46 + nlen;
	}
	assert_int_equal((size_t)(c - zip) + 22, len);
	assert_memory_equal(c, "PK\5\6", 4);
	assert_int_equal(get16(c + 4), 0);
	assert_int_equal(get16(c + 6), 0);
	assert_int_equal(get16(c + 8), n);
	assert_int_equal(get16(c + 10), n);
	assert_int_equal(get32(c + 12), (size_t)(c - zip) - cd);
	assert_int_equal(get32(c + 16), cd);
	assert_int_equal(get16(c + 20), 0);
}

/* The package of entries e, written through cache (NULL: none). */
static unsigned char *build_in(pkg_cache *cache, const struct want_entry *e, size_t n, size_t *len)
{
	pkg_writer *w = pkg_writer_new(cache);
	ag_error err = { 0 };
	unsigned char *out = NULL;
	size_t i;

	assert_non_null(w);
	for (i = 0; i < n; i++)
		if (pkg_add(w, e[i].name, e[i].data, e[i].len, e[i].stored, &err) != AG_OK)
			fail_msg("adding '%s': %s", e[i].name, err.msg);
	assert_int_equal(pkg_finish(w, &out, len, &err), AG_OK);
	pkg_writer_free(w);
	return out;
}

static unsigned char *build(const struct want_entry *e, size_t n, size_t *len)
{
	return build_in(NULL, e, n, len);
}

/* Bytes that do not compress (deflate's output is then larger than its
 * input) and bytes that compress a thousandfold. */
static unsigned char *noise(size_t n, unsigned seed)
{
	unsigned char *p = malloc(n);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
	return p;
}

static void test_writer_layout(void **state)
{
	unsigned char *rnd = noise(300000, 1), *zeros = calloc(1, 1 << 20), *zip;
	struct want_entry e[] = {
		{ "mimetype", odt_mime, sizeof(odt_mime) - 1, 1 },
		{ "Configurations2/", "", 0, 1 },
		{ "content.xml", "<a>hello hello hello hello</a>", 30, 0 },
		{ "empty.xml", "", 0, 0 },
		{ "Pictures/noise.bin", NULL, 300000, 0 },
		{ "Pictures/zeros.bin", NULL, 1 << 20, 0 },
		{ "Pictures/caf\xc3\xa9.txt", "\xc3\xa9", 2, 0 },
		{ "stored.bin", NULL, 4096, 1 },
	};
	pkg_reader *r;
	size_t len, i;

	(void)state;
	assert_non_null(zeros);
	e[4].data = rnd;
	e[5].data = zeros;
	e[7].data = rnd;
	zip = build(e, sizeof(e) / sizeof(e[0]), &len);
	check_layout(zip, len, e, sizeof(e) / sizeof(e[0]));
	/* Every entry reads back through libzip's consistency checks too. */
	r = open_ok(zip, len, NULL);
	assert_int_equal(pkg_reader_count(r), sizeof(e) / sizeof(e[0]));
	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		ag_error err = { 0 };
		char *buf;
		size_t blen;

		assert_string_equal(pkg_reader_name(r, i), e[i].name);
		assert_int_equal(pkg_read(r, e[i].name, &buf, &blen, &err), AG_OK);
		assert_int_equal(blen, e[i].len);
		if (blen)
			assert_memory_equal(buf, e[i].data, blen);
		free(buf);
	}
	pkg_reader_free(r);
	free(zip);
	free(rnd);
	free(zeros);
}

/* Parts deflated before are reused: the bytes are the same with a cache or
 * without, across packages, for one part under two names, past the size
 * kept, and after the kept parts have all been replaced by others. */
static void test_reuse(void **state)
{
	static const char styles[] = "<office:document-styles>styles styles styles</office:document-styles>";
	unsigned char *big = noise(PKG_REUSE_MAX_PART + 1, 7), *a, *b, *c;
	struct want_entry e[] = {
		{ "mimetype", odt_mime, sizeof(odt_mime) - 1, 1 },
		{ "styles.xml", styles, sizeof(styles) - 1, 0 },
		{ "big.bin", NULL, PKG_REUSE_MAX_PART + 1, 0 },
		{ "copy/styles.xml", styles, sizeof(styles) - 1, 0 },
		{ "other.xml", styles, sizeof(styles) - 2, 0 },  /* a prefix: not the same part */
	};
	size_t n = sizeof(e) / sizeof(e[0]), alen, blen, clen, i;
	pkg_cache *cache = pkg_cache_new();

	(void)state;
	assert_non_null(cache);
	e[2].data = big;
	a = build(e, n, &alen);
	check_layout(a, alen, e, n);
	b = build_in(cache, e, n, &blen);        /* first sight: deflated, kept */
	c = build_in(cache, e, n, &clen);        /* second: copied */
	assert_int_equal(blen, alen);
	assert_memory_equal(b, a, alen);
	assert_int_equal(clen, alen);
	assert_memory_equal(c, a, alen);
	free(b);
	free(c);

	/* Many other parts push the kept ones out; nothing changes. */
	for (i = 0; i < 100; i++) {
		char part[64];
		struct want_entry one = { "part.xml", part, 0, 0 };
		unsigned char *z;
		size_t zlen;

		snprintf(part, sizeof(part), "<part n=\"%zu\"/>", i);
		one.len = strlen(part);
		z = build_in(cache, &one, 1, &zlen);
		check_layout(z, zlen, &one, 1);
		free(z);
	}
	b = build_in(cache, e, n, &blen);
	assert_int_equal(blen, alen);
	assert_memory_equal(b, a, alen);
	free(b);
	pkg_cache_free(cache);
	pkg_cache_free(NULL);
	free(a);
	free(big);
}

/* What one thread of test_concurrent_writers does: rounds packages of
 * parts that differ from round to round and parts that stay the same,
 * through its own cache or none, each compared with the sequential one. */
struct writer_job {
	int own_cache;
	const unsigned char *const *want;
	const size_t *want_len;
	size_t rounds;
	int ok;
};

#define THREAD_ROUNDS 60

/* Round r's package; NULL on any failure (no cmocka call: it runs in threads). */
static unsigned char *round_package(pkg_cache *cache, size_t r, size_t *len)
{
	static const char same[] = "<w:styles>same for every document, same for every document</w:styles>";
	char content[256];
	pkg_writer *w = pkg_writer_new(cache);
	ag_error err = { 0 };
	unsigned char *out = NULL;
	int n = snprintf(content, sizeof(content), "<w:document>round %zu, round %zu, round %zu</w:document>",
			 r, r * 7, r * 13);

	if (w && !pkg_add(w, "[Content_Types].xml", same, sizeof(same) - 1, 0, &err) &&
	    !pkg_add(w, "word/document.xml", content, (size_t)n, 0, &err) &&
	    !pkg_add(w, "word/styles.xml", same, sizeof(same) - 2, 0, &err))
		pkg_finish(w, &out, len, &err);
	pkg_writer_free(w);
	return out;
}

static void *writer_thread(void *arg)
{
	struct writer_job *j = arg;
	pkg_cache *cache = j->own_cache ? pkg_cache_new() : NULL;
	size_t r, len;

	j->ok = !j->own_cache || cache;
	for (r = 0; j->ok && r < j->rounds; r++) {
		unsigned char *z = round_package(cache, r, &len);

		j->ok = z && len == j->want_len[r] && !memcmp(z, j->want[r], len);
		free(z);
	}
	pkg_cache_free(cache);
	return NULL;
}

/* Writers in two threads at once, each with its own cache (and without
 * one), make the bytes one thread makes alone. */
static void test_concurrent_writers(void **state)
{
	unsigned char *want[THREAD_ROUNDS];
	size_t want_len[THREAD_ROUNDS], r, i;
	struct writer_job jobs[4];
	pthread_t th[4];

	(void)state;
	for (r = 0; r < THREAD_ROUNDS; r++) {
		want[r] = round_package(NULL, r, &want_len[r]);
		assert_non_null(want[r]);
	}
	for (i = 0; i < 4; i++) {
		jobs[i] = (struct writer_job){ i < 2, (const unsigned char *const *)want, want_len,
					       THREAD_ROUNDS, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, writer_thread, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_true(jobs[i].ok);
	}
	for (r = 0; r < THREAD_ROUNDS; r++)
		free(want[r]);
}

/* A refused entry leaves the writer as it was: the package is the one the
 * other entries make. */
static void test_failed_add_changes_nothing(void **state)
{
	struct want_entry e[] = {
		{ "mimetype", odt_mime, sizeof(odt_mime) - 1, 1 },
		{ "content.xml", "<a>hello hello hello hello</a>", 30, 0 },
	};
	pkg_writer *w = pkg_writer_new(NULL);
	ag_error err = { 0 };
	unsigned char *a, *b;
	size_t alen, blen;

	(void)state;
	a = build(e, 2, &alen);
	assert_int_equal(pkg_add(w, e[0].name, e[0].data, e[0].len, 1, &err), AG_OK);
	assert_int_equal(pkg_add(w, "../x", "x", 1, 0, &err), AG_ERR_DATA);
	assert_int_equal(pkg_add(w, "mimetype", "x", 1, 0, &err), AG_ERR_DATA);
	assert_int_equal(pkg_add(w, e[1].name, e[1].data, e[1].len, 0, &err), AG_OK);
	assert_int_equal(pkg_add(w, "content.xml", "y", 1, 0, &err), AG_ERR_DATA);
	assert_int_equal(pkg_finish(w, &b, &blen, &err), AG_OK);
	pkg_writer_free(w);
	assert_int_equal(blen, alen);
	assert_memory_equal(b, a, alen);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty_and_utf8_entries),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_mimetype_layout),
		cmocka_unit_test(test_writer_refusals),
		cmocka_unit_test(test_writer_layout),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_failed_add_changes_nothing),
		cmocka_unit_test(test_not_a_zip),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_lying_size),
		cmocka_unit_test(test_total_limit),
		cmocka_unit_test(test_damaged_entry),
		cmocka_unit_test(test_missing_entry),
		cmocka_unit_test(test_streamed_package),
		cmocka_unit_test(test_relaxed_headers),
		cmocka_unit_test(test_relaxed_still_strict),
		cmocka_unit_test(test_open_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
