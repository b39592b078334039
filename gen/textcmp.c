/* Comparing vendor text with the tender's, and making it safe to show: pure
 * functions on UTF-8 strings (no I/O, no allocation beyond the given arena). */
#include "textcmp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Length of the white-space character at s (ASCII, NBSP, ideographic and
 * zero-width space), 0 when s does not start with one. */
size_t textcmp_ws_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r')
		return 1;
	if (u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0x8b)
		return 3;
	return 0;
}

size_t textcmp_cp_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
	size_t i;

	for (i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

/* s with every run of white space made one space, trimmed; in a. */
char *textcmp_collapse(arena *a, const char *s)
{
	size_t n = strlen(s), o = 0, k;
	char *out = arena_alloc(a, n + 1);
	int space = 0;

	if (!out)
		return NULL;
	while (*s) {
		k = textcmp_ws_len(s);
		if (k) {
			space = 1;
			s += k;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = 0;
		k = textcmp_cp_len(s);
		memcpy(out + o, s, k);
		o += k;
		s += k;
	}
	out[o] = '\0';
	return out;
}

/* Are a and b equal when all white space is ignored? */
int textcmp_same(const char *a, const char *b)
{
	for (;;) {
		size_t k;

		while ((k = textcmp_ws_len(a)) != 0)
			a += k;
		while ((k = textcmp_ws_len(b)) != 0)
			b += k;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a != *b)
			return 0;
		a++;
		b++;
	}
}

/* Differences ignoring white space. */

struct cps {
	size_t *off;               /* byte offset of each non-space character */
	size_t n;
};

static int cps_of(const char *s, struct cps *c)
{
	size_t i = 0;

	c->n = 0;
	c->off = malloc((strlen(s) + 1) * sizeof(*c->off));
	if (!c->off)
		return -1;
	while (s[i]) {
		size_t k = textcmp_ws_len(s + i);

		if (k) {
			i += k;
			continue;
		}
		c->off[c->n++] = i;
		i += textcmp_cp_len(s + i);
	}
	return 0;
}

static int cp_eq(const char *a, size_t ia, const char *b, size_t ib)
{
	size_t k = textcmp_cp_len(a + ia);

	return k == textcmp_cp_len(b + ib) && !memcmp(a + ia, b + ib, k);
}

/* Appends s[0..n) to buf, never cutting a character in two. */
static void put(char *buf, size_t size, size_t *pos, const char *s, size_t n)
{
	while (n) {
		size_t k = textcmp_cp_len(s);

		if (k > n || *pos + k >= size)
			break;
		memcpy(buf + *pos, s, k);
		*pos += k;
		s += k;
		n -= k;
	}
	buf[*pos] = '\0';
}

/* "…context〔span〕context…" of s, whose changed characters are [p, n - q). */
static void show_span(const char *s, const struct cps *c, size_t p, size_t q, char *buf, size_t size,
		      size_t *pos)
{
	enum { CONTEXT = 8 };
	size_t end_changed = c->n - q;  /* first unchanged character after the span */
	size_t from = p > CONTEXT ? p - CONTEXT : 0;
	size_t to = end_changed + CONTEXT < c->n ? end_changed + CONTEXT : c->n;
	size_t b_from = from < c->n ? c->off[from] : strlen(s);
	size_t b_p = p < c->n ? c->off[p] : strlen(s);
	size_t b_end = end_changed < c->n ? c->off[end_changed] : strlen(s);
	size_t e;

	/* The span ends after its last character, not before the next one's spaces. */
	e = end_changed > p ? c->off[end_changed - 1] + textcmp_cp_len(s + c->off[end_changed - 1]) : b_p;
	if (from)
		put(buf, size, pos, "…", strlen("…"));
	put(buf, size, pos, s + b_from, b_p - b_from);
	put(buf, size, pos, "〔", strlen("〔"));
	put(buf, size, pos, s + b_p, e - b_p);
	put(buf, size, pos, "〕", strlen("〕"));
	if (to > end_changed) {
		size_t last = c->off[to - 1] + textcmp_cp_len(s + c->off[to - 1]);

		put(buf, size, pos, s + b_end, last - b_end);
	}
	if (to < c->n)
		put(buf, size, pos, "…", strlen("…"));
}

int textcmp_diff(const char *a, const char *b, char *buf, size_t size)
{
	struct cps ca = { 0 }, cb = { 0 };
	size_t p = 0, q = 0, pos = 0;
	int differ = 1;

	if (size)
		buf[0] = '\0';
	if (cps_of(a, &ca) || cps_of(b, &cb))
		goto done;
	while (p < ca.n && p < cb.n && cp_eq(a, ca.off[p], b, cb.off[p]))
		p++;
	if (p == ca.n && p == cb.n) {
		differ = 0;
		goto done;
	}
	while (q < ca.n - p && q < cb.n - p && cp_eq(a, ca.off[ca.n - 1 - q], b, cb.off[cb.n - 1 - q]))
		q++;
	if (size) {
		show_span(a, &ca, p, q, buf, size, &pos);
		put(buf, size, &pos, "\t", 1);
		show_span(b, &cb, p, q, buf, size, &pos);
	}
done:
	free(ca.off);
	free(cb.off);
	return differ;
}

int textcmp_within(const char *part, const char *whole)
{
	size_t np = strlen(part), nw = strlen(whole), i, k;
	char *p = malloc(np + 1), *w = malloc(nw + 1);
	int found = -1;

	if (!p || !w)
		goto done;
	for (i = k = 0; part[i]; i += textcmp_ws_len(part + i) ? textcmp_ws_len(part + i) : 1)
		if (!textcmp_ws_len(part + i))
			p[k++] = part[i];
	p[k] = '\0';
	for (i = k = 0; whole[i]; i += textcmp_ws_len(whole + i) ? textcmp_ws_len(whole + i) : 1)
		if (!textcmp_ws_len(whole + i))
			w[k++] = whole[i];
	w[k] = '\0';
	found = strstr(w, p) != NULL;
done:
	free(p);
	free(w);
	return found;
}

/* The code point at s (k bytes, a valid sequence), or -1 when the bytes are not UTF-8. */
static long decode(const unsigned char *s, size_t k)
{
	long cp;
	size_t i;

	if (k == 1)
		return s[0] < 0x80 ? s[0] : -1;
	cp = s[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms and surrogates are not UTF-8 either. */
	if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	return cp;
}

static int unsafe(long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
	       cp == 0x2029;
}

char *textcmp_escape(arena *a, const char *s, size_t max)
{
	/* Each character becomes at most 6 bytes ("\u202e"), plus "…". */
	size_t n = strlen(s), cap = (n < max ? n : max) * 6 + 8, o = 0, count = 0;
	char *out = arena_alloc(a, cap + 1);

	if (!out)
		return NULL;
	while (*s) {
		size_t k = textcmp_cp_len(s);
		long cp = decode((const unsigned char *)s, k);

		if (count++ == max) {
			memcpy(out + o, "…", strlen("…"));
			o += strlen("…");
			break;
		}
		if (cp < 0) {
			o += (size_t)snprintf(out + o, cap + 1 - o, "\\x%02x", (unsigned char)*s);
			s++;
			continue;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r')
			o += (size_t)snprintf(out + o, cap + 1 - o, "\\%c", cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r');
		else if (unsafe(cp))
			o += (size_t)snprintf(out + o, cap + 1 - o, cp < 0x80 ? "\\x%02lx" : "\\u%04lx", cp);
		else {
			memcpy(out + o, s, k);
			o += k;
		}
		s += k;
	}
	out[o] = '\0';
	return out;
}

/* Levenshtein distance, ASCII case ignored; (size_t)-1 past 62 bytes. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t sub = prev + ((a[i - 1] | 32) != (b[j - 1] | 32));
			size_t best = row[j - 1] + 1 < cur + 1 ? row[j - 1] + 1 : cur + 1;

			row[j] = sub < best ? sub : best;
			prev = cur;
		}
	}
	return row[lb];
}

const char *textcmp_nearest(const char *id, const void *list, size_t n, size_t stride)
{
	const char *best = NULL;
	size_t i, best_d = (size_t)-1, limit = strlen(id) / 3 + 1;

	for (i = 0; i < n; i++) {
		const char *cand = *(const char *const *)((const char *)list + i * stride);
		size_t d = edit_distance(id, cand);

		if (d < best_d) {
			best_d = d;
			best = cand;
		}
	}
	return best_d <= limit ? best : NULL;
}
