/* Zip packages through libzip: a writer whose output depends only on the
 * entries given, and a reader that refuses hostile names and zip bombs. */
#include "package.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "banned.h"

/* 1980-01-01 00:00:00 in MS-DOS date and time format: the earliest a zip
 * can say, used so builds do not depend on the clock. */
#define DOS_DATE_1980 ((0 << 9) | (1 << 5) | 1)
#define DOS_TIME_MIDNIGHT 0

/* A regular file, rw-r--r--, in the high half as Unix zips have it. */
#define UNIX_ATTRIBUTES ((zip_uint32_t)0100644 << 16)

#define DEFLATE_LEVEL PKG_DEFLATE_LEVEL

/* Reads start small: a header may claim any size, and most entries of a
 * document are a few kilobytes. */
#define FIRST_READ_BUFFER ((size_t)1 << 20)

/* Longest entry name quoted in a message. */
#define MSG_NAME_MAX 200

struct pkg_entry {
	char *name;
	unsigned char *data;
	size_t len;
	int stored;
};

struct pkg_writer {
	struct pkg_entry *entries;
	size_t count, alloc;
};

struct pkg_name {
	const char *name;
	size_t index;
};

struct pkg_reader {
	zip_t *za;
	char *name;
	pkg_limits lim;
	size_t count;
	const char **names;       /* by index; owned by za */
	struct pkg_name *sorted;  /* ordered by name, for lookup */
	size_t total;             /* bytes inflated so far */
};

/* Entry names end up in messages a terminal shows: no control bytes. */
static const char *printable(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[i] = '\0';
	return buf;
}

/* Why name may not stand in a package, or NULL when it may. The rules are
 * those of a path that must stay inside the folder it is extracted to. */
static const char *bad_name(const char *name)
{
	const char *p, *comp = name;

	if (!*name)
		return "is empty";
	if (name[0] == '/')
		return "escapes the package";
	if (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':')
		return "escapes the package";
	for (p = name;; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/' || !c) {
			if (p - comp == 2 && comp[0] == '.' && comp[1] == '.')
				return "escapes the package";
			if (!c)
				break;
			comp = p + 1;
		} else if (c == '\\') {
			return "has a backslash";
		} else if (c < 0x20 || c == 0x7f) {
			return "has a control character";
		}
	}
	if (p - name > 0xffff)
		return "is too long";
	return NULL;
}

/* Whether s is well-formed UTF-8 by structure (lead and continuation
 * bytes), the test libzip applies before it will flag a name as UTF-8. */
static int is_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 :
			(*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;

		if (n < 0)
			return 0;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

static ag_code fail_name(ag_error *err, const char *pkg, const char *name,
			 const char *why)
{
	char buf[MSG_NAME_MAX];

	return ag_fail(err, AG_ERR_DATA, pkg, 0, "zip entry name '%s' %s",
		       printable(name, buf, sizeof(buf)), why);
}

/* libzip's messages start with a capital; ours do not. */
static const char *zip_message(zip_error_t *ze, char *buf, size_t size)
{
	snprintf(buf, size, "%s", zip_error_strerror(ze));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

pkg_writer *pkg_writer_new(void)
{
	return calloc(1, sizeof(pkg_writer));
}

void pkg_writer_free(pkg_writer *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->count; i++) {
		free(w->entries[i].name);
		free(w->entries[i].data);
	}
	free(w->entries);
	free(w);
}

ag_code pkg_add(pkg_writer *w, const char *name, const void *data, size_t len,
		int stored, ag_error *err)
{
	struct pkg_entry e = { NULL, NULL, len, stored != 0 };
	const char *why = bad_name(name);
	size_t i, n;

	/* Names are written flagged UTF-8; a reader may see CP437 names, but
	 * hands them on converted. */
	if (!why && !is_utf8(name))
		why = "is not UTF-8";
	if (why)
		return fail_name(err, NULL, name, why);
	/* Names are few (a document has tens): a scan is enough. */
	for (i = 0; i < w->count; i++)
		if (!strcmp(w->entries[i].name, name))
			return fail_name(err, NULL, name, "is already in the package");

	if (w->count == w->alloc) {
		size_t alloc = w->alloc ? 2 * w->alloc : 16;
		struct pkg_entry *p;

		if (alloc > SIZE_MAX / sizeof(*p))
			goto nomem;
		p = realloc(w->entries, alloc * sizeof(*p));
		if (!p)
			goto nomem;
		w->entries = p;
		w->alloc = alloc;
	}
	if (len == SIZE_MAX)
		goto nomem;
	n = strlen(name);
	e.name = malloc(n + 1);
	/* One spare byte so that an empty entry is not a malloc(0). */
	e.data = malloc(len + 1);
	if (!e.name || !e.data)
		goto nomem;
	memcpy(e.name, name, n + 1);
	if (len)
		memcpy(e.data, data, len);
	w->entries[w->count++] = e;
	return AG_OK;

nomem:
	free(e.name);
	free(e.data);
	return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory adding zip entry '%s'",
		       name);
}

