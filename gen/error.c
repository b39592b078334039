/* Error values shared by every module: codes, their descriptions and exit
 * statuses, and the one helper that fills an ag_error. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "banned.h"

static const struct {
	const char *text;
	int status;
} codes[AG_ERR_COUNT] = {
	[AG_OK] = { "success", EX_OK },
	[AG_ERR_USAGE] = { "usage error", EX_USAGE },
	[AG_ERR_DATA] = { "invalid input data", EX_DATAERR },
	[AG_ERR_NOINPUT] = { "cannot open input", EX_NOINPUT },
	[AG_ERR_LIMIT] = { "input exceeds a limit", EX_DATAERR },
	[AG_ERR_IO] = { "input/output error", EX_IOERR },
	[AG_ERR_CANTCREAT] = { "cannot create output", EX_CANTCREAT },
	[AG_ERR_EDITED] = { "output edited by a person", 3 },
	[AG_ERR_NOMEM] = { "out of memory", EX_OSERR },
	[AG_ERR_INTERNAL] = { "internal error", EX_SOFTWARE },
	[AG_ERR_LOCKED] = { "output folder in use by another run", EX_TEMPFAIL },
};

const char *ag_strerror(ag_code code)
{
	if ((unsigned)code >= AG_ERR_COUNT)
		return "unknown error";
	return codes[code].text;
}

int ag_exit_status(ag_code code)
{
	if ((unsigned)code >= AG_ERR_COUNT)
		return EX_SOFTWARE;
	return codes[code].status;
}

ag_code ag_fail(ag_error *err, ag_code code, const char *file, long line,
		const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes) and its code
 * point in *cp; 0 when s does not start one (invalid, overlong, surrogate,
 * cut short). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;
	unsigned long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters that must not reach a terminal as they are: they would end the
 * line (so an input could forge a second "annexgen:" line), move the cursor
 * or recolour it (C0, DEL, C1 such as CSI and NEL), or reorder what follows
 * (bidi embeddings, overrides and isolates, as in "Trojan Source"). */
static int needs_escape(unsigned long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e ||
	       c == 0x200f || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

void ag_escape(const char *in, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), k = 0, i = 0;

	if (!size)
		return;
	while (i < n) {
		unsigned long c;
		size_t len = utf8_seq(s + i, n - i, &c);
		char esc[24];
		const char *out = esc;
		size_t olen;

		if (!len) {
			snprintf(esc, sizeof(esc), "\\x%02X", s[i]);
			len = 1;
		} else if (c == '\n') {
			out = "\\n";
		} else if (c == '\t') {
			out = "\\t";
		} else if (c == '\r') {
			out = "\\r";
		} else if (c < 0x80 && needs_escape(c)) {
			snprintf(esc, sizeof(esc), "\\x%02lX", c);
		} else if (needs_escape(c)) {
			snprintf(esc, sizeof(esc), "\\u%04lX", c);
		} else {
			memcpy(esc, s + i, len);
			esc[len] = '\0';
		}
		olen = strlen(out);
		/* Never cut an escape or a character in two. */
		if (k + olen >= size)
			break;
		memcpy(buf + k, out, olen);
		k += olen;
		i += len;
	}
	buf[k] = '\0';
}

void ag_error_format(const ag_error *err, char *buf, size_t size)
{
	char file[4 * sizeof(err->file)], msg[4 * sizeof(err->msg)];

	ag_escape(err->file, file, sizeof(file));
	ag_escape(err->msg, msg, sizeof(msg));
	if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%ld: %s", file, err->line, msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", file, msg);
	else
		snprintf(buf, size, "%s", msg);
}
