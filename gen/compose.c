/* Builds the document models of a tender: what each document says, in which
 * order and language. Renderers decide only how it looks in their format. */
#include "compose_int.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "fit.h"

#include "banned.h"

/* Column widths in 1/100 mm for a 170 mm text width (A4, 20 mm margins); the
 * ID column (index 2 of the annex, 0 of the form) widens for long agency IDs. */
static const unsigned annex_widths[] = { 2100, 2600, 1700, 8600, 2000 };
static const unsigned annex_widths_both[] = { 2200, 2400, 1700, 4450, 4450, 1800 };
static const unsigned response_widths[] = { 1700, 6100, 2500, 3700, 3000 };
static const unsigned vendor_widths[] = { 4000, 13000 };
static const unsigned glossary_widths[] = { 2600, 5400, 9000 };

/* Width an ID column needs for ids of up to len characters at 11 pt, padding
 * included; never narrower than base. */
unsigned cx_id_width(size_t len, unsigned base)
{
	unsigned need = 260 * (unsigned)len + 450;

	return need > base ? (need < 4000 ? need : 4000) : base;
}


/* The words of catalogue language lang (an index into c->langs). */
static label_lang words_of(const catalog *c, size_t lang)
{
	return label_lang_of(c->langs[lang]);
}

const char *cx_L(const struct ctx *x, size_t lang, enum label l)
{
	return label_get(words_of(x->c, lang), l);
}

const char *cx_tag(const struct ctx *x, size_t i)
{
	return x->c->langs[x->t->langs[i]];
}

/* Writes one label per output language into para, a line apart. */
void cx_put_label(struct ctx *x, md_node *para, enum label l, int bold)
{
	size_t i;

	for (i = 0; i < x->t->nlangs; i++) {
		if (i)
			md_break(x->d, para);
		md_text_lang(x->d, para, cx_L(x, x->t->langs[i], l), cx_tag(x, i), bold);
	}
}

/* Writes a catalogue text per output language into para, a line apart. */
void cx_put_cat_text(struct ctx *x, md_node *para, const cat_text *ct)
{
	size_t i;

	for (i = 0; i < x->t->nlangs; i++) {
		if (i)
			md_break(x->d, para);
		md_text_lang(x->d, para, cat_text_get(x->c, ct, x->t->langs[i]), cx_tag(x, i), 0);
	}
}

md_node *cx_cell_para(struct ctx *x, md_node *row, md_style style)
{
	return md_para(x->d, md_cell(x->d, row), style);
}

/* Text in a column of width (1/100 mm), broken into even lines; a heading
 * (bold) only next to punctuation or between words, never inside a word. */
void cx_put_fitted(struct ctx *x, md_node *para, const char *s, size_t i, unsigned width,
		       int heading)
{
	size_t breaks[FIT_MAX_BREAKS], n = 0, k, from = 0;
	const char *c;

	/* Latin text is left to the word processor, which breaks it between words. */
	for (c = s; *c && (unsigned char)*c < 0x80; c++)
		;
	if (*c)
		n = fit_breaks(s, width, heading, breaks);

	for (k = 0; k <= n; k++) {
		size_t to = k < n ? breaks[k] : strlen(s);

		if (k)
			md_break(x->d, para);
		while (to > from && s[to - 1] == ' ')
			to--;
		md_text_lang(x->d, para, md_printf(x->d, "%.*s", (int)(to - from), s + from), cx_tag(x, i),
			     heading);
		from = k < n ? breaks[k] : to;
		while (s[from] == ' ')
			from++;
	}
}

/* A catalogue name per output language, a line apart, in even lines of a
 * column of width. */
void cx_put_cat_fitted(struct ctx *x, md_node *para, const cat_text *ct, unsigned width)
{
	size_t i;

	for (i = 0; i < x->t->nlangs; i++) {
		if (i)
			md_break(x->d, para);
		cx_put_fitted(x, para, cat_text_get(x->c, ct, x->t->langs[i]), i, width, 0);
	}
}

/* A shaded heading cell of a column of width: the label in every output
 * language, or only in output language only (>= 0) for the side-by-side
 * requirement columns. */
static md_node *heading_cell(struct ctx *x, md_node *row, enum label l, long only, unsigned width)
{
	md_node *cell = md_cell(x->d, row), *p;
	size_t i;

	if (cell)
		cell->u.cell.shaded = MD_SHADE_HEADING;
	p = md_para(x->d, cell, MD_S_TABLE_HEADING);
	for (i = 0; i < x->t->nlangs; i++) {
		if (only >= 0 && i != (size_t)only)
			continue;
		if (only < 0 && i)
			md_break(x->d, p);
		cx_put_fitted(x, p, cx_L(x, x->t->langs[i], l), i, width, 1);
	}
	return p;
}

void cx_header_row(struct ctx *x, md_node *table, const enum label *cols, size_t n)
{
	md_node *row = md_row(x->d, table, 1);
	size_t i;

	for (i = 0; table && i < n; i++)
		heading_cell(x, row, cols[i], -1, table->u.table.widths[i]);
}

/* fit_width of texts in which texts[k] is in output language k % nlangs: the
 * first language at the table's 11 pt, a translation at MD_TRANSLATION_PT. */
unsigned cx_fit_langs(const struct ctx *x, const char *const *texts, size_t n, int heading,
			  unsigned base, unsigned max)
{
	/* Out of memory the document is marked failed (md_alloc) and refused. */
	const char **mine = md_alloc(x->d, (n ? n : 1) * sizeof(*mine));
	unsigned w = base;
	size_t i, k, m;

	if (!mine)
		return base;
	for (i = 0; i < x->t->nlangs; i++) {
		for (k = i, m = 0; k < n; k += x->t->nlangs)
			mine[m++] = texts[k];
		w = fit_width_pt(mine, m, heading, w, max, i ? MD_TRANSLATION_PT : 11);
	}
	return w;
}