static ag_code zip_failed(ag_error *err, const char *what, zip_error_t *ze)
{
	char buf[256];

	if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory building a package");
	return ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "cannot %s: %s", what,
		       zip_message(ze, buf, sizeof(buf)));
}

/* Adds entry e with every field that could vary between builds pinned
 * down: time, attributes, method and level. */
static ag_code add_entry(zip_t *za, const struct pkg_entry *e, ag_error *err)
{
	zip_source_t *src;
	zip_int64_t idx;
	zip_uint64_t i;
	char what[MSG_NAME_MAX + 32], buf[MSG_NAME_MAX];

	snprintf(what, sizeof(what), "add zip entry '%s'",
		 printable(e->name, buf, sizeof(buf)));
	/* The writer owns the bytes until zip_close has read them: no copy. */
	src = zip_source_buffer(za, e->data, e->len, 0);
	if (!src)
		return zip_failed(err, what, zip_get_error(za));
	idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return zip_failed(err, what, zip_get_error(za));
	}
	i = (zip_uint64_t)idx;
	if (zip_set_file_compression(za, i, e->stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
				     e->stored ? 0 : DEFLATE_LEVEL) < 0 ||
	    zip_file_set_dostime(za, i, DOS_TIME_MIDNIGHT, DOS_DATE_1980, 0) < 0 ||
	    zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX,
					     UNIX_ATTRIBUTES) < 0)
		return zip_failed(err, what, zip_get_error(za));
	return AG_OK;
}

ag_code pkg_finish(pkg_writer *w, unsigned char **out, size_t *len, ag_error *err)
{
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	zip_stat_t st;
	unsigned char *buf = NULL;
	int src_open = 0;
	ag_code code;
	size_t i, got = 0;

	*out = NULL;
	*len = 0;
	zip_error_init(&ze);
	/* libzip removes an archive left with no entries instead of writing it. */
	if (!w->count) {
		code = ag_fail(err, AG_ERR_INTERNAL, NULL, 0,
			       "cannot build a package with no entries");
		goto fail;
	}
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src) {
		code = zip_failed(err, "create a package in memory", &ze);
		goto fail;
	}
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		code = zip_failed(err, "create a package in memory", &ze);
		goto fail;
	}
	/* zip_close frees the archive's source; we still need its bytes. */
	zip_source_keep(src);
	for (i = 0; i < w->count; i++) {
		code = add_entry(za, &w->entries[i], err);
		if (code)
			goto fail;
	}
	if (zip_close(za) < 0) {
		code = zip_failed(err, "write a package", zip_get_error(za));
		goto fail;
	}
	za = NULL;

	if (zip_source_open(src) < 0) {
		code = zip_failed(err, "read a built package", zip_source_error(src));
		goto fail;
	}
	src_open = 1;
	if (zip_source_stat(src, &st) < 0) {
		code = zip_failed(err, "read a built package", zip_source_error(src));
		goto fail;
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size >= SIZE_MAX) {
		code = ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "built package has no size");
		goto fail;
	}
	buf = malloc((size_t)st.size + 1);
	if (!buf) {
		code = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory building a package");
		goto fail;
	}
	while (got < st.size) {
		zip_int64_t n = zip_source_read(src, buf + got, st.size - got);

		if (n < 0) {
			code = zip_failed(err, "read a built package", zip_source_error(src));
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got != st.size) {
		code = ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "built package is truncated");
		goto fail;
	}
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*out = buf;
	*len = got;
	return AG_OK;

