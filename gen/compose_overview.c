/* Builds the applicability overview: every item of the catalogue against
 * every service type, with the tender's exclusions and agency items. */
#include "compose_int.h"

#include <string.h>

#include "banned.h"

/* One overview row per agency item, after the last catalogue item of its
 * category (or of its domain), as the annexes place it: the catalogue item
 * index it follows, or nitems for the end. */
static size_t agency_after(const struct ctx *x, const tender_item *a)
{
	size_t i, after = 0, by_domain = 0;

	for (i = 0; i < x->c->nitems; i++) {
		const cat_item *it = &x->c->items[i];

		if (a->category >= 0 && (long)it->category == a->category)
			after = i + 1;
		if (x->c->categories[it->category].domain == a->domain)
			by_domain = i + 1;
	}
	return after ? after : by_domain ? by_domain : x->c->nitems;
}

static void overview_agency_row(struct ctx *x, md_node *table, const tender_item *a, unsigned cat_width)
{
	md_node *row = md_row(x->d, table, 0), *p;
	size_t j, ty;
	cat_text tmp;

	md_text(x->d, cx_cell_para(x, row, MD_S_TABLE_CENTER), a->id);
	cx_put_cat_fitted(x, cx_cell_para(x, row, MD_S_TABLE_TEXT),
		       cx_category_name(x, a->category >= 0 ? a->category : -(a->agency_category + 2), &tmp),
		       cat_width);
	p = cx_cell_para(x, row, MD_S_TABLE_TEXT);
	for (j = 0; j < x->t->nlangs; j++) {
		if (j)
			md_break(x->d, p);
		md_text_lang(x->d, p, tender_text_get(x->t, &a->text, x->t->langs[j]), cx_tag(x, j), 0);
	}
	md_break(x->d, p);
	cx_put_label(x, p, L_AGENCY_ITEM, 0);
	for (ty = 0; ty < x->c->ntypes; ty++)
		md_text(x->d, cx_cell_para(x, row, MD_S_TABLE_CENTER), a->applies[ty] ? "\u25cf" : "\u2013");
}

/* Do the exclusions of an item in two service types read alike (the same
 * reason, the same kind of basis), so that one footnote serves both? */
static int same_exclusion(const struct ctx *x, const tender_exclude *a, const cat_row *ra,
			  const tender_exclude *b, const cat_row *rb)
{
	size_t off = x->c->official;
	const char *sa = a->reason.n ? tender_text_get(x->t, &a->reason, off) : "";
	const char *sb = b->reason.n ? tender_text_get(x->t, &b->reason, off) : "";
	long na = ra->excludable ? ra->note : -1, nb = rb->excludable ? rb->note : -1;

	return !strcmp(sa, sb) && na == nb;
}

/* The overview's legend: one paragraph per mark with the mark first, so
 * that every mark is set in the same face as in the table's cells. */
static void legend(struct ctx *x)
{
	static const struct {
		const char *mark;
		enum label l;
	} marks[] = { { "\u25cf", L_LEG_APPLIES }, { "\u25cb", L_LEG_EXCLUDED }, { "\u2013", L_LEG_NOTIN } };
	size_t i, j;

	for (i = 0; i < 3; i++) {
		md_node *p = md_para(x->d, NULL, MD_S_BODY);

		md_text(x->d, p, marks[i].mark);
		for (j = 0; j < x->t->nlangs; j++)
			md_text_lang(x->d, p, md_printf(x->d, "%s%s", j ? " / " : " ", cx_L(x, x->t->langs[j], marks[i].l)),
				     cx_tag(x, j), 0);
	}
}

/* The overview's category column: as wide as its names need (every
 * catalogue category and agency category, every output language). */
static unsigned overview_category_width(const struct ctx *x)
{
	size_t n = (x->c->ncategories + x->t->ncategories + 1) * x->t->nlangs, i, j, k;
	const char **texts = md_alloc(x->d, (n ? n : 1) * sizeof(*texts));
	unsigned w;
	cat_text tmp;

	if (!texts)
		return 2600;
	k = cx_label_texts(x, L_CATEGORY, texts);
	w = cx_fit_langs(x, texts, k, 1, 2600, 4000);
	for (i = 0, k = 0; i < x->c->ncategories + x->t->ncategories; i++)
		for (j = 0; j < x->t->nlangs; j++)
			texts[k++] = cat_text_get(x->c, cx_category_name(x, i < x->c->ncategories ? (long)i
								      : -(long)(i - x->c->ncategories + 2), &tmp),
						  x->t->langs[j]);
	w = cx_fit_langs(x, texts, k, 0, w, 4000);
	return w;
}

