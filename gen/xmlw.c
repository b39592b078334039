/* Escaping XML writer on a growable buffer, shared by every renderer; the
 * one place that decides which bytes may appear in an output part. */
#include "xmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void xmlw_init(xmlw *w)
{
	w->buf = NULL;
	w->len = w->cap = 0;
	w->oom = 0;
}

void xmlw_release(xmlw *w)
{
	free(w->buf);
	xmlw_init(w);
}

void xmlw_reset(xmlw *w)
{
	w->len = 0;
	if (w->buf)
		w->buf[0] = '\0';
}

char *xmlw_detach(xmlw *w, size_t *len)
{
	char *buf = w->buf;

	if (len)
		*len = w->len;
	xmlw_init(w);
	return buf;
}

static int grow(xmlw *w, size_t extra)
{
	size_t need, cap;
	char *p;

	if (w->oom)
		return 0;
	if (extra >= (size_t)-1 - w->len)
		goto fail;
	need = w->len + extra + 1;
	if (need <= w->cap)
		return 1;
	cap = w->cap ? w->cap : 4096;
	while (cap < need) {
		if (cap > (size_t)-1 / 2)
			goto fail;
		cap *= 2;
	}
	p = realloc(w->buf, cap);
	if (!p)
		goto fail;
	w->buf = p;
	w->cap = cap;
	return 1;
fail:
	w->oom = 1;
	return 0;
}

/* Room for extra bytes and the NUL: the common case without a call. */
static inline int room(xmlw *w, size_t extra)
{
	return (w->cap - w->len > extra && !w->oom) || grow(w, extra);
}

