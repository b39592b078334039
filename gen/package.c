/* Zip packages: a writer on zlib whose output depends only on the entries
 * given, and a reader on libzip that refuses hostile names and zip bombs. */
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
#include <zlib.h>

#include "xmlw.h"

#include "banned.h"

/* 1980-01-01 00:00:00 in MS-DOS date and time format: the earliest a zip
 * can say, used so builds do not depend on the clock. */
#define DOS_DATE_1980 ((0 << 9) | (1 << 5) | 1)
#define DOS_TIME_MIDNIGHT 0

/* A regular file, rw-r--r--, in the high half as Unix zips have it. */
#define UNIX_ATTRIBUTES ((uint32_t)0100644 << 16)

/* The zip format (APPNOTE.TXT), without Zip64: entries and offsets are
 * 32-bit, counts 16-bit. */
#define LOCAL_HEADER 30
#define CENTRAL_HEADER 46
#define END_RECORD 22
#define ZIP_STORED 0
#define ZIP_DEFLATED 8
#define ZIP_FLAG_UTF8 0x0800           /* general purpose bit 11 */
#define ZIP_MADE_BY_UNIX 0x033f        /* Unix, APPNOTE 6.3, as libzip says */
#define ZIP_MAX_ENTRIES 0xffffu
#define ZIP_MAX_SIZE ((size_t)0xfffffffeu)

/* A document is tens of kilobytes once compressed. */
#define FIRST_WRITE_BUFFER ((size_t)16 << 10)

/* Parts kept for reuse: a handful of template parts per format. */
#define REUSE_SLOTS 32

/* Reads start small: a header may claim any size, and most entries of a
 * document are a few kilobytes. */
#define FIRST_READ_BUFFER ((size_t)1 << 20)

/* Longest entry name quoted in a message. */
#define MSG_NAME_MAX 200

/* An entry as the central directory will describe it. */
struct pkg_entry {
	char *name;
	size_t name_len;
	size_t offset;            /* of its local header */
	uint32_t crc, csize, usize;
	unsigned method, needed, flags;
};

/* A part deflated before, kept with its deflated bytes. */
struct reused {
	unsigned char *data;      /* len bytes, then the zlen deflated ones (z) */
	const unsigned char *z;
	size_t len, zlen;
	uint32_t crc;
};

struct pkg_cache {
	z_stream z;
	int z_ready;
	int keep;                 /* 0 for a writer's own: it dies with the writer */
	struct reused reused[REUSE_SLOTS];
	size_t nreused, next_slot;
};

/* Entries are written (local header, then data) as they are added. */
struct pkg_writer {
	struct pkg_entry *entries;
	size_t count, alloc;
	unsigned char *buf;       /* local headers and data so far */
	size_t len, cap;
	pkg_cache *cache;         /* the caller's, or own */
	pkg_cache *own;
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

/* name, bounded and escaped as ag_escape does, for a message: entry names
 * come from the zip and may hold anything. */
static const char *msg_name(const char *name, char *buf, size_t size)
{
	ag_escape(name, buf, size);
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
		       msg_name(name, buf, sizeof(buf)), why);
}