/* Widens column col of w to fit_width of its texts, taking the width evenly
 * from the nshare text columns that start at from, which keep 30 mm each. */
static void fit_column(const struct ctx *x, unsigned *w, size_t col, size_t from, size_t nshare,
		       const char *const *texts, size_t n, int heading)
{
	unsigned room = 0, need, extra;
	size_t i;

	for (i = 0; i < nshare; i++)
		room += w[from + i] > 3000 ? w[from + i] - 3000 : 0;
	need = cx_fit_langs(x, texts, n, heading, w[col], w[col] + room);
	extra = need - w[col];
	w[col] = need;
	for (i = 0; i < nshare; i++)
		w[from + i] -= extra / (unsigned)nshare + (i < extra % nshare);
}

/* Every output language's label l into texts; returns how many. */
size_t cx_label_texts(const struct ctx *x, enum label l, const char **texts)
{
	size_t i;

	for (i = 0; i < x->t->nlangs; i++)
		texts[i] = cx_L(x, x->t->langs[i], l);
	return i;
}

/* The tender's date as a reader of lang writes it: 中華民國115年3月2日, 2 March 2026. */
static const char *tender_date(struct ctx *x, size_t lang)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	int y, m, d;

	if (sscanf(x->t->date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return x->t->date;
	if (words_of(x->c, lang) == LABEL_ZH)
		return md_printf(x->d, "中華民國%d年%d月%d日", y - 1911, m, d);
	return md_printf(x->d, "%d %s %d", d, months[m - 1], y);
}

void cx_title_block(struct ctx *x, enum label title)
{
	tender_doc kind = title == L_ANNEX_TITLE ? TENDER_DOC_ANNEX : title == L_RESP_TITLE ? TENDER_DOC_RESPONSE
										: TENDER_DOC_OVERVIEW;
	size_t i;
	md_node *p;

	for (i = 0; i < x->t->nlangs; i++) {
		size_t lang = x->t->langs[i];
		const char *annex = tender_annex_number(x->t, kind, x->type, lang);
		const char *what = title == L_OVERVIEW_TITLE ? cx_L(x, lang, title) :
			md_printf(x->d, cx_L(x, lang, title), cat_text_get(x->c, &x->c->types[x->type].name, lang));

		if (*annex)
			what = md_printf(x->d, "%s%s%s", annex, cx_L(x, lang, L_TITLE_SEP), what);
		md_text_lang(x->d, md_para(x->d, NULL, MD_S_TITLE), what, cx_tag(x, i), 0);
	}
	for (i = 0; i < x->t->nlangs; i++) {
		size_t lang = x->t->langs[i];

		p = md_para(x->d, NULL, MD_S_SUBTITLE);
		md_text_lang(x->d, p, tender_text_get(x->t, &x->t->title, lang), cx_tag(x, i), 0);
		if (*x->t->case_number) {
			md_break(x->d, p);
			md_text_lang(x->d, p, md_printf(x->d, "%s%s%s%s%s%s%s", cx_L(x, lang, L_CASE),
							cx_L(x, lang, L_COLON), x->t->case_number,
							cx_L(x, lang, L_FIELD_SEP), cx_L(x, lang, L_AGENCY),
							cx_L(x, lang, L_COLON),
							tender_text_get(x->t, &x->t->agency, lang)),
				     cx_tag(x, i), 0);
			md_break(x->d, p);
			md_text_lang(x->d, p, md_printf(x->d, "%s%s%s", cx_L(x, lang, L_DATE), cx_L(x, lang, L_COLON),
							tender_date(x, lang)), cx_tag(x, i), 0);
		}
	}
}

void cx_notice(struct ctx *x)
{
	size_t i, j;

	for (i = 0; i < x->t->nlangs; i++) {
		size_t lang = x->t->langs[i];

		if (lang == x->c->official || !x->c->notice[lang].s[x->c->official])
			continue;
		for (j = 0; j < x->t->nlangs; j++) {
			md_node *p = md_para(x->d, NULL, MD_S_NOTICE);

			md_text_lang(x->d, p, cat_text_get(x->c, &x->c->notice[lang], x->t->langs[j]),
				     cx_tag(x, j), 0);
		}
	}
}

/* One entry per table row: a catalogue row or an agency item. */
struct entry {
	const cat_row *row;       /* NULL for an agency item */
	const tender_item *agency;
	size_t domain;
	long category;            /* catalogue category, or -(agency category + 2) */
	size_t key, seq;          /* order: catalogue rows at 2(i+1), agency items after */
};

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Rows of the type's table with the agency items placed after the last row of
 * their category (or of their domain, for a category the table lacks). */
static struct entry *entries(const struct ctx *x, size_t *n)
{
	const cat_table *tab = &x->c->tables[x->type];
	size_t i, j, k = 0, cap = tab->nrows + x->t->nitems;
	struct entry *e = calloc(cap ? cap : 1, sizeof(*e));

	if (!e)
		return NULL;
	for (i = 0; i < tab->nrows; i++, k++) {
		const cat_item *it = &x->c->items[tab->rows[i].item];

		e[k].row = &tab->rows[i];
		e[k].category = (long)it->category;
		e[k].domain = x->c->categories[it->category].domain;
		e[k].key = 2 * (i + 1);
		e[k].seq = k;
	}
	for (j = 0; j < x->t->nitems; j++) {
		const tender_item *a = &x->t->items[j];
		size_t after = 0, by_domain = 0;

		if (!a->applies[x->type])
			continue;
		for (i = 0; i < tab->nrows; i++) {
			const cat_item *it = &x->c->items[tab->rows[i].item];

			if (a->category >= 0 && (long)it->category == a->category)
				after = i + 1;
			if (x->c->categories[it->category].domain == a->domain)
				by_domain = i + 1;
		}
		if (!after)
			after = by_domain ? by_domain : tab->nrows;
		e[k].agency = a;
		e[k].domain = a->domain;
		e[k].category = a->category >= 0 ? a->category : -(a->agency_category + 2);
		e[k].key = 2 * after + 1;
		e[k].seq = k;
		k++;
	}
	qsort(e, k, sizeof(*e), entry_cmp);
	*n = k;
	return e;
}

const cat_text *cx_category_name(const struct ctx *x, long category, cat_text *tmp)
{
	const tender_category *ac;
	size_t i;

	if (category >= 0)
		return &x->c->categories[category].name;
	ac = &x->t->categories[-category - 2];
	memset(tmp, 0, sizeof(*tmp));
	for (i = 0; i < x->t->nlangs; i++)
		tmp->s[x->t->langs[i]] = tender_text_get(x->t, &ac->name, x->t->langs[i]);
	return tmp;
}

static const char *entry_id(const struct ctx *x, const struct entry *e)
{
	return e->row ? x->c->items[e->row->item].id : e->agency->id;
}

static const char *entry_text(const struct ctx *x, const struct entry *e, size_t lang)
{
	return e->row ? catalog_row_text(x->c, e->row, lang) : tender_text_get(x->t, &e->agency->text, lang);
}

/* Does s end with a full stop (ASCII or CJK) or similar? */
static int ends_sentence(const char *s)
{
	static const char *const stops[] = { ".", "!", "?", "。", "！", "？", "．" };
	size_t n = strlen(s), i;

	for (i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		size_t k = strlen(stops[i]);

		if (n >= k && !strcmp(s + n - k, stops[i]))
			return 1;
	}
	return 0;
}

/* The table label of service type ty, or its name where the catalogue gives none. */
static const char *table_label(const struct ctx *x, size_t ty, size_t lang)
{
	return *x->c->tables[ty].label ? x->c->tables[ty].label : cat_text_get(x->c, &x->c->types[ty].name, lang);
}

/* The footnote of an excluded item, one for the service types types[0..n-1]
 * (row: the item's row in the first): the agency's decision with its reason
 * or finding, then the basis, with the guide's words quoted as the guide's.
 * Both languages in one paragraph, a line apart, so that the second keeps
 * the note's indent. */
void cx_exclusion_note(struct ctx *x, md_node *para, const tender_exclude *ex, const cat_row *row,
			   const size_t *types, size_t n)
{
	md_node *np = md_note(x->d, para);
	size_t i, k;

	for (i = 0; i < x->t->nlangs; i++) {
		size_t lang = x->t->langs[i];
		const char *s, *basis = "", *quote = "";

		if (i)
			md_break(x->d, np);
		if (ex->reason.n) {
			const char *r = tender_text_get(x->t, &ex->reason, lang);

			s = md_printf(x->d, cx_L(x, lang, L_EXCL_REASON), r);
			if (!ends_sentence(r))
				s = md_printf(x->d, "%s%s", s, cx_L(x, lang, L_STOP));
		} else {
			s = cx_L(x, lang, L_EXCL_NOREASON);
		}
		if (row->excludable && row->note >= 0) {
			const char *tables = table_label(x, types[0], lang);

			for (k = 1; k < n; k++)
				tables = md_printf(x->d, "%s%s%s", tables, cx_L(x, lang, L_LIST_SEP),
						   table_label(x, types[k], lang));
			quote = cat_text_get(x->c, &x->c->notes[row->note].name, lang);
			basis = md_printf(x->d, cx_L(x, lang, L_BASIS_NOTE), cat_text_get(x->c, &x->c->publisher, lang),
					  cat_text_get(x->c, &x->c->title, lang), tables, quote);
		} else if (x->c->adjustment.s[x->c->official]) {
			quote = cat_text_get(x->c, &x->c->adjustment, lang);
			basis = md_printf(x->d, cx_L(x, lang, L_BASIS_ADJ),
					  cat_text_get(x->c, &x->c->publisher, lang),
					  cat_text_get(x->c, &x->c->title, lang),
					  x->c->adjustment_section, quote);
		}
		/* A quoted sentence keeps its own full stop: 「…need for it.」 ends the note. */
		if (*basis && !ends_sentence(quote))
			basis = md_printf(x->d, "%s%s", basis, cx_L(x, lang, L_STOP));
		md_text_lang(x->d, np, *basis ? md_printf(x->d, "%s%s%s", s, cx_L(x, lang, L_SEP), basis) : s,
			     cx_tag(x, i), 0);
	}
}

static void note_paras(struct ctx *x, md_node *para, const cat_text *text)
{
	md_node *np = md_note(x->d, para);
	size_t i;

	for (i = 0; i < x->t->nlangs; i++) {
		if (i)
			md_break(x->d, np);
		md_text_lang(x->d, np, cat_text_get(x->c, text, x->t->langs[i]), cx_tag(x, i), 0);
	}
}

static void annex_row(struct ctx *x, md_node *table, const struct entry *e)
{
	md_node *row = md_row(x->d, table, 0), *p = NULL;
	const tender_exclude *ex = e->row ? tender_excluded(x->t, x->type, e->row->item) : NULL;
	size_t i;
	cat_text tmp;

	if (!table)
		return;     /* out of memory: the document is already marked failed */
	cx_put_cat_fitted(x, cx_cell_para(x, row, MD_S_TABLE_TEXT), &x->c->domains[e->domain].name,
		       table->u.table.widths[0]);
	cx_put_cat_fitted(x, cx_cell_para(x, row, MD_S_TABLE_TEXT), cx_category_name(x, e->category, &tmp),
		       table->u.table.widths[1]);
	md_text(x->d, cx_cell_para(x, row, MD_S_TABLE_CENTER), entry_id(x, e));
	/* One language: the texts stacked in one cell; both: side by side. */
	for (i = 0; i < x->t->nlangs; i++) {
		p = cx_cell_para(x, row, MD_S_TABLE_TEXT);
		md_text_lang(x->d, p, entry_text(x, e, x->t->langs[i]), cx_tag(x, i), 0);
		if (i == 0 && e->row && e->row->note >= 0 && !ex)
			note_paras(x, p, &x->c->notes[e->row->note].name);
	}
	p = cx_cell_para(x, row, MD_S_TABLE_CENTER);
	if (ex) {
		cx_put_label(x, p, L_NA, 1);
		cx_exclusion_note(x, p, ex, e->row, &x->type, 1);
	} else if (e->agency) {
		cx_put_label(x, p, L_AGENCY_ITEM, 0);
	}
}

static size_t longest_id(const struct ctx *x, const struct entry *e, size_t n)
{
	size_t i, best = 0;

	for (i = 0; i < n; i++) {
		size_t len = strlen(entry_id(x, &e[i]));

		best = len > best ? len : best;
	}
	return best;
}

/* Widens column id of w for ids of len characters, taking the width from the
 * nshare text columns that start at column from. */
static void widen_id(unsigned *w, size_t id, size_t from, size_t nshare, size_t len)
{
	unsigned extra = cx_id_width(len, w[id]) - w[id];
	size_t i;

	w[id] += extra;
	for (i = 0; i < nshare; i++)
		w[from + i] -= extra / (unsigned)nshare + (i < extra % nshare);
}

/* Merges runs of equal domain cells, as the guide's tables do; the category,
 * as there, is named on every row, so that every page shows it. */
static void merge_runs(md_node *table, const struct entry *e, size_t n, size_t header)
{
	size_t i, start_d = 0;

	for (i = 1; i <= n; i++) {
		if (i == n || e[i].domain != e[start_d].domain) {
			if (i - start_d > 1)
				md_merge_down(table, header + start_d, i - start_d, 0);
			start_d = i;
		}
	}
}

/* Fits the annex's domain (0), category (1) and remark (last) columns to their
 * names and headings in every output language; the requirement column (3)
 * gives the width. */
static void fit_annex(const struct ctx *x, unsigned *w, size_t ncols, const struct entry *e, size_t n)
{
	const char **texts = md_alloc(x->d, (2 * n * TENDER_MAX_LANGS + 8 * TENDER_MAX_LANGS) * sizeof(*texts));
	static const enum label heads[] = { L_DOMAIN, L_CATEGORY };
	int digits = n > 99 ? 3 : n > 9 ? 2 : 1;   /* of the largest note number, at most n */
	size_t i, j, k, col;
	unsigned need;
	cat_text tmp;

	if (!texts)
		return;
	/* The ID column as wide as its widest ID measures (not counts) needs. */
	for (i = 0, need = 1700; i < n; i++)
		need = fit_word_width(entry_id(x, &e[i])) > need ? fit_word_width(entry_id(x, &e[i])) : need;
	if (need < w[2]) {
		w[3] += w[2] - need;
		w[2] = need;
	}
	for (col = 0; col < 2; col++) {
		k = cx_label_texts(x, heads[col], texts);
		fit_column(x, w, col, 3, ncols - 4, texts, k, 1);
		for (i = 0, k = 0; i < n; i++)
			for (j = 0; j < x->t->nlangs; j++)
				texts[k++] = cat_text_get(x->c, col ? cx_category_name(x, e[i].category, &tmp)
								    : &x->c->domains[e[i].domain].name,
							  x->t->langs[j]);
		fit_column(x, w, col, 3, ncols - 4, texts, k, 0);
	}
	k = cx_label_texts(x, L_REMARK, texts);
	fit_column(x, w, ncols - 1, 3, ncols - 4, texts, k, 1);
	/* "Not applicable" is bold, and its note's number follows the last word
	 * unbroken: measure the label with as many digits as the last note can have. */
	k = cx_label_texts(x, L_NA, texts);
	for (i = 0; i < k; i++)
		texts[i] = md_printf(x->d, "%s%.*s", texts[i], digits, "000");
	fit_column(x, w, ncols - 1, 3, ncols - 4, texts, k, 1);
	k = cx_label_texts(x, L_AGENCY_ITEM, texts);
	fit_column(x, w, ncols - 1, 3, ncols - 4, texts, k, 0);
	if (ncols == 6) {
		/* Side by side: each language's column as wide as its longest word needs
		 * (the first at least 28 mm), the second taking what is left over. */
		unsigned total = w[3] + w[4], first;

		for (i = 0; i < n; i++)
			texts[i] = entry_text(x, &e[i], x->t->langs[0]);
		first = fit_width(texts, n, 0, 2800, total / 2);
		for (i = 0; i < n; i++)
			texts[i] = entry_text(x, &e[i], x->t->langs[1]);
		need = fit_width_pt(texts, n, 0, total / 2, total - first, MD_TRANSLATION_PT);
		w[4] = need;
		w[3] = total - need;
	}
}

/* Does abbr occur in s as a word (not inside a longer Latin word; a plural
 * "CSCs" counts)? */
static int mentions(const char *s, const char *abbr)
{
	size_t n = strlen(abbr);
	const char *p;

	if (!s)
		return 0;
	for (p = strstr(s, abbr); p; p = strstr(p + 1, abbr)) {
		unsigned char before = p > s ? (unsigned char)p[-1] : ' ';
		unsigned char after = (unsigned char)p[n];
		int word_before = (before >= 'A' && before <= 'Z') || (before >= 'a' && before <= 'z');
		int word_after = (after >= 'A' && after <= 'Z') || (after >= 'a' && after <= 'z');

		if (after == 's') {
			unsigned char next = (unsigned char)p[n + 1];

			word_after = (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z');
		}
		if (!word_before && !word_after)
			return 1;
	}
	return 0;
}

/* Does any output-language text of ct mention abbr? */
static int text_mentions(const struct ctx *x, const cat_text *ct, const char *abbr)
{
	size_t i;

	for (i = 0; i < x->t->nlangs; i++)
		if (ct->s[x->t->langs[i]] && mentions(ct->s[x->t->langs[i]], abbr))
			return 1;
	return 0;
}

/* The abbreviations the table uses, and those the definitions printed for
 * them use in turn, until every abbreviation the glossary shows is in it. */
static unsigned char *glossary_terms(struct ctx *x, const struct entry *e, size_t n)
{
	unsigned char *used = md_alloc(x->d, x->c->nterms + 1);
	size_t i, j, k;
	int more = 1;

	if (!used)
		return NULL;
	for (i = 0; i < x->c->nterms; i++) {
		const char *abbr = x->c->terms[i].abbr;

		for (j = 0; *abbr && j < n && !used[i]; j++)
			for (k = 0; k < x->t->nlangs && !used[i]; k++)
				used[i] = mentions(entry_text(x, &e[j], x->t->langs[k]), abbr);
	}
	while (more) {
		more = 0;
		for (i = 0; i < x->c->nterms; i++) {
			const char *abbr = x->c->terms[i].abbr;

			for (j = 0; *abbr && !used[i] && j < x->c->nterms; j++)
				if (used[j] && x->c->terms[j].definition.s[x->c->official] &&
				    text_mentions(x, &x->c->terms[j].definition, abbr))
					used[i] = more = 1;
		}
	}
	return used;
}

static void glossary(struct ctx *x, const struct entry *e, size_t n)
{
	static const enum label cols[] = { L_ABBR, L_TERM, L_DEF };
	md_node *table = NULL;
	unsigned char *used = glossary_terms(x, e, n);
	size_t i, j, off = x->c->official;

	if (!used)
		return;
	for (i = 0; i < x->c->nterms; i++) {
		const cat_term *term = &x->c->terms[i];
		md_node *row, *p;

		if (!used[i])
			continue;
		if (!table) {
			p = md_para(x->d, NULL, MD_S_HEADING);
			cx_put_label(x, p, L_GLOSSARY, 0);
			table = md_table(x->d, glossary_widths, 3, 1);
			cx_header_row(x, table, cols, 3);
		}
		row = md_row(x->d, table, 0);
		md_text(x->d, cx_cell_para(x, row, MD_S_TABLE_TEXT), term->abbr);
		cx_put_cat_text(x, cx_cell_para(x, row, MD_S_TABLE_TEXT), &term->name);
		p = cx_cell_para(x, row, MD_S_TABLE_TEXT);
		if (term->definition.s[off]) {
			cx_put_cat_text(x, p, &term->definition);
		} else if (*term->section) {
			for (j = 0; j < x->t->nlangs; j++) {
				if (j)
					md_break(x->d, p);
				md_text_lang(x->d, p, md_printf(x->d, cx_L(x, x->t->langs[j], L_SEE_SECTION),
								term->section), cx_tag(x, j), 0);
			}
		}
	}
}

static void annex(struct ctx *x)
{
	static const enum label cols[] = { L_DOMAIN, L_CATEGORY, L_ID, L_REQ, L_REMARK };
	const cat_table *tab = &x->c->tables[x->type];
	const char *args[TENDER_MAX_LANGS];
	struct entry *e;
	md_node *table;
	size_t i, n;

	cx_title_block(x, L_ANNEX_TITLE);
	for (i = 0; i < x->t->nlangs; i++) {
		size_t lang = x->t->langs[i];

		const char *table = cat_text_get(x->c, &x->c->types[x->type].name, lang);

		/* The table's label is in the official language only: a translation
		 * names the table in its words and quotes the label. */
		if (*tab->label)
			table = lang == x->c->official ? tab->label
				: md_printf(x->d, "%s (%s)", md_printf(x->d, cx_L(x, lang, L_TABLE_OF), table), tab->label);
		args[i] = md_printf(x->d, cx_L(x, lang, L_CITE), cat_text_get(x->c, &x->c->publisher, lang),
				    cat_text_get(x->c, &x->c->title, lang), x->c->version,
				    cat_text_get(x->c, &x->c->date_text, lang), table);
		args[i] = md_printf(x->d, "%s%s%s", args[i], cx_L(x, lang, L_SEP), cx_L(x, lang, L_CITE_EXCL));
	}
	for (i = 0; i < x->t->nlangs; i++)
		md_text_lang(x->d, md_para(x->d, NULL, MD_S_BODY), args[i], cx_tag(x, i), 0);
	cx_notice(x);
	e = entries(x, &n);
	if (!e) {
		x->oom = 1;
		return;
	}
	if (x->t->nlangs == 2) {
		unsigned w[6];
		md_node *row;

		memcpy(w, annex_widths_both, sizeof(w));
		widen_id(w, 2, 3, 2, longest_id(x, e, n));
		fit_annex(x, w, 6, e, n);
		table = md_table(x->d, w, 6, 1);
		row = md_row(x->d, table, 1);
		for (i = 0; i < 6; i++)
			heading_cell(x, row, cols[i < 4 ? i : i - 1], i == 3 ? 0 : i == 4 ? 1 : -1, w[i]);
	} else {
		unsigned w[5];

		memcpy(w, annex_widths, sizeof(w));
		widen_id(w, 2, 3, 1, longest_id(x, e, n));
		fit_annex(x, w, 5, e, n);
		table = md_table(x->d, w, 5, 1);
		cx_header_row(x, table, cols, 5);
	}
	for (i = 0; i < n; i++)
		annex_row(x, table, &e[i]);
	if (table)
		merge_runs(table, e, n, 1);
	glossary(x, e, n);
	free(e);
}

/* "a / b" in arena m, so either reader knows the text; NULL when out of memory. */
static const char *joined(arena *m, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = arena_alloc(m, na + nb + 4);

	if (s) {
		memcpy(s, a, na);
		memcpy(s + na, " / ", 3);
		memcpy(s + na + 3, b, nb + 1);
	}
	return s;
}

/* Label l in t's languages: "符合", or "符合 / Complies" for two (then taken
 * from a; NULL when out of memory). */
static const char *in_langs(arena *a, const tender *t, enum label l)
{
	const char *first = label_get(words_of(t->cat, t->langs[0]), l);

	return t->nlangs == 1 ? first : joined(a, first, label_get(words_of(t->cat, t->langs[1]), l));
}

const char *const *compose_choices(arena *a, const tender *t, size_t *n)
{
	const char **each = arena_alloc(a, 3 * sizeof(*each));
	size_t i;

	*n = 3;
	for (i = 0; each && i < 3; i++)
		if (!(each[i] = in_langs(a, t, (enum label)(L_C_YES + i))))
			return NULL;
	return each;
}

/* Titles field f for a person: "CC-1 符合情形" (id NULL: the label alone), in
 * the form's first language; the tag stays the machine's name. A text field
 * gets a short prompt (請填寫) so that an empty one can be seen and clicked. */
static void field_label(struct ctx *x, md_node *f, const char *id, enum label l)
{
	const char *name = cx_L(x, x->t->langs[0], l);

	if (!f)
		return;
	f->u.field.label = id ? md_printf(x->d, "%s %s", id, name) : name;
	/* compose_response_layout_get's prompt, which collect reads as empty. */
	if (f->type == MD_INPUT)
		f->u.field.placeholder = cx_L(x, x->t->langs[0], L_FILL);
}

/* The response form's layout (compose_response_layout_get): its columns, vendor
 * rows and the tags of their fields. */
static const enum label resp_cols[COMPOSE_RESPONSE_COLS] = { L_ID, L_REQ, L_COMPLIANCE, L_EXPLAIN, L_EVIDENCE };
static const char *const resp_tags[COMPOSE_RESPONSE_COLS] = { NULL, NULL, ".compliance", ".explanation", ".evidence" };
static const enum label resp_vendor[COMPOSE_VENDOR_ROWS] = { L_VENDOR, L_BAN, L_FILLDATE };
static const char *const resp_vendor_tags[COMPOSE_VENDOR_ROWS] = { "vendor.name", "vendor.id", "vendor.date" };

int compose_response_layout_get(arena *a, const tender *t, compose_response_layout *l)
{
	size_t i, k;

	memset(l, 0, sizeof(*l));
	l->nlangs = t->nlangs;
	for (k = 0; k < t->nlangs; k++) {
		label_lang words = words_of(t->cat, t->langs[k]);

		for (i = 0; i < COMPOSE_RESPONSE_COLS; i++)
			l->headings[i][k] = label_get(words, resp_cols[i]);
		for (i = 0; i < COMPOSE_VENDOR_ROWS; i++)
			l->vendor_labels[i][k] = label_get(words, resp_vendor[i]);
		l->na_label[k] = label_get(words, L_NA);
	}
	for (i = 0; i < COMPOSE_RESPONSE_COLS; i++)
		l->tags[i] = resp_tags[i];
	for (i = 0; i < COMPOSE_VENDOR_ROWS; i++)
		l->vendor_tags[i] = resp_vendor_tags[i];
	l->choices = compose_choices(a, t, &l->nchoices);
	/* The placeholder in every language, as the choices are: 請選擇 / Choose. */
	l->placeholder = in_langs(a, t, L_CHOOSE);
	l->prompt = label_get(words_of(t->cat, t->langs[0]), L_FILL);
	return l->choices && l->placeholder ? 0 : -1;
}

/* A body paragraph that stays on the page of the next block. */
static md_node *keep_para(struct ctx *x)
{
	md_node *p = md_para(x->d, NULL, MD_S_BODY);

	if (p)
		p->u.para.keep_next = 1;
	return p;
}

/* The vendor's declaration, kept on one page with the last rows before it:
 * the attestation, 此致 and the agency, the vendor's details with the one
 * date line (填表日期, which collect reads), and seal boxes a company seal
 * (大章, up to about 4.5 cm) and the representative's seal (小章) fit in. */
static void signature(struct ctx *x, const compose_response_layout *lay, const enum label *sign)
{
	md_node *table, *row, *cell, *p;
	size_t i, j;

	/* Word would join the block to the table above without a paragraph between. */
	keep_para(x);
	/* One table that never splits: LibreOffice does not carry a chain of
	 * paragraphs and tables over a page. */
	table = md_table(x->d, vendor_widths, 2, 0);
	if (table)
		table->u.table.keep = MD_KEEP_TOGETHER;
	row = md_row(x->d, table, 0);
	cx_put_label(x, cx_cell_para(x, row, MD_S_TABLE_TEXT), L_DECLARATION, 1);
	cell = md_cell(x->d, row);
	for (i = 0; i < x->t->nlangs; i++)
		md_text_lang(x->d, md_para(x->d, cell, MD_S_TABLE_TEXT), cx_L(x, x->t->langs[i], L_DECLARE),
			     cx_tag(x, i), 0);
	for (i = 0; i < x->t->nlangs; i++) {
		p = md_para(x->d, cell, MD_S_TABLE_TEXT);
		md_text_lang(x->d, p, cx_L(x, x->t->langs[i], L_TO), cx_tag(x, i), 0);
		md_break(x->d, p);
		md_text_lang(x->d, p, md_printf(x->d, "%s%s", cx_L(x, x->t->langs[i], L_INDENT),
						tender_text_get(x->t, &x->t->agency, x->t->langs[i])),
			     cx_tag(x, i), 0);
	}
	for (i = 0; i < COMPOSE_VENDOR_ROWS; i++) {
		row = md_row(x->d, table, 0);
		cx_put_label(x, cx_cell_para(x, row, MD_S_TABLE_TEXT), resp_vendor[i], 1);
		field_label(x, md_input(x->d, cx_cell_para(x, row, MD_S_TABLE_TEXT), lay->vendor_tags[i]), NULL,
			    resp_vendor[i]);
	}
	for (i = 0; i < 2; i++) {
		row = md_row(x->d, table, 0);
		cx_put_label(x, cx_cell_para(x, row, MD_S_SIGNATURE), sign[i], 1);
		/* Room for a company seal of up to 4.5 cm, a personal one of 2 cm. */
		p = cx_cell_para(x, row, MD_S_SIGNATURE);
		for (j = 0; j < (i ? 2u : 5u); j++)
			md_break(x->d, p);
	}
}

static void response(struct ctx *x)
{
	static const enum label sign[] = { L_SIGN_VENDOR, L_SIGN_HEAD };
	compose_response_layout lay;
	const char *args[TENDER_MAX_LANGS];
	struct entry *e;
	md_node *table, *row, *p;
	size_t i, j, n;

	cx_title_block(x, L_RESP_TITLE);
	/* The form names the exact number and title of the annex it answers. */
	for (i = 0; i < x->t->nlangs; i++) {
		size_t lang = x->t->langs[i];
		const char *annex = tender_annex_number(x->t, TENDER_DOC_ANNEX, x->type, lang);

		args[i] = *annex ? md_printf(x->d, cx_L(x, lang, L_FOR_ANNEX), annex,
					     md_printf(x->d, cx_L(x, lang, L_ANNEX_TITLE),
						       cat_text_get(x->c, &x->c->types[x->type].name, lang)))
				 : "";
	}
	for (i = 0; i < x->t->nlangs && *args[0]; i++)
		md_text_lang(x->d, md_para(x->d, NULL, MD_S_BODY), args[i], cx_tag(x, i), 0);
	for (i = 0; i < x->t->nlangs; i++)
		md_text_lang(x->d, md_para(x->d, NULL, MD_S_BODY), cx_L(x, x->t->langs[i], L_RESP_INTRO),
			     cx_tag(x, i), 0);
	cx_notice(x);
	e = entries(x, &n);
	if (!e || compose_response_layout_get(&x->d->mem, x->t, &lay)) {
		free(e);
		x->oom = 1;
		return;
	}
	{
		unsigned w[5];

		const char *texts[TENDER_MAX_LANGS];
		size_t k;

		memcpy(w, response_widths, sizeof(w));
		widen_id(w, 0, 1, 1, longest_id(x, e, n));
		for (k = 2; k < 5; k++)
			fit_column(x, w, k, 1, 1, texts, cx_label_texts(x, resp_cols[k], texts), 1);
		table = md_table(x->d, w, 5, 1);
	}
	cx_header_row(x, table, resp_cols, COMPOSE_RESPONSE_COLS);
	for (i = 0; i < n; i++) {
		const char *id = entry_id(x, &e[i]);
		int excluded = e[i].row && tender_excluded(x->t, x->type, e[i].row->item);

		row = md_row(x->d, table, 0);
		md_text(x->d, cx_cell_para(x, row, MD_S_TABLE_CENTER), id);
		p = cx_cell_para(x, row, MD_S_TABLE_TEXT);
		for (j = 0; j < x->t->nlangs; j++) {
			if (j)
				md_break(x->d, p);
			md_text_lang(x->d, p, entry_text(x, &e[i], x->t->langs[j]), cx_tag(x, j), 0);
		}
		p = cx_cell_para(x, row, MD_S_TABLE_CENTER);
		if (excluded) {
			cx_put_label(x, p, L_NA, 1);
			cx_cell_para(x, row, MD_S_TABLE_TEXT);
			cx_cell_para(x, row, MD_S_TABLE_TEXT);
			continue;
		}
		field_label(x, md_dropdown(x->d, p, md_printf(x->d, "%s%s", id, lay.tags[COMPOSE_COL_COMPLIANCE]),
					   lay.choices, lay.nchoices, lay.placeholder), id, L_COMPLIANCE);
		p = md_input(x->d, cx_cell_para(x, row, MD_S_TABLE_TEXT),
			     md_printf(x->d, "%s%s", id, lay.tags[COMPOSE_COL_EXPLANATION]));
		field_label(x, p, id, L_EXPLAIN);
		if (p)
			p->u.field.multiline = 1;
		field_label(x, md_input(x->d, cx_cell_para(x, row, MD_S_TABLE_TEXT),
					md_printf(x->d, "%s%s", id, lay.tags[COMPOSE_COL_EVIDENCE])), id, L_EVIDENCE);
	}
	free(e);
	if (table)
		table->u.table.keep = MD_KEEP_NEXT;
	signature(x, &lay, sign);
}

const char *compose_kind_name(compose_kind kind)
{
	static const char *const names[] = { "annex", "response", "overview" };

	return (unsigned)kind < COMPOSE_KIND_COUNT ? names[kind] : "";
}

int compose_kind_parse(const char *name)
{
	int k;

	for (k = 0; k < COMPOSE_KIND_COUNT; k++)
		if (!strcmp(name, compose_kind_name((compose_kind)k)))
			return k;
	return -1;
}

static void meta(struct ctx *x, compose_kind kind)
{
	md_meta *m = &x->d->meta;
	size_t lang = x->t->langs[0];
	const md_node *p;

	for (p = x->d->first; p && !(p->type == MD_PARA && p->u.para.style == MD_S_TITLE); p = p->next)
		;
	m->title = p && p->first ? p->first->u.text.s : "";
	m->subject = tender_text_get(x->t, &x->t->title, lang);
	m->creator = tender_text_get(x->t, &x->t->agency, lang);
	m->lang = x->c->langs[lang];
	m->catalog_id = x->c->id;
	m->catalog_version = x->c->version;
	m->tender_id = x->t->id;
	m->kind = compose_kind_name(kind);
	m->service_type = kind == COMPOSE_OVERVIEW ? "" : x->c->types[x->type].id;
	m->keywords = md_printf(x->d, "%s %s; %s; %s", x->c->id, x->c->version, m->kind,
				*m->service_type ? m->service_type : "all");
	m->description = md_printf(x->d, "%s %s (%s)", cat_text_get(x->c, &x->c->title, lang),
				   x->c->version, cat_text_get(x->c, &x->c->publisher, lang));
	m->header_text = *x->t->case_number
		? md_printf(x->d, "%s%s%s", md_printf(x->d, cx_L(x, lang, L_HEADER), x->t->case_number),
			    cx_L(x, lang, L_FIELD_SEP), m->subject)
		: md_printf(x->d, "%s %s", cat_text_get(x->c, &x->c->title, lang), x->c->version);
	m->page_before = cx_L(x, lang, L_PAGE_BEFORE);
	m->page_middle = cx_L(x, lang, L_PAGE_MIDDLE);
	m->page_after = cx_L(x, lang, L_PAGE_AFTER);
}

md_doc *compose(const tender *t, compose_kind kind, size_t type, ag_error *err)
{
	struct ctx x = { t, t->cat, md_doc_new(), type, 0 };

	if (!x.d) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	if (kind == COMPOSE_ANNEX)
		annex(&x);
	else if (kind == COMPOSE_RESPONSE)
		response(&x);
	else
		cx_overview(&x);
	meta(&x, kind);
	if (x.oom || md_doc_failed(x.d)) {
		md_doc_free(x.d);
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	return x.d;
}

md_doc *compose_template_sample(ag_error *err)
{
	static const unsigned widths[] = { 3000, 14000 };
	static const struct {
		md_style style;
		const char *text;
	} paras[] = {
		{ MD_S_TITLE, "AGTitle 標題" },
		{ MD_S_SUBTITLE, "AGSubtitle 副標題" },
		{ MD_S_BODY, "AGBody 內文。Edit the styles, page setup, header and footer, then save this file and use it with --template." },
		{ MD_S_NOTICE, "AGNotice 譯文說明" },
		{ MD_S_HEADING, "AGHeading 章節標題" },
	};
	md_doc *d = md_doc_new();
	md_node *table, *row, *p;
	size_t i;

	if (!d) {
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	for (i = 0; i < sizeof(paras) / sizeof(paras[0]); i++)
		md_text(d, md_para(d, NULL, paras[i].style), paras[i].text);
	table = md_table(d, widths, 2, 1);
	row = md_row(d, table, 1);
	for (i = 0; i < 2; i++) {
		md_node *cell = md_cell(d, row);

		if (cell)
			cell->u.cell.shaded = MD_SHADE_HEADING;
		md_text(d, md_para(d, cell, MD_S_TABLE_HEADING), "AGTableHeading");
	}
	row = md_row(d, table, 0);
	md_text(d, md_para(d, md_cell(d, row), MD_S_TABLE_CENTER), "AGTableCenter");
	p = md_para(d, md_cell(d, row), MD_S_TABLE_TEXT);
	md_text(d, p, "AGTableText 表格內文");
	md_text(d, md_note(d, p), "AGFootnote 註腳");
	row = md_row(d, table, 0);
	md_text_lang(d, md_para(d, md_cell(d, row), MD_S_SIGNATURE), "AGSignature", NULL, 1);
	md_cell(d, row);
	/* Placeholders the renderers fill in for every real document. */
	d->meta.title = "annexgen template";
	d->meta.subject = d->meta.description = d->meta.keywords = "";
	d->meta.creator = d->meta.catalog_id = d->meta.catalog_version = d->meta.tender_id = "";
	d->meta.kind = "template";
	d->meta.service_type = "";
	d->meta.lang = "zh-TW";
	d->meta.header_text = "@HEADER_TEXT@";
	d->meta.page_before = "@PAGE_BEFORE@";
	d->meta.page_middle = "@PAGE_MIDDLE@";
	d->meta.page_after = "@PAGE_AFTER@";
	if (md_doc_failed(d)) {
		md_doc_free(d);
		ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	return d;
}