fail:
	free(buf);
	if (za)
		zip_discard(za);
	if (src_open)
		zip_source_close(src);
	/* Drops our reference; after a failed zip_open_from_source the
	 * source is still only ours. */
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return code;
}

static size_t or_default(size_t v, size_t def)
{
	return v ? v : def;
}

void pkg_reader_free(pkg_reader *r)
{
	if (!r)
		return;
	/* Read-only: discarding writes nothing. */
	if (r->za)
		zip_discard(r->za);
	free(r->names);
	free(r->sorted);
	free(r->name);
	free(r);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct pkg_name *)a)->name,
		      ((const struct pkg_name *)b)->name);
}

/* Index of entry name, or SIZE_MAX. */
static size_t find(const pkg_reader *r, const char *name)
{
	struct pkg_name key = { name, 0 };
	const struct pkg_name *hit;

	if (!r->count)
		return SIZE_MAX;
	hit = bsearch(&key, r->sorted, r->count, sizeof(*r->sorted), cmp_name);
	return hit ? hit->index : SIZE_MAX;
}

static ag_code open_failed(ag_error *err, const char *name, zip_error_t *ze)
{
	char buf[256];

	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_MEMORY:
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory opening '%s'", name);
	case ZIP_ER_NOZIP:
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is not a zip package", name);
	case ZIP_ER_EXISTS:
		/* Two entries of one name would let two readers of the same
		 * package see different documents; libzip finds them first. */
		return ag_fail(err, AG_ERR_DATA, NULL, 0,
			       "'%s' has two zip entries of the same name", name);
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
	case ZIP_ER_OPEN:
	case ZIP_ER_NOENT:
		return ag_fail(err, AG_ERR_IO, NULL, 0, "cannot read '%s': %s", name,
			       zip_message(ze, buf, sizeof(buf)));
	default:
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is a damaged zip package: %s",
			       name, zip_message(ze, buf, sizeof(buf)));
	}
}

/* Wraps an open archive in a reader after checking every entry, so that
 * nothing later has to trust a name. Takes za, even on failure. */
static pkg_reader *reader_new(zip_t *za, const char *name, const pkg_limits *lim,
			      ag_error *err)
{
	pkg_reader *r = calloc(1, sizeof(*r));
	size_t n = strlen(name), i;
	zip_int64_t count;

	if (!r) {
		zip_discard(za);
		goto nomem;
	}
	r->za = za;
	r->lim.max_entries = or_default(lim ? lim->max_entries : 0,
					PKG_DEFAULT_MAX_ENTRIES);
	r->lim.max_entry_size = or_default(lim ? lim->max_entry_size : 0,
					   PKG_DEFAULT_MAX_ENTRY_SIZE);
	r->lim.max_total_size = or_default(lim ? lim->max_total_size : 0,
					   PKG_DEFAULT_MAX_TOTAL_SIZE);
	r->name = malloc(n + 1);
	if (!r->name)
		goto nomem;
	memcpy(r->name, name, n + 1);

	count = zip_get_num_entries(za, 0);
	if (count < 0) {
		ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "cannot count the entries of '%s'", name);
		goto fail;
	}
	if ((zip_uint64_t)count > r->lim.max_entries) {
		ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			"'%s' has more than the limit of %zu entries", name,
			r->lim.max_entries);
		goto fail;
	}
	r->count = (size_t)count;
	r->names = calloc(r->count + 1, sizeof(*r->names));
	r->sorted = calloc(r->count + 1, sizeof(*r->sorted));
	if (!r->names || !r->sorted)
		goto nomem;

	for (i = 0; i < r->count; i++) {
		const char *why, *raw;
		zip_stat_t st;

		if (zip_stat_index(za, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_NAME)) {
			ag_fail(err, AG_ERR_DATA, name, 0, "cannot read zip entry %zu", i);
			goto fail;
		}
		/* The raw bytes too: libzip turns control bytes of a name not
		 * flagged UTF-8 into CP437 glyphs, which would hide them. */
		raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
		why = raw ? bad_name(raw) : "cannot be read";
		if (!why)
			why = bad_name(st.name);
		if (why) {
			fail_name(err, name, raw ? raw : st.name, why);
			goto fail;
		}
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE) {
			char buf[MSG_NAME_MAX];

			ag_fail(err, AG_ERR_DATA, name, 0, "zip entry '%s' is encrypted",
				printable(st.name, buf, sizeof(buf)));
			goto fail;
		}
		r->names[i] = st.name;
		r->sorted[i].name = st.name;
		r->sorted[i].index = i;
	}

	/* libzip refuses duplicates itself only under ZIP_CHECKCONS and by
	 * its own idea of a name: check the names we look up by. */
	if (r->count)
		qsort(r->sorted, r->count, sizeof(*r->sorted), cmp_name);
	for (i = 1; i < r->count; i++) {
		if (!strcmp(r->sorted[i - 1].name, r->sorted[i].name)) {
			fail_name(err, name, r->sorted[i].name, "appears twice");
			goto fail;
		}
	}
	return r;

