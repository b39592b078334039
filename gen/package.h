/* Zip packages (ODT, DOCX): a deterministic in-memory writer and a reader
 * that treats every package as hostile, since templates come from users. */
#ifndef PACKAGE_H
#define PACKAGE_H

#include <stddef.h>

#include "error.h"

typedef struct pkg_writer pkg_writer;
typedef struct pkg_reader pkg_reader;

/* Limits for a reader; a field left 0 takes its default. */
typedef struct {
	size_t max_entries;     /* default 4096 */
	size_t max_entry_size;  /* bytes inflated per entry, default 64 MiB */
	size_t max_total_size;  /* bytes inflated by all reads, default 256 MiB */
} pkg_limits;

#define PKG_DEFAULT_MAX_ENTRIES 4096
#define PKG_DEFAULT_MAX_ENTRY_SIZE ((size_t)64 << 20)
#define PKG_DEFAULT_MAX_TOTAL_SIZE ((size_t)256 << 20)

/* How every compressed entry is deflated (zlib level and memLevel, raw
 * stream): stated here so a benchmark can compare with zlib alone. memLevel
 * 8 (zlib's default) packs our parts as small as 9 does, and deflateReset
 * clears half the hash table per part. */
#define PKG_DEFLATE_LEVEL 6
#define PKG_DEFLATE_MEMLEVEL 8

/* What writers reuse from one package to the next: a deflate stream
 * (setting one up costs more than deflating a small part) and the deflated
 * bytes of the last few dozen parts of up to PKG_REUSE_MAX_PART bytes, so
 * that a part with exactly the bytes of a kept one (styles, settings,
 * manifests: the same in every document) is copied, not deflated again.
 * The output is the same with or without a cache. A cache is used by one
 * writer at a time: threads that write packages concurrently each own
 * theirs (writers share nothing else). NULL when out of memory; the caller
 * frees it with pkg_cache_free once its writers are freed. */
#define PKG_REUSE_MAX_PART ((size_t)32 << 10)
typedef struct pkg_cache pkg_cache;
pkg_cache *pkg_cache_new(void);

/* Frees c, its stream and the parts it keeps; NULL is fine. */
void pkg_cache_free(pkg_cache *c);

/* A new, empty writer that deflates through cache, which must outlive the
 * writer; with cache NULL the writer sets up its own stream and keeps no
 * parts. NULL when out of memory. The caller frees it with
 * pkg_writer_free. */
pkg_writer *pkg_writer_new(pkg_cache *cache);

/* Adds entry name holding len bytes of data, compressing it at once: the
 * caller may free or reuse its buffer when this returns. stored != 0 keeps
 * the bytes uncompressed (ODF requires that of "mimetype"); otherwise they
 * are deflated (PKG_DEFLATE_LEVEL, raw stream). Entries are written in the
 * order added. Fails with AG_ERR_DATA for a name that is empty, absolute,
 * has a ".." component, a backslash or a control character, is not UTF-8,
 * or was already added; AG_ERR_LIMIT past the zip format's limits without
 * Zip64 (65,535 entries, 4 GiB); AG_ERR_NOMEM; AG_ERR_INTERNAL when zlib
 * fails. A failed call leaves the writer as it was. */
ag_code pkg_add(pkg_writer *w, const char *name, const void *data, size_t len,
		int stored, ag_error *err);

/* Builds the zip from the entries added so far into a malloc'd buffer
 * (*out, *len; caller frees). The same entries give the same bytes every
 * time: each entry is dated 1980-01-01 00:00 (local time, the DOS epoch),
 * has Unix mode 0644 and no extra field or data descriptor, and there is
 * no archive comment, so the first entry's data starts at 30 + the length
 * of its name (38 for ODF's "mimetype"). The writer is left as it was and
 * may be finished again. Fails with AG_ERR_INTERNAL when there are no
 * entries, AG_ERR_LIMIT past 4 GiB, AG_ERR_NOMEM. On failure *out is NULL
 * and *len 0. */
ag_code pkg_finish(pkg_writer *w, unsigned char **out, size_t *len,
		   ag_error *err);

/* Frees w and everything it holds; NULL is fine. */
void pkg_writer_free(pkg_writer *w);

/* The version of the zlib that deflates ("1.2.13"): the same entries give
 * the same bytes with the same zlib, so manifests record it. Static. */
const char *pkg_deflate_version(void);

/* Opens the zip held in data[0..len) for reading. The reader does not copy
 * data, which must outlive it. name stands for the package in messages and
 * is copied. lim may be NULL for the defaults. Refuses with AG_ERR_DATA a
 * buffer that is not a zip or is damaged, an entry name that is empty,
 * absolute, has a ".." component, a backslash or a control character,
 * names used twice and encrypted entries; with AG_ERR_LIMIT more than
 * max_entries entries; AG_ERR_NOMEM. Returns NULL on failure, else a
 * reader the caller frees with pkg_reader_free. */
pkg_reader *pkg_reader_open_mem(const void *data, size_t len, const char *name,
				const pkg_limits *lim, ag_error *err);

/* As pkg_reader_open_mem, for the file at path (which also names it in
 * messages). AG_ERR_NOINPUT when path cannot be opened or is not a
 * regular file. The file is read as entries are, and stays open until
 * pkg_reader_free. */
pkg_reader *pkg_reader_open_file(const char *path, const pkg_limits *lim,
				 ag_error *err);

/* Number of entries in the package. */
size_t pkg_reader_count(const pkg_reader *r);

/* Name of entry i (0 <= i < count, in the package's order), or NULL when i
 * is out of range. The string is owned by the reader. */
const char *pkg_reader_name(const pkg_reader *r, size_t i);

/* Whether the package has an entry called name. */
int pkg_has(const pkg_reader *r, const char *name);

/* Inflates entry name into a malloc'd buffer with a NUL after the last byte
 * (*out, caller frees; *len excludes the NUL). The sizes in the zip headers
 * are not trusted: reading stops as soon as the entry passes
 * max_entry_size, or the bytes read through this reader pass
 * max_total_size (AG_ERR_LIMIT). AG_ERR_DATA when there is no such entry or
 * it is damaged (bad CRC, bad deflate stream, unsupported method),
 * AG_ERR_NOMEM. On failure *out is NULL and *len 0. */
ag_code pkg_read(pkg_reader *r, const char *name, char **out, size_t *len,
		 ag_error *err);

/* Closes the package and frees r and everything it owns; NULL is fine. */
void pkg_reader_free(pkg_reader *r);

#endif