/* libzip's messages start with a capital; ours do not. */
static const char *zip_message(zip_error_t *ze, char *buf, size_t size)
{
	snprintf(buf, size, "%s", zip_error_strerror(ze));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* Room for n more bytes in w->buf; 0 when out of memory. */
static int reserve(pkg_writer *w, size_t n)
{
	size_t cap;
	unsigned char *p;

	if (n <= w->cap - w->len)
		return 1;
	if (n > SIZE_MAX / 2 - w->len)
		return 0;
	cap = w->cap ? w->cap : FIRST_WRITE_BUFFER;
	while (cap - w->len < n)
		cap *= 2;
	p = realloc(w->buf, cap);
	if (!p)
		return 0;
	w->buf = p;
	w->cap = cap;
	return 1;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* The cache's deflate stream, set up on first use and reset after. */
static z_stream *deflater(pkg_cache *c)
{
	if (!c->z_ready) {
		memset(&c->z, 0, sizeof(c->z));
		if (deflateInit2(&c->z, PKG_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS,
				 PKG_DEFLATE_MEMLEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
			return NULL;
		c->z_ready = 1;
	} else if (deflateReset(&c->z) != Z_OK) {
		return NULL;
	}
	return &c->z;
}

/* The kept part holding exactly data[0..len) with checksum crc, or NULL. */
static const struct reused *reuse_find(const pkg_cache *c, const void *data, size_t len,
				       uint32_t crc)
{
	size_t i;

	for (i = 0; i < c->nreused; i++) {
		const struct reused *r = &c->reused[i];

		if (r->crc == crc && r->len == len && !memcmp(r->data, data, len))
			return r;
	}
	return NULL;
}

/* Keeps a copy of a part and its deflated bytes, replacing the oldest kept
 * part when all slots are taken. Out of memory, it simply keeps nothing. */
static void reuse_keep(pkg_cache *c, const void *data, size_t len, uint32_t crc,
		       const unsigned char *z, size_t zlen)
{
	struct reused *r;
	unsigned char *copy;

	if (!c->keep || len > PKG_REUSE_MAX_PART)
		return;
	copy = malloc(len + zlen + 1);
	if (!copy)
		return;
	if (c->nreused < REUSE_SLOTS) {
		r = &c->reused[c->nreused++];
	} else {
		r = &c->reused[c->next_slot];
		c->next_slot = (c->next_slot + 1) % REUSE_SLOTS;
		free(r->data);
	}
	memcpy(copy, data, len);
	memcpy(copy + len, z, zlen);
	r->data = copy;
	r->z = copy + len;
	r->len = len;
	r->zlen = zlen;
	r->crc = crc;
}

pkg_cache *pkg_cache_new(void)
{
	pkg_cache *c = calloc(1, sizeof(*c));

	if (c)
		c->keep = 1;
	return c;
}

void pkg_cache_free(pkg_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nreused; i++)
		free(c->reused[i].data);
	if (c->z_ready)
		deflateEnd(&c->z);
	free(c);
}

const char *pkg_deflate_version(void)
{
	return zlibVersion();
}

pkg_writer *pkg_writer_new(pkg_cache *cache)
{
	pkg_writer *w = calloc(1, sizeof(*w));

	if (w && !cache) {
		w->own = calloc(1, sizeof(*w->own));
		if (!w->own) {
			free(w);
			return NULL;
		}
	}
	if (w)
		w->cache = cache ? cache : w->own;
	return w;
}

void pkg_writer_free(pkg_writer *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->count; i++)
		free(w->entries[i].name);
	free(w->entries);
	free(w->buf);
	pkg_cache_free(w->own);
	free(w);
}

static ag_code add_nomem(const char *name, ag_error *err)
{
	char buf[MSG_NAME_MAX];

	return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory adding zip entry '%s'",
		       msg_name(name, buf, sizeof(buf)));
}

/* Deflates data[0..len) into w->buf at w->len + at; its compressed size
 * goes to *zlen. The room reserved starts at a guess (XML deflates to a
 * fifth or less) and grows as deflate asks for more. */
static ag_code deflate_into(pkg_writer *w, size_t at, const void *data, size_t len,
			    size_t *zlen, const char *name, ag_error *err)
{
	z_stream *z = deflater(w->cache);
	size_t want = len / 4 + 64, room;
	char buf[MSG_NAME_MAX];
	int rc;

	if (!z)
		return add_nomem(name, err);
	/* zlib does not write through next_in, whatever its prototype says. */
	z->next_in = (Bytef *)(uintptr_t)data;
	z->avail_in = (uInt)len;
	do {
		if (!reserve(w, at + (size_t)z->total_out + want))
			return add_nomem(name, err);
		room = w->cap - w->len - at - (size_t)z->total_out;
		z->next_out = w->buf + w->len + at + z->total_out;
		z->avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
		rc = deflate(z, Z_FINISH);
		want = (size_t)z->avail_in / 2 + 4096;
	} while (rc == Z_OK || (rc == Z_BUF_ERROR && !z->avail_out));
	if (rc != Z_STREAM_END)
		return ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "cannot deflate zip entry '%s': %s",
			       msg_name(name, buf, sizeof(buf)), z->msg ? z->msg : "zlib error");
	if (z->total_out > ZIP_MAX_SIZE)
		return ag_fail(err, AG_ERR_LIMIT, NULL, 0, "a package and each entry hold less than 4 GiB");
	*zlen = (size_t)z->total_out;
	return AG_OK;
}