nomem:
	ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory opening '%s'", name);
fail:
	pkg_reader_free(r);
	return NULL;
}

pkg_reader *pkg_reader_open_mem(const void *data, size_t len, const char *name,
				const pkg_limits *lim, ag_error *err)
{
	zip_source_t *src;
	zip_error_t ze;
	zip_t *za;

	/* libzip takes an empty buffer for an empty archive. */
	if (!len) {
		ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is not a zip package", name);
		return NULL;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		open_failed(err, name, &ze);
		zip_error_fini(&ze);
		return NULL;
	}
	/* CHECKCONS compares each local header with the central directory,
	 * which is where a crafted zip hides a second view of its entries. */
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		open_failed(err, name, &ze);
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	return reader_new(za, name, lim, err);
}

pkg_reader *pkg_reader_open_file(const char *path, const pkg_limits *lim,
				 ag_error *err)
{
	zip_source_t *src;
	zip_error_t ze;
	struct stat st;
	zip_t *za;
	FILE *fp;
	int fd;

	/* Opened here rather than by libzip, to refuse a folder or FIFO and
	 * to report errno; O_NONBLOCK keeps a FIFO from hanging the open. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		ag_fail(err, AG_ERR_NOINPUT, NULL, 0, "cannot open '%s': %s", path,
			strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ag_fail(err, AG_ERR_NOINPUT, NULL, 0, "'%s' is not a regular file", path);
		close(fd);
		return NULL;
	}
	/* libzip takes an empty file for an empty archive. */
	if (!st.st_size) {
		ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is not a zip package", path);
		close(fd);
		return NULL;
	}
	fp = fdopen(fd, "rb");
	if (!fp) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory opening '%s'", path);
		close(fd);
		return NULL;
	}
	zip_error_init(&ze);
	src = zip_source_filep_create(fp, 0, -1, &ze);
	if (!src) {
		open_failed(err, path, &ze);
		fclose(fp);
		zip_error_fini(&ze);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		open_failed(err, path, &ze);
		zip_source_free(src);  /* closes fp */
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	return reader_new(za, path, lim, err);
}

size_t pkg_reader_count(const pkg_reader *r)
{
	return r->count;
}

const char *pkg_reader_name(const pkg_reader *r, size_t i)
{
	return i < r->count ? r->names[i] : NULL;
}

int pkg_has(const pkg_reader *r, const char *name)
{
	return find(r, name) != SIZE_MAX;
}

