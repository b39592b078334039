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

void xmlw_rawn(xmlw *w, const char *s, size_t n)
{
	if (!grow(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

void xmlw_raw(xmlw *w, const char *s)
{
	xmlw_rawn(w, s, strlen(s));
}

void xmlw_printf(xmlw *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(w, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(w->buf + w->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
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

static void escape(xmlw *w, const char *s, size_t n, int in_attr)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, len;

	while (i < n) {
		const char *rep = NULL;
		unsigned char c = p[i];

		if (c >= 0x80 || c < 0x20) {
			len = xml_char_len(p + i, n - i);
			if (len && !(in_attr && c < 0x20)) {
				i += len;
				run += len;
				continue;
			}
			if (len) {
				/* Attribute values normalise raw tab and newline to spaces. */
				rep = c == '\t' ? "&#9;" : c == '\n' ? "&#10;" : "&#13;";
			} else {
				rep = "\xef\xbf\xbd";
				len = 1;
			}
		} else if (c == '&') {
			rep = "&amp;";
			len = 1;
		} else if (c == '<') {
			rep = "&lt;";
			len = 1;
		} else if (c == '>') {
			rep = "&gt;";
			len = 1;
		} else if (c == '"' && in_attr) {
			rep = "&quot;";
			len = 1;
		} else {
			i++;
			run++;
			continue;
		}
		xmlw_rawn(w, s + i - run, run);
		xmlw_raw(w, rep);
		i += len;
		run = 0;
	}
	xmlw_rawn(w, s + i - run, run);
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