void xmlw_rawn(xmlw *w, const char *s, size_t n)
{
	if (!room(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

void xmlw_raw(xmlw *w, const char *s)
{
	xmlw_rawn(w, s, strlen(s));
}

/* Appends what vsnprintf would for the conversions the renderers use (%s,
 * %d, %u, %ld, %lu, %zu, %%, numbers with an optional one-digit zero-padded
 * width as in %02u) without stdio's machinery, which costs more than the
 * markup it formats. Returns 0 at the first other conversion, having
 * appended part of the output: the caller takes it back. */
static int format_simple(xmlw *w, const char *f, va_list ap)
{
	while (*f) {
		const char *pct = strchr(f, '%');
		char num[32], *end = num + sizeof(num), *d = end;
		unsigned long long v;
		size_t width = 0;
		int neg = 0;
		char size = 0;

		if (!pct) {
			xmlw_raw(w, f);
			return 1;
		}
		xmlw_rawn(w, f, (size_t)(pct - f));
		f = pct + 1;
		if (*f == '%' || *f == 's') {
			const char *s = *f == '%' ? "%" : va_arg(ap, const char *);

			xmlw_raw(w, s ? s : "(null)");
			f++;
			continue;
		}
		if (f[0] == '0' && f[1] >= '1' && f[1] <= '9') {
			width = (size_t)(f[1] - '0');
			f += 2;
		}
		if (*f == 'l' || (*f == 'z' && f[1] == 'u'))
			size = *f++;
		if (*f == 'd') {
			long long x = size == 'l' ? va_arg(ap, long) : va_arg(ap, int);

			neg = x < 0;
			v = neg ? 0 - (unsigned long long)x : (unsigned long long)x;
		} else if (*f == 'u') {
			v = size == 'l' ? va_arg(ap, unsigned long) :
			    size == 'z' ? va_arg(ap, size_t) : va_arg(ap, unsigned);
		} else {
			return 0;
		}
		f++;
		do {
			*--d = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while ((size_t)(end - d) + (size_t)neg < width)
			*--d = '0';
		if (neg)
			*--d = '-';
		xmlw_rawn(w, d, (size_t)(end - d));
	}
	return 1;
}

void xmlw_printf(xmlw *w, const char *fmt, ...)
{
	va_list ap, again;
	size_t start = w->len, spare;
	int n, done;

	if (w->oom)
		return;
	va_start(ap, fmt);
	va_copy(again, ap);
	done = format_simple(w, fmt, ap);
	va_end(ap);
	if (done || w->oom) {
		va_end(again);
		return;
	}
	/* A conversion format_simple does not know: stdio, from the start. */
	w->len = start;
	if (!room(w, 0)) {
		va_end(again);
		return;
	}
	w->buf[start] = '\0';
	spare = w->cap - w->len;
	va_copy(ap, again);
	n = vsnprintf(w->buf + w->len, spare, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= spare) {
		if (grow(w, (size_t)n))
			vsnprintf(w->buf + w->len, (size_t)n + 1, fmt, again);
		else
			n = -1;
	}
	va_end(again);
	if (n < 0)
		w->buf[w->len] = '\0';
	else
		w->len += (size_t)n;
}

/*
 * Decodes one UTF-8 character at s (n bytes left). Returns its length, or 0
 * when the bytes are not valid UTF-8 or not a character XML 1.0 allows.
 */
static size_t xml_char_len(const unsigned char *s, size_t n)
{
	unsigned long c;
	size_t len, i;

	if (s[0] < 0x80) {
		if (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r')
			return 0;
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, U+FFFE/U+FFFF and beyond U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	if ((c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
		return 0;
	return len;
}

size_t xmlw_valid_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x80) {
			i++;
			continue;
		}
		len = xml_char_len(p + i, n - i);
		if (!len)
			break;
		i += len;
	}
	return i;
}

/* Bytes copied as they are, without a closer look: printable ASCII but the
 * markup characters; in character data also tab, newline and CR. */
enum { PLAIN_TEXT = 1, PLAIN_ATTR = 2 };
static const unsigned char plain[256] = {
	['\t'] = PLAIN_TEXT, ['\n'] = PLAIN_TEXT, ['\r'] = PLAIN_TEXT,
	[' '] = 3, ['!'] = 3, ['"'] = PLAIN_TEXT, ['#'] = 3, ['$'] = 3, ['%'] = 3,
	['\''] = 3, ['('] = 3, [')'] = 3, ['*'] = 3, ['+'] = 3, [','] = 3, ['-'] = 3,
	['.'] = 3, ['/'] = 3, ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3,
	['5'] = 3, ['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3, [':'] = 3, [';'] = 3,
	['='] = 3, ['?'] = 3, ['@'] = 3, ['A'] = 3, ['B'] = 3, ['C'] = 3, ['D'] = 3,
	['E'] = 3, ['F'] = 3, ['G'] = 3, ['H'] = 3, ['I'] = 3, ['J'] = 3, ['K'] = 3,
	['L'] = 3, ['M'] = 3, ['N'] = 3, ['O'] = 3, ['P'] = 3, ['Q'] = 3, ['R'] = 3,
	['S'] = 3, ['T'] = 3, ['U'] = 3, ['V'] = 3, ['W'] = 3, ['X'] = 3, ['Y'] = 3,
	['Z'] = 3, ['['] = 3, ['\\'] = 3, [']'] = 3, ['^'] = 3, ['_'] = 3, ['`'] = 3,
	['a'] = 3, ['b'] = 3, ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3, ['g'] = 3,
	['h'] = 3, ['i'] = 3, ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3, ['n'] = 3,
	['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3, ['s'] = 3, ['t'] = 3, ['u'] = 3,
	['v'] = 3, ['w'] = 3, ['x'] = 3, ['y'] = 3, ['z'] = 3, ['{'] = 3, ['|'] = 3,
	['}'] = 3, ['~'] = 3, [0x7f] = 3,
};

static void escape(xmlw *w, const char *s, size_t n, int in_attr)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char mask = in_attr ? PLAIN_ATTR : PLAIN_TEXT;
	size_t i = 0, run = 0, len, rlen;

	while (i < n) {
		const char *rep;
		unsigned char c = p[i];

		if (plain[c] & mask) {
			i++;
			continue;
		}
		/* Most text is CJK: three bytes led by E1-EC are always a character
		 * XML allows (no overlong form, surrogate or U+FFFE/FFFF among them). */
		if (c >= 0xe1 && c <= 0xec && n - i >= 3 && (p[i + 1] & 0xc0) == 0x80 &&
		    (p[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		if (c >= 0x80) {
			len = xml_char_len(p + i, n - i);
			if (len) {
				i += len;
				continue;
			}
			rep = "\xef\xbf\xbd";
			rlen = 3;
			len = 1;
		} else if (c < 0x20) {
			len = 1;
			if (xml_char_len(p + i, n - i)) {
				/* Attribute values normalise raw tab and newline to spaces. */
				rep = c == '\t' ? "&#9;" : c == '\n' ? "&#10;" : "&#13;";
				rlen = c == '\t' ? 4 : 5;
			} else {
				rep = "\xef\xbf\xbd";
				rlen = 3;
			}
		} else {
			len = 1;
			rep = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : "&quot;";
			rlen = c == '&' ? 5 : c == '"' ? 6 : 4;
		}
		if (!room(w, i - run + rlen))
			return;
		memcpy(w->buf + w->len, s + run, i - run);
		memcpy(w->buf + w->len + (i - run), rep, rlen);
		w->len += i - run + rlen;
		w->buf[w->len] = '\0';
		i += len;
		run = i;
	}
	xmlw_rawn(w, s + run, i - run);
}

void xmlw_text(xmlw *w, const char *s)
{
	escape(w, s, strlen(s), 0);
}

void xmlw_textn(xmlw *w, const char *s, size_t n)
{
	escape(w, s, n, 0);
}

void xmlw_attr(xmlw *w, const char *name, const char *value)
{
	xmlw_raw(w, " ");
	xmlw_raw(w, name);
	xmlw_raw(w, "=\"");
	escape(w, value, strlen(value), 1);
	xmlw_raw(w, "\"");
}

void xmlw_attr_int(xmlw *w, const char *name, long value)
{
	xmlw_printf(w, " %s=\"%ld\"", name, value);
}

void xmlw_open(xmlw *w, const char *name)
{
	xmlw_raw(w, "<");
	xmlw_raw(w, name);
}

void xmlw_gt(xmlw *w)
{
	xmlw_raw(w, ">");
}

void xmlw_empty(xmlw *w)
{
	xmlw_raw(w, "/>");
}

void xmlw_close(xmlw *w, const char *name)
{
	xmlw_raw(w, "</");
	xmlw_raw(w, name);
	xmlw_raw(w, ">");
}

void xmlw_elem_text(xmlw *w, const char *name, const char *text)
{
	xmlw_open(w, name);
	xmlw_gt(w);
	xmlw_text(w, text);
	xmlw_close(w, name);
}

void xmlw_expand(xmlw *w, const char *tpl, size_t len, const char *const *names,
		 const char *const *values, size_t n)
{
	const char *p = tpl, *end = tpl + len;

	while (p < end) {
		const char *at = memchr(p, '@', (size_t)(end - p));
		size_t i;

		if (!at) {
			xmlw_rawn(w, p, (size_t)(end - p));
			return;
		}
		xmlw_rawn(w, p, (size_t)(at - p));
		for (i = 0; i < n; i++) {
			size_t k = strlen(names[i]);

			if ((size_t)(end - at) >= k + 2 && !memcmp(at + 1, names[i], k) && at[k + 1] == '@')
				break;
		}
		if (i == n) {
			xmlw_rawn(w, "@", 1);
			p = at + 1;
			continue;
		}
		xmlw_text(w, values[i]);
		p = at + strlen(names[i]) + 2;
	}
}

/* The string an sb holds before its first write: never written to. */
static char sb_empty[1];

void sb_init(sb *b)
{
	b->buf = sb_empty;
	b->len = b->cap = 0;
	b->oom = 0;
}

void sb_release(sb *b)
{
	if (!b)
		return;
	if (b->cap)
		free(b->buf);
	sb_init(b);
}

void sb_reset(sb *b)
{
	b->len = 0;
	if (b->cap)
		b->buf[0] = '\0';
}

/* Room for extra more bytes and the NUL; 0 (and oom set) when impossible. */
static int sb_grow(sb *b, size_t extra)
{
	size_t cap;
	char *p;

	if (b->oom)
		return 0;
	if (extra >= (size_t)-1 - b->len)
		goto fail;
	if (b->len + extra < b->cap)
		return 1;
	cap = b->cap ? b->cap : 64;
	while (cap <= b->len + extra) {
		if (cap > (size_t)-1 / 2)
			goto fail;
		cap *= 2;
	}
	p = realloc(b->cap ? b->buf : NULL, cap);
	if (!p)
		goto fail;
	if (!b->cap)
		p[0] = '\0';
	b->buf = p;
	b->cap = cap;
	return 1;
fail:
	b->oom = 1;
	return 0;
}

void sb_addn(sb *b, const char *s, size_t n)
{
	if (!sb_grow(b, n))
		return;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void sb_add(sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void sb_vaddf(sb *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	if (b->oom)
		return;
	va_copy(again, ap);
	n = vsnprintf(b->buf + b->len, b->cap ? b->cap - b->len : 0, fmt, ap);
	if (n >= 0 && (size_t)n >= (b->cap ? b->cap - b->len : 0) && sb_grow(b, (size_t)n))
		vsnprintf(b->buf + b->len, b->cap - b->len, fmt, again);
	va_end(again);
	if (n < 0)
		b->oom = 1;
	if (!b->oom)
		b->len += (size_t)n;
	else if (b->cap)
		b->buf[b->len] = '\0';   /* drop what a cut first attempt wrote */
}

void sb_addf(sb *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *sb_setf(sb *b, const char *fmt, ...)
{
	va_list ap;

	sb_reset(b);
	va_start(ap, fmt);
	sb_vaddf(b, fmt, ap);
	va_end(ap);
	return b->oom ? NULL : b->buf;
}

char *sb_detach(sb *b, size_t *len)
{
	char *s = b->cap && !b->oom ? b->buf : NULL;

	if (len)
		*len = s ? b->len : 0;
	if (!s)
		sb_release(b);
	sb_init(b);
	return s;
}

int sb_read(sb *b, size_t max, size_t hint, sb_read_fn rd, void *src)
{
	/* Room for one byte past max, to see the source overflow. */
	size_t limit = max < (size_t)-1 - 2 ? max + 1 : max;

	if (hint > limit)
		hint = limit;
	if (!sb_grow(b, hint ? hint + 1 : 4096 < limit ? 4096 : limit))
		return SB_READ_NOMEM;
	for (;;) {
		size_t want = b->cap - 1 - b->len;
		long n;

		if (b->len >= limit)
			return SB_READ_LIMIT;
		if (!want) {
			/* Double, up to the limit. */
			if (!sb_grow(b, b->len < limit - b->len ? b->len : limit - b->len))
				return SB_READ_NOMEM;
			want = b->cap - 1 - b->len;
		}
		if (want > limit - b->len)
			want = limit - b->len;
		n = rd(src, b->buf + b->len, want);
		if (n < 0)
			return SB_READ_ERROR;
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->buf[b->len] = '\0';
	}
	return b->len > max ? SB_READ_LIMIT : SB_READ_OK;
}
