/* Comparing vendor text with the tender's, and making vendor text safe to
 * print: pure functions on UTF-8 strings. */
#ifndef TEXTCMP_H
#define TEXTCMP_H

#include <stddef.h>

#include "arena.h"

/* Length in bytes of the white-space character at s (ASCII space, tab, CR,
 * LF, NBSP U+00A0, ideographic space U+3000, zero-width space U+200B); 0
 * when s does not start with one. */
size_t textcmp_ws_len(const char *s);
/* Length in bytes of the UTF-8 character at s (1 for a stray byte; never
 * past the terminating NUL). */
size_t textcmp_cp_len(const char *s);

/* s with every run of white space made one space and the ends trimmed, in
 * a; NULL when out of memory. */
char *textcmp_collapse(arena *a, const char *s);
/* Are a and b equal when all white space is ignored? */
int textcmp_same(const char *a, const char *b);
/* Does part occur inside whole when all white space is ignored? An empty
 * (or all-space) part always does. -1 when out of memory. */
int textcmp_within(const char *part, const char *whole);

/* Where a and b differ, ignoring white space: writes into buf (size bytes)
 * the differing spans with a few characters of context on either side,
 * "…context〔span of a〕context…" then "\t" then the same for b. Returns 0
 * when they are equal ignoring white space, else 1. */
int textcmp_diff(const char *a, const char *b, char *buf, size_t size);

/* s as it may be shown inside one line of a report, in a: line breaks, tabs,
 * C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides
 * and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), the
 * line and paragraph separators (U+2028-U+2029) and bytes that are not
 * UTF-8 are written as escapes (\n, \t, \x1b, \u202e); past max characters
 * the rest is cut and "…" marks the cut. NULL when out of memory. */
char *textcmp_escape(arena *a, const char *s, size_t max);

/* The id most like id (edit distance, ASCII case ignored) among n records
 * stride bytes apart, each starting with its const char * id, for "did you
 * mean" hints; NULL when none is within a third of id's length. Borrowed
 * from list. */
const char *textcmp_nearest(const char *id, const void *list, size_t n, size_t stride);

#endif