void cx_overview(struct ctx *x)
{
	static const enum label cols[] = { L_ID, L_CATEGORY, L_REQ };
	const catalog *c = x->c;
	size_t ncols = 3 + c->ntypes, i, k, ty, longest;
	unsigned widths[3 + 6];
	size_t *after;
	md_node *table, *row, *p;

	/* Beyond six service types the text column would vanish. */
	if (c->ntypes > 6)
		return;
	cx_title_block(x, L_OVERVIEW_TITLE);
	cx_notice(x);
	legend(x);
	for (i = 0, longest = 0; i < c->nitems + x->t->nitems; i++) {
		size_t len = strlen(i < c->nitems ? c->items[i].id : x->t->items[i - c->nitems].id);

		longest = len > longest ? len : longest;
	}
	widths[0] = cx_id_width(longest, 1700);
	widths[1] = overview_category_width(x);
	/* Type columns as wide as their headings' words (「本案採購」 on one line). */
	{
		const char *texts[4 * TENDER_MAX_LANGS * 6];
		size_t k = 0, j;

		for (ty = 0; ty < c->ntypes; ty++)
			for (j = 0; j < x->t->nlangs; j++)
				texts[k++] = cat_text_get(c, &c->types[ty].name, x->t->langs[j]);
		k += cx_label_texts(x, L_BOUGHT, texts + k);
		k += cx_label_texts(x, L_NOT_BOUGHT, texts + k);
		widths[3] = cx_fit_langs(x, texts, k, 1, 1800, 3000);
	}
	for (ty = 1; ty < c->ntypes; ty++)
		widths[3 + ty] = widths[3];
	widths[2] = 17000 - widths[0] - widths[1] - widths[3] * (unsigned)c->ntypes;
	table = md_table(x->d, widths, ncols, 1);
	cx_header_row(x, table, cols, 3);
	for (ty = 0; table && ty < c->ntypes; ty++) {
		md_node *cell = md_cell(x->d, table->first);
		size_t j;

		if (cell)
			cell->u.cell.shaded = MD_SHADE_HEADING;
		p = md_para(x->d, cell, MD_S_TABLE_HEADING);
		for (j = 0; j < x->t->nlangs; j++) {
			if (j)
				md_break(x->d, p);
			cx_put_fitted(x, p, cat_text_get(c, &c->types[ty].name, x->t->langs[j]), j, widths[3 + ty], 1);
		}
		for (j = 0; j < x->t->nlangs; j++) {
			md_break(x->d, p);
			cx_put_fitted(x, p, cx_L(x, x->t->langs[j], x->t->buys[ty] ? L_BOUGHT : L_NOT_BOUGHT), j,
				   widths[3 + ty], 1);
		}
	}
	after = md_alloc(x->d, (x->t->nitems + 1) * sizeof(*after));
	if (!after)
		return;
	for (k = 0; k < x->t->nitems; k++)
		after[k] = agency_after(x, &x->t->items[k]);
	for (k = 0; k < x->t->nitems; k++)
		if (after[k] == 0)
			overview_agency_row(x, table, &x->t->items[k], widths[1]);
	for (i = 0; i < c->nitems; i++) {
		const tender_exclude *ex[CAT_MAX_TYPES];
		const cat_row *rows[CAT_MAX_TYPES];
		md_node *cells[CAT_MAX_TYPES];

		row = md_row(x->d, table, 0);
		md_text(x->d, cx_cell_para(x, row, MD_S_TABLE_CENTER), c->items[i].id);
		cx_put_cat_fitted(x, cx_cell_para(x, row, MD_S_TABLE_TEXT), &c->categories[c->items[i].category].name,
			       widths[1]);
		cx_put_cat_text(x, cx_cell_para(x, row, MD_S_TABLE_TEXT), &c->items[i].text);
		for (ty = 0; ty < c->ntypes; ty++) {
			rows[ty] = catalog_row(c, ty, i);
			ex[ty] = rows[ty] && x->t->buys[ty] ? tender_excluded(x->t, ty, i) : NULL;
			cells[ty] = cx_cell_para(x, row, MD_S_TABLE_CENTER);
			md_text(x->d, cells[ty], !rows[ty] ? "\u2013" : ex[ty] ? "\u25cb" : "\u25cf");
		}
		/* One footnote for the types whose exclusions read alike, at the
		 * first of them, naming every table it covers. */
		for (ty = 0; ty < c->ntypes; ty++) {
			size_t group[CAT_MAX_TYPES], ng = 0, u;

			if (!ex[ty])
				continue;
			for (u = ty; u < c->ntypes; u++)
				if (ex[u] && same_exclusion(x, ex[ty], rows[ty], ex[u], rows[u])) {
					group[ng++] = u;
					if (u != ty)
						ex[u] = NULL;
				}
			cx_exclusion_note(x, cells[ty], ex[ty], rows[ty], group, ng);
		}
		for (k = 0; k < x->t->nitems; k++)
			if (after[k] == i + 1)
				overview_agency_row(x, table, &x->t->items[k], widths[1]);
	}
}
