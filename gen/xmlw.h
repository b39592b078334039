/* An XML writer on a growable buffer: escaping, attributes, and the
 * guarantee that no character XML 1.0 forbids reaches an output part. */
#ifndef XMLW_H
#define XMLW_H

#include <stddef.h>

typedef struct {
	char *buf;     /* NUL-terminated once anything was written; owned by the writer */
	size_t len, cap;
	int oom;       /* sticky: set when a growth failed; later calls do nothing */
} xmlw;

void xmlw_init(xmlw *w);
void xmlw_release(xmlw *w);
/* Empties the buffer but keeps its memory for the next part. */
void xmlw_reset(xmlw *w);
/* Hands the buffer to the caller (who frees it) and re-initialises w. */
char *xmlw_detach(xmlw *w, size_t *len);

/* Appends bytes as they are: markup written by the renderers themselves. */
void xmlw_raw(xmlw *w, const char *s);
void xmlw_rawn(xmlw *w, const char *s, size_t n);
void xmlw_printf(xmlw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends character data, escaping markup characters and replacing
 * characters XML 1.0 forbids (and invalid UTF-8) by U+FFFD. */
void xmlw_text(xmlw *w, const char *s);
void xmlw_textn(xmlw *w, const char *s, size_t n);
/* Appends ` name="value"` with value escaped as xmlw_text does, quotes too. */
void xmlw_attr(xmlw *w, const char *name, const char *value);
void xmlw_attr_int(xmlw *w, const char *name, long value);

/* "<name", ">", "/>" and "</name>": enough for one function per element. */
void xmlw_open(xmlw *w, const char *name);
void xmlw_gt(xmlw *w);
void xmlw_empty(xmlw *w);
void xmlw_close(xmlw *w, const char *name);
/* "<name>text</name>" in one call. */
void xmlw_elem_text(xmlw *w, const char *name, const char *text);

/* Length of the longest valid UTF-8 prefix of s[0..n) that holds only
 * characters XML 1.0 allows; used by loaders to reject bad input early. */
size_t xmlw_valid_prefix(const char *s, size_t n);



/* Appends tpl with each "@NAME@" whose NAME is names[i] replaced by values[i],
 * escaped as text; other '@' are copied. For the templates' placeholders. */
void xmlw_expand(xmlw *w, const char *tpl, size_t len, const char *const *names,
		 const char *const *values, size_t n);

/*
 * A growable string (git's strbuf is the model) for paths, manifests and
 * reports, so that no length is capped by a fixed array. buf is always a
 * NUL-terminated string ("" before the first write), owned by the sb; a
 * failed growth sets the sticky oom flag and later appends do nothing, so a
 * caller checks once, at the end.
 */
typedef struct {
	char *buf;
	size_t len, cap;   /* cap 0: buf is the shared empty string, not malloc'd */
	int oom;
} sb;

void sb_init(sb *b);
void sb_release(sb *b);                  /* frees and re-initialises; NULL-safe */
void sb_reset(sb *b);                    /* empties, keeps the memory */
void sb_add(sb *b, const char *s);
void sb_addn(sb *b, const char *s, size_t n);
void sb_addf(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empties b and formats into it; returns b->buf, or NULL when out of memory
 * (for paths: `if (!sb_setf(&path, "%s/%s", dir, name)) goto nomem;`). */
const char *sb_setf(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the malloc'd string to the caller (NULL when out of memory or
 * nothing was written) and re-initialises b. */
char *sb_detach(sb *b, size_t *len);

/* One read of at most n bytes into buf: the byte count, 0 at the end, -1 on
 * an error (the source keeps its own error, errno or its library's). */
typedef long (*sb_read_fn)(void *src, char *buf, size_t n);

enum { SB_READ_OK, SB_READ_LIMIT, SB_READ_ERROR, SB_READ_NOMEM };

/* Appends everything rd yields to b, but never more than max bytes in all:
 * the one bounded read loop (files in fileio.c, zip entries in package.c).
 * hint (a size from stat or a zip header, or 0) only picks the first
 * allocation and is not trusted. Returns SB_READ_LIMIT as soon as the
 * source holds more than max bytes (one byte past max is read to see it),
 * SB_READ_ERROR when rd fails, SB_READ_NOMEM; b then holds what was read. */
int sb_read(sb *b, size_t max, size_t hint, sb_read_fn rd, void *src);
#endif