static ag_code read_failed(ag_error *err, const pkg_reader *r, const char *name,
			   zip_error_t *ze)
{
	char buf[256], nbuf[MSG_NAME_MAX];
	int code = zip_error_code_zip(ze);

	if (code == ZIP_ER_MEMORY)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", r->name);
	if (code == ZIP_ER_READ || code == ZIP_ER_SEEK)
		return ag_fail(err, AG_ERR_IO, NULL, 0, "cannot read '%s': %s", r->name,
			       zip_message(ze, buf, sizeof(buf)));
	return ag_fail(err, AG_ERR_DATA, NULL, 0, "entry '%s' of '%s' is damaged: %s",
		       printable(name, nbuf, sizeof(nbuf)), r->name,
		       zip_message(ze, buf, sizeof(buf)));
}

ag_code pkg_read(pkg_reader *r, const char *name, char **out, size_t *len,
		 ag_error *err)
{
	size_t idx = find(r, name), allowed, limit, cap, used = 0;
	char *buf = NULL, nbuf[MSG_NAME_MAX];
	zip_file_t *zf = NULL;
	zip_stat_t st;
	ag_code code;

	*out = NULL;
	*len = 0;
	if (idx == SIZE_MAX)
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' has no entry '%s'", r->name,
			       printable(name, nbuf, sizeof(nbuf)));
	if (zip_stat_index(r->za, idx, 0, &st) < 0) {
		code = read_failed(err, r, name, zip_get_error(r->za));
		goto fail;
	}
	if ((st.valid & ZIP_STAT_COMP_METHOD) &&
	    !zip_compression_method_supported(st.comp_method, 0)) {
		code = ag_fail(err, AG_ERR_DATA, NULL, 0,
			       "entry '%s' of '%s' uses unsupported compression method %d",
			       printable(name, nbuf, sizeof(nbuf)), r->name,
			       (int)st.comp_method);
		goto fail;
	}

	allowed = r->lim.max_entry_size;
	if (r->lim.max_total_size - r->total < allowed)
		allowed = r->lim.max_total_size - r->total;
	/* Room for one byte past what is allowed, to see it overflow, and
	 * for the NUL. The header's size only picks the first buffer. */
	limit = allowed < SIZE_MAX - 2 ? allowed + 2 : SIZE_MAX;
	cap = FIRST_READ_BUFFER;
	if ((st.valid & ZIP_STAT_SIZE) && st.size < cap)
		cap = (size_t)st.size + 2;
	if (cap > limit)
		cap = limit;
	buf = malloc(cap);
	if (!buf)
		goto nomem;

	zf = zip_fopen_index(r->za, idx, 0);
	if (!zf) {
		code = read_failed(err, r, name, zip_get_error(r->za));
		goto fail;
	}
	while (used <= allowed) {
		zip_int64_t n;

		if (used == cap - 1) {
			size_t want = cap <= limit / 2 ? cap * 2 : limit;
			char *p;

			if (want <= cap)
				goto nomem;
			p = realloc(buf, want);
			if (!p)
				goto nomem;
			buf = p;
			cap = want;
		}
		n = zip_fread(zf, buf + used, cap - 1 - used);
		if (n < 0) {
			code = read_failed(err, r, name, zip_file_get_error(zf));
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	if (used > r->lim.max_entry_size) {
		code = ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "entry '%s' of '%s' inflates past the limit of %zu bytes",
			       printable(name, nbuf, sizeof(nbuf)), r->name,
			       r->lim.max_entry_size);
		goto fail;
	}
	if (used > allowed) {
		code = ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "'%s' inflates past the limit of %zu bytes in all",
			       r->name, r->lim.max_total_size);
		goto fail;
	}
	/* libzip 1.7 inflates to the end of the stream whatever the headers
	 * say; a size that disagrees is a lie or damage either way. */
	if ((st.valid & ZIP_STAT_SIZE) && st.size != used) {
		code = ag_fail(err, AG_ERR_DATA, NULL, 0,
			       "entry '%s' of '%s' is damaged: %zu bytes where its header says %llu",
			       printable(name, nbuf, sizeof(nbuf)), r->name, used,
			       (unsigned long long)st.size);
		goto fail;
	}
	zip_fclose(zf);
	r->total += used;
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return AG_OK;

nomem:
	code = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", r->name);
fail:
	if (zf)
		zip_fclose(zf);
	free(buf);
	return code;
}
