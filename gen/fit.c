/* Line fitting for table columns: estimates where a cell's text breaks, to pick
 * column widths and heading line breaks that read well (no 「要/求」, no 「採/購」). */
#include "fit.h"

#include <string.h>

#include "banned.h"

/* 11 pt in 1/100 mm: the width of a CJK character. */
#define EM 388u
/* Cell padding (2 x 1.5 mm) and borders. */
#define PAD 320u
/* Capacity per line in 1/100 em of a width. */
#define CAP(w) ((w) > PAD ? ((w)-PAD) * 100u / EM : 0u)
/* The same for text of pt points. */
#define CAP_PT(w, pt) ((w) > PAD ? ((w)-PAD) * 100u * 11u / (EM * (pt)) : 0u)

/* One unbreakable piece of text. */
struct unit {
	size_t len;      /* bytes */
	unsigned w;      /* 1/100 em */
	int space;       /* a space: a break opportunity, dropped at a line end */
	int cjk;         /* one CJK character (outside headings) */
	int url;         /* part of a URL, which breaks anywhere when it must */
};

static size_t char_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Characters a heading's CJK words end after (closing punctuation) or start
 * before (opening), so headings break next to punctuation only. */
static int closes(const char *s)
{
	static const char *const p[] = { "）", "／", "、", "，", "。", "：", "；", "」", "』" };
	size_t i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		if (!strncmp(s, p[i], strlen(p[i])))
			return 1;
	return 0;
}

static int opens(const char *s)
{
	return !strncmp(s, "（", strlen("（")) || !strncmp(s, "「", strlen("「")) ||
	       !strncmp(s, "『", strlen("『"));
}

/* Latin widths: Times New Roman's (and Liberation Serif's, metric-compatible)
 * advance widths in 1/1000 em for ' ' to '~', plus 2 % for rounding,
 * so that a column is never too narrow for a word. */
static const unsigned short times_w[95] = {
	250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
	921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
	556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
	333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
	500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
};

/* The same for Times Bold (Liberation Serif Bold): headings and the bold
 * labels of table cells ("Not applicable") are set in it, about 8 % wider. */
static const unsigned short times_bold_w[95] = {
	250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
	930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
	611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
	333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
	556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
};

static unsigned latin_w(unsigned char c, int bold)
{
	const unsigned short *t = bold ? times_bold_w : times_w;
	unsigned w = c >= 32 && c < 127 ? t[c - 32] : 500;

	return (w * 102 + 999) / 1000;   /* 1/100 em, 2 % added */
}

static int has_scheme(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (!strncmp(s + i, "://", 3))
			return 1;
	return 0;
}

static struct unit next_unit(const char *s, int heading)
{
	struct unit u = { 0, 0, 0, 0, 0 };
	unsigned char c = (unsigned char)*s;

	if (c == ' ') {
		u.len = 1;
		u.w = latin_w(' ', heading);
		u.space = 1;
		return u;
	}
	if (c < 0x80) {
		/* A word, or its part up to a hyphen, after which lines may break
		 * (LibreOffice does not break after a slash: "expansion/reclamation"). */
		while (s[u.len] && s[u.len] != ' ' && (unsigned char)s[u.len] < 0x80) {
			char k = s[u.len];

			u.w += latin_w((unsigned char)s[u.len++], heading);
			if (k == '-' && s[u.len] && s[u.len] != ' ')
				break;
		}
		u.url = (u.len >= 4 && !strncmp(s, "www.", 4)) || has_scheme(s, u.len);
		/* Closing CJK punctuation never starts a line: it stays with the word,
		 * and so does the Latin word after it (LibreOffice does not break
		 * between 「、」 and a letter: 「Comparatives、AV-」 is one piece). */
		if (closes(s + u.len)) {
			struct unit more;

			u.len += char_len((unsigned char)s[u.len]);
			u.w += 100;
			if ((unsigned char)s[u.len] < 0x80 && s[u.len] && s[u.len] != ' ') {
				more = next_unit(s + u.len, heading);
				u.len += more.len;
				u.w += more.w;
				u.url |= more.url;
			}
		}
		return u;
	}
	if (!heading) {
		u.len = char_len(c);
		u.w = u.len == 2 ? 60 : 100;
		u.cjk = 1;
		return u;
	}
	/* A heading word: CJK characters up to closing punctuation or before opening
	 * punctuation, a space or Latin text. */
	do {
		size_t k = char_len((unsigned char)s[u.len]);
		int end = closes(s + u.len);

		u.w += k == 2 ? 60 : 100;
		u.len += k;
		if (end)
			break;
	} while ((unsigned char)s[u.len] >= 0x80 && !opens(s + u.len));
	return u;
}

/* Lays text out in lines of cap (1/100 em), storing break offsets (if breaks)
 * and the widest line. Returns the number of lines, 0 when a unit is wider than
 * a line. */
static size_t layout(const char *text, unsigned cap, int heading, size_t *breaks, unsigned *widest)
{
	size_t off = 0, line_units = 0, nb = 0;
	unsigned used = 0;

	*widest = 0;
	while (text[off]) {
		struct unit u = next_unit(text + off, heading);

		if (u.w > cap && !u.space && !u.url)
			return 0;
		if (used + u.w > cap && !u.space && line_units) {
			if (breaks && nb < FIT_MAX_BREAKS)
				breaks[nb] = off;
			nb++;
			used = 0;
			line_units = 0;
		}
		if (u.space && !line_units) {   /* a space at a line start takes no room */
			off += u.len;
			continue;
		}
		used += u.w;
		*widest = used > *widest ? used : *widest;
		line_units++;
		off += u.len;
	}
	return nb + 1;
}

unsigned fit_width_pt(const char *const *texts, size_t n, int heading, unsigned base, unsigned max,
		      unsigned pt)
{
	unsigned w, widest;
	size_t i;

	for (w = base; w < max; w += 50) {
		for (i = 0; i < n && (!texts[i] || layout(texts[i], CAP_PT(w, pt), heading, NULL, &widest)); i++)
			;
		if (i == n)
			return w;
	}
	return max;
}

unsigned fit_width(const char *const *texts, size_t n, int heading, unsigned base, unsigned max)
{
	return fit_width_pt(texts, n, heading, base, max, 11);
}

size_t fit_breaks(const char *text, unsigned width, int heading, size_t breaks[FIT_MAX_BREAKS])
{
	unsigned cap = CAP(width), widest, total = 0;
	size_t lines = layout(text, cap, heading, NULL, &widest), off;

	if (lines <= 1 || lines > FIT_MAX_BREAKS)
		return 0;
	/* The narrowest lines that keep the count: even lines, none left short. */
	for (off = 0; text[off];) {
		struct unit u = next_unit(text + off, heading);

		total += u.w;
		off += u.len;
	}
	for (cap = total / (unsigned)lines; cap < CAP(width); cap += 10)
		if (layout(text, cap, heading, NULL, &widest) == lines)
			break;
	return layout(text, cap, heading, breaks, &widest) - 1;
}

unsigned fit_word_width(const char *s)
{
	unsigned w = 0;

	for (; *s; s++)
		w += (unsigned char)*s < 0x80 ? latin_w((unsigned char)*s, 0) : (unsigned char)*s >= 0xC0 ? 100 : 0;
	return w * EM / 100 + PAD;
}
