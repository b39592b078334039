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
#endif