ag_code pkg_add(pkg_writer *w, const char *name, const void *data, size_t len,
		int stored, ag_error *err)
{
	struct pkg_entry e = { NULL, 0, 0, 0, 0, 0, 0, 0, 0 };
	const char *why = bad_name(name);
	const struct reused *r = NULL;
	unsigned char *h;
	size_t i, zlen = 0, at;
	ag_code rc;

	/* Names are written flagged UTF-8 when they are not ASCII; a reader
	 * may see CP437 names, but hands them on converted. */
	if (!why && !is_utf8(name))
		why = "is not UTF-8";
	if (why)
		return fail_name(err, NULL, name, why);
	/* Names are few (a document has tens): a scan is enough. */
	for (i = 0; i < w->count; i++)
		if (!strcmp(w->entries[i].name, name))
			return fail_name(err, NULL, name, "is already in the package");
	if (w->count >= ZIP_MAX_ENTRIES)
		return ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "a package holds at most %u entries", ZIP_MAX_ENTRIES);
	if (len > ZIP_MAX_SIZE || w->len > ZIP_MAX_SIZE)
		return ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "a package and each entry hold less than 4 GiB");

	if (w->count == w->alloc) {
		size_t alloc = w->alloc ? 2 * w->alloc : 16;
		struct pkg_entry *p = realloc(w->entries, alloc * sizeof(*p));

		if (!p)
			return add_nomem(name, err);
		w->entries = p;
		w->alloc = alloc;
	}
	e.name_len = strlen(name);
	e.name = malloc(e.name_len + 1);
	if (!e.name)
		return add_nomem(name, err);
	memcpy(e.name, name, e.name_len + 1);
	for (i = 0; i < e.name_len; i++)
		if ((unsigned char)name[i] >= 0x80)
			e.flags = ZIP_FLAG_UTF8;
	e.offset = w->len;
	e.method = stored ? ZIP_STORED : ZIP_DEFLATED;
	/* As libzip writes them: folders and deflated entries need 2.0. */
	e.needed = stored && (!e.name_len || name[e.name_len - 1] != '/') ? 10 : 20;
	e.usize = (uint32_t)len;
	e.crc = (uint32_t)crc32_z(0, data, len);
	at = LOCAL_HEADER + e.name_len;

	if (stored) {
		rc = reserve(w, at + len) ? AG_OK : add_nomem(name, err);
		if (!rc && len)
			memcpy(w->buf + w->len + at, data, len);
		zlen = len;
	} else if ((r = reuse_find(w->cache, data, len, e.crc)) != NULL) {
		rc = reserve(w, at + r->zlen) ? AG_OK : add_nomem(name, err);
		if (!rc)
			memcpy(w->buf + w->len + at, r->z, r->zlen);
		zlen = r->zlen;
	} else {
		rc = deflate_into(w, at, data, len, &zlen, name, err);
		if (!rc)
			reuse_keep(w->cache, data, len, e.crc, w->buf + w->len + at, zlen);
	}
	if (rc) {
		free(e.name);
		return rc;
	}
	e.csize = (uint32_t)zlen;

	h = w->buf + w->len;
	put32(h, 0x04034b50);
	put16(h + 4, e.needed);
	put16(h + 6, e.flags);
	put16(h + 8, e.method);
	put16(h + 10, DOS_TIME_MIDNIGHT);
	put16(h + 12, DOS_DATE_1980);
	put32(h + 14, e.crc);
	put32(h + 18, e.csize);
	put32(h + 22, e.usize);
	put16(h + 26, (unsigned)e.name_len);
	put16(h + 28, 0);                       /* no extra field */
	memcpy(h + LOCAL_HEADER, name, e.name_len);
	w->len += at + zlen;
	w->entries[w->count++] = e;
	return AG_OK;
}

