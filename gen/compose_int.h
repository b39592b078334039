/* What compose.c and compose_overview.c share: the composing context, the
 * labels and the helpers both build documents with (prefix cx_). */
#ifndef COMPOSE_INT_H
#define COMPOSE_INT_H

#include "compose.h"
#include "label.h"

struct ctx {
	const tender *t;
	const catalog *c;
	md_doc *d;
	size_t type;
	int oom;                  /* out of memory outside the model's builders */
};

/* Label l in the catalogue language lang (an index into the catalogue's languages). */
const char *cx_L(const struct ctx *x, size_t lang, enum label l);
const char *cx_tag(const struct ctx *x, size_t i);
void cx_put_label(struct ctx *x, md_node *para, enum label l, int bold);
void cx_put_cat_text(struct ctx *x, md_node *para, const cat_text *ct);
void cx_put_cat_fitted(struct ctx *x, md_node *para, const cat_text *ct, unsigned width);
void cx_put_fitted(struct ctx *x, md_node *para, const char *s, size_t i, unsigned width,
		   int heading);
md_node *cx_cell_para(struct ctx *x, md_node *row, md_style style);
void cx_header_row(struct ctx *x, md_node *table, const enum label *cols, size_t n);
void cx_title_block(struct ctx *x, enum label title);
void cx_notice(struct ctx *x);
void cx_exclusion_note(struct ctx *x, md_node *para, const tender_exclude *ex, const cat_row *row,
		       const size_t *types, size_t n);
const cat_text *cx_category_name(const struct ctx *x, long category, cat_text *tmp);
size_t cx_label_texts(const struct ctx *x, enum label l, const char **texts);
unsigned cx_fit_langs(const struct ctx *x, const char *const *texts, size_t n, int heading,
		      unsigned base, unsigned max);
unsigned cx_id_width(size_t len, unsigned base);

/* The applicability overview (every item against every service type). */
void cx_overview(struct ctx *x);

#endif