ag_code pkg_finish(pkg_writer *w, unsigned char **out, size_t *len, ag_error *err)
{
	size_t i, cd = 0, total;
	unsigned char *buf, *p;

	*out = NULL;
	*len = 0;
	if (!w->count)
		return ag_fail(err, AG_ERR_INTERNAL, NULL, 0,
			       "cannot build a package with no entries");
	for (i = 0; i < w->count; i++)
		cd += CENTRAL_HEADER + w->entries[i].name_len;
	if (w->len > ZIP_MAX_SIZE || cd > ZIP_MAX_SIZE - w->len)
		return ag_fail(err, AG_ERR_LIMIT, NULL, 0, "a package holds less than 4 GiB");
	total = w->len + cd + END_RECORD;
	buf = malloc(total);
	if (!buf)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory building a package");
	memcpy(buf, w->buf, w->len);
	p = buf + w->len;
	for (i = 0; i < w->count; i++) {
		const struct pkg_entry *e = &w->entries[i];

		put32(p, 0x02014b50);
		put16(p + 4, ZIP_MADE_BY_UNIX);
		put16(p + 6, e->needed);
		put16(p + 8, e->flags);
		put16(p + 10, e->method);
		put16(p + 12, DOS_TIME_MIDNIGHT);
		put16(p + 14, DOS_DATE_1980);
		put32(p + 16, e->crc);
		put32(p + 20, e->csize);
		put32(p + 24, e->usize);
		put16(p + 28, (unsigned)e->name_len);
		put16(p + 30, 0);                   /* extra field */
		put16(p + 32, 0);                   /* comment */
		put16(p + 34, 0);                   /* disk */
		put16(p + 36, 0);                   /* internal attributes */
		put32(p + 38, UNIX_ATTRIBUTES);
		put32(p + 42, (uint32_t)e->offset);
		memcpy(p + CENTRAL_HEADER, e->name, e->name_len);
		p += CENTRAL_HEADER + e->name_len;
	}
	put32(p, 0x06054b50);
	put16(p + 4, 0);                            /* this disk */
	put16(p + 6, 0);                            /* disk of the directory */
	put16(p + 8, (unsigned)w->count);
	put16(p + 10, (unsigned)w->count);
	put32(p + 12, (uint32_t)cd);
	put32(p + 16, (uint32_t)w->len);
	put16(p + 20, 0);                           /* no archive comment */
	*out = buf;
	*len = total;
	return AG_OK;
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

/* The package's bytes as they are, for the layout check: a buffer, or a
 * file read at offsets. */
struct raw {
	const unsigned char *mem;
	int fd;
	size_t size;
};

static int raw_read(const struct raw *r, size_t off, void *buf, size_t len)
{
	if (off > r->size || len > r->size - off)
		return 0;
	if (r->mem) {
		memcpy(buf, r->mem + off, len);
		return 1;
	}
	while (len) {
		ssize_t n = pread(r->fd, buf, len, (off_t)off);

		if (n <= 0)
			return 0;
		buf = (unsigned char *)buf + n;
		off += (size_t)n;
		len -= (size_t)n;
	}
	return 1;
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* A central directory bigger than this is not a document's. */
#define MAX_CENTRAL_DIR ((size_t)64 << 20)

struct span {
	uint64_t start, end;
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The consistency check libzip's ZIP_CHECKCONS makes, without refusing
 * what APPNOTE.TXT (§4.3.7, §4.4) allows and Word, LibreOffice and unzip
 * accept: a local header may differ from its central one in the version
 * needed, the flags other than encryption, the time and date, and its
 * extra fields, and has no sizes when a data descriptor follows (bit 3)
 * or Zip64 holds them. What a crafted zip uses to show two readers two
 * packages stays refused: a local header that names another entry or
 * another method, sizes or CRC that disagree, entries whose data overlap
 * each other or the central directory. Fills err and returns its code.
 */
static ag_code check_layout(const struct raw *raw, const char *name, size_t count, ag_error *err)
{
	unsigned char eocd[22], loc[30], z[56];
	unsigned char *cd = NULL;
	struct span *spans = NULL;
	uint64_t cd_off, cd_size, n, i, eocd_at = 0;
	size_t back, p;
	const char *why = NULL;
	int found = 0;

	/* The end record: the last one whose comment reaches the end. */
	for (back = END_RECORD; back <= raw->size && back <= END_RECORD + 0xffff; back++) {
		if (!raw_read(raw, raw->size - back, eocd, END_RECORD))
			break;
		if (get32(eocd) == 0x06054b50 && get16(eocd + 20) == back - END_RECORD) {
			found = 1;
			eocd_at = raw->size - back;
			break;
		}
	}
	if (!found)
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is a damaged zip package: no end record", name);
	n = get16(eocd + 10);
	cd_size = get32(eocd + 12);
	cd_off = get32(eocd + 16);
	if (n == 0xffff || cd_size == 0xffffffffu || cd_off == 0xffffffffu) {
		if (eocd_at < 20 || !raw_read(raw, eocd_at - 20, z, 20) || get32(z) != 0x07064b50 ||
		    !raw_read(raw, (size_t)get64(z + 8), z, 56) || get32(z) != 0x06064b50)
			return ag_fail(err, AG_ERR_DATA, NULL, 0,
				       "'%s' is a damaged zip package: bad Zip64 end record", name);
		n = get64(z + 32);
		cd_size = get64(z + 40);
		cd_off = get64(z + 48);
	}
	if (n != count || cd_size > MAX_CENTRAL_DIR || cd_off > eocd_at || cd_size > eocd_at - cd_off)
		return ag_fail(err, AG_ERR_DATA, NULL, 0,
			       "'%s' is a damaged zip package: its central directory is not where it says", name);
	cd = malloc((size_t)cd_size + 1);
	spans = malloc((size_t)(n ? n : 1) * sizeof(*spans));
	if (!cd || !spans) {
		free(cd);
		free(spans);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory opening '%s'", name);
	}
	if (!raw_read(raw, (size_t)cd_off, cd, (size_t)cd_size))
		why = "its central directory cannot be read";
	for (i = 0, p = 0; !why && i < n; i++) {
		uint64_t csize, usize, off, lcsize, lusize;
		unsigned nlen, xlen, clen, lflags;
		size_t x;

		if (p + CENTRAL_HEADER > cd_size || get32(cd + p) != 0x02014b50) {
			why = "a central header is damaged";
			break;
		}
		nlen = get16(cd + p + 28);
		xlen = get16(cd + p + 30);
		clen = get16(cd + p + 32);
		if (p + CENTRAL_HEADER + nlen + xlen + clen > cd_size) {
			why = "a central header is damaged";
			break;
		}
		csize = get32(cd + p + 20);
		usize = get32(cd + p + 24);
		off = get32(cd + p + 42);
		/* Zip64 extended information (APPNOTE §4.5.3): what is 0xffffffff, in order. */
		for (x = p + CENTRAL_HEADER + nlen; x + 4 <= p + CENTRAL_HEADER + nlen + xlen;
		     x += 4 + get16(cd + x + 2)) {
			size_t f = x + 4, fend = f + get16(cd + x + 2);

			if (get16(cd + x) != 0x0001 || fend > p + CENTRAL_HEADER + nlen + xlen)
				continue;
			if (usize == 0xffffffffu && f + 8 <= fend)
				usize = get64(cd + f), f += 8;
			if (csize == 0xffffffffu && f + 8 <= fend)
				csize = get64(cd + f), f += 8;
			if (off == 0xffffffffu && f + 8 <= fend)
				off = get64(cd + f);
		}
		if (!raw_read(raw, (size_t)off, loc, LOCAL_HEADER) || get32(loc) != 0x04034b50) {
			why = "an entry's local header is missing";
			break;
		}
		lflags = get16(loc + 6);
		lcsize = get32(loc + 18);
		lusize = get32(loc + 22);
		if (get16(loc + 8) != get16(cd + p + 10) || get16(loc + 26) != nlen) {
			why = "a local header disagrees with the central directory";
			break;
		}
		if (!(lflags & 0x0008) && lcsize != 0xffffffffu && lusize != 0xffffffffu &&
		    (get32(loc + 14) != get32(cd + p + 16) || lcsize != csize || lusize != usize)) {
			why = "a local header disagrees with the central directory";
			break;
		}
		if (nlen) {
			unsigned char lname[0xffff];

			if (!raw_read(raw, (size_t)off + LOCAL_HEADER, lname, nlen) ||
			    memcmp(lname, cd + p + CENTRAL_HEADER, nlen)) {
				why = "a local header names another entry";
				break;
			}
		}
		spans[i].start = off;
		spans[i].end = off + LOCAL_HEADER + nlen + get16(loc + 28) + csize;
		if (spans[i].end > cd_off) {
			why = "an entry's data runs into the central directory";
			break;
		}
		p += CENTRAL_HEADER + nlen + xlen + clen;
	}
	if (!why && n > 1) {
		qsort(spans, (size_t)n, sizeof(*spans), cmp_span);
		for (i = 1; i < n; i++)
			if (spans[i].start < spans[i - 1].end)
				why = "two entries share their data";
	}
	free(cd);
	free(spans);
	if (why)
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is a damaged zip package: %s", name, why);
	return AG_OK;
}

/* Opens src without libzip's consistency check, then makes ours (see
 * check_layout). Called when libzip's check refused the package. */
static zip_t *open_relaxed(zip_source_t *src, const struct raw *raw, const char *name,
			   ag_error *err)
{
	zip_error_t ze;
	zip_t *za;

	zip_error_init(&ze);
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		open_failed(err, name, &ze);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	if (zip_get_num_entries(za, 0) < 0 ||
	    check_layout(raw, name, (size_t)zip_get_num_entries(za, 0), err)) {
		if (!err->code)
			ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' is a damaged zip package", name);
		zip_source_keep(src);
		zip_discard(za);
		return NULL;
	}
	return za;
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
				msg_name(st.name, buf, sizeof(buf)));
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
	if (!za && zip_error_code_zip(&ze) == ZIP_ER_INCONS) {
		struct raw raw = { data, -1, len };

		err->code = AG_OK;
		za = open_relaxed(src, &raw, name, err);
		if (!za) {
			zip_source_free(src);
			zip_error_fini(&ze);
			return NULL;
		}
	} else if (!za) {
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
	int fd, rawfd;

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
	/* A second descriptor for reading headers at offsets, should libzip's
	 * consistency check refuse the package (see open_relaxed). */
	rawfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	fp = fdopen(fd, "rb");
	if (!fp) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory opening '%s'", path);
		close(fd);
		if (rawfd >= 0)
			close(rawfd);
		return NULL;
	}
	zip_error_init(&ze);
	src = zip_source_filep_create(fp, 0, -1, &ze);
	if (!src) {
		open_failed(err, path, &ze);
		fclose(fp);
		zip_error_fini(&ze);
		if (rawfd >= 0)
			close(rawfd);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za && zip_error_code_zip(&ze) == ZIP_ER_INCONS && rawfd >= 0) {
		struct raw raw = { NULL, rawfd, (size_t)st.st_size };

		err->code = AG_OK;
		za = open_relaxed(src, &raw, path, err);
		if (!za) {
			zip_source_free(src);  /* closes fp */
			zip_error_fini(&ze);
			close(rawfd);
			return NULL;
		}
	} else if (!za) {
		open_failed(err, path, &ze);
		zip_source_free(src);  /* closes fp */
		zip_error_fini(&ze);
		if (rawfd >= 0)
			close(rawfd);
		return NULL;
	}
	zip_error_fini(&ze);
	if (rawfd >= 0)
		close(rawfd);
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
		       msg_name(name, nbuf, sizeof(nbuf)), r->name,
		       zip_message(ze, buf, sizeof(buf)));
}

/* sb_read's source: one zip entry being inflated. */
static long zip_read(void *src, char *buf, size_t n)
{
	return (long)zip_fread(src, buf, n);
}

ag_code pkg_read(pkg_reader *r, const char *name, char **out, size_t *len,
		 ag_error *err)
{
	size_t idx = find(r, name), allowed, used;
	char nbuf[MSG_NAME_MAX];
	sb buf;
	int rs;
	zip_file_t *zf = NULL;
	zip_stat_t st;
	ag_code code;

	*out = NULL;
	*len = 0;
	sb_init(&buf);
	if (idx == SIZE_MAX)
		return ag_fail(err, AG_ERR_DATA, NULL, 0, "'%s' has no entry '%s'", r->name,
			       msg_name(name, nbuf, sizeof(nbuf)));
	if (zip_stat_index(r->za, idx, 0, &st) < 0) {
		code = read_failed(err, r, name, zip_get_error(r->za));
		goto fail;
	}
	if ((st.valid & ZIP_STAT_COMP_METHOD) &&
	    !zip_compression_method_supported(st.comp_method, 0)) {
		code = ag_fail(err, AG_ERR_DATA, NULL, 0,
			       "entry '%s' of '%s' uses unsupported compression method %d",
			       msg_name(name, nbuf, sizeof(nbuf)), r->name,
			       (int)st.comp_method);
		goto fail;
	}

	allowed = r->lim.max_entry_size;
	if (r->lim.max_total_size - r->total < allowed)
		allowed = r->lim.max_total_size - r->total;
	zf = zip_fopen_index(r->za, idx, 0);
	if (!zf) {
		code = read_failed(err, r, name, zip_get_error(r->za));
		goto fail;
	}
	/* The header's size only picks the first buffer. */
	rs = sb_read(&buf, allowed, (st.valid & ZIP_STAT_SIZE) && st.size < FIRST_READ_BUFFER ?
				   (size_t)st.size : FIRST_READ_BUFFER, zip_read, zf);
	if (rs == SB_READ_NOMEM)
		goto nomem;
	if (rs == SB_READ_ERROR) {
		code = read_failed(err, r, name, zip_file_get_error(zf));
		goto fail;
	}
	used = buf.len;
	if (used > r->lim.max_entry_size) {
		code = ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "entry '%s' of '%s' inflates past the limit of %zu bytes",
			       msg_name(name, nbuf, sizeof(nbuf)), r->name,
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
			       msg_name(name, nbuf, sizeof(nbuf)), r->name, used,
			       (unsigned long long)st.size);
		goto fail;
	}
	zip_fclose(zf);
	r->total += used;
	if (!buf.cap)
		sb_addn(&buf, "", 0);
	*out = sb_detach(&buf, len);
	return *out ? AG_OK : ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", r->name);

nomem:
	code = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", r->name);
fail:
	if (zf)
		zip_fclose(zf);
	sb_release(&buf);
	return code;
}
